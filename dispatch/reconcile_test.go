package dispatch_test

import (
	"fmt"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/reconcile"
)

func (r *workerRig) reconciler(t *testing.T) *reconcile.Reconciler {
	d := shipped(t)
	rc := reconcile.New(reconcile.Config{Owner: "rc"}, reconcile.Deps{Store: r.store, Timers: r.store,
		Inspector: r.store, Ledger: r.store, SMS: r.sms, Directory: d.Directory,
		Agencies: []agencies.AgencyID{agencies.Damkar, agencies.Dinkes}, Log: zap.NewNop()})
	rc.SetClock(func() time.Time { return r.now.Add(time.Minute) }) // past the grace of the last change
	return rc
}

func (r *workerRig) pass(t *testing.T, rc *reconcile.Reconciler) int {
	t.Helper()
	n, err := rc.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// dropTimers deletes an assignment's timers behind the workers' back.
func (r *workerRig) dropTimers(t *testing.T, id dispatch.IncidentID, agency agencies.AgencyID) int {
	t.Helper()
	out, err := r.store.Outstanding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tm := range out.Timers[id] {
		if tm.Agency == agency {
			r.rdb.ZRem(ctx, "sigap:timers", tm.ID())
			r.rdb.HDel(ctx, "sigap:timers:data", tm.ID())
			n++
		}
	}
	return n
}

func (r *workerRig) assignment(t *testing.T, id dispatch.IncidentID, agency agencies.AgencyID) *dispatch.Assignment {
	t.Helper()
	inc, err := r.store.Get(ctx, string(id))
	if err != nil {
		t.Fatal(err)
	}
	return inc.Assignment(agency)
}

// A queue entry deleted behind the workers' back: the assignment is queued
// with nothing in flight. The reconciler re-queues it and it is texted.
func TestReconcilerRequeuesAnAssignmentWhoseEntryWasLost(t *testing.T) {
	r := newWorkerRig(t)
	inc := r.fire(t)
	rc := r.reconciler(t)
	if n := r.pass(t, rc); n != 0 {
		t.Fatalf("%d repairs of a healthy incident", n)
	}
	ids, _ := r.rdb.XRange(ctx, "sigap:queue:damkar", "-", "+").Result()
	for _, x := range ids {
		r.rdb.XDel(ctx, "sigap:queue:damkar", x.ID)
	}
	r.dropTimers(t, inc.ID, agencies.Damkar) // charter timers do not send anything anyway
	if n := r.pass(t, rc); n != 1 {
		t.Fatalf("repairs: %d, want 1", n)
	}
	if n := r.pass(t, rc); n != 0 {
		t.Errorf("a second pass repaired again: %d", n)
	}
	if _, err := r.store.Fire(ctx, r.now.Add(time.Minute), 100); err != nil {
		t.Fatal(err)
	}
	r.drain(t, r.worker(t, agencies.Damkar, "w"), agencies.Damkar, 2)
	if a := r.assignment(t, inc.ID, agencies.Damkar); a.Status != dispatch.AssignNotified || r.sms.count() == 0 {
		t.Errorf("the repaired assignment was not texted: %s, %d SMS", a.Status, r.sms.count())
	}
}

// A notified assignment whose timers were deleted would wait forever for
// an acknowledgement: the reconciler re-arms the next step.
func TestReconcilerRearmsALostTimer(t *testing.T) {
	r := newWorkerRig(t)
	inc := r.fire(t)
	w := r.worker(t, agencies.Damkar, "w")
	r.drain(t, w, agencies.Damkar, 1)
	rc := r.reconciler(t)
	if n := r.pass(t, rc); n != 0 {
		t.Fatalf("%d repairs of a healthy incident", n)
	}
	if r.dropTimers(t, inc.ID, agencies.Damkar) == 0 {
		t.Fatal("no timers to drop")
	}
	if n := r.pass(t, rc); n != 1 {
		t.Fatalf("repairs: %d, want 1", n)
	}
	out, _ := r.store.Outstanding(ctx)
	var kinds []dispatch.TimerKind
	for _, tm := range out.Timers[inc.ID] {
		if tm.Agency == agencies.Damkar {
			kinds = append(kinds, tm.Kind)
		}
	}
	// The acknowledge deadline (03:01) is long past: the next escalation step.
	if len(kinds) != 1 || kinds[0] != dispatch.TimerEscalate {
		t.Fatalf("re-armed timers: %v", kinds)
	}
	if _, err := r.store.Fire(ctx, r.now.Add(time.Minute), 100); err != nil {
		t.Fatal(err)
	}
	r.drain(t, w, agencies.Damkar, 2)
	if a := r.assignment(t, inc.ID, agencies.Damkar); a.Escalation != 1 {
		t.Errorf("the re-armed step did not run: escalation %d, status %s", a.Escalation, a.Status)
	}
}

// Entries dead-lettered by an older version or a long Redis failure are
// re-driven once the provider answers, for incidents still open.
func TestReconcilerRedrivesDeadLettersOfOpenIncidents(t *testing.T) {
	r := newWorkerRig(t)
	inc := r.fire(t)
	ds, err := r.store.Fetch(ctx, agencies.Damkar, "old", 10, 10*time.Millisecond)
	if err != nil || len(ds) != 1 {
		t.Fatalf("fetch: %v %v", ds, err)
	}
	if err := r.store.DeadLetter(ctx, ds[0], "gave up after 5 attempts: provider down"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventUndeliverable, At: r.now, Actor: "system",
		Channel: dispatch.ChannelSystem, Agency: agencies.Damkar, Reason: "pengiriman gagal"}); err != nil {
		t.Fatal(err)
	}
	r.pass(t, r.reconciler(t))
	if dead, _ := r.store.DeadLetters(ctx, agencies.Damkar); len(dead) != 0 {
		t.Fatalf("dead letters left: %v", dead)
	}
	r.drain(t, r.worker(t, agencies.Damkar, "w"), agencies.Damkar, 2)
	if a := r.assignment(t, inc.ID, agencies.Damkar); a.Status != dispatch.AssignNotified || r.sms.count() == 0 {
		t.Errorf("the re-driven assignment was not texted: %s, %d SMS", a.Status, r.sms.count())
	}
}

// A centre that leaves incidents open for weeks: more than one page (1,000)
// of open incidents. The oldest, whose queue entry and timers were lost,
// is still found and repaired, not pushed out of the check by newer ones.
func TestReconcilerReachesTheOldestOfMoreThanAThousandOpenIncidents(t *testing.T) {
	if testing.Short() {
		t.Skip("1,001 incidents")
	}
	r := newWorkerRig(t)
	oldest := r.fire(t)
	ids, _ := r.rdb.XRange(ctx, "sigap:queue:damkar", "-", "+").Result()
	for _, x := range ids {
		r.rdb.XDel(ctx, "sigap:queue:damkar", x.ID)
	}
	r.dropTimers(t, oldest.ID, agencies.Damkar)
	in := intake.NewService(r.svc)
	for i := range 1000 {
		at := oldest.ReceivedAt.Add(time.Duration(i+1) * time.Second) // each newer than the last
		r.svc.SetClock(func() time.Time { return at })
		_, _, err := in.Intake(ctx, dispatch.Report{CallerPhone: fmt.Sprintf("0812%08d", i), Description: "pohon tumbang menutup jalan",
			Address: fmt.Sprintf("Jl. Uji no. %d", i), Lat: 3.3100 + float64(i%40)*0.0004, Lon: 99.1500 + float64(i/40)*0.0004}, "")
		if err != nil {
			t.Fatal(err)
		}
	}
	rc := r.reconciler(t)
	if n := r.pass(t, rc); n != 1 {
		t.Fatalf("repairs: %d, want 1 (the oldest incident's lost damkar entry)", n)
	}
	out, err := r.store.Outstanding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	repaired := false
	for _, tm := range out.Timers[oldest.ID] {
		repaired = repaired || tm.Agency == agencies.Damkar && tm.Kind == dispatch.TimerNotify
	}
	if !repaired {
		t.Errorf("%s: no notify timer after the pass: %v", oldest.Code, out.Timers[oldest.ID])
	}
}
