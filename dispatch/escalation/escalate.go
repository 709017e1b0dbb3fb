package escalation

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/notify"
	"github.com/sigap112/sigap/geo"
)

// handleTimer acts on a fired timer. A timer whose reason has gone (the
// assignment was acknowledged, the incident closed) does nothing.
func (w *Worker) handleTimer(ctx context.Context, d dispatch.Delivery) error {
	t := d.Timer
	if t.Kind == dispatch.TimerFeedback {
		return w.askFeedback(ctx, t.IncidentID)
	}
	inc, a, err := w.load(ctx, t.IncidentID, t.Agency)
	if err != nil || a == nil {
		return err
	}
	switch t.Kind {
	case dispatch.TimerWarning:
		if a.ReachedAt(t.Milestone) != nil || a.Status.Terminal() {
			return nil
		}
		ev := w.event(dispatch.EventWarning, a.Agency)
		ev.Milestone, ev.Key = t.Milestone, "warning:"+string(a.Agency)+":"+string(t.Milestone)
		err = w.append(ctx, inc.ID, ev)
	case dispatch.TimerDeadline:
		err = w.deadline(ctx, inc, a, t, d.EntryID)
	case dispatch.TimerRetry:
		err = w.retry(ctx, inc, a, t)
	case dispatch.TimerEscalate:
		if a.Status.Rank() > 1 {
			return nil // somebody took it
		}
		if a.Escalation >= t.Attempt {
			// This step was taken already; make sure the next check exists
			// (scheduling is idempotent), so a lost write cannot stall the ladder.
			return w.Timers.Schedule(ctx, w.escalationTimer(inc, a))
		}
		err = w.escalate(ctx, inc, a, "belum ada yang menerima tugas", d.EntryID)
	case dispatch.TimerReassign:
		err = w.declined(ctx, inc, a, t, d.EntryID)
	case dispatch.TimerCallerPoint:
		err = w.tellCrew(ctx, inc, a, t)
	case dispatch.TimerNotify:
		if !awaitingSMS(a) {
			return nil
		}
		if err = w.notifyStation(ctx, inc, a); err == nil {
			err = w.Timers.Schedule(ctx, w.escalationTimer(inc, a))
		}
	default:
		return fmt.Errorf("%w: unknown timer kind %q", dispatch.ErrInvalidEvent, t.Kind)
	}
	if errors.Is(err, dispatch.ErrInvalidEvent) {
		w.log.Info("timer no longer applies", zap.String("timer", t.ID()), zap.Error(err))
		return nil // the incident moved on (closed, reassigned) between load and append
	}
	return err
}

// append logs an event; a keyed event already in the log is not an error.
func (w *Worker) append(ctx context.Context, id dispatch.IncidentID, ev dispatch.Event) error {
	_, err := w.Store.Append(ctx, id, ev)
	return err
}

// deadline records a missed charter deadline, alerts the station's
// supervisors and, for an unacknowledged assignment, escalates.
func (w *Worker) deadline(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, t *dispatch.Timer, entry string) error {
	if at := a.ReachedAt(t.Milestone); (at != nil && !at.After(t.Due)) || a.Status == dispatch.AssignCancelled {
		return nil
	}
	ev := w.event(dispatch.EventBreached, a.Agency)
	due := t.Due
	ev.Milestone, ev.Deadline, ev.Key = t.Milestone, &due, "breach:"+string(a.Agency)+":"+string(t.Milestone)
	if err := w.append(ctx, inc.ID, ev); err != nil {
		return err
	}
	w.Metrics.Breach(a.Agency, t.Milestone)
	if err := w.alertSupervisors(ctx, inc, a, string(t.Milestone), t.Due); err != nil {
		return err
	}
	if t.Milestone == dispatch.MilestoneAcknowledge && a.Status.Rank() == 1 && a.Escalation == 0 {
		return w.escalate(ctx, inc, a, "batas waktu TERIMA terlewati", entry)
	}
	return nil
}

// alertSupervisors texts the station's supervisors once per incident,
// agency and milestone ("" milestone: nobody reachable).
func (w *Worker) alertSupervisors(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, milestone string, due time.Time) error {
	ag, _ := w.Directory.Agency(a.Agency)
	for _, s := range w.Directory.Supervisors(a.Station) {
		body := agencies.ComposeAlert(agencies.Alert{Code: inc.Code, Agency: ag.ShortName, Station: a.StationName,
			Category: notify.CategoryName(w.Taxonomy, inc, s.Lang), Milestone: milestone, Deadline: due, Location: w.Directory.Location()}, s.Lang)
		key := fmt.Sprintf("alert:%s:%s:%s:%s", inc.ID, a.Agency, milestone, s.ID)
		_, err := w.sender().Once(ctx, key, agencies.SMS{To: s.Phone, Body: body, Tag: key, IncidentID: string(inc.ID)},
			dispatch.SendRecord{IncidentID: inc.ID, Agency: a.Agency, Responder: s.ID, Attempt: -1})
		if err != nil && !errors.Is(err, agencies.ErrUndeliverable) {
			return err
		}
	}
	return nil
}

// retry resends the assignment to one responder after a failed delivery.
func (w *Worker) retry(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, t *dispatch.Timer) error {
	r, ok := w.Directory.Responder(t.Responder)
	if !ok || a.Status.Rank() > 1 || a.Status.NeedsAttention() {
		return nil
	}
	n, err := w.sendAssignment(ctx, inc, a, r, t.Attempt)
	if errors.Is(err, agencies.ErrUndeliverable) {
		return nil
	}
	if err != nil {
		return err
	}
	ev := w.event(dispatch.EventNotified, a.Agency)
	ev.Notified, ev.Key = []dispatch.Notification{n}, fmt.Sprintf("retry:%s:%s:%d", a.Agency, r.ID, t.Attempt)
	return w.append(ctx, inc.ID, ev)
}

// escalate takes the next step of the ladder: the station's on-duty
// responders not texted yet, then the crew of its next shift (called in),
// then its supervisors, then the agency's other stations
// (nearest first), then flags the assignment unreachable for a human.
func (w *Worker) escalate(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, reason, entry string) error {
	for level := 0; ; level++ {
		// Keys name the agency: two agencies' queue entries of one incident
		// can carry the same stream ID (their streams are independent).
		key := fmt.Sprintf("%s:%s:%d", a.Agency, entry, level)
		step, targets, station := w.nextStep(inc, a)
		switch step {
		case "":
			ev := w.event(dispatch.EventUnreachable, a.Agency)
			ev.Reason, ev.Key = "tidak ada petugas yang bisa dihubungi: "+reason, "unreachable:"+key
			if err := w.append(ctx, inc.ID, ev); err != nil {
				return err
			}
			return w.alertSupervisors(ctx, inc, a, "", time.Time{})
		case "other_station":
			return w.reassign(ctx, inc, a, station, reason, key)
		}
		sent, err := w.sendAll(ctx, inc, a, targets, 0)
		if err != nil {
			return err
		}
		ev := w.event(dispatch.EventEscalated, a.Agency)
		ev.Step, ev.Notified, ev.Reason, ev.Key = step, sent, reason, "escalate:"+key
		next, err := w.Store.Append(ctx, inc.ID, ev)
		if err != nil {
			return err
		}
		inc, a = next, next.Assignment(a.Agency)
		if dispatch.Reached(sent) {
			return w.Timers.Schedule(ctx, w.escalationTimer(inc, a))
		}
		// Every number of this step was rejected: take the next step now.
	}
}

// declined passes a declined assignment to the agency's next station, or
// up the ladder when the agency has no other station.
func (w *Worker) declined(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, t *dispatch.Timer, entry string) error {
	if a.Status.Rank() > 3 || a.Status.Terminal() || (t.Station != "" && t.Station != a.Station) {
		return nil // moved on already, or this decline was about a station that no longer holds it
	}
	if st := w.otherStation(inc, a); st != nil {
		return w.reassign(ctx, inc, a, st, "ditolak: "+a.Note, entry)
	}
	return w.escalate(ctx, inc, a, "ditolak: "+a.Note, entry)
}

// reassign gives the assignment to another station and texts it there.
func (w *Worker) reassign(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, st *agencies.Station, reason, entry string) error {
	p := dispatch.PointOf(inc)
	ev := w.event(dispatch.EventReassigned, a.Agency)
	ev.Assignment = &dispatch.Assignment{Agency: a.Agency, Station: st.ID, StationName: st.Name, DistanceM: math.Round(geo.Distance(p, st.Location))}
	ev.Reason, ev.Key = reason, "reassign:"+string(a.Agency)+":"+entry
	next, err := w.Store.Append(ctx, inc.ID, ev)
	if err != nil {
		return err
	}
	na := next.Assignment(a.Agency)
	if na.Status != dispatch.AssignQueued || na.Station != st.ID {
		return nil // already handled by an earlier attempt of this entry
	}
	if err := w.notifyStation(ctx, next, na); err != nil {
		return err
	}
	return w.Timers.Schedule(ctx, w.escalationTimer(next, na))
}

// nextStep finds who to try next for an assignment nobody has taken.
func (w *Worker) nextStep(inc *dispatch.Incident, a *dispatch.Assignment) (string, []*agencies.Responder, *agencies.Station) {
	texted := map[agencies.ResponderID]bool{}
	for _, n := range a.Notified {
		texted[n.Responder] = true
	}
	fresh := func(rs []*agencies.Responder) []*agencies.Responder {
		var out []*agencies.Responder
		for _, r := range rs {
			if !texted[r.ID] {
				out = append(out, r)
			}
		}
		return out
	}
	if rs := fresh(w.Directory.OnDuty(a.Station, w.now())); len(rs) > 0 {
		return "next_responder", rs, nil
	}
	if rs := fresh(w.Directory.NextCrew(a.Station, w.now())); len(rs) > 0 {
		return "next_responder", rs, nil
	}
	if rs := fresh(w.Directory.Supervisors(a.Station)); len(rs) > 0 {
		return "supervisor", rs, nil
	}
	if st := w.otherStation(inc, a); st != nil {
		return "other_station", nil, st
	}
	return "", nil, nil
}

// otherStation is the nearest station of the agency not tried yet.
func (w *Worker) otherStation(inc *dispatch.Incident, a *dispatch.Assignment) *agencies.Station {
	tried := map[agencies.StationID]bool{a.Station: true}
	for _, s := range a.Tried {
		tried[s] = true
	}
	var options []*agencies.Station
	for _, s := range w.Directory.Stations(a.Agency) {
		if !tried[s.ID] {
			options = append(options, s)
		}
	}
	p := dispatch.PointOf(inc)
	sort.SliceStable(options, func(i, j int) bool {
		return geo.Distance(p, options[i].Location) < geo.Distance(p, options[j].Location)
	})
	if len(options) == 0 {
		return nil
	}
	return options[0]
}

// askFeedback texts the caller of a resolved incident for a rating.
func (w *Worker) askFeedback(ctx context.Context, id dispatch.IncidentID) error {
	inc, err := w.Store.Get(ctx, string(id))
	if err != nil || inc.FeedbackAsked != nil || inc.CallerPhone == dispatch.Withheld {
		return err
	}
	key := "feedback:" + string(inc.ID)
	body := w.feedbackText(ctx, inc)
	if _, err := w.sender().Once(ctx, key, agencies.SMS{To: inc.CallerPhone, Body: body, Tag: key, IncidentID: string(inc.ID)},
		dispatch.SendRecord{Attempt: -1}); err != nil && !errors.Is(err, agencies.ErrUndeliverable) {
		return err
	}
	ev := w.event(dispatch.EventFeedbackAsked, "")
	ev.Key = "feedback"
	return w.append(ctx, inc.ID, ev)
}
