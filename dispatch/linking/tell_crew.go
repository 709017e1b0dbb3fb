package linking

import "github.com/sigap112/sigap/dispatch"

// TellsCrew reports whether a caller linked this far from the incident's
// point has the crew texted the caller's point.
func (s *Service) TellsCrew(distanceM float64) bool {
	return s.Hoax != nil && distanceM > s.Hoax.Duplicates.TellCrewBeyond()
}

// crewTimers are the texts owed to the crews of inc for the linked caller c
// (to be caller number idx on the incident): one per assignment still
// working, scheduled with the link itself so a crash cannot lose them.
func (s *Service) crewTimers(inc *dispatch.Incident, idx int, c dispatch.LinkedCaller) []dispatch.Timer {
	if (c.Lat == 0 && c.Lon == 0) || !s.TellsCrew(c.DistanceM) || (c.Phone != dispatch.Withheld && c.Phone == inc.CallerPhone) {
		return nil // no point, near, or the first caller calling back from elsewhere
	}
	var out []dispatch.Timer
	for _, a := range inc.Assignments {
		if !a.Status.Terminal() {
			out = append(out, dispatch.Timer{Kind: dispatch.TimerCallerPoint, IncidentID: inc.ID, Agency: a.Agency, Attempt: idx, Due: s.Now().UTC()})
		}
	}
	return out
}
