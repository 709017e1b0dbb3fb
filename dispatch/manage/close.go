package manage

import (
	"context"
	"strings"

	"github.com/sigap112/sigap/dispatch"
)

// Closing is a dispatcher closing an incident. By default agencies that are
// en route or on scene are left to finish (closing as resolved must not turn
// a crew at the scene into "cancelled"); CancelUnfinished cancels them too.
// Assignments nobody has started (queued, notified, acknowledged,
// unreachable) are cancelled either way and their clocks stop.
type Closing struct {
	Disposition      dispatch.Disposition
	Note             string
	CancelUnfinished bool
	Actor            string
	Channel          dispatch.Channel
}

// CloseIncident ends an incident as c says. Returns a *ValidationError for
// an unknown disposition, ErrIncidentNotFound, or an error wrapping
// ErrInvalidEvent when it is closed already.
func (s *Service) CloseIncident(ctx context.Context, id string, c Closing) (*dispatch.Incident, error) {
	if !c.Disposition.Valid() {
		return nil, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"disposition": {Code: "invalid",
			Message: "disposition must be resolved, false_report, duplicate, referred, cancelled or no_action"}}}
	}
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if (c.Disposition == dispatch.DispFalseReport || c.Disposition == dispatch.DispDuplicate) && inc.IndependentCallers() > 0 {
		// Closing must not silence the linked callers: their reports go out first.
		if _, _, err := s.intake.SplitLinked(ctx, string(inc.ID), "ditutup sebagai "+string(c.Disposition), c.Actor); err != nil {
			return nil, err
		}
	}
	var timers []dispatch.Timer
	if c.Disposition == dispatch.DispResolved && s.Cfg.FeedbackDelay > 0 && inc.CallerPhone != dispatch.Withheld && len(inc.Assignments) > 0 {
		// Ask the caller how we did, a little after the incident is over.
		timers = append(timers, dispatch.Timer{Kind: dispatch.TimerFeedback, IncidentID: inc.ID, Agency: inc.Assignments[0].Agency,
			Due: s.Now().Add(s.Cfg.FeedbackDelay)})
	}
	return s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventClosed, At: s.Now().UTC(), Actor: c.Actor, Channel: c.Channel,
		Disposition: c.Disposition, Note: strings.TrimSpace(c.Note), KeepWorking: !c.CancelUnfinished}, timers...)
}
