package dispatch

import (
	"context"
	"fmt"
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
