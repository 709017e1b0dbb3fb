package report_test

import (
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/manage"
	"github.com/sigap112/sigap/dispatch/report"
)

// Call processing runs from the moment the call-taker answered, not from
// the moment the form was sent (which made it 0:00 / 100 % every time).
func TestCallProcessingRunsFromTheAnswer(t *testing.T) {
	c := newCity(t)
	day := time.Date(2026, 10, 7, 8, 0, 0, 0, wib)
	for i, took := range []time.Duration{30 * time.Second, 75 * time.Second, 0} {
		c.now = day.Add(time.Duration(i) * time.Hour)
		r := dispatch.Report{CallerPhone: "081234567890", Description: "ada ular kobra masuk rumah",
			Lat: 3.322394, Lon: 99.165179, Actor: "user:tari"}
		if took > 0 {
			r.AnsweredAt = c.now.Add(-took)
		}
		if _, _, err := intake.NewService(c.svc).Intake(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	svc := report.NewService(c.store, wib, "TT")
	r, err := svc.Compliance(ctx, report.Query{From: day.Add(-8 * time.Hour), To: day.Add(16 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	cp := r.Overall.Intervals["call_processing"]
	// 0:30 and 1:15 from the answer; the third has no answer time (API client): 0.
	if cp.N != 3 || cp.P90 != 75_000 || cp.Median != 30_000 || cp.Targeted != 3 || cp.Within != 2 {
		t.Errorf("call processing: %+v; want 0, 0:30, 1:15 with one over the 60 s target", cp)
	}
}

// A missed deadline stays with the station that held the assignment when
// it passed, after the assignment moved on; its lateness is shown.
func TestBreachIsChargedToTheStationThatMissedIt(t *testing.T) {
	c := newCity(t)
	day := time.Date(2026, 10, 8, 8, 0, 0, 0, wib)
	inc := c.snake(day)
	first := inc.Assignment(agencies.Damkar).Station
	deadline := inc.ReceivedAt.Add(2 * time.Minute)
	c.breach(inc, dispatch.MilestoneAcknowledge, deadline)
	var other agencies.StationID
	for _, st := range deploymentDirectory(t).Stations(agencies.Damkar) {
		if st.ID != first {
			other = st.ID
		}
	}
	c.now = inc.ReceivedAt.Add(3 * time.Minute)
	if _, err := manage.NewService(c.svc).Reassign(ctx, inc.Code, agencies.Damkar, other, "tidak ada jawaban", "user:sup"); err != nil {
		t.Fatal(err)
	}
	c.step(inc, dispatch.AssignAcknowledged, 5*time.Minute)

	// A second one nobody ever acknowledged, closed after 20 minutes.
	never := c.snake(day.Add(time.Hour))
	c.breach(never, dispatch.MilestoneAcknowledge, never.ReceivedAt.Add(2*time.Minute))
	c.now = never.ReceivedAt.Add(20 * time.Minute)
	if _, err := manage.NewService(c.svc).Close(ctx, never.Code, dispatch.DispCancelled, "penelepon membatalkan", "user:sup", dispatch.ChannelAPI); err != nil {
		t.Fatal(err)
	}

	svc := report.NewService(c.store, wib, "TT")
	r, err := svc.Compliance(ctx, report.Query{From: day.Add(-8 * time.Hour), To: day.Add(16 * time.Hour), GroupBy: report.ByStation})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Breaches) != 2 {
		t.Fatalf("breaches: %+v", r.Breaches)
	}
	b := r.Breaches[0]
	if b.Station != string(first) || b.Late != 3*time.Minute {
		t.Errorf("breach charged to %s, late %v; want %s (which held it at the deadline), 3:00 late", b.Station, b.Late, first)
	}
	if n := r.Breaches[1]; n.Late != -1 || !n.Until.Equal(never.ReceivedAt.Add(20*time.Minute)) {
		t.Errorf("never acknowledged: late %v until %v; want not reached, until the close", n.Late, n.Until)
	}
	for _, g := range r.Groups {
		if g.Key == string(other) {
			if ack := g.Intervals["acknowledge"]; ack.Targeted-ack.Within > 0 {
				t.Errorf("the station that took over is charged with the miss: %+v", ack)
			}
		}
	}
}

func deploymentDirectory(t *testing.T) *agencies.Directory {
	t.Helper()
	d, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	return d.Directory
}
