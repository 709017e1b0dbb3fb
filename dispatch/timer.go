package dispatch

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// TimerKind says what a timer does when it fires.
type TimerKind string

// Timer kinds.
const (
	TimerWarning  TimerKind = "warning"  // a charter deadline is near
	TimerDeadline TimerKind = "deadline" // a charter deadline is due
	TimerRetry    TimerKind = "retry"    // resend a failed SMS to one responder
	TimerEscalate TimerKind = "escalate" // nobody took the assignment: next escalation step
	TimerReassign TimerKind = "reassign" // the station declined (TOLAK): pass it to another station
	TimerNotify   TimerKind = "notify"   // a dispatcher moved the assignment: text the new station
	TimerFeedback TimerKind = "feedback" // ask the caller to rate the service
)

// Timer is a future action on an assignment. Timers live in Redis, not in
// process memory: they survive restarts and are shared by every instance.
// When due, a timer becomes an entry of its agency's queue, so it is handled
// at least once by one worker; handlers are idempotent, so its effect
// happens exactly once.
type Timer struct {
	Kind       TimerKind            `json:"kind"`
	IncidentID IncidentID           `json:"incident"`
	Agency     agencies.AgencyID    `json:"agency"`
	Milestone  Milestone            `json:"milestone,omitempty"`
	Responder  agencies.ResponderID `json:"responder,omitempty"`
	Station    agencies.StationID   `json:"station,omitempty"` // TimerReassign: the station that declined
	Attempt    int                  `json:"attempt,omitempty"`
	Due        time.Time            `json:"due"`
	// Tries counts how often handling this timer failed at the SMS provider
	// (not part of its ID: a retry replaces the timer).
	Tries int `json:"tries,omitempty"`
}

// ID identifies the timer: scheduling the same timer twice keeps one.
func (t Timer) ID() string {
	return fmt.Sprintf("%s:%s:%s:%s:%s:%d", t.IncidentID, t.Agency, t.Kind, t.Milestone, t.Responder, t.Attempt)
}

// Timers keeps timers until they are due.
type Timers interface {
	// Schedule adds timers (replacing any with the same ID).
	Schedule(ctx context.Context, ts ...Timer) error
	// Fire moves up to max timers due at now into their agencies' queues,
	// atomically: a timer is moved once, whichever instance calls Fire.
	Fire(ctx context.Context, now time.Time, max int) (int, error)
}

// CharterTimers lists the warning and deadline timers of an assignment.
func CharterTimers(inc *Incident, a *Assignment, warningAt float64) []Timer {
	var out []Timer
	for _, m := range []struct {
		ms  Milestone
		due time.Time
	}{{MilestoneAcknowledge, a.Deadlines.Acknowledge}, {MilestoneArrive, a.Deadlines.Arrive}, {MilestoneResolve, a.Deadlines.Resolve}} {
		if m.due.IsZero() {
			continue
		}
		base := Timer{IncidentID: inc.ID, Agency: a.Agency, Milestone: m.ms}
		warn := base
		warn.Kind = TimerWarning
		warn.Due = inc.ReceivedAt.Add(time.Duration(float64(m.due.Sub(inc.ReceivedAt)) * warningAt))
		dl := base
		dl.Kind, dl.Due = TimerDeadline, m.due
		out = append(out, warn, dl)
	}
	return out
}

// Clock fires due timers. Every server instance runs one; Redis decides
// which instance moves each timer.
type Clock struct {
	timers   Timers
	interval time.Duration
	log      *zap.Logger
	now      func() time.Time
}

// NewClock returns a clock polling every interval (default 100 ms, so a
// timer fires well within a second of its time).
func NewClock(t Timers, interval time.Duration, log *zap.Logger) *Clock {
	if interval <= 0 {
		interval = 100 * time.Millisecond
	}
	return &Clock{timers: t, interval: interval, log: log.Named("clock"), now: time.Now}
}

// SetClock replaces the clock (tests).
func (c *Clock) SetClock(now func() time.Time) { c.now = now }

// Run fires timers until ctx ends.
func (c *Clock) Run(ctx context.Context) {
	tick := time.NewTicker(c.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for {
			n, err := c.timers.Fire(ctx, c.now(), 500)
			if err != nil {
				if ctx.Err() == nil {
					c.log.Warn("firing timers failed; retrying", zap.Error(err))
				}
				break
			}
			if n < 500 {
				break
			}
		}
	}
}

// DeclineTimer passes a declined assignment on at once. It names the
// station that declined: a second TOLAK of the same crew (or a double click)
// must not move the assignment on from the next station too.
func DeclineTimer(inc *Incident, a *Assignment, now time.Time) Timer {
	return Timer{Kind: TimerReassign, IncidentID: inc.ID, Agency: a.Agency, Station: a.Station, Attempt: len(a.Tried), Due: now}
}

// TimerCallerPoint: a caller linked to an incident stood farther than
// duplicates.tell_crew_beyond_m from its point; the crew of the assignment
// is texted that caller's point, address and words. Linking must never
// silence a report: two fires 250 m apart linked as one still have someone
// told to look at the second point. Attempt is the caller's index on the
// incident.
const TimerCallerPoint TimerKind = "caller_point"
