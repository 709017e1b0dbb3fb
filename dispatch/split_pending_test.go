package dispatch_test

import (
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/linking"
)

// The process dies between a PALSU and the split of the linked callers'
// reports (here: the PALSU is written without the split, as the event log
// holds it after a crash). The next process's pass finds the incident
// owing splits and sends each independent caller's report out on its own,
// once, however many passes and instances run.
func TestSplitAfterPalsuSurvivesACrashBeforeTheSplit(t *testing.T) {
	k := newDesk(t)
	fake := k.report(t, "081300000101", "ada kebakaran besar cepat datang", lat0, lon0, dispatch.CueLaughter)
	for i, north := range []float64{120, 250} {
		k.now = k.now.Add(2 * time.Minute)
		if _, err := linking.NewService(k.svc).Link(ctx, fake.Code, dispatch.LinkedCaller{Phone: []string{"081300000102", "081300000103"}[i],
			Description: "rumah terbakar", Lat: offset(lat0, north), Lon: lon0, Actor: "user:tari", ConfirmPlace: true}, ""); err != nil {
			t.Fatal(err)
		}
	}
	// The first caller's own callback is not someone else's report: nothing to split for it.
	if _, err := linking.NewService(k.svc).Link(ctx, fake.Code, dispatch.LinkedCaller{Phone: "081300000101", Description: dispatchCallback,
		Lat: lat0, Lon: lon0, Actor: "user:tari"}, ""); err != nil {
		t.Fatal(err)
	}
	k.now = k.now.Add(30 * time.Minute)
	// The PALSU is stored; the process dies before SplitAfterFalse runs.
	if _, err := k.store.Append(ctx, fake.ID, dispatch.Event{Type: dispatch.EventFalseReport, At: k.now, Actor: "sms:+6281111",
		Channel: dispatch.ChannelSMS, Agency: agencies.Damkar, Reason: "PALSU"}); err != nil {
		t.Fatal(err)
	}
	before, _ := k.store.Get(ctx, fake.Code)
	for _, c := range before.Callers {
		if c.SplitTo != "" {
			t.Fatalf("split already done before the pass: %+v", before.Callers)
		}
	}

	// A restarted process: a new service on the same Redis.
	restarted := dispatch.NewService(dispatch.Config{CodePrefix: "TT"}, k.deps)
	restarted.SetClock(func() time.Time { return k.now })
	n, err := intake.NewService(restarted).SplitPending(ctx)
	if err != nil || n != 2 {
		t.Fatalf("pending pass: %d split, %v; want the two other callers", n, err)
	}
	after, _ := k.store.Get(ctx, fake.Code)
	for i, c := range after.Callers {
		own := c.Phone != fake.CallerPhone
		if own != (c.SplitTo != "") {
			t.Fatalf("caller %d (%s) split_to %q", i, c.Phone, c.SplitTo)
		}
		if !own {
			continue
		}
		inc, err := k.store.Get(ctx, c.SplitTo)
		if err != nil || inc.CallerPhone != c.Phone || inc.Status != dispatch.StatusDispatched || len(inc.Assignments) == 0 {
			t.Fatalf("caller %s's own incident not dispatched: %v %+v", c.Phone, err, inc)
		}
	}
	// Passes again, from two instances at once: nothing is created twice.
	done := make(chan int, 2)
	for _, svc := range []*dispatch.Service{k.svc, restarted} {
		go func() { m, _ := intake.NewService(svc).SplitPending(ctx); done <- m }()
	}
	if a, b := <-done, <-done; a+b != 0 {
		t.Errorf("later passes split %d more", a+b)
	}
	list, _ := k.store.List(ctx, dispatch.ListFilter{Limit: 50})
	if len(list) != 3 {
		t.Errorf("%d incidents, want the fake and its two other callers'", len(list))
	}
}

// An incident nobody reported false owes nothing, whatever its callers.
func TestSplitPendingLeavesLiveIncidentsAlone(t *testing.T) {
	k := newDesk(t)
	inc := k.report(t, "081300000111", "rumah terbakar apinya besar", lat0, lon0)
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081300000112", Description: "kebakaran rumah",
		Lat: offset(lat0, 60), Lon: lon0, Actor: "user:tari"}, ""); err != nil {
		t.Fatal(err)
	}
	if n, err := intake.NewService(k.svc).SplitPending(ctx); err != nil || n != 0 {
		t.Fatalf("pending pass on a live incident: %d, %v", n, err)
	}
}

const dispatchCallback = "saya yang tadi telepon, terputus, tolong cepat"
