package dispatch

import (
	"context"
	"fmt"
	"strings"
)

// recordFeedback updates callers' standing from what responders found: a
// SELESAI makes the callers genuine; a PALSU counts a little until a
// supervisor confirms it.
func RecordFeedback(ctx context.Context, callers Callers, inc *Incident, ev Event) error {
	if callers == nil {
		return nil
	}
	var t StandingType
	switch ev.Type {
	case EventResolved:
		t = StandingGenuine
	case EventFalseReport:
		t = StandingFalseUnconfirmed
	default:
		return nil
	}
	phones := []string{inc.CallerPhone}
	if t == StandingGenuine {
		for _, c := range inc.Callers {
			if !c.Unlinked {
				phones = append(phones, c.Phone)
			}
		}
	}
	for _, p := range phones {
		if p == Withheld || p == "" {
			continue
		}
		se := StandingEvent{Type: t, At: ev.At, Actor: ev.Actor, IncidentID: inc.ID, Code: inc.Code}
		if err := callers.AddStanding(ctx, p, se); err != nil {
			return fmt.Errorf("standing of %s: %w", inc.Code, err)
		}
	}
	return nil
}

// ConfirmFalse is a supervisor confirming a false report: the caller's
// number gets a confirmed false report (which decays), shown on its next calls.
// An incident other callers were linked to needs ConfirmFalseReviewed.
func (s *Service) ConfirmFalse(ctx context.Context, id, note, actor string) (*Incident, error) {
	return s.ConfirmFalseReviewed(ctx, id, note, actor, false)
}

// ConfirmFalseReviewed confirms a false report; when independent callers
// were linked to the incident the supervisor must say their reports were
// reviewed (reviewed=true), and any not yet split off go out on their own
// first: a prank must never take a real caller's report down with it.
func (s *Service) ConfirmFalseReviewed(ctx context.Context, id, note, actor string, reviewed bool) (*Incident, error) {
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if n := inc.IndependentCallers(); n > 0 {
		if !reviewed {
			return nil, &ValidationError{Fields: map[string]FieldError{"reviewed_linked_callers": {Code: "required", Message: fmt.Sprintf(
				"%d other callers were linked to this incident: review their reports (each went out as its own incident) and confirm with reviewed_linked_callers", n)}}}
		}
		if inc, _, err = s.SplitLinked(ctx, string(inc.ID), "dikonfirmasi palsu", actor); err != nil {
			return nil, err
		}
	}
	at := s.now().UTC()
	inc, err = s.store.Append(ctx, inc.ID, Event{Type: EventFalseConfirmed, At: at, Actor: actor, Channel: ChannelAPI,
		Note: strings.TrimSpace(note), Key: "false_confirmed"})
	if err != nil {
		return nil, err
	}
	if inc.CallerPhone != Withheld && s.callers != nil {
		err = s.callers.AddStanding(ctx, inc.CallerPhone, StandingEvent{Type: StandingFalseConfirmed, At: at, Actor: actor,
			IncidentID: inc.ID, Code: inc.Code, Note: strings.TrimSpace(note)})
	}
	return inc, err
}

// ClearCaller is an appeal granted: the number's false reports up to now
// stop counting. The history stays.
func (s *Service) ClearCaller(ctx context.Context, raw, note, actor string) error {
	phone, ok := normalizeCaller(raw)
	if !ok || phone == Withheld {
		return &ValidationError{Fields: map[string]FieldError{"phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	if strings.TrimSpace(note) == "" {
		return &ValidationError{Fields: map[string]FieldError{"note": {Code: "required", Message: "say why the number is cleared"}}}
	}
	return s.callers.AddStanding(ctx, phone, StandingEvent{Type: StandingCleared, At: s.now().UTC(), Actor: actor, Note: strings.TrimSpace(note)})
}

// ErrWatchPolicy is returned when the watch list is off or the number has
// too few confirmed false reports to be placed on it.
var ErrWatchPolicy = fmt.Errorf("%w: watch-list policy", ErrInvalidEvent)

// Watch puts a number on (or takes it off) the repeat-offender watch list.
// A supervisor decides; nothing is ever blocked.
func (s *Service) Watch(ctx context.Context, raw string, on bool, note, actor string) error {
	phone, ok := normalizeCaller(raw)
	if !ok || phone == Withheld {
		return &ValidationError{Fields: map[string]FieldError{"phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	t := StandingWatchOff
	if on {
		t = StandingWatchOn
		_, st, _, err := s.AssessCaller(ctx, phone)
		if err != nil {
			return err
		}
		if !s.hoax.WatchList.Enabled || st.ConfirmedCount < s.hoax.WatchList.AfterConfirmed {
			return fmt.Errorf("%w: enabled=%v, %d of %d confirmed false reports", ErrWatchPolicy,
				s.hoax.WatchList.Enabled, st.ConfirmedCount, s.hoax.WatchList.AfterConfirmed)
		}
	}
	return s.callers.AddStanding(ctx, phone, StandingEvent{Type: t, At: s.now().UTC(), Actor: actor, Note: strings.TrimSpace(note)})
}
