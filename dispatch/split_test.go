package dispatch_test

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/linking"
	"github.com/sigap112/sigap/dispatch/manage"
)

func fieldErr(err error, field string) bool {
	var ve *dispatch.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	_, ok := ve.Fields[field]
	return ok
}

// A prankster's fake fire that three real callers were linked to is reported
// PALSU: each caller's report becomes an incident of its own, dispatched to
// the caller's own point; the supervisor cannot confirm it false unreviewed.
func TestFakeIncidentWithThreeLinkedCallersReportedPalsuSplitsThemOff(t *testing.T) {
	k := newDesk(t)
	fake := k.report(t, "081300000001", "ada kebakaran besar cepat datang", lat0, lon0, dispatch.CueLaughter)
	callers := []struct {
		phone, desc string
		north       float64
	}{
		{"081300000002", "rumah terbakar di gang mawar", 300},
		{"081300000003", "asap tebal dari gudang, kebakaran", 550},
		{"081300000004", "api besar di belakang pasar", 800},
	}
	for i, c := range callers {
		k.now = k.now.Add(3 * time.Minute)
		if _, err := linking.NewService(k.svc).Link(ctx, fake.Code, dispatch.LinkedCaller{Phone: c.phone, Description: c.desc,
			Lat: offset(lat0, c.north), Lon: lon0, Address: "Jl. Mawar", Actor: "user:tari", ConfirmFar: c.north > 250, ConfirmPlace: true}, ""); err != nil {
			t.Fatalf("link caller %d: %v", i, err)
		}
	}
	k.now = k.now.Add(20 * time.Minute)
	after, err := manage.NewService(k.svc).UpdateStatus(ctx, fake.Code, manage.StatusUpdate{Agency: agencies.Damkar, Status: dispatch.AssignFalseReport,
		Reason: "tidak ada kebakaran di titik", Actor: "user:tari", Channel: dispatch.ChannelAPI})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, c := range after.Callers {
		if c.SplitTo == "" || seen[c.SplitTo] {
			t.Fatalf("caller %d not split off on its own: %+v", i, after.Callers)
		}
		seen[c.SplitTo] = true
		own, err := k.store.Get(ctx, c.SplitTo)
		if err != nil {
			t.Fatal(err)
		}
		if own.CallerPhone != c.Phone || own.Description != callers[i].desc || own.SplitFrom != fake.Code ||
			own.Location.Lat != round6(offset(lat0, callers[i].north)) || own.Category != "kebakaran" {
			t.Errorf("caller %d's own incident: %+v", i, own)
		}
		if own.Status != dispatch.StatusDispatched || len(own.Assignments) == 0 || own.Assignments[0].Status != dispatch.AssignQueued {
			t.Errorf("caller %d's own incident is not dispatched: %s %+v", i, own.Status, own.Assignments)
		}
	}
	events, _ := manage.NewService(k.svc).Events(ctx, fake.Code)
	n := 0
	for _, ev := range events {
		if ev.Type == dispatch.EventCallerSplit {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d split events on the board's log, want 3", n)
	}

	// Closing it as false, and confirming it, split nobody twice.
	if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, fake.Code, "iseng", "user:sari"); !fieldErr(err, "reviewed_linked_callers") {
		t.Errorf("confirm-false with linked callers unreviewed: %v, want a reviewed_linked_callers error", err)
	}
	if _, err := manage.NewService(k.svc).Close(ctx, fake.Code, dispatch.DispFalseReport, "iseng", "user:sari", dispatch.ChannelAPI); err != nil {
		t.Fatal(err)
	}
	confirmed, err := manage.NewService(k.svc).ConfirmFalseReviewed(ctx, fake.Code, "iseng, tiga penelepon lain sudah dikirim sendiri", "user:sari", true)
	if err != nil || !confirmed.FalseConfirmed {
		t.Fatalf("confirm after review: %v", err)
	}
	list, _ := k.store.List(ctx, dispatch.ListFilter{Limit: 50})
	if len(list) != 4 {
		t.Errorf("%d incidents, want the fake and three of its callers'", len(list))
	}
	for _, c := range callers {
		_, st, _, _ := hoax.NewService(k.svc).AssessCaller(ctx, c.phone)
		if st.ConfirmedCount != 0 || st.Unconfirmed != 0 {
			t.Errorf("linked caller %s branded: %+v", c.phone, st)
		}
	}
	// Nobody can be linked into it any more.
	if _, err := linking.NewService(k.svc).Link(ctx, fake.Code, dispatch.LinkedCaller{Phone: "081300000009", Lat: lat0, Lon: lon0, Actor: "user:tari"}, ""); !fieldErr(err, "incident") {
		t.Errorf("linking into a false report: %v", err)
	}
}

func TestClosingAsDuplicateSplitsLinkedCallersOff(t *testing.T) {
	k := newDesk(t)
	inc := k.report(t, "081300000011", "kecelakaan di simpang ada korban", lat0, lon0)
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081300000012", Description: "tabrakan motor, ada yang berdarah",
		Lat: offset(lat0, 200), Lon: lon0, Actor: "user:tari"}, ""); err != nil {
		t.Fatal(err)
	}
	closed, err := manage.NewService(k.svc).Close(ctx, inc.Code, dispatch.DispDuplicate, "sudah ada TT-lain", "user:tari", dispatch.ChannelAPI)
	if err != nil || closed.Callers[0].SplitTo == "" {
		t.Fatalf("closed as duplicate: %v %+v", err, closed.Callers)
	}
}

// Linking a caller far away, or one describing another kind of emergency,
// needs the call-taker's explicit confirmation; the caller's own point and
// words stay on the incident.
func TestFarOrDifferentKindLinksNeedConfirmation(t *testing.T) {
	k := newDesk(t)
	inc := k.report(t, "081300000021", "bapak saya pingsan tidak sadar", lat0, lon0)
	far := dispatch.LinkedCaller{Phone: "081300000022", Description: "ada orang pingsan", Lat: offset(lat0, 400), Lon: lon0, Actor: "user:tari"}
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, far, ""); !fieldErr(err, "confirm_far") {
		t.Errorf("medical caller 400 m away linked without confirmation: %v", err)
	}
	kind := dispatch.LinkedCaller{Phone: "081300000023", Description: "rumah terbakar", Lat: offset(lat0, 20), Lon: lon0, Actor: "user:tari"}
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, kind, ""); !fieldErr(err, "confirm_different_kind") {
		t.Errorf("a fire linked to a medical call without confirmation: %v", err)
	}
	got, _ := k.store.Get(ctx, inc.Code)
	if len(got.Callers) != 0 {
		t.Fatalf("a refused link wrote something: %+v", got.Callers)
	}
	far.ConfirmFar = true
	linked, err := linking.NewService(k.svc).Link(ctx, inc.Code, far, "")
	if err != nil {
		t.Fatal(err)
	}
	c := linked.Callers[0]
	if !c.ConfirmFar || c.DistanceM < 395 || c.DistanceM > 405 || c.Description != "ada orang pingsan" || c.Lat != far.Lat {
		t.Errorf("the linked caller's own report: %+v", c)
	}
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// Two instances handling the PALSU and the close at once split each caller
// off once.
func TestConcurrentSplitsCreateEachCallersIncidentOnce(t *testing.T) {
	k := newDesk(t)
	fake := k.report(t, "081300000031", "ada kebakaran besar cepat datang", lat0, lon0)
	for i, phone := range []string{"081300000032", "081300000033"} {
		if _, err := linking.NewService(k.svc).Link(ctx, fake.Code, dispatch.LinkedCaller{Phone: phone, Description: "rumah terbakar",
			Lat: offset(lat0, float64(100*(i+1))), Lon: lon0, Actor: "user:tari", ConfirmPlace: true}, ""); err != nil {
			t.Fatal(err)
		}
	}
	other := dispatch.NewService(dispatch.Config{CodePrefix: "TT"}, k.deps)
	other.SetClock(func() time.Time { return k.now })
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			svc := k.svc
			if i%2 == 1 {
				svc = other
			}
			_, _, errs[i] = intake.NewService(svc).SplitLinked(ctx, fake.Code, "uji", "system:split")
		}(i)
	}
	wg.Wait()
	split := 0
	for _, err := range errs {
		if err == nil {
			split++
		}
	}
	if split == 0 {
		t.Fatalf("every concurrent split failed: %v", errs)
	}
	got, _ := k.store.Get(ctx, fake.Code)
	list, _ := k.store.List(ctx, dispatch.ListFilter{Limit: 50})
	if len(list) != 3 || got.Callers[0].SplitTo == "" || got.Callers[1].SplitTo == "" || got.Callers[0].SplitTo == got.Callers[1].SplitTo {
		t.Errorf("%d incidents (want the fake and 2 split off), callers %+v, errors %v", len(list), got.Callers, errs)
	}
	// Whatever failed above is finished by the next run (close as false).
	if _, err := manage.NewService(k.svc).Close(ctx, fake.Code, dispatch.DispFalseReport, "iseng", "user:sari", dispatch.ChannelAPI); err != nil {
		t.Fatal(err)
	}
}
