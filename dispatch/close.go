package dispatch

import (
	"context"
	"strings"
)

// Closing is a dispatcher closing an incident. By default agencies that are
// en route or on scene are left to finish (closing as resolved must not turn
// a crew at the scene into "cancelled"); CancelUnfinished cancels them too.
// Assignments nobody has started (queued, notified, acknowledged,
// unreachable) are cancelled either way and their clocks stop.
type Closing struct {
	Disposition      Disposition
	Note             string
	CancelUnfinished bool
	Actor            string
	Channel          Channel
}

// CloseIncident ends an incident as c says. Returns a *ValidationError for
// an unknown disposition, ErrIncidentNotFound, or an error wrapping
// ErrInvalidEvent when it is closed already.
func (s *Service) CloseIncident(ctx context.Context, id string, c Closing) (*Incident, error) {
	if !c.Disposition.Valid() {
		return nil, &ValidationError{Fields: map[string]FieldError{"disposition": {Code: "invalid",
			Message: "disposition must be resolved, false_report, duplicate, referred, cancelled or no_action"}}}
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if (c.Disposition == DispFalseReport || c.Disposition == DispDuplicate) && inc.IndependentCallers() > 0 {
		// Closing must not silence the linked callers: their reports go out first.
		if _, _, err := s.SplitLinked(ctx, string(inc.ID), "ditutup sebagai "+string(c.Disposition), c.Actor); err != nil {
			return nil, err
		}
	}
	var timers []Timer
	if c.Disposition == DispResolved && s.cfg.FeedbackDelay > 0 && inc.CallerPhone != Withheld && len(inc.Assignments) > 0 {
		// Ask the caller how we did, a little after the incident is over.
		timers = append(timers, Timer{Kind: TimerFeedback, IncidentID: inc.ID, Agency: inc.Assignments[0].Agency,
			Due: s.now().Add(s.cfg.FeedbackDelay)})
	}
	return s.store.Append(ctx, inc.ID, Event{Type: EventClosed, At: s.now().UTC(), Actor: c.Actor, Channel: c.Channel,
		Disposition: c.Disposition, Note: strings.TrimSpace(c.Note), KeepWorking: !c.CancelUnfinished}, timers...)
}

// stillWorking reports whether ev is a crew left working after the close
// reporting its progress (TIBA, SELESAI, a receipt): a closed incident
// still takes those for assignments that are not finished.
func stillWorking(inc *Incident, ev Event) bool {
	switch ev.Type {
	case EventEnRoute, EventOnScene, EventResolved, EventFalseReport, EventMessage, EventDelivered, EventDeliveryFailed:
		a := inc.Assignment(ev.Agency)
		return a != nil && !a.Status.Terminal()
	}
	return false
}
