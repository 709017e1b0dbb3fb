package main

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

func TestFailedDeliveryMovesToNextResponderThenSupervisor(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) {
		o.RetryBackoff = []time.Duration{100 * time.Millisecond} // one retry, quickly
		o.EscalateEvery = time.Hour                              // only failures drive this test
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.runWorkers(ctx)
	inc := h.createFire()
	dir := h.app.Deployment.Directory
	supervisor := dir.Supervisors("damkar-padang-hulu")[0]
	nextCrew := dir.NextCrew("damkar-padang-hulu", h.clock)

	// Every damkar assignment SMS fails on delivery, until the supervisor is texted.
	failed := map[string]bool{}
	var order []string // first SMS per phone, in order
	seen := map[string]bool{}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && !seen[supervisor.Phone] {
		for _, m := range h.twilio.Messages() {
			if !strings.Contains(m.Body, "TERIMA "+inc.Code) || failed[m.Sid] || strings.Contains(m.Body, "BANTUAN") {
				continue // other agencies' SMS, answers, already failed
			}
			if !seen[m.To] {
				seen[m.To] = true
				order = append(order, m.To)
			}
			if m.To != supervisor.Phone {
				failed[m.Sid] = true
				if err := h.twilio.DeliverStatus(ctx, m.Sid, "failed"); err != nil {
					t.Fatal(err)
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	onDuty := h.onDuty("damkar-padang-hulu")
	want := []string{onDuty[0].Phone, onDuty[1].Phone, nextCrew[0].Phone, nextCrew[1].Phone, supervisor.Phone}
	// A crew is texted all at once: the order within one step is not fixed.
	for _, step := range [][2]int{{0, 2}, {2, 4}} {
		if len(order) >= step[1] {
			sort.Strings(order[step[0]:step[1]])
		}
		sort.Strings(want[step[0]:step[1]])
	}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		evs, _ := h.app.Store.Events(context.Background(), inc.ID)
		for _, ev := range evs {
			t.Logf("event %s %s %s step=%s notified=%d reason=%s", ev.At.Format("15:04:05.000"), ev.Type, ev.Responder, ev.Step, len(ev.Notified), ev.Reason)
		}
		t.Fatalf("who was texted, in order:\n got %v\nwant %v (crew on duty, next crew, supervisor)", order, want)
	}
	a := h.incident(inc.ID).Assignment(agencies.Damkar)
	var steps []string
	for _, ev := range h.events(inc.ID, dispatch.EventEscalated) {
		steps = append(steps, ev.Step)
	}
	if strings.Join(steps, ",") != "next_responder,supervisor" {
		t.Errorf("escalation steps logged: %v", steps)
	}
	retries := 0
	for _, n := range a.Notified {
		if n.Attempt == 1 {
			retries++
		}
	}
	if retries != 4 { // each of the four crew numbers was retried once before moving on
		t.Errorf("retries before escalating: %d, want 4", retries)
	}
	if failures := h.events(inc.ID, dispatch.EventDeliveryFailed); len(failures) != 8 {
		t.Errorf("delivery failures logged: %d, want 8", len(failures))
	}
}

// shortAckCharter is the default deployment with a 2-second acknowledge
// target for fire P1, so that a test can watch the deadline pass.
func shortAckCharter(t *testing.T) string {
	return copyDeployment(t, "charter.yaml",
		`{agency: damkar, category: "*", priority: 1,   acknowledge: 1m,`,
		`{agency: damkar, category: "*", priority: 1,   acknowledge: 2s,`)
}

func (h *harness) alertsTo(phone, code string) int {
	n := 0
	for _, m := range h.messagesTo(phone) {
		if strings.Contains(m.Body, "PERINGATAN "+code) {
			n++
		}
	}
	return n
}

func TestMissedAcknowledgementBreachesOnceWithTwoInstances(t *testing.T) {
	cfg := shortAckCharter(t)
	redisURL := redistest.Start(t).URL
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	adjust := func(name string) func(*Options) {
		return func(o *Options) { o.ConfigDir, o.Instance, o.EscalateEvery = cfg, name, time.Hour }
	}
	h1 := newHarnessOn(t, redisURL, tw, adjust("one"))
	h2 := newHarnessOn(t, redisURL, tw, adjust("two"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h1.runWorkers(ctx)
	h2.runWorkers(ctx)
	inc := h1.createFire()
	supervisor := h1.app.Deployment.Directory.Supervisors("damkar-padang-hulu")[0]
	h1.waitFor(func() bool { return h1.alertsTo(supervisor.Phone, inc.Code) > 0 }, 6*time.Second)
	time.Sleep(time.Second) // a second instance firing too would show now
	assertOneBreach(t, h1, inc, supervisor.Phone)

	// The breach keeps the reason the responder gives later...
	crew := h1.onDuty("damkar-padang-hulu")
	h1.reply(crew[0].Phone, "SELESAI "+inc.Code+" mobil tangki mogok di jalan")
	b := h1.incident(inc.ID).Assignment(agencies.Damkar).Breaches[0]
	if b.Reason != "mobil tangki mogok di jalan" || b.ReasonBy != "responder:"+string(crew[0].ID) {
		t.Errorf("breach reason from the SELESAI note: %+v", b)
	}
	// ...and a supervisor can annotate it through the API.
	h1.token = apiToken(t, h1.app, "sari", hotline.RoleSupervisor, "")
	resp, body := h1.post("/api/v1/incidents/"+inc.Code+"/assignments/damkar/breaches/acknowledge/reason",
		map[string]string{"reason": "HP petugas mati, tidak menerima SMS"}, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "HP petugas mati") {
		t.Errorf("annotation: %d %s", resp.StatusCode, body)
	}
	if resp, _ := h1.post("/api/v1/incidents/"+inc.Code+"/assignments/damkar/breaches/arrive/reason",
		map[string]string{"reason": "x"}, nil); resp.StatusCode != 409 {
		t.Errorf("explaining a breach that did not happen: %d", resp.StatusCode)
	}
}

func TestDeadlinePassedWhileServerWasDownFiresOnceAfterRestart(t *testing.T) {
	cfg := shortAckCharter(t)
	redisURL := redistest.Start(t).URL
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	adjust := func(o *Options) { o.ConfigDir, o.EscalateEvery = cfg, time.Hour }
	first := newHarnessOn(t, redisURL, tw, adjust)
	inc := first.createFire()
	first.app.Close() // the server goes down before the deadline; nobody runs the clock
	time.Sleep(2500 * time.Millisecond)

	second := newHarnessOn(t, redisURL, tw, adjust)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	second.runWorkers(ctx)
	supervisor := second.app.Deployment.Directory.Supervisors("damkar-padang-hulu")[0]
	second.waitFor(func() bool { return second.alertsTo(supervisor.Phone, inc.Code) > 0 }, 6*time.Second)
	time.Sleep(500 * time.Millisecond)
	assertOneBreach(t, second, inc, supervisor.Phone)
}

func assertOneBreach(t *testing.T, h *harness, inc *dispatch.Incident, supervisorPhone string) {
	t.Helper()
	var ack []dispatch.Event
	for _, ev := range h.events(inc.ID, dispatch.EventBreached) {
		if ev.Agency == agencies.Damkar && ev.Milestone == dispatch.MilestoneAcknowledge {
			ack = append(ack, ev)
		}
	}
	if len(ack) != 1 {
		t.Errorf("acknowledge breaches logged: %d, want exactly 1", len(ack))
	}
	if n := h.alertsTo(supervisorPhone, inc.Code); n != 1 {
		t.Errorf("supervisor alerts: %d, want exactly 1", n)
	}
	got := h.incident(inc.ID)
	if !got.Breached || len(got.Assignment(agencies.Damkar).Breaches) != 1 {
		t.Errorf("incident not marked breached: %+v", got.Assignment(agencies.Damkar).Breaches)
	}
	if len(h.events(inc.ID, dispatch.EventWarning)) == 0 {
		t.Error("the warning (amber) before the deadline was not logged")
	}
}

func (h *harness) waitFor(cond func() bool, limit time.Duration) {
	h.t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatal("condition not met in time")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
