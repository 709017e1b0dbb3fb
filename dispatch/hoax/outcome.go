package hoax

import (
	"context"
	"fmt"

	"github.com/sigap112/sigap/dispatch"
)

// RecordFeedback updates callers' standing from what responders found: a
// SELESAI makes the callers genuine; a PALSU counts a little until a
// supervisor confirms it.
func RecordFeedback(ctx context.Context, callers dispatch.Callers, inc *dispatch.Incident, ev dispatch.Event) error {
	if callers == nil {
		return nil
	}
	var t dispatch.StandingType
	switch ev.Type {
	case dispatch.EventResolved:
		t = dispatch.StandingGenuine
	case dispatch.EventFalseReport:
		t = dispatch.StandingFalseUnconfirmed
	default:
		return nil
	}
	phones := []string{inc.CallerPhone}
	if t == dispatch.StandingGenuine {
		for _, c := range inc.Callers {
			if !c.Unlinked {
				phones = append(phones, c.Phone)
			}
		}
	}
	for _, p := range phones {
		if p == dispatch.Withheld || p == "" {
			continue
		}
		se := dispatch.StandingEvent{Type: t, At: ev.At, Actor: ev.Actor, IncidentID: inc.ID, Code: inc.Code}
		if err := callers.AddStanding(ctx, p, se); err != nil {
			return fmt.Errorf("standing of %s: %w", inc.Code, err)
		}
	}
	return nil
}
