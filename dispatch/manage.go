package dispatch

import (
	"context"
	"strings"

	"github.com/sigap112/sigap/agencies"
)

// statusEvents are the statuses a dispatcher may set on a responder's behalf.
var statusEvents = map[AssignmentStatus]EventType{
	AssignAcknowledged: EventAcknowledged,
	AssignEnRoute:      EventEnRoute,
	AssignOnScene:      EventOnScene,
	AssignResolved:     EventResolved,
	AssignFalseReport:  EventFalseReport,
	"declined":         EventDeclined,
}

// StatusUpdate is a dispatcher recording what a responder reported by
// radio or phone. The reason is required: the log must say why a human,
// not the responder's SMS, moved the assignment.
type StatusUpdate struct {
	Agency    agencies.AgencyID
	Status    AssignmentStatus
	Reason    string
	Responder agencies.ResponderID // optional: who did it
	Actor     string
	Channel   Channel
}

// UpdateStatus applies a dispatcher's status change. Returns a
// *ValidationError for bad input, a *TransitionError when the status does
// not follow from the current one, ErrIncidentNotFound.
func (s *Service) UpdateStatus(ctx context.Context, id string, u StatusUpdate) (*Incident, error) {
	ve := &ValidationError{}
	t, ok := statusEvents[u.Status]
	if !ok {
		ve.add("status", "invalid", "status must be acknowledged, en_route, on_scene, resolved, false_report or declined")
	}
	if strings.TrimSpace(u.Reason) == "" {
		ve.add("reason", "required", "say why the status is set on the responder's behalf")
	}
	if err := ve.orNil(); err != nil {
		return nil, err
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ev := Event{Type: t, At: s.now().UTC(), Actor: u.Actor, Channel: u.Channel, Agency: u.Agency,
		Responder: u.Responder, Reason: strings.TrimSpace(u.Reason), Note: strings.TrimSpace(u.Reason)}
	var timers []Timer
	if a := inc.Assignment(u.Agency); t == EventDeclined && a != nil {
		timers = append(timers, DeclineTimer(inc, a, s.now()))
	}
	next, err := s.store.Append(ctx, inc.ID, ev, timers...)
	if err != nil {
		return nil, err
	}
	if err := RecordFeedback(ctx, s.callers, next, ev); err != nil {
		return next, err
	}
	if t == EventFalseReport {
		s.SplitAfterFalse(ctx, next) // the linked callers' own reports go out on their own
		return s.store.Get(ctx, string(next.ID))
	}
	return next, nil
}

// Close ends an incident with a disposition; agencies en route or on scene
// are left to finish, every other unfinished assignment is cancelled and
// its clocks stop (see CloseIncident).
func (s *Service) Close(ctx context.Context, id string, d Disposition, note, actor string, ch Channel) (*Incident, error) {
	return s.CloseIncident(ctx, id, Closing{Disposition: d, Note: note, Actor: actor, Channel: ch})
}

// ExplainBreach records why a charter deadline was missed (a supervisor's
// annotation); the reason stays with the breach in reports.
func (s *Service) ExplainBreach(ctx context.Context, id string, agency agencies.AgencyID, m Milestone, reason, actor string) (*Incident, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, &ValidationError{Fields: map[string]FieldError{"reason": {Code: "required", Message: "give the reason"}}}
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.store.Append(ctx, inc.ID, Event{Type: EventBreachReason, At: s.now().UTC(), Actor: actor, Channel: ChannelAPI,
		Agency: agency, Milestone: m, Reason: strings.TrimSpace(reason)})
}

// Events returns an incident's log by id or code.
func (s *Service) Events(ctx context.Context, id string) ([]Event, error) {
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.store.Events(ctx, inc.ID)
}
