package manage

import (
	"context"
	"fmt"
	"strings"

	"github.com/sigap112/sigap/dispatch"
)

// ConfirmFalse is a supervisor confirming a false report: the caller's
// number gets a confirmed false report (which decays), shown on its next calls.
// An incident other callers were linked to needs ConfirmFalseReviewed.
func (s *Service) ConfirmFalse(ctx context.Context, id, note, actor string) (*dispatch.Incident, error) {
	return s.ConfirmFalseReviewed(ctx, id, note, actor, false)
}

// ConfirmFalseReviewed confirms a false report; when independent callers
// were linked to the incident the supervisor must say their reports were
// reviewed (reviewed=true), and any not yet split off go out on their own
// first: a prank must never take a real caller's report down with it.
func (s *Service) ConfirmFalseReviewed(ctx context.Context, id, note, actor string, reviewed bool) (*dispatch.Incident, error) {
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if n := inc.IndependentCallers(); n > 0 {
		if !reviewed {
			return nil, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"reviewed_linked_callers": {Code: "required", Message: fmt.Sprintf(
				"%d other callers were linked to this incident: review their reports (each went out as its own incident) and confirm with reviewed_linked_callers", n)}}}
		}
		if inc, _, err = s.intake.SplitLinked(ctx, string(inc.ID), "dikonfirmasi palsu", actor); err != nil {
			return nil, err
		}
	}
	at := s.Now().UTC()
	inc, err = s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventFalseConfirmed, At: at, Actor: actor, Channel: dispatch.ChannelAPI,
		Note: strings.TrimSpace(note), Key: "false_confirmed"})
	if err != nil {
		return nil, err
	}
	if inc.CallerPhone != dispatch.Withheld && s.Callers != nil {
		err = s.Callers.AddStanding(ctx, inc.CallerPhone, dispatch.StandingEvent{Type: dispatch.StandingFalseConfirmed, At: at, Actor: actor,
			IncidentID: inc.ID, Code: inc.Code, Note: strings.TrimSpace(note)})
	}
	return inc, err
}
