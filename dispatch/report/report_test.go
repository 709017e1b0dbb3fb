package report_test

import (
	"context"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	aredis "github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/manage"
	"github.com/sigap112/sigap/dispatch/redisstore"
	"github.com/sigap112/sigap/dispatch/report"
)

var (
	ctx = context.Background()
	wib = time.FixedZone("WIB", 7*3600)
)

// city runs intake on a real Redis with a clock the test sets.
type city struct {
	t     *testing.T
	svc   *dispatch.Service
	store *redisstore.Store
	now   time.Time
}

func newCity(t *testing.T) *city {
	t.Helper()
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redistest.NewClient(t)
	st := redisstore.New(rdb, redisstore.Options{Location: wib, CallProcessing: time.Minute,
		Agencies: []agencies.AgencyID{agencies.BPBD, agencies.Damkar, agencies.Dinkes, agencies.Dishub}})
	c := &city{t: t, store: st}
	c.svc = dispatch.NewService(dispatch.Config{CodePrefix: "TT"}, dispatch.ServiceDeps{Store: st, Timers: st, Calls: st, Callers: st,
		Hoax: dep.Hoax, Taxonomy: dep.Taxonomy, Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter,
		Charters: aredis.NewCharters(rdb, "sigap:"), Log: zap.NewNop()})
	c.svc.SetClock(func() time.Time { return c.now })
	return c
}

// snake is a damkar-only incident (P2: acknowledge 2 min, arrive 15 min, resolve 3 h).
func (c *city) snake(at time.Time) *dispatch.Incident {
	c.t.Helper()
	c.now = at
	inc, _, err := intake.NewService(c.svc).Intake(ctx, dispatch.Report{CallerPhone: "081234567890", Description: "ada ular kobra masuk rumah",
		Lat: 3.322394, Lon: 99.165179, Actor: "user:tari"}, "")
	if err != nil {
		c.t.Fatal(err)
	}
	return inc
}

// step records a responder milestone at received + offset.
func (c *city) step(inc *dispatch.Incident, st dispatch.AssignmentStatus, after time.Duration) {
	c.t.Helper()
	c.now = inc.ReceivedAt.Add(after)
	if _, err := manage.NewService(c.svc).UpdateStatus(ctx, inc.Code, manage.StatusUpdate{Agency: agencies.Damkar, Status: st, Reason: "radio",
		Actor: "user:tari", Channel: dispatch.ChannelAPI}); err != nil {
		c.t.Fatal(err)
	}
}

func (c *city) breach(inc *dispatch.Incident, m dispatch.Milestone, deadline time.Time) {
	c.t.Helper()
	if _, err := c.store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventBreached, At: deadline, Actor: "system",
		Agency: agencies.Damkar, Milestone: m, Deadline: &deadline}); err != nil {
		c.t.Fatal(err)
	}
}

func TestComplianceFiguresAreExact(t *testing.T) {
	c := newCity(t)
	day := time.Date(2026, 10, 5, 8, 0, 0, 0, wib)
	// Five snakes with acknowledge after 1, 2, 3, 4 and 10 minutes, on scene
	// 10 minutes after acknowledging, resolved 20 minutes after that.
	acks := []time.Duration{1, 2, 3, 4, 10}
	var incs []*dispatch.Incident
	for i, a := range acks {
		inc := c.snake(day.Add(time.Duration(i) * time.Hour))
		ack := a * time.Minute
		if ack > 2*time.Minute {
			c.breach(inc, dispatch.MilestoneAcknowledge, inc.ReceivedAt.Add(2*time.Minute))
		}
		c.step(inc, dispatch.AssignAcknowledged, ack)
		c.step(inc, dispatch.AssignEnRoute, ack+time.Minute)
		c.step(inc, dispatch.AssignOnScene, ack+10*time.Minute)
		c.step(inc, dispatch.AssignResolved, ack+30*time.Minute)
		incs = append(incs, inc)
	}
	// One more that nobody acknowledged: a breach, no acknowledge time.
	late := c.snake(day.Add(6 * time.Hour))
	c.breach(late, dispatch.MilestoneAcknowledge, late.ReceivedAt.Add(2*time.Minute))

	svc := report.NewService(c.store, wib, "TT")
	r, err := svc.Compliance(ctx, report.Query{From: day.Truncate(24 * time.Hour).Add(-7 * time.Hour), To: day.Add(16 * time.Hour), GroupBy: report.ByAgency})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 1 || r.Groups[0].Key != "damkar" {
		t.Fatalf("groups: %+v", r.Groups)
	}
	g := r.Groups[0]
	ack := g.Intervals["acknowledge"]
	// Acknowledge (dispatched → acknowledged) values: 1,2,3,4,10 min. Nearest rank: median = 3rd, p90 = 5th.
	// Within target (acknowledged ≤ 2 min after the call): 2 of 6 judged (the unacknowledged one counts as missed).
	if ack.N != 5 || ack.Median != 3*60000 || ack.P90 != 10*60000 || ack.Targeted != 6 || ack.Within != 2 || ack.WithinPct != 33.3 {
		t.Errorf("acknowledge: %+v", ack)
	}
	travel := g.Intervals["travel"] // en route → on scene: 9 min each; on scene by 15 min after the call: ack ≤ 5 min
	if travel.N != 5 || travel.Median != 9*60000 || travel.P90 != 9*60000 || travel.Within != 4 || travel.Targeted != 5 {
		t.Errorf("travel: %+v", travel)
	}
	total := g.Intervals["total"] // received → resolved: ack + 30 min: 31,32,33,34,40 → median 33, p90 40; all ≤ 3 h
	if total.N != 5 || total.Median != 33*60000 || total.P90 != 40*60000 || total.WithinPct != 100 {
		t.Errorf("total: %+v", total)
	}
	if g.Incidents != 6 || g.Assignments != 6 {
		t.Errorf("incidents %d assignments %d", g.Incidents, g.Assignments)
	}
	if len(r.Breaches) != 4 {
		t.Fatalf("breaches: %+v", r.Breaches)
	}
	first := r.Breaches[0]
	if first.Code != incs[2].Code || first.Milestone != "acknowledge" || first.Late != time.Minute {
		t.Errorf("first breach: %+v, want %s acknowledge 1 min late", first, incs[2].Code)
	}
	if last := r.Breaches[3]; last.Code != late.Code || last.Late != -1 {
		t.Errorf("the unacknowledged one is listed as not reached: %+v", last)
	}
	if r.Calls["incidents"] != 6 || r.Calls["category:hewan"] != 6 || r.Calls["calls:emergency"] != 6 {
		t.Errorf("counters: %v", r.Calls)
	}
}

func TestIncidentsAreJudgedByTheStandardInForceWhenReceived(t *testing.T) {
	c := newCity(t)
	day := time.Date(2026, 10, 6, 8, 0, 0, 0, wib)
	before := c.snake(day) // charter v1: damkar acknowledges within 2 min
	c.now = day.Add(time.Hour)
	changedAt := c.now
	v2, err := c.svc.ChangeStandard(ctx, agencies.Standard{Agency: agencies.Damkar, Category: "*", Priority: agencies.P2,
		Targets: agencies.Targets{Acknowledge: 5 * time.Minute, Arrive: 20 * time.Minute, Resolve: 3 * time.Hour}}, c.now, "user:admin")
	if err != nil || v2.Version != 2 {
		t.Fatalf("change: %v %+v", err, v2)
	}
	after := c.snake(day.Add(2 * time.Hour)) // v2: within 5 min
	for _, inc := range []*dispatch.Incident{before, after} {
		if inc == before {
			c.breach(inc, dispatch.MilestoneAcknowledge, inc.ReceivedAt.Add(2*time.Minute))
		}
		c.step(inc, dispatch.AssignAcknowledged, 3*time.Minute)
	}
	if got := after.Assignment(agencies.Damkar).Deadlines.Acknowledge.Sub(after.ReceivedAt); got != 5*time.Minute {
		t.Errorf("the new incident's deadline: %v, want 5m from the new standard", got)
	}
	svc := report.NewService(c.store, wib, "TT")
	r, err := svc.Compliance(ctx, report.Query{From: day.Add(-8 * time.Hour), To: day.Add(16 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	ack := r.Overall.Intervals["acknowledge"]
	if ack.Targeted != 2 || ack.Within != 1 {
		t.Errorf("both acknowledged after 3 min: the old incident missed its 2-min standard, the new met its 5-min one: %+v", ack)
	}
	if len(r.Breaches) != 1 || r.Breaches[0].Code != before.Code {
		t.Errorf("breaches: %+v", r.Breaches)
	}
	if vs := c.svc.Charters(ctx); len(vs) != 2 || !vs[1].ValidFrom.Equal(changedAt) {
		t.Errorf("charter versions: %d", len(vs))
	}
}
