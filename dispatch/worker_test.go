package dispatch_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

// fakeSMS is a hand-written Notifier: it records messages and fails as told.
type fakeSMS struct {
	mu   sync.Mutex
	sent []agencies.SMS
	fail func(msg agencies.SMS) error
}

func (f *fakeSMS) Send(_ context.Context, msg agencies.SMS) (agencies.MessageID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(msg); err != nil {
			return "", err
		}
	}
	f.sent = append(f.sent, msg)
	return agencies.MessageID(fmt.Sprintf("SM%d", len(f.sent))), nil
}

func (f *fakeSMS) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

type workerRig struct {
	rdb   *redis.Client
	store *redisstore.Store
	svc   *dispatch.Service
	sms   *fakeSMS
	now   time.Time
}

func newWorkerRig(t *testing.T) *workerRig {
	t.Helper()
	rdb := redistest.NewClient(t)
	st := redisstore.New(rdb, redisstore.Options{Agencies: []agencies.AgencyID{agencies.Damkar, agencies.Dinkes, agencies.BPBD, agencies.Dishub}, ClaimIdleMillis: 1})
	if err := st.Init(ctx); err != nil {
		t.Fatal(err)
	}
	return &workerRig{rdb: rdb, store: st, svc: newService(t, st), sms: &fakeSMS{}, now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
}

func (r *workerRig) worker(t *testing.T, agency agencies.AgencyID, name string) *escalation.Worker {
	return r.workerWith(t, agency, name, func(*escalation.WorkerDeps) {})
}

func (r *workerRig) workerWith(t *testing.T, agency agencies.AgencyID, name string, adjust func(*escalation.WorkerDeps)) *escalation.Worker {
	d := shipped(t)
	deps := escalation.WorkerDeps{Queue: r.store, Store: r.store, Ledger: r.store, Timers: r.store, SMS: r.sms,
		Directory: d.Directory, Taxonomy: d.Taxonomy, Log: zap.NewNop()}
	adjust(&deps)
	w := escalation.NewWorker(escalation.WorkerConfig{Consumer: name, MaxAttempts: 3, Block: 10 * time.Millisecond, SendLease: 5 * time.Millisecond}, agency, deps)
	w.SetClock(func() time.Time { return r.now })
	return w
}

// drain fetches and processes until the queue hands out nothing.
func (r *workerRig) drain(t *testing.T, w *escalation.Worker, agency agencies.AgencyID, rounds int) {
	t.Helper()
	for i := 0; i < rounds; i++ {
		time.Sleep(5 * time.Millisecond) // past the 1 ms claim time
		ds, err := r.store.Fetch(ctx, agency, "drain", 10, 10*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			w.Process(ctx, d)
		}
	}
}

func (r *workerRig) fire(t *testing.T) *dispatch.Incident {
	t.Helper()
	inc, _, err := intake.NewService(r.svc).Intake(ctx, dispatch.Report{CallerPhone: "081234567890", Description: "kebakaran gudang, api besar",
		Address: "Jl. Sudirman", Lat: 3.319242, Lon: 99.155676}, "")
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func TestWorkerTextsOnDutyRespondersOnceEvenWhenRedelivered(t *testing.T) {
	r := newWorkerRig(t)
	inc := r.fire(t)
	w := r.worker(t, agencies.Damkar, "w1")
	r.drain(t, w, agencies.Damkar, 1)
	onDuty := shipped(t).Directory.OnDuty("damkar-padang-hulu", r.now)
	if r.sms.count() != len(onDuty) {
		t.Fatalf("sent %d SMS, want one per on-duty responder (%d)", r.sms.count(), len(onDuty))
	}
	// Redeliver the same entry by hand as if the ack had been lost.
	got, _ := r.store.Get(ctx, string(inc.ID))
	if got.Assignment(agencies.Damkar).Status != dispatch.AssignNotified {
		t.Fatalf("assignment: %+v", got.Assignment(agencies.Damkar))
	}
	w.Process(ctx, dispatch.Delivery{EntryID: "0-1", Agency: agencies.Damkar, IncidentID: inc.ID, Attempts: 2})
	if r.sms.count() != len(onDuty) {
		t.Errorf("a redelivered entry sent again: %d SMS", r.sms.count())
	}
	for _, m := range r.sms.sent {
		if !strings.Contains(m.Body, inc.Code) || m.IncidentID != string(inc.ID) {
			t.Errorf("sms %+v", m)
		}
	}
}

func TestWorkerRetriesTransientFailuresWithoutResendingWhatWentOut(t *testing.T) {
	r := newWorkerRig(t)
	r.fire(t)
	failures := 1
	r.sms.fail = func(msg agencies.SMS) error {
		// The second responder's first attempt fails transiently.
		if strings.HasSuffix(msg.Tag, "2") && failures > 0 {
			failures--
			return errors.New("provider timeout")
		}
		return nil
	}
	w := r.worker(t, agencies.Damkar, "w1")
	r.drain(t, w, agencies.Damkar, 3)
	// The failed send is retried by a timer (backoff), not by redelivery.
	r.now = r.now.Add(time.Minute)
	if _, err := r.store.Fire(ctx, r.now, 100); err != nil {
		t.Fatal(err)
	}
	r.drain(t, w, agencies.Damkar, 3)
	assigned := 0
	for _, m := range r.sms.sent {
		if strings.HasPrefix(m.Tag, "assign:") {
			assigned++
		}
	}
	if assigned != 2 {
		t.Errorf("sent %d assignment SMS, want exactly 2 (one per responder) after a retry", assigned)
	}
}

func TestRejectedNumbersEscalateUntilUnreachable(t *testing.T) {
	r := newWorkerRig(t)
	inc := r.fire(t)
	r.sms.fail = func(agencies.SMS) error { return fmt.Errorf("21211 invalid To: %w", agencies.ErrUndeliverable) }
	w := r.worker(t, agencies.Damkar, "w1")
	r.drain(t, w, agencies.Damkar, 2)
	got, _ := r.store.Get(ctx, string(inc.ID))
	a := got.Assignment(agencies.Damkar)
	if a.Status != dispatch.AssignUnreachable || !a.Status.NeedsAttention() || a.Problem == "" {
		t.Errorf("when every number of every station is rejected the assignment must be flagged: %+v", a)
	}
	if len(a.Tried) != 1 || a.Station != "damkar-induk" {
		t.Errorf("the agency's other station must have been tried: station %s, tried %v", a.Station, a.Tried)
	}
	if st, _ := r.store.Stats(ctx, agencies.Damkar); st.Pending != 0 {
		t.Errorf("the entry must be acknowledged, its problem is on the incident: pending %d", st.Pending)
	}
}

func TestMalformedEntryIsDeadLettered(t *testing.T) {
	r := newWorkerRig(t)
	w := r.worker(t, agencies.Damkar, "w1")
	w.Process(ctx, dispatch.Delivery{EntryID: "0-1", Agency: agencies.Damkar, Malformed: "no incident id", Attempts: 1})
	w.Process(ctx, dispatch.Delivery{EntryID: "0-2", Agency: agencies.Damkar, IncidentID: "does-not-exist", Attempts: 1})
	dead, _ := r.store.DeadLetters(ctx, agencies.Damkar)
	if len(dead) != 2 {
		t.Errorf("dead letters: %v", dead)
	}
}
