package linking

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/geo"
)

// Link records another caller as reporting an incident already logged: no
// second dispatch, the call is kept with the caller's own location and
// words, the incident is corroborated; enough independent callers close
// together raise the priority to P1. A caller farther than the category's
// radius, or describing a different kind of emergency, is linked only with
// the call-taker's explicit confirmation (ConfirmFar, ConfirmKind): a wrong
// link would leave the caller's own emergency unattended.
// A repeated key (a double click, a retry) links once.
func (s *Service) Link(ctx context.Context, id string, c dispatch.LinkedCaller, key string) (*dispatch.Incident, error) {
	phone, ok := dispatch.NormalizeCaller(c.Phone)
	if !ok {
		return nil, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"caller_phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Phone, c.At, c.Description, c.Address = phone, s.Now().UTC(), strings.TrimSpace(c.Description), strings.TrimSpace(c.Address)
	c.SplitTo = ""
	if err := s.checkLink(inc, &c); err != nil {
		return nil, err
	}
	ev := dispatch.Event{Type: dispatch.EventCallerLinked, At: c.At, Actor: c.Actor, Channel: dispatch.ChannelConsole, Caller: &c}
	if key = strings.TrimSpace(key); key != "" {
		ev.Key = "link:" + key
	}
	before := inc.Version
	inc, err = s.Store.Append(ctx, inc.ID, ev, s.crewTimers(inc, len(inc.Callers), c)...)
	if err != nil || inc.Version == before {
		return inc, err // a repeated link request changes nothing
	}
	s.Index(ctx, inc)
	if err := s.Calls.LogCall(ctx, dispatch.Call{ID: uuid.Must(uuid.NewV7()).String(), Type: dispatch.CallEmergency, CallerPhone: phone,
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
func (s *Service) checkLink(inc *dispatch.Incident, c *dispatch.LinkedCaller) error {
	ve := &dispatch.ValidationError{}
	if !Linkable(inc) {
		ve.Add("incident", "reported_false", "responders reported this incident false, or it was closed as false or duplicate: log the call as its own incident")
	}
	if callback := c.Phone != dispatch.Withheld && (c.Phone == inc.CallerPhone || inc.HasCaller(c.Phone)); !crewed(inc) && !callback {
		ve.Add("incident", "no_crew", "no agency was sent to this incident (referred): log the call as its own incident")
	}
	if utf8.RuneCountInString(c.Description) > dispatch.MaxDescription {
		ve.Add("description", "too_long", fmt.Sprintf("at most %d characters", dispatch.MaxDescription))
	}
	hasPoint := c.Lat != 0 || c.Lon != 0
	if hasPoint && geo.ValidPoint(c.Lat, c.Lon) != nil {
		ve.Add("location", "out_of_range", "lat must be within -90..90 and lon within -180..180")
		hasPoint = false
	}
	if res := s.Tax.Classify(c.Description); res.Emergency {
		c.Category = res.Category
	}
	if s.Hoax != nil {
		d := &s.Hoax.Duplicates
		rule := d.Pair(c.Category, inc.Category)
		if hasPoint {
			c.DistanceM = math.Round(geo.Distance(orb.Point{c.Lon, c.Lat}, dispatch.PointOf(inc)))
			if c.DistanceM > rule.RadiusM && rule.RadiusM > 0 && !c.ConfirmFar {
				ve.Add("confirm_far", "confirmation_required", fmt.Sprintf(
					"the caller is %.1f km from the incident, beyond the %.0f m of its category: confirm it is the same event (confirm_far)",
					c.DistanceM/1000, rule.RadiusM))
			}
		}
		gc, gi := d.Group(c.Category), d.Group(inc.Category)
		if c.Category != "" && c.Category != inc.Category && (gc == nil || gc != gi) && !c.ConfirmKind {
			ve.Add("confirm_different_kind", "confirmation_required", fmt.Sprintf(
				"the caller describes %s, the incident is %s: confirm it is the same event (confirm_different_kind)", c.Category, inc.Category))
		}
		same := c.Phone != dispatch.Withheld && (c.Phone == inc.CallerPhone || inc.HasCaller(c.Phone)) // a callback
		mine, theirs := streetsIn(c.Address, c.Description), streetsOf(inc)
		dist := 0.0
		if hasPoint {
			dist = c.DistanceM
		}
		if different, unverified := placeCheck(mine, theirs, d.Houses(inc.Category), dist, rule.RadiusM, d.StreetBeyondFraction()); !c.ConfirmPlace && !same {
			switch {
			case different:
				ve.Add("confirm_different_place", "confirmation_required", fmt.Sprintf(
					"the caller names %s, the incident's callers %s: confirm it is the same place (confirm_different_place)",
					strings.Join(mine, ", "), strings.Join(theirs, ", ")))
			case unverified && dist <= rule.RadiusM:
				ve.Add("confirm_different_place", "confirmation_required", fmt.Sprintf(
					"the caller is %.0f m from the incident and no street is named by both: ask for the street, then confirm (confirm_different_place)", dist))
			}
		}
	}
	return ve.OrNil()
}

// Unlink undoes a link (the second call was about something else).
func (s *Service) Unlink(ctx context.Context, id, phone, actor string) (*dispatch.Incident, error) {
	p, _ := dispatch.NormalizeCaller(phone)
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	inc, err = s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventCallerUnlinked, At: s.Now().UTC(), Actor: actor, Channel: dispatch.ChannelConsole,
		Caller: &dispatch.LinkedCaller{Phone: p}})
	if err != nil {
		return nil, err
	}
	return s.appendAssessment(ctx, inc, actor)
}

// appendAssessment recomputes and logs the hoax-risk score.
func (s *Service) appendAssessment(ctx context.Context, inc *dispatch.Incident, actor string) (*dispatch.Incident, error) {
	a, err := s.hoax.Reassess(ctx, inc)
	if err != nil {
		return nil, err
	}
	return s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventAssessed, At: s.Now().UTC(), Actor: actor, Channel: dispatch.ChannelSystem, Assessment: &a})
}

// surge raises an incident to P1 when enough independent callers report it
// from close together within a short time.
func (s *Service) surge(ctx context.Context, inc *dispatch.Incident, actor string) (*dispatch.Incident, error) {
	sg := s.Hoax.Duplicates.Surge
	if inc.Priority == agencies.P1 || sg.Callers < 2 {
		return inc, nil
	}
	n := 1
	for _, c := range inc.Callers {
		near := c.Lat == 0 || geo.Distance(dispatch.PointOf(inc), orb.Point{c.Lon, c.Lat}) <= sg.RadiusM
		if !c.Unlinked && near && c.At.Sub(inc.ReceivedAt) <= sg.Window {
			n++
		}
	}
	if n < sg.Callers {
		return inc, nil
	}
	return s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventPriority, At: s.Now().UTC(), Actor: actor, Channel: dispatch.ChannelSystem,
		Priority: agencies.P1, Reason: fmt.Sprintf("%d penelepon berbeda dalam %v dan %.0f m", n, sg.Window, sg.RadiusM), Key: "surge"})
}

// MarkCredible records that the call-taker vouches for the caller.
func (s *Service) MarkCredible(ctx context.Context, id, actor string) (*dispatch.Incident, error) {
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if inc, err = s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventCredible, At: s.Now().UTC(), Actor: actor, Channel: dispatch.ChannelConsole, Key: "credible"}); err != nil {
		return nil, err
	}
	return s.appendAssessment(ctx, inc, actor)
}
