package dispatch_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/notify"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

// Two agencies of one incident escalate at the same instant: their timers
// fire in one script, so both queue entries get the same stream ID. Each
// agency's escalation must be logged (issue 9, failure 1).
func TestTwoAgenciesEscalatingAtOnceAreBothRecorded(t *testing.T) {
	r := newWorkerRig(t)
	inc, _, err := intake.NewService(r.svc).Intake(ctx, dispatch.Report{CallerPhone: "081234567890",
		Description: "Tolong! Rumah di gang kami terbakar, ada nenek terjebak di dalam kamar",
		Address:     "Jl. Gunung Leuser", Lat: 3.319242, Lon: 99.155676}, "")
	if err != nil || inc.Assignment(agencies.Dinkes) == nil || inc.Assignment(agencies.Damkar) == nil {
		t.Fatalf("intake: %v %+v", err, inc)
	}
	both := []agencies.AgencyID{agencies.Damkar, agencies.Dinkes}
	workers := map[agencies.AgencyID]*escalation.Worker{}
	for _, ag := range both {
		workers[ag] = r.worker(t, ag, "w-"+string(ag))
		r.drain(t, workers[ag], ag, 1)
	}
	var ts []dispatch.Timer
	for _, ag := range both {
		ts = append(ts, dispatch.Timer{Kind: dispatch.TimerEscalate, IncidentID: inc.ID, Agency: ag, Attempt: 1, Due: time.Unix(0, 0)})
	}
	if err := r.store.Schedule(ctx, ts...); err != nil {
		t.Fatal(err)
	}
	// Only the two escalation timers are due yet (far in the past).
	if n, err := r.store.Fire(ctx, time.Unix(0, 0).Add(time.Hour), 10); err != nil || n != 2 {
		t.Fatalf("fired %d timers: %v", n, err)
	}
	ids := map[string]bool{}
	for _, ag := range both {
		ds, err := r.store.Fetch(ctx, ag, "w", 10, 10*time.Millisecond)
		if err != nil || len(ds) != 1 {
			t.Fatalf("%s queue: %v %v", ag, ds, err)
		}
		ids[ds[0].EntryID] = true
		workers[ag].Process(ctx, ds[0])
	}
	if len(ids) != 1 {
		t.Logf("entries got different stream IDs %v: the collision was not provoked", ids)
	}
	got, _ := r.store.Get(ctx, string(inc.ID))
	for _, ag := range both {
		a := got.Assignment(ag)
		if a.Escalation != 1 && !a.Status.NeedsAttention() && len(a.Tried) == 0 {
			t.Errorf("%s: escalation not recorded (escalation=%d status=%s): its SMS went out unlogged", ag, a.Escalation, a.Status)
		}
	}
}

// slowSMS answers after a delay, as a provider under load does.
type slowSMS struct {
	fakeSMS
	delay time.Duration
}

func (s *slowSMS) Send(c context.Context, msg agencies.SMS) (agencies.MessageID, error) {
	time.Sleep(s.delay)
	return s.fakeSMS.Send(c, msg)
}

func runWorker(t *testing.T, st *redisstore.Store, agency agencies.AgencyID, name string, sms agencies.Notifier, touch time.Duration) {
	t.Helper()
	d := shipped(t)
	w := escalation.NewWorker(escalation.WorkerConfig{Consumer: name, Block: 20 * time.Millisecond, SendLease: time.Minute, TouchEvery: touch}, agency,
		escalation.WorkerDeps{Queue: st, Store: st, Ledger: st, Timers: st, SMS: sms, Directory: d.Directory, Taxonomy: d.Taxonomy, Log: zap.NewNop()})
	c, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(c) }()
	t.Cleanup(func() { cancel(); <-done })
}

// An instance that fetched entries and died (kill -9, or frozen) holds
// them only for the queue's claim time, 5 s by default; a live but slow
// instance keeps its entries (issue 9, failure 5).
func TestDeadInstancesEntriesAreTakenOverWithinFiveSeconds(t *testing.T) {
	rdb := redistest.NewClient(t)
	st := redisstore.New(rdb, redisstore.Options{Agencies: []agencies.AgencyID{agencies.Damkar}})
	if err := st.Init(ctx); err != nil {
		t.Fatal(err)
	}
	svc := newService(t, st)
	report := dispatch.Report{CallerPhone: "081234567890", Description: "kebakaran gudang, api besar", Address: "Jl. Sudirman", Lat: 3.319242, Lon: 99.155676}
	if _, _, err := intake.NewService(svc).Intake(ctx, report, ""); err != nil {
		t.Fatal(err)
	}
	if ds, err := st.Fetch(ctx, agencies.Damkar, "dead-instance", 10, 10*time.Millisecond); err != nil || len(ds) != 1 {
		t.Fatalf("the dead instance's fetch: %v %v", ds, err)
	}
	start := time.Now()
	alive := &fakeSMS{}
	runWorker(t, st, agencies.Damkar, "alive", alive, 0)
	for alive.count() == 0 {
		if time.Since(start) > 6*time.Second {
			t.Fatalf("the dead instance's entry was not taken over within 6 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("taken over after %v", time.Since(start).Round(10*time.Millisecond))
}

func TestSlowButLiveInstanceKeepsItsEntries(t *testing.T) {
	rdb := redistest.NewClient(t)
	st := redisstore.New(rdb, redisstore.Options{Agencies: []agencies.AgencyID{agencies.Damkar}, ClaimIdleMillis: 600})
	if err := st.Init(ctx); err != nil {
		t.Fatal(err)
	}
	svc := newService(t, st)
	report := dispatch.Report{CallerPhone: "081234567890", Description: "kebakaran gudang, api besar", Address: "Jl. Sudirman", Lat: 3.319242, Lon: 99.155676}
	inc, _, err := intake.NewService(svc).Intake(ctx, report, "")
	if err != nil {
		t.Fatal(err)
	}
	slow := &slowSMS{delay: 1500 * time.Millisecond}
	runWorker(t, st, agencies.Damkar, "slow", slow, 200*time.Millisecond)
	time.Sleep(100 * time.Millisecond) // the slow instance has fetched the entry
	fast := &fakeSMS{}
	runWorker(t, st, agencies.Damkar, "fast", fast, 200*time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _ := st.Get(ctx, string(inc.ID))
		if got.Assignment(agencies.Damkar).Status == dispatch.AssignNotified {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not notified")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if fast.count() != 0 {
		t.Errorf("the live instance's entry was taken over: the other instance sent %d SMS", fast.count())
	}
	if dead, _ := st.DeadLetters(ctx, agencies.Damkar); len(dead) != 0 {
		t.Errorf("dead letters: %v", dead)
	}
}

// The provider answers 500 for far longer than the retry ladder: the
// assignment is never dead-lettered nor left silent; it is flagged for the
// call-taker and goes out once the provider answers (issue 9, failure 6).
func TestProviderOutageIsRetriedAndFlaggedNeverAbandoned(t *testing.T) {
	r := newWorkerRig(t)
	inc := r.fire(t)
	down := true
	r.sms.fail = func(agencies.SMS) error {
		if down {
			return errors.New("twilio: 500 internal server error")
		}
		return nil
	}
	health := notify.NewProviderHealth(3, nil, zap.NewNop())
	w := r.workerWith(t, agencies.Damkar, "w1", func(d *escalation.WorkerDeps) { d.Health = health })
	rounds := func(n int) {
		for i := 0; i < n; i++ {
			r.drain(t, w, agencies.Damkar, 1)
			r.now = r.now.Add(2 * time.Minute) // past any backoff
			if _, err := r.store.Fire(ctx, r.now, 100); err != nil {
				t.Fatal(err)
			}
		}
	}
	rounds(8) // far more deliveries than MaxAttempts (3)
	if dead, _ := r.store.DeadLetters(ctx, agencies.Damkar); len(dead) != 0 {
		t.Fatalf("dead letters during an outage: %v", dead)
	}
	got, _ := r.store.Get(ctx, string(inc.ID))
	a := got.Assignment(agencies.Damkar)
	if !a.SMSFailing || a.Status != dispatch.AssignQueued || !strings.Contains(a.Problem, "SMS tidak terkirim — hubungi pos lewat telepon/radio") {
		t.Errorf("during the outage the assignment must be flagged: sms_failing=%v status=%s problem=%q", a.SMSFailing, a.Status, a.Problem)
	}
	if h := health.State(); h.State != notify.ProviderDegraded || !strings.Contains(h.LastError, "500") {
		t.Errorf("provider state: %+v", h)
	}
	n, _ := r.store.PendingTimers(ctx)
	if st, _ := r.store.Stats(ctx, agencies.Damkar); n+st.Lag == 0 {
		t.Error("no retry scheduled nor queued")
	}
	down = false
	rounds(3)
	got, _ = r.store.Get(ctx, string(inc.ID))
	a = got.Assignment(agencies.Damkar)
	if a.SMSFailing || !reachedAny(a) {
		t.Errorf("after the outage the SMS must go out and the flag clear: sms_failing=%v status=%s notified=%d", a.SMSFailing, a.Status, len(a.Notified))
	}
	if h := health.State(); h.State != notify.ProviderOK {
		t.Errorf("provider state after recovery: %+v", h)
	}
}

func reachedAny(a *dispatch.Assignment) bool {
	for _, n := range a.Notified {
		if n.MessageID != "" && n.Status != dispatch.StatusRejected {
			return true
		}
	}
	return false
}
