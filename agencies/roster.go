package agencies

import (
	"fmt"
	"strings"
	"time"
)

// Shift is a recurring duty period of some responders of one station, in the
// city's local time (WIB). A shift starts at Start on Anchor and then every
// EveryDays days, lasting Hours; so "08:00, 24 h, every 3 days" describes the
// regu A/B/C rotation of a fire station, and "07:00, 12 h, every day" a day
// shift. Weekdays, when set, limits the days a shift may start on.
type Shift struct {
	Name       string         `yaml:"name"`
	Station    StationID      `yaml:"station"`
	Start      string         `yaml:"start"` // "HH:MM" local time
	Hours      float64        `yaml:"hours"`
	EveryDays  int            `yaml:"every_days"`
	Anchor     string         `yaml:"anchor"`   // "YYYY-MM-DD", a day the shift starts on
	Weekdays   []string       `yaml:"weekdays"` // optional: mon tue wed thu fri sat sun
	Responders []ResponderID  `yaml:"responders"`
	startMin   int            // minutes after local midnight
	anchorDay  time.Time      // local midnight of Anchor
	days       map[int]bool   // allowed time.Weekday values; nil = all
	loc        *time.Location // city time zone
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// prepare parses the textual fields; it reports every problem to errs.
func (s *Shift) prepare(loc *time.Location, field string, errs *configErrors) {
	s.loc = loc
	var h, m int
	if _, err := fmt.Sscanf(s.Start, "%d:%d", &h, &m); err != nil || h < 0 || h > 23 || m < 0 || m > 59 || len(s.Start) != 5 {
		errs.add(field+".start", "%q is not a time of day HH:MM", s.Start)
	}
	s.startMin = h*60 + m
	if s.Hours <= 0 || s.Hours > 72 {
		errs.add(field+".hours", "must be between 0 and 72, got %v", s.Hours)
	}
	if s.EveryDays == 0 {
		s.EveryDays = 1
	}
	if s.EveryDays < 0 || s.EveryDays > 28 {
		errs.add(field+".every_days", "must be between 1 and 28, got %d", s.EveryDays)
	}
	if s.Anchor == "" {
		s.Anchor = "2026-01-01"
	}
	d, err := time.ParseInLocation("2006-01-02", s.Anchor, loc)
	if err != nil {
		errs.add(field+".anchor", "%q is not a date YYYY-MM-DD", s.Anchor)
	}
	s.anchorDay = d
	for i, w := range s.Weekdays {
		wd, ok := weekdayNames[strings.ToLower(w)]
		if !ok {
			errs.add(fieldf("%s.weekdays[%d]", field, i), "%q is not one of mon tue wed thu fri sat sun", w)
			continue
		}
		if s.days == nil {
			s.days = map[int]bool{}
		}
		s.days[int(wd)] = true
	}
	if len(s.Responders) == 0 {
		errs.add(field+".responders", "a shift needs at least one responder")
	}
}

// Active reports whether the shift is on duty at t.
func (s *Shift) Active(t time.Time) bool {
	local := t.In(s.loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, s.loc)
	// A shift of up to 72 h may have started on any of the previous three days.
	for back := 0; back <= 3; back++ {
		d := day.AddDate(0, 0, -back)
		if !s.startsOn(d) {
			continue
		}
		start := d.Add(time.Duration(s.startMin) * time.Minute)
		end := start.Add(time.Duration(s.Hours * float64(time.Hour)))
		if !local.Before(start) && local.Before(end) {
			return true
		}
	}
	return false
}

// startsOn reports whether an occurrence of the shift starts on the local day d.
func (s *Shift) startsOn(d time.Time) bool {
	days := int(d.Sub(s.anchorDay).Round(time.Hour).Hours() / 24)
	if ((days%s.EveryDays)+s.EveryDays)%s.EveryDays != 0 {
		return false
	}
	return s.days == nil || s.days[int(d.Weekday())]
}

// Roster is the set of shifts of every station.
type Roster struct {
	byStation map[StationID][]*Shift
}

// OnDuty returns the responders of station on duty at t, in roster order,
// without duplicates.
func (r *Roster) OnDuty(station StationID, t time.Time) []ResponderID {
	var out []ResponderID
	seen := map[ResponderID]bool{}
	for _, s := range r.byStation[station] {
		if !s.Active(t) {
			continue
		}
		for _, id := range s.Responders {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// Gaps lists the times within one week (and whole rotation cycles) at which a
// station has nobody on duty, checked every 30 minutes from from. A 112
// centre wants to know before the night it happens.
func (r *Roster) Gaps(station StationID, from time.Time) []time.Time {
	cycle := 7
	for _, s := range r.byStation[station] {
		cycle = lcm(cycle, s.EveryDays)
	}
	if cycle > 28 {
		cycle = 28
	}
	var gaps []time.Time
	for t := from; t.Before(from.AddDate(0, 0, cycle)); t = t.Add(30 * time.Minute) {
		if len(r.OnDuty(station, t)) == 0 {
			gaps = append(gaps, t)
		}
	}
	return gaps
}

func lcm(a, b int) int {
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	return a / x * b
}

// NextCrew returns the responders of the station's next shift to start after
// t who are not on duty at t: the people to call in when nobody on duty can
// be reached. Looks up to three days ahead.
func (r *Roster) NextCrew(station StationID, t time.Time) []ResponderID {
	now := map[ResponderID]bool{}
	for _, id := range r.OnDuty(station, t) {
		now[id] = true
	}
	for step := 30 * time.Minute; step <= 72*time.Hour; step += 30 * time.Minute {
		var crew []ResponderID
		for _, id := range r.OnDuty(station, t.Add(step)) {
			if !now[id] {
				crew = append(crew, id)
			}
		}
		if len(crew) > 0 {
			return crew
		}
	}
	return nil
}
