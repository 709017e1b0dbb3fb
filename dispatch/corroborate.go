package dispatch

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"math"
	"strings"
	"unicode/utf8"

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

// Link records another caller as reporting an incident already logged: no
// second dispatch, the call is kept with the caller's own location and
// words, the incident is corroborated; enough independent callers close
// together raise the priority to P1. A caller farther than the category's
// radius, or describing a different kind of emergency, is linked only with
// the call-taker's explicit confirmation (ConfirmFar, ConfirmKind): a wrong
// link would leave the caller's own emergency unattended.
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
	c.Phone, c.At, c.Description, c.Address = phone, s.now().UTC(), strings.TrimSpace(c.Description), strings.TrimSpace(c.Address)
	c.SplitTo = ""
	if err := s.checkLink(inc, &c); err != nil {
		return nil, err
	}
	ev := Event{Type: EventCallerLinked, At: c.At, Actor: c.Actor, Channel: ChannelConsole, Caller: &c}
	if key = strings.TrimSpace(key); key != "" {
		ev.Key = "link:" + key
	}
	before := inc.Version
	inc, err = s.store.Append(ctx, inc.ID, ev, s.crewTimers(inc, len(inc.Callers), c)...)
	if err != nil || inc.Version == before {
		return inc, err // a repeated link request changes nothing
	}
	s.index(ctx, inc)
	if err := s.calls.LogCall(ctx, Call{ID: uuid.Must(uuid.NewV7()).String(), Type: CallEmergency, CallerPhone: phone,
		At: c.At, Actor: c.Actor, IncidentID: inc.ID, IncidentCode: inc.Code, Note: "linked"}); err != nil {
		return nil, err
	}
	if inc, err = s.appendAssessment(ctx, inc, c.Actor); err != nil {
		return nil, err
	}
	return s.surge(ctx, inc, c.Actor)
}

// checkLink refuses a link that could silence the caller's own report, and
// records on the caller what it was judged on (distance, kind).
func (s *Service) checkLink(inc *Incident, c *LinkedCaller) error {
	ve := &ValidationError{}
	if !linkable(inc) {
		ve.add("incident", "reported_false", "responders reported this incident false, or it was closed as false or duplicate: log the call as its own incident")
	}
	if callback := c.Phone != Withheld && (c.Phone == inc.CallerPhone || inc.hasCaller(c.Phone)); !crewed(inc) && !callback {
		ve.add("incident", "no_crew", "no agency was sent to this incident (referred): log the call as its own incident")
	}
	if utf8.RuneCountInString(c.Description) > MaxDescription {
		ve.add("description", "too_long", fmt.Sprintf("at most %d characters", MaxDescription))
	}
	hasPoint := c.Lat != 0 || c.Lon != 0
	if hasPoint && geo.ValidPoint(c.Lat, c.Lon) != nil {
		ve.add("location", "out_of_range", "lat must be within -90..90 and lon within -180..180")
		hasPoint = false
	}
	if res := s.tax.Classify(c.Description); res.Emergency {
		c.Category = res.Category
	}
	if s.hoax != nil {
		d := &s.hoax.Duplicates
		rule := d.pair(c.Category, inc.Category)
		if hasPoint {
			c.DistanceM = math.Round(geo.Distance(orb.Point{c.Lon, c.Lat}, pointOf(inc)))
			if c.DistanceM > rule.RadiusM && rule.RadiusM > 0 && !c.ConfirmFar {
				ve.add("confirm_far", "confirmation_required", fmt.Sprintf(
					"the caller is %.1f km from the incident, beyond the %.0f m of its category: confirm it is the same event (confirm_far)",
					c.DistanceM/1000, rule.RadiusM))
			}
		}
		gc, gi := d.group(c.Category), d.group(inc.Category)
		if c.Category != "" && c.Category != inc.Category && (gc == nil || gc != gi) && !c.ConfirmKind {
			ve.add("confirm_different_kind", "confirmation_required", fmt.Sprintf(
				"the caller describes %s, the incident is %s: confirm it is the same event (confirm_different_kind)", c.Category, inc.Category))
		}
		same := c.Phone != Withheld && (c.Phone == inc.CallerPhone || inc.hasCaller(c.Phone)) // a callback
		mine, theirs := streetsIn(c.Address, c.Description), inc.streets()
		dist := 0.0
		if hasPoint {
			dist = c.DistanceM
		}
		if different, unverified := placeCheck(mine, theirs, d.houses(inc.Category), dist, rule.RadiusM, d.streetBeyond()); !c.ConfirmPlace && !same {
			switch {
			case different:
				ve.add("confirm_different_place", "confirmation_required", fmt.Sprintf(
					"the caller names %s, the incident's callers %s: confirm it is the same place (confirm_different_place)",
					strings.Join(mine, ", "), strings.Join(theirs, ", ")))
			case unverified && dist <= rule.RadiusM:
				ve.add("confirm_different_place", "confirmation_required", fmt.Sprintf(
					"the caller is %.0f m from the incident and no street is named by both: ask for the street, then confirm (confirm_different_place)", dist))
			}
		}
	}
	return ve.orNil()
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
