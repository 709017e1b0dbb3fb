package reconcile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/notify"
)

// Outstanding is the work in flight, as the queues and timers hold it.
type Outstanding struct {
	Entries map[dispatch.IncidentID]map[agencies.AgencyID]int // unacknowledged queue entries
	Timers  map[dispatch.IncidentID][]dispatch.Timer
}

// Inspector lets the reconciler see the queues and timers behind the
// workers' back. Errors wrap ErrUnavailable.
type Inspector interface {
	Outstanding(ctx context.Context) (Outstanding, error)
	// Redrive puts an agency's dead-lettered entries whose incident keep
	// accepts back into its queue and returns how many.
	Redrive(ctx context.Context, agency agencies.AgencyID, keep func(dispatch.IncidentID) bool) (int, error)
	// TryLock takes a named lock for ttl; false when another holder has it.
	TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	// BeginOutage returns the shared id of the current SMS provider outage,
	// starting one at since if none is recorded; EndOutage clears it.
	BeginOutage(ctx context.Context, since time.Time) (string, error)
	EndOutage(ctx context.Context) error
}

// ReconcilerConfig tunes the invariant check.
type Config struct {
	Every time.Duration // how often each instance tries a pass; default 3s
	// Grace: an incident changed more recently than this is in flight
	// (a worker is between two writes) and is looked at next time; default 5s.
	Grace time.Duration
	Owner string // this instance's name (lock holder, SMS claims)
}

// ReconcilerDeps are what the reconciler reads and repairs with.
type Deps struct {
	Store     dispatch.Store
	Timers    dispatch.Timers
	Inspector Inspector
	Ledger    dispatch.Ledger
	SMS       agencies.Notifier
	Directory *agencies.Directory
	Agencies  []agencies.AgencyID
	Health    *notify.ProviderHealth
	Metrics   *dispatch.Metrics
	Log       *zap.Logger
}

// Reconciler keeps the first law: every open assignment nobody has taken
// yet is always in one of these states —
//   - SMS accepted by the provider and a timer live that will act if nobody
//     answers (the acknowledge deadline or the next escalation step);
//   - being worked on: a queue entry or a retry/notify/escalation timer;
//   - flagged to people (undeliverable, unreachable).
//
// Each pass finds assignments in none of them, repairs them (schedules the
// missing step), logs and counts the repair. It also re-drives dead letters
// of open incidents once the SMS provider answers, and texts the stations'
// supervisors once per provider outage. Every instance runs one; a Redis
// lock makes one pass at a time, and every repair is idempotent.
type Reconciler struct {
	cfg Config
	Deps
	log *zap.Logger
	now func() time.Time
	// The provider outage this instance saw and whether its alert went out.
	outage  string
	alerted bool
}

// New builds the reconciler.
func New(cfg Config, d Deps) *Reconciler {
	if cfg.Every <= 0 {
		cfg.Every = 3 * time.Second
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 5 * time.Second
	}
	return &Reconciler{cfg: cfg, Deps: d, log: d.Log.Named("reconciler"), now: time.Now}
}

// SetClock replaces the clock (tests).
func (r *Reconciler) SetClock(now func() time.Time) { r.now = now }

// Run checks the invariant every Every until ctx ends.
func (r *Reconciler) Run(ctx context.Context) {
	tick := time.NewTicker(r.cfg.Every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		r.alertOutage(ctx)
		ok, err := r.Inspector.TryLock(ctx, "reconcile", r.cfg.Owner, r.cfg.Every*2/3)
		if err != nil || !ok {
			continue // another instance is on it, or Redis is down (the workers say so)
		}
		if _, err := r.Pass(ctx); err != nil && ctx.Err() == nil {
			r.log.Warn("invariant check failed; trying again", zap.Error(err))
		}
	}
}

// Pass checks every open incident once and returns the repairs made.
func (r *Reconciler) Pass(ctx context.Context) (int, error) {
	out, err := r.Inspector.Outstanding(ctx)
	if err != nil {
		return 0, err
	}
	// Every open incident, not a newest page: a centre that leaves
	// incidents open for weeks must not push its oldest out of the check.
	// One opened or closed while paging can be missed once; every repair
	// is idempotent and the next pass reads it again.
	open, err := dispatch.AllOpen(ctx, r.Store, "")
	if err != nil {
		return 0, err
	}
	byID := map[dispatch.IncidentID]*dispatch.Incident{}
	repairs := 0
	for _, inc := range open {
		byID[inc.ID] = inc
		if r.now().Sub(inc.UpdatedAt) < r.cfg.Grace {
			continue
		}
		for i := range inc.Assignments {
			n, err := r.check(ctx, inc, &inc.Assignments[i], out)
			repairs += n
			if err != nil {
				return repairs, err
			}
		}
	}
	if r.Health.State().State == notify.ProviderOK {
		r.redrive(ctx, byID)
	}
	return repairs, nil
}

// check repairs one assignment if it is in no safe state.
func (r *Reconciler) check(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, out Outstanding) (int, error) {
	if a.Status.Rank() > 1 || a.Status.NeedsAttention() {
		return 0, nil // somebody has it, or people were told
	}
	if out.Entries[inc.ID][a.Agency] > 0 {
		return 0, nil
	}
	live := map[dispatch.TimerKind]bool{}
	for _, t := range out.Timers[inc.ID] {
		if t.Agency == a.Agency && (t.Kind != dispatch.TimerDeadline || t.Milestone == dispatch.MilestoneAcknowledge) && t.Kind != dispatch.TimerWarning && t.Kind != dispatch.TimerCallerPoint {
			live[t.Kind] = true
		}
	}
	var repair dispatch.Timer
	var problem string
	switch {
	case a.Status == dispatch.AssignQueued:
		if live[dispatch.TimerNotify] || live[dispatch.TimerRetry] || live[dispatch.TimerEscalate] || live[dispatch.TimerReassign] {
			return 0, nil
		}
		problem = "queued_without_entry"
		repair = dispatch.Timer{Kind: dispatch.TimerNotify, IncidentID: inc.ID, Agency: a.Agency, Station: a.Station, Due: r.now()}
	default: // notified: somebody's phone has it; something must act if nobody answers
		if len(live) > 0 {
			return 0, nil
		}
		problem = "notified_without_timer"
		repair = dispatch.Timer{Kind: dispatch.TimerEscalate, IncidentID: inc.ID, Agency: a.Agency, Attempt: a.Escalation + 1, Due: r.now()}
		if ack := a.Deadlines.Acknowledge; ack.After(r.now()) {
			repair = dispatch.Timer{Kind: dispatch.TimerDeadline, IncidentID: inc.ID, Agency: a.Agency, Milestone: dispatch.MilestoneAcknowledge, Due: ack}
		}
	}
	if err := r.Timers.Schedule(ctx, repair); err != nil {
		return 0, fmt.Errorf("repair %s %s: %w", inc.Code, a.Agency, err)
	}
	r.Metrics.Repaired(problem)
	r.log.Error("invariant repaired: an open assignment had nothing in flight", zap.String("incident_id", string(inc.ID)),
		zap.String("code", inc.Code), zap.String("agency", string(a.Agency)), zap.String("status", string(a.Status)),
		zap.String("problem", problem), zap.String("repair", string(repair.Kind)))
	return 1, nil
}

// redrive puts dead letters of assignments still waiting back into the queues.
func (r *Reconciler) redrive(ctx context.Context, open map[dispatch.IncidentID]*dispatch.Incident) {
	for _, ag := range r.Agencies {
		keep := func(id dispatch.IncidentID) bool {
			inc := open[id]
			if inc == nil {
				return false
			}
			a := inc.Assignment(ag)
			return a != nil && a.Status.Rank() == 1
		}
		n, err := r.Inspector.Redrive(ctx, ag, keep)
		if err != nil {
			r.log.Warn("cannot re-drive dead letters", zap.String("agency", string(ag)), zap.Error(err))
		}
		if n > 0 {
			r.log.Warn("dead letters re-driven", zap.String("agency", string(ag)), zap.Int("entries", n))
		}
	}
}

// alertOutage texts every station supervisor once per provider outage,
// through whatever route works (the fallback route, or the primary once it
// answers again: the supervisors then still learn which hour to check).
func (r *Reconciler) alertOutage(ctx context.Context) {
	st := r.Health.State()
	if st.State == notify.ProviderDegraded && r.outage == "" {
		id, err := r.Inspector.BeginOutage(ctx, st.Since)
		if err != nil {
			return
		}
		r.outage, r.alerted = id, false
	}
	if r.outage == "" {
		return
	}
	if !r.alerted {
		r.alerted = r.sendOutageAlerts(ctx, r.outage, st.Since)
	}
	if r.alerted && st.State == notify.ProviderOK && r.Inspector.EndOutage(ctx) == nil {
		r.outage = ""
	}
}

// sendOutageAlerts reports whether every supervisor was texted (or has a
// number the provider rejects).
func (r *Reconciler) sendOutageAlerts(ctx context.Context, outage string, since time.Time) bool {
	snd := &notify.Sender{Ledger: r.Ledger, SMS: r.SMS, Consumer: r.cfg.Owner, Lease: func() time.Duration { return 30 * time.Second },
		Log: r.log, Now: r.now}
	body := fmt.Sprintf("SIGAP 112: operator SMS gagal sejak %s; SMS tugas terus dicoba. Tugas bertanda 'SMS tidak terkirim' di papan: hubungi pos lewat telepon/radio.",
		since.In(time.FixedZone("WIB", 7*3600)).Format("15:04"))
	seen := map[string]bool{}
	for _, ag := range r.Agencies {
		for _, stn := range r.Directory.Stations(ag) {
			for _, s := range r.Directory.Supervisors(stn.ID) {
				if seen[s.Phone] {
					continue
				}
				seen[s.Phone] = true
				key := fmt.Sprintf("outage:%s:%s", outage, s.ID)
				_, err := snd.Once(ctx, key, agencies.SMS{To: s.Phone, Body: body, Tag: key}, dispatch.SendRecord{Responder: s.ID, Attempt: -1})
				if err != nil && !errors.Is(err, agencies.ErrUndeliverable) {
					return false // not through yet: tried again next tick, the ledger keeps it once
				}
			}
		}
	}
	r.log.Warn("supervisors told of the SMS provider outage", zap.String("outage", outage), zap.Int("supervisors", len(seen)))
	return true
}
