package dispatch_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/dispatch/linking"
	"github.com/sigap112/sigap/dispatch/manage"
)

// A caller linked 250 m from a fire (inside the fire radius, so no
// confirmation was asked) may be at a second fire: the crew that got the
// assignment is texted the caller's point and words, once, even when the
// provider fails at first; a caller linked 40 m away is not texted, and a
// caller linked before the assignment went out is texted after it.
func TestCrewIsTextedTheFarLinkedCallersPoint(t *testing.T) {
	k := newDesk(t)
	d := shipped(t)
	sms := &fakeSMS{}
	w := escalation.NewWorker(escalation.WorkerConfig{Consumer: "w1", MaxAttempts: 5, Block: 10 * time.Millisecond, SendLease: 5 * time.Millisecond},
		agencies.Damkar, escalation.WorkerDeps{Queue: k.store, Store: k.store, Ledger: k.store, Timers: k.store, SMS: sms,
			Directory: d.Directory, Taxonomy: d.Taxonomy, Log: zap.NewNop()})
	w.SetClock(func() time.Time { return k.now })
	drain := func() {
		t.Helper()
		for i := 0; i < 4; i++ {
			if _, err := k.store.Fire(ctx, k.now.Add(time.Second), 100); err != nil {
				t.Fatal(err)
			}
			time.Sleep(5 * time.Millisecond)
			ds, err := k.store.Fetch(ctx, agencies.Damkar, "drain", 20, 10*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			for _, dl := range ds {
				w.Process(ctx, dl)
			}
		}
	}
	inc := k.report(t, "081300000301", "rumah terbakar apinya besar", lat0, lon0)
	onDuty := d.Directory.OnDuty(inc.Assignment(agencies.Damkar).Station, k.now)
	// Linked before the assignment SMS went out.
	k.now = k.now.Add(time.Minute)
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081300000302", Description: "ada asap tebal dari gudang",
		Address: "Gg. Kenanga", Lat: offset(lat0, 250), Lon: lon0, Actor: "user:tari", ConfirmPlace: true}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081300000303", Description: "kebakaran rumah",
		Lat: offset(lat0, 40), Lon: lon0, Actor: "user:tari"}, ""); err != nil {
		t.Fatal(err)
	}
	sms.fail = func(m agencies.SMS) error { // the provider is down for the first caller-point texts
		if strings.Contains(m.Tag, "callerpoint") {
			return errors.New("503 from provider")
		}
		return nil
	}
	drain()
	k.now = k.now.Add(2 * time.Minute) // the waiting timer comes due
	drain()
	sms.mu.Lock()
	sms.fail = nil
	sms.mu.Unlock()
	k.now = k.now.Add(2 * time.Minute)
	drain()
	k.now = k.now.Add(2 * time.Minute)
	drain()

	got, _ := k.store.Get(ctx, inc.Code)
	a := got.Assignment(agencies.Damkar)
	crew := map[string]bool{}
	for _, n := range a.Notified {
		crew[n.Phone] = true
	}
	told := map[string]int{}
	for _, m := range sms.sent {
		if strings.Contains(m.Tag, "callerpoint") {
			told[m.To]++
			if !strings.Contains(m.Body, "CEK JUGA TITIK INI") || !strings.Contains(m.Body, "Gg. Kenanga") ||
				!strings.Contains(m.Body, "250 m") || !strings.Contains(m.Body, inc.Code) || strings.Contains(m.Body, "kebakaran rumah") {
				t.Errorf("caller-point text: %q", m.Body)
			}
		}
	}
	for _, r := range onDuty { // the crew the assignment first reached (escalation may have added more since)
		if told[r.Phone] != 1 {
			t.Errorf("on-duty %s texted the caller's point %d times, want 1 (texted: %v)", r.Phone, told[r.Phone], told)
		}
	}
	if len(onDuty) == 0 {
		t.Fatal("no crew on duty in the test deployment")
	}
	for to, n := range told {
		if !crew[to] || n != 1 {
			t.Errorf("%s got %d caller-point texts (crew %v)", to, n, crew)
		}
	}
	events, _ := manage.NewService(k.svc).Events(ctx, inc.Code)
	notes := 0
	for _, ev := range events {
		if ev.Type == dispatch.EventNote && strings.Contains(ev.Note, "titik penelepon lain") {
			notes++
		}
	}
	if notes != 1 {
		t.Errorf("%d notes of the caller-point text on the board, want 1", notes)
	}
}

// A pending caller-point text is not a step that acts when nobody answers:
// a notified assignment with only that timer left is repaired.
func TestReconcilerDoesNotTakeACallerPointTextForTheEscalationStep(t *testing.T) {
	r := newWorkerRig(t)
	inc := r.fire(t)
	r.drain(t, r.worker(t, agencies.Damkar, "w"), agencies.Damkar, 1)
	rc := r.reconciler(t)
	if r.dropTimers(t, inc.ID, agencies.Damkar) == 0 {
		t.Fatal("no timers to drop")
	}
	if err := r.store.Schedule(ctx, dispatch.Timer{Kind: dispatch.TimerCallerPoint, IncidentID: inc.ID, Agency: agencies.Damkar,
		Attempt: 0, Due: r.now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if n := r.pass(t, rc); n != 1 {
		t.Fatalf("repairs: %d, want 1 (the caller-point text does not escalate anything)", n)
	}
}
