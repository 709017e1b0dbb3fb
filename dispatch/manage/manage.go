package manage

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/geo"
)

// statusEvents are the statuses a dispatcher may set on a responder's behalf.
var statusEvents = map[dispatch.AssignmentStatus]dispatch.EventType{
	dispatch.AssignAcknowledged: dispatch.EventAcknowledged,
	dispatch.AssignEnRoute:      dispatch.EventEnRoute,
	dispatch.AssignOnScene:      dispatch.EventOnScene,
	dispatch.AssignResolved:     dispatch.EventResolved,
	dispatch.AssignFalseReport:  dispatch.EventFalseReport,
	"declined":                  dispatch.EventDeclined,
}

// StatusUpdate is a dispatcher recording what a responder reported by
// radio or phone. The reason is required: the log must say why a human,
// not the responder's SMS, moved the assignment.
type StatusUpdate struct {
	Agency    agencies.AgencyID
	Status    dispatch.AssignmentStatus
	Reason    string
	Responder agencies.ResponderID // optional: who did it
	Actor     string
	Channel   dispatch.Channel
}

// UpdateStatus applies a dispatcher's status change. Returns a
// *ValidationError for bad input, a *TransitionError when the status does
// not follow from the current one, ErrIncidentNotFound.
func (s *Service) UpdateStatus(ctx context.Context, id string, u StatusUpdate) (*dispatch.Incident, error) {
	ve := &dispatch.ValidationError{}
	t, ok := statusEvents[u.Status]
	if !ok {
		ve.Add("status", "invalid", "status must be acknowledged, en_route, on_scene, resolved, false_report or declined")
	}
	if strings.TrimSpace(u.Reason) == "" {
		ve.Add("reason", "required", "say why the status is set on the responder's behalf")
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ev := dispatch.Event{Type: t, At: s.Now().UTC(), Actor: u.Actor, Channel: u.Channel, Agency: u.Agency,
		Responder: u.Responder, Reason: strings.TrimSpace(u.Reason), Note: strings.TrimSpace(u.Reason)}
	var timers []dispatch.Timer
	if a := inc.Assignment(u.Agency); t == dispatch.EventDeclined && a != nil {
		timers = append(timers, dispatch.DeclineTimer(inc, a, s.Now()))
	}
	next, err := s.Store.Append(ctx, inc.ID, ev, timers...)
	if err != nil {
		return nil, err
	}
	if err := hoax.RecordFeedback(ctx, s.Callers, next, ev); err != nil {
		return next, err
	}
	if t == dispatch.EventFalseReport {
		s.intake.SplitAfterFalse(ctx, next) // the linked callers' own reports go out on their own
		return s.Store.Get(ctx, string(next.ID))
	}
	return next, nil
}

// Close ends an incident with a disposition; agencies en route or on scene
// are left to finish, every other unfinished assignment is cancelled and
// its clocks stop (see CloseIncident).
func (s *Service) Close(ctx context.Context, id string, d dispatch.Disposition, note, actor string, ch dispatch.Channel) (*dispatch.Incident, error) {
	return s.CloseIncident(ctx, id, Closing{Disposition: d, Note: note, Actor: actor, Channel: ch})
}

// ExplainBreach records why a charter deadline was missed (a supervisor's
// annotation); the reason stays with the breach in reports.
func (s *Service) ExplainBreach(ctx context.Context, id string, agency agencies.AgencyID, m dispatch.Milestone, reason, actor string) (*dispatch.Incident, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"reason": {Code: "required", Message: "give the reason"}}}
	}
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventBreachReason, At: s.Now().UTC(), Actor: actor, Channel: dispatch.ChannelAPI,
		Agency: agency, Milestone: m, Reason: strings.TrimSpace(reason)})
}

// Events returns an incident's log by id or code.
func (s *Service) Events(ctx context.Context, id string) ([]dispatch.Event, error) {
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Store.Events(ctx, inc.ID)
}

// AddNote appends a call-taker's note to the incident's log (notes are
// never edited: a correction is another note).
func (s *Service) AddNote(ctx context.Context, id, text, actor string, ch dispatch.Channel) (*dispatch.Incident, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > dispatch.MaxDescription {
		return nil, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"text": {Code: "required", Message: "write the note (at most 2000 characters)"}}}
	}
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventNote, At: s.Now().UTC(), Actor: actor, Channel: ch, Note: text})
}

// Reassign moves an agency's assignment to another station of that agency
// (a dispatcher's decision) and texts it there.
func (s *Service) Reassign(ctx context.Context, id string, agency agencies.AgencyID, station agencies.StationID, reason, actor string) (*dispatch.Incident, error) {
	st, ok := s.Dir.Station(station)
	ve := &dispatch.ValidationError{}
	if !ok || st.Agency != agency {
		ve.Add("station", "invalid", fmt.Sprintf("station %q is not a station of %s", station, agency))
	}
	if strings.TrimSpace(reason) == "" {
		ve.Add("reason", "required", "say why the assignment moves")
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if a := inc.Assignment(agency); a != nil && (a.Station == station || intake.Contains(a.Tried, station)) {
		return nil, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"station": {Code: "invalid",
			Message: "the assignment is with that station or was with it before: choose another"}}}
	}
	p := dispatch.PointOf(inc)
	next, err := s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventReassigned, At: s.Now().UTC(), Actor: actor, Channel: dispatch.ChannelAPI,
		Agency: agency, Reason: strings.TrimSpace(reason),
		Assignment: &dispatch.Assignment{Agency: agency, Station: st.ID, StationName: st.Name, DistanceM: math.Round(geo.Distance(p, st.Location))}},
		dispatch.Timer{Kind: dispatch.TimerNotify, IncidentID: inc.ID, Agency: agency, Attempt: inc.Version + 1, Due: s.Now()})
	return next, err
}
