package dispatch_test

import (
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// Two agencies of one incident escalate at the same instant: their timers
// fire in one script, so both queue entries get the same stream ID. Each
// agency's escalation must be logged (issue 9, failure 1).
func TestTwoAgenciesEscalatingAtOnceAreBothRecorded(t *testing.T) {
	r := newWorkerRig(t)
	inc, _, err := r.svc.Intake(ctx, dispatch.Report{CallerPhone: "081234567890",
		Description: "Tolong! Rumah di gang kami terbakar, ada nenek terjebak di dalam kamar",
		Address:     "Jl. Gunung Leuser", Lat: 3.319242, Lon: 99.155676}, "")
	if err != nil || inc.Assignment(agencies.Dinkes) == nil || inc.Assignment(agencies.Damkar) == nil {
		t.Fatalf("intake: %v %+v", err, inc)
	}
	both := []agencies.AgencyID{agencies.Damkar, agencies.Dinkes}
	workers := map[agencies.AgencyID]*dispatch.Worker{}
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
