package dispatch

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// facts gathers what is known about a number.
func (s *Service) facts(ctx context.Context, phone string) (CallerFacts, error) {
	f := CallerFacts{Phone: phone}
	if phone == Withheld || phone == "" {
		f.Phone = Withheld
		return f, nil
	}
	calls, err := s.calls.CallerHistory(ctx, phone, 200)
	if err != nil {
		return f, err
	}
	f.Calls = calls
	if s.callers != nil {
		if f.Standing, err = s.callers.Standing(ctx, phone); err != nil {
			return f, err
		}
	}
	return f, nil
}

// assessReport scores a report before it is stored.
func (s *Service) assessReport(ctx context.Context, r Report, res classify.Result) (Assessment, error) {
	if s.hoax == nil {
		return Assessment{Level: LevelNormal}, nil
	}
	f, err := s.facts(ctx, r.CallerPhone)
	if err != nil {
		return Assessment{}, err
	}
	cat, _ := s.tax.Category(res.Category)
	in := AssessInput{At: s.now().UTC(), Facts: f, LifeThreatening: cat.LifeThreatening, Cues: r.Cues, Callers: 1, Credible: r.Credible}
	in.OutsideCity = !s.atlas.Locate(orb.Point{r.Lon, r.Lat}).InCity
	if r.Handset != nil {
		in.HandsetDistance = geo.Distance(orb.Point{r.Lon, r.Lat}, orb.Point{r.Handset.Lon, r.Handset.Lat})
	}
	return s.hoax.Assess(in), nil
}

// reassess scores a stored incident again after corroboration changed.
func (s *Service) reassess(ctx context.Context, inc *Incident) (Assessment, error) {
	if s.hoax == nil {
		return Assessment{Level: LevelNormal}, nil
	}
	f, err := s.facts(ctx, inc.CallerPhone)
	if err != nil {
		return Assessment{}, err
	}
	// The number's history as it was when the call came in, plus what came since about this incident.
	in := AssessInput{At: inc.ReceivedAt, Facts: f, LifeThreatening: inc.LifeThreat, Cues: inc.Cues,
		Callers: inc.activeCallers(), Credible: inc.Credible, OutsideCity: !inc.Location.InCity}
	if inc.Handset != nil {
		in.HandsetDistance = geo.Distance(pointOf(inc), orb.Point{inc.Handset.Lon, inc.Handset.Lat})
	}
	return s.hoax.Assess(in), nil
}

// AssessCaller scores a number as if it called now (for the caller page).
func (s *Service) AssessCaller(ctx context.Context, raw string) (Assessment, Standing, []StandingEvent, error) {
	phone, ok := normalizeCaller(raw)
	f, err := s.facts(ctx, phone)
	if err != nil || s.hoax == nil {
		return Assessment{}, Standing{}, nil, err
	}
	f.Invalid = !ok
	now := s.now().UTC()
	return s.hoax.Assess(AssessInput{At: now, Facts: f, Callers: 1}), standingOf(f.Standing, now, s.hoax.HalfLife()), f.Standing, nil
}

// Duplicate is an incident the new report may be about.
type Duplicate struct {
	IncidentID IncidentID          `json:"incident_id"`
	Code       string              `json:"code"`
	Category   classify.CategoryID `json:"category"`
	Name       string              `json:"category_name"`
	Status     Status              `json:"status"`
	DistanceM  float64             `json:"distance_m"`
	AgeMinutes float64             `json:"age_minutes"`
	Reason     string              `json:"reason"` // nearby or same_caller
	Callers    int                 `json:"callers"`
	Level      Level               `json:"level"` // the candidate's own hoax-risk level
}

// DuplicateQuery describes a report being taken.
type DuplicateQuery struct {
	Category classify.CategoryID
	Lat, Lon float64
	Phone    string
	At       time.Time
}

// Duplicates suggests incidents a new report may duplicate: compatible
// category within the group's radius and window, or the same caller within
// its window at any distance; open ones and those closed very recently.
// The call-taker decides; nothing is linked automatically.
func (s *Service) Duplicates(ctx context.Context, q DuplicateQuery) ([]Duplicate, error) {
	if s.hoax == nil {
		return nil, nil
	}
	d := &s.hoax.Duplicates
	if q.At.IsZero() {
		q.At = s.now().UTC()
	}
	recent, err := s.store.List(ctx, ListFilter{Since: q.At.Add(-d.lookback()), Limit: 1000})
	if err != nil {
		return nil, err
	}
	phone, _ := normalizeCaller(q.Phone)
	p := orb.Point{q.Lon, q.Lat}
	var out []Duplicate
	for _, inc := range recent {
		if !inc.Status.Open() && (inc.ClosedAt == nil || q.At.Sub(*inc.ClosedAt) > d.ClosedWithin) {
			continue
		}
		dist, age := geo.Distance(p, pointOf(inc)), q.At.Sub(inc.ReceivedAt)
		reason := ""
		if phone != Withheld && (phone == inc.CallerPhone || inc.hasCaller(phone)) && age <= d.SameCallerWithin {
			reason = "same_caller"
		} else if g := d.group(q.Category); g != nil && g == d.group(inc.Category) && dist <= g.RadiusM && age <= g.Window && age >= 0 {
			reason = "nearby"
		}
		if reason != "" {
			level := LevelNormal
			if inc.Hoax != nil {
				level = inc.Hoax.Level
			}
			out = append(out, Duplicate{IncidentID: inc.ID, Code: inc.Code, Category: inc.Category, Name: inc.CategoryName,
				Status: inc.Status, DistanceM: math.Round(dist), AgeMinutes: math.Round(age.Minutes()*10) / 10, Reason: reason,
				Callers: inc.activeCallers(), Level: level})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DistanceM < out[j].DistanceM })
	return out, nil
}

func (d *DuplicateConfig) lookback() time.Duration {
	m := d.SameCallerWithin
	for _, g := range d.Groups {
		m = max(m, g.Window)
	}
	return m + d.ClosedWithin
}

func (inc *Incident) hasCaller(phone string) bool {
	for _, c := range inc.Callers {
		if c.Phone == phone && !c.Unlinked {
			return true
		}
	}
	return false
}

// Link records another caller as reporting an incident already logged: no
// second dispatch, the call is kept, the incident is corroborated; enough
// independent callers close together raise the priority to P1.
// A repeated key (a double click, a retry) links once.
func (s *Service) Link(ctx context.Context, id string, c LinkedCaller, key string) (*Incident, error) {
	phone, ok := normalizeCaller(c.Phone)
	if !ok {
		return nil, &ValidationError{Fields: map[string]FieldError{"caller_phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Phone, c.At, c.Description = phone, s.now().UTC(), strings.TrimSpace(c.Description)
	ev := Event{Type: EventCallerLinked, At: c.At, Actor: c.Actor, Channel: ChannelConsole, Caller: &c}
	if key = strings.TrimSpace(key); key != "" {
		ev.Key = "link:" + key
	}
	before := inc.Version
	inc, err = s.store.Append(ctx, inc.ID, ev)
	if err != nil || inc.Version == before {
		return inc, err // a repeated link request changes nothing
	}
	if err := s.calls.LogCall(ctx, Call{ID: uuid.Must(uuid.NewV7()).String(), Type: CallEmergency, CallerPhone: phone,
		At: c.At, Actor: c.Actor, IncidentID: inc.ID, IncidentCode: inc.Code, Note: "linked"}); err != nil {
		return nil, err
	}
	if inc, err = s.appendAssessment(ctx, inc, c.Actor); err != nil {
		return nil, err
	}
	return s.surge(ctx, inc, c.Actor)
}

// Unlink undoes a link (the second call was about something else).
func (s *Service) Unlink(ctx context.Context, id, phone, actor string) (*Incident, error) {
	p, _ := normalizeCaller(phone)
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	inc, err = s.store.Append(ctx, inc.ID, Event{Type: EventCallerUnlinked, At: s.now().UTC(), Actor: actor, Channel: ChannelConsole,
		Caller: &LinkedCaller{Phone: p}})
	if err != nil {
		return nil, err
	}
	return s.appendAssessment(ctx, inc, actor)
}

// appendAssessment recomputes and logs the hoax-risk score.
func (s *Service) appendAssessment(ctx context.Context, inc *Incident, actor string) (*Incident, error) {
	a, err := s.reassess(ctx, inc)
	if err != nil {
		return nil, err
	}
	return s.store.Append(ctx, inc.ID, Event{Type: EventAssessed, At: s.now().UTC(), Actor: actor, Channel: ChannelSystem, Assessment: &a})
}

// surge raises an incident to P1 when enough independent callers report it
// from close together within a short time.
func (s *Service) surge(ctx context.Context, inc *Incident, actor string) (*Incident, error) {
	sg := s.hoax.Duplicates.Surge
	if inc.Priority == agencies.P1 || sg.Callers < 2 {
		return inc, nil
	}
	n := 1
	for _, c := range inc.Callers {
		near := c.Lat == 0 || geo.Distance(pointOf(inc), orb.Point{c.Lon, c.Lat}) <= sg.RadiusM
		if !c.Unlinked && near && c.At.Sub(inc.ReceivedAt) <= sg.Window {
			n++
		}
	}
	if n < sg.Callers {
		return inc, nil
	}
	return s.store.Append(ctx, inc.ID, Event{Type: EventPriority, At: s.now().UTC(), Actor: actor, Channel: ChannelSystem,
		Priority: agencies.P1, Reason: fmt.Sprintf("%d penelepon berbeda dalam %v dan %.0f m", n, sg.Window, sg.RadiusM), Key: "surge"})
}

// MarkCredible records that the call-taker vouches for the caller.
func (s *Service) MarkCredible(ctx context.Context, id, actor string) (*Incident, error) {
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if inc, err = s.store.Append(ctx, inc.ID, Event{Type: EventCredible, At: s.now().UTC(), Actor: actor, Channel: ChannelConsole, Key: "credible"}); err != nil {
		return nil, err
	}
	return s.appendAssessment(ctx, inc, actor)
}
