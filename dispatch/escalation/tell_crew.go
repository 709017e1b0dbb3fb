package escalation

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// tellCrew texts the assignment's crew (everyone the assignment reached; the
// station's supervisors when nobody was) another caller's point. Waits while
// the assignment itself has not gone out; nothing once the assignment is
// finished or the caller was unlinked or split off (their report went out
// on its own). Each text goes once (send ledger).
func (w *Worker) tellCrew(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, t *dispatch.Timer) error {
	if a.Status.Terminal() || t.Attempt >= len(inc.Callers) {
		return nil
	}
	c := inc.Callers[t.Attempt]
	if c.Unlinked || c.SplitTo != "" {
		return nil
	}
	if awaitingSMS(a) {
		later := *t
		later.Due = w.now().Add(time.Minute)
		return w.Timers.Schedule(ctx, later)
	}
	var to []*agencies.Responder
	seen := map[string]bool{}
	for _, n := range a.Notified {
		if n.Status == dispatch.StatusRejected || seen[n.Phone] {
			continue
		}
		seen[n.Phone] = true
		r := &agencies.Responder{ID: n.Responder, Name: n.Name, Phone: n.Phone}
		if known, ok := w.Directory.Responder(n.Responder); ok {
			r.Lang = known.Lang
		}
		to = append(to, r)
	}
	if len(to) == 0 {
		to = w.Directory.Supervisors(a.Station)
	}
	sent := 0
	for _, r := range to {
		key := fmt.Sprintf("callerpoint:%s:%s:%d:%s", inc.ID, a.Agency, t.Attempt, r.ID)
		msg := agencies.SMS{To: r.Phone, Body: composeCallerPoint(inc, c, r.Lang), Tag: key, IncidentID: string(inc.ID)}
		_, err := w.sender().Once(ctx, key, msg, dispatch.SendRecord{IncidentID: inc.ID, Agency: a.Agency, Responder: r.ID})
		switch {
		case err == nil:
			sent++
		case errors.Is(err, agencies.ErrUndeliverable):
		default:
			return err // retried; what went out is not sent again
		}
	}
	ev := w.event(dispatch.EventNote, a.Agency)
	ev.Key = fmt.Sprintf("callerpoint:%s:%d", a.Agency, t.Attempt)
	ev.Note = fmt.Sprintf("titik penelepon lain (%.0f m dari titik insiden, %s) dikirim ke %d petugas %s", c.DistanceM,
		strings.TrimSpace(c.Address+" "+c.Phone), sent, a.Agency)
	return w.append(ctx, inc.ID, ev)
}

// composeCallerPoint is the text telling a crew another caller's point.
func composeCallerPoint(inc *dispatch.Incident, c dispatch.LinkedCaller, lang agencies.Lang) string {
	words := strings.TrimSpace(c.Description)
	if utf8.RuneCountInString(words) > 60 {
		words = string([]rune(words)[:60]) + "…"
	}
	where := strings.TrimSpace(c.Address)
	if where != "" {
		where += " "
	}
	where += fmt.Sprintf("maps.google.com/?q=%.5f,%.5f", c.Lat, c.Lon)
	if lang == agencies.English {
		return fmt.Sprintf("SIGAP %s: another caller reports from %.0f m away: %s \"%s\" tel %s. CHECK THIS POINT TOO.",
			inc.Code, c.DistanceM, where, words, c.Phone)
	}
	return fmt.Sprintf("SIGAP %s: penelepon lain melapor dari %.0f m: %s \"%s\" tel %s. CEK JUGA TITIK INI.",
		inc.Code, c.DistanceM, where, words, c.Phone)
}
