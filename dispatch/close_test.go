package dispatch_test

import (
	"testing"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/manage"
)

// A fire with damkar on scene and dinkes only notified, closed as resolved.
func TestCloseLeavesCrewsAtTheSceneToFinish(t *testing.T) {
	for _, cancel := range []bool{false, true} {
		st := newMemStore()
		svc := newService(t, st)
		inc, _, err := intake.NewService(svc).Intake(ctx, dispatch.Report{CallerPhone: "081234567890", Description: "rumah terbakar, ada orang terjebak",
			Lat: 3.319242, Lon: 99.155676}, "")
		if err != nil || inc.Assignment(agencies.Damkar) == nil || inc.Assignment(agencies.Dinkes) == nil {
			t.Fatalf("intake: %v %+v", err, inc)
		}
		if _, err := manage.NewService(svc).UpdateStatus(ctx, string(inc.ID), manage.StatusUpdate{Agency: agencies.Damkar, Status: dispatch.AssignOnScene,
			Reason: "lapor lewat radio", Actor: "user:budi", Channel: dispatch.ChannelAPI}); err != nil {
			t.Fatal(err)
		}
		closed, err := manage.NewService(svc).CloseIncident(ctx, string(inc.ID), manage.Closing{Disposition: dispatch.DispResolved, CancelUnfinished: cancel,
			Actor: "user:budi", Channel: dispatch.ChannelAPI})
		if err != nil {
			t.Fatal(err)
		}
		wantDamkar := dispatch.AssignOnScene
		if cancel {
			wantDamkar = dispatch.AssignCancelled
		}
		if got := closed.Assignment(agencies.Damkar).Status; got != wantDamkar {
			t.Errorf("cancel_unfinished=%v: damkar on scene became %s, want %s", cancel, got, wantDamkar)
		}
		if got := closed.Assignment(agencies.Dinkes).Status; got != dispatch.AssignCancelled {
			t.Errorf("dinkes that never started: %s, want cancelled", got)
		}
		// The crew left working can still report SELESAI; the log replays to the same state.
		_, err = manage.NewService(svc).UpdateStatus(ctx, string(inc.ID), manage.StatusUpdate{Agency: agencies.Damkar, Status: dispatch.AssignResolved,
			Reason: "lapor lewat radio", Actor: "user:budi", Channel: dispatch.ChannelAPI})
		if cancel != (err != nil) {
			t.Errorf("cancel_unfinished=%v: SELESAI after closing: %v", cancel, err)
		}
		evs, _ := st.Events(ctx, inc.ID)
		re, err := dispatch.Rebuild(evs)
		got, _ := st.Get(ctx, string(inc.ID))
		if err != nil || re.Assignment(agencies.Damkar).Status != got.Assignment(agencies.Damkar).Status {
			t.Errorf("replay: %v", err)
		}
	}
}

// A log written before keep_working existed replays as it was.
func TestOldCloseEventStillCancelsEverything(t *testing.T) {
	inc := &dispatch.Incident{Status: dispatch.StatusDispatched, Assignments: []dispatch.Assignment{
		{Agency: agencies.Damkar, Status: dispatch.AssignOnScene}}}
	got, err := dispatch.Apply(inc, dispatch.Event{Type: dispatch.EventClosed, Disposition: dispatch.DispResolved})
	if err != nil || got.Assignments[0].Status != dispatch.AssignCancelled {
		t.Fatalf("old close event: %v %+v", err, got)
	}
}
