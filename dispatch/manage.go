package dispatch

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/geo"
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

// AddNote appends a call-taker's note to the incident's log (notes are
// never edited: a correction is another note).
func (s *Service) AddNote(ctx context.Context, id, text, actor string, ch Channel) (*Incident, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > MaxDescription {
		return nil, &ValidationError{Fields: map[string]FieldError{"text": {Code: "required", Message: "write the note (at most 2000 characters)"}}}
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.store.Append(ctx, inc.ID, Event{Type: EventNote, At: s.now().UTC(), Actor: actor, Channel: ch, Note: text})
}

// Reassign moves an agency's assignment to another station of that agency
// (a dispatcher's decision) and texts it there.
func (s *Service) Reassign(ctx context.Context, id string, agency agencies.AgencyID, station agencies.StationID, reason, actor string) (*Incident, error) {
	st, ok := s.dir.Station(station)
	ve := &ValidationError{}
	if !ok || st.Agency != agency {
		ve.add("station", "invalid", fmt.Sprintf("station %q is not a station of %s", station, agency))
	}
	if strings.TrimSpace(reason) == "" {
		ve.add("reason", "required", "say why the assignment moves")
	}
	if err := ve.orNil(); err != nil {
		return nil, err
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if a := inc.Assignment(agency); a != nil && (a.Station == station || contains(a.Tried, station)) {
		return nil, &ValidationError{Fields: map[string]FieldError{"station": {Code: "invalid",
			Message: "the assignment is with that station or was with it before: choose another"}}}
	}
	p := PointOf(inc)
	next, err := s.store.Append(ctx, inc.ID, Event{Type: EventReassigned, At: s.now().UTC(), Actor: actor, Channel: ChannelAPI,
		Agency: agency, Reason: strings.TrimSpace(reason),
		Assignment: &Assignment{Agency: agency, Station: st.ID, StationName: st.Name, DistanceM: math.Round(geo.Distance(p, st.Location))}},
		Timer{Kind: TimerNotify, IncidentID: inc.ID, Agency: agency, Attempt: inc.Version + 1, Due: s.now()})
	return next, err
}
