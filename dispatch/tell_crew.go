package dispatch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sigap112/sigap/agencies"
)

// TimerCallerPoint: a caller linked to an incident stood farther than
// duplicates.tell_crew_beyond_m from its point; the crew of the assignment
// is texted that caller's point, address and words. Linking must never
// silence a report: two fires 250 m apart linked as one still have someone
// told to look at the second point. Attempt is the caller's index on the
// incident.
const TimerCallerPoint TimerKind = "caller_point"

// defaultTellCrewBeyondM applies when the configuration gives none.
const defaultTellCrewBeyondM = 150

func (d *DuplicateConfig) tellCrewBeyond() float64 {
	if d.TellCrewBeyondM > 0 {
		return d.TellCrewBeyondM
	}
	return defaultTellCrewBeyondM
}

// TellsCrew reports whether a caller linked this far from the incident's
// point has the crew texted the caller's point.
func (s *Service) TellsCrew(distanceM float64) bool {
	return s.hoax != nil && distanceM > s.hoax.Duplicates.tellCrewBeyond()
}

// crewTimers are the texts owed to the crews of inc for the linked caller c
// (to be caller number idx on the incident): one per assignment still
// working, scheduled with the link itself so a crash cannot lose them.
func (s *Service) crewTimers(inc *Incident, idx int, c LinkedCaller) []Timer {
	if (c.Lat == 0 && c.Lon == 0) || !s.TellsCrew(c.DistanceM) || (c.Phone != Withheld && c.Phone == inc.CallerPhone) {
		return nil // no point, near, or the first caller calling back from elsewhere
	}
	var out []Timer
	for _, a := range inc.Assignments {
		if !a.Status.Terminal() {
			out = append(out, Timer{Kind: TimerCallerPoint, IncidentID: inc.ID, Agency: a.Agency, Attempt: idx, Due: s.now().UTC()})
		}
	}
	return out
}

// tellCrew texts the assignment's crew (everyone the assignment reached; the
// station's supervisors when nobody was) another caller's point. Waits while
// the assignment itself has not gone out; nothing once the assignment is
// finished or the caller was unlinked or split off (their report went out
// on its own). Each text goes once (send ledger).
func (w *Worker) tellCrew(ctx context.Context, inc *Incident, a *Assignment, t *Timer) error {
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
		if n.Status == StatusRejected || seen[n.Phone] {
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
		_, err := w.sender().once(ctx, key, msg, SendRecord{IncidentID: inc.ID, Agency: a.Agency, Responder: r.ID})
		switch {
		case err == nil:
			sent++
		case errors.Is(err, agencies.ErrUndeliverable):
		default:
			return err // retried; what went out is not sent again
		}
	}
	ev := w.event(EventNote, a.Agency)
	ev.Key = fmt.Sprintf("callerpoint:%s:%d", a.Agency, t.Attempt)
	ev.Note = fmt.Sprintf("titik penelepon lain (%.0f m dari titik insiden, %s) dikirim ke %d petugas %s", c.DistanceM,
		strings.TrimSpace(c.Address+" "+c.Phone), sent, a.Agency)
	return w.append(ctx, inc.ID, ev)
}

// composeCallerPoint is the text telling a crew another caller's point.
func composeCallerPoint(inc *Incident, c LinkedCaller, lang agencies.Lang) string {
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
