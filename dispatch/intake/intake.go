package intake

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/paulmach/orb"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// Intake validates, classifies, locates and routes a report, then stores the
// incident and queues its assignments in one atomic write. A repeated
// idempotency key returns the first incident (created=false) and creates nothing.
func (s *Service) Intake(ctx context.Context, r dispatch.Report, key string) (*dispatch.Incident, bool, error) {
	s.linking.CallbackCategory(ctx, &r)
	res, err := s.validate(&r)
	if err != nil {
		return nil, false, err
	}
	idem := dispatch.Idempotency{Key: strings.TrimSpace(key), Hash: r.Digest()}
	if idem.Key != "" {
		if inc, err := s.Store.Lookup(ctx, idem); err == nil {
			return inc, false, nil
		} else if err != dispatch.ErrIncidentNotFound {
			return nil, false, err
		}
	}
	assessment, err := s.hoax.AssessReport(ctx, r, res)
	if err != nil {
		// The score never holds a dispatch back: without it, say so and go on.
		s.Log.Warn("hoax-risk score unavailable", zap.Error(err))
		assessment = dispatch.Assessment{Level: dispatch.LevelNormal, Signals: []dispatch.Signal{{ID: "unavailable",
			Text: "skor risiko tidak tersedia saat laporan diterima", TextEN: "risk score unavailable when the call was logged"}}}
	}
	n, err := s.Store.NextCode(ctx)
	if err != nil {
		return nil, false, err
	}
	s.Charter.Refresh(ctx, s.Now(), s.Log)
	events := s.plan(r, res, fmt.Sprintf("%s-%04d", s.Cfg.CodePrefix, n))
	events[0].Incident.Hoax = &assessment
	inc, created, err := s.Store.Create(ctx, events, s.timersOf(events), idem)
	if err != nil {
		return nil, false, fmt.Errorf("intake: %w", err)
	}
	if created {
		s.linking.Index(ctx, inc)
		s.Log.Info("incident created", zap.String("incident_id", string(inc.ID)), zap.String("code", inc.Code),
			zap.String("category", string(inc.Category)), zap.Int("assignments", len(inc.Assignments)),
			zap.String("caller", agencies.MaskPhone(inc.CallerPhone)))
	}
	return inc, created, nil
}

// Validate checks a report without storing anything: the console and the
// API use it to show every invalid field at once.
func (s *Service) Validate(r dispatch.Report) error {
	_, err := s.validate(&r)
	return err
}

// validate checks every field and normalises the report; res is the
// classification the incident will carry.
func (s *Service) validate(r *dispatch.Report) (classify.Result, error) {
	ve := &dispatch.ValidationError{}
	r.Description = strings.TrimSpace(r.Description)
	r.Address = strings.TrimSpace(r.Address)
	switch {
	case r.Description == "":
		ve.Add("description", "required", "describe what is happening")
	case utf8.RuneCountInString(r.Description) > dispatch.MaxDescription:
		ve.Add("description", "too_long", fmt.Sprintf("at most %d characters", dispatch.MaxDescription))
	}
	if utf8.RuneCountInString(r.Address) > dispatch.MaxAddress {
		ve.Add("address", "too_long", fmt.Sprintf("at most %d characters", dispatch.MaxAddress))
	}
	if err := geo.ValidPoint(r.Lat, r.Lon); err != nil || (r.Lat == 0 && r.Lon == 0) {
		ve.Add("location", "out_of_range", "lat must be within -90..90 and lon within -180..180")
	}
	s.validateWhereWhen(r, ve)
	s.validatePhone(r, ve)
	if r.Priority != 0 && !r.Priority.Valid() {
		ve.Add("priority", "out_of_range", "priority must be 1, 2 or 3")
	}
	for _, c := range r.Cues {
		if _, ok := dispatch.CueLabels[c]; !ok {
			ve.Add("cues", "invalid", fmt.Sprintf("unknown cue %q", c))
		}
	}
	if r.Handset != nil && geo.ValidPoint(r.Handset.Lat, r.Handset.Lon) != nil {
		ve.Add("handset", "out_of_range", "handset position out of range")
	}
	res := s.classify(r, ve)
	return res, ve.OrNil()
}

func (s *Service) validatePhone(r *dispatch.Report, ve *dispatch.ValidationError) {
	raw := strings.TrimSpace(r.CallerPhone)
	if raw == "" {
		ve.Add("caller_phone", "required", `give the caller's number, or "withheld" when the network shows none`)
		return
	}
	if strings.EqualFold(raw, dispatch.Withheld) {
		r.CallerPhone = dispatch.Withheld
		return
	}
	p, err := agencies.NormalizePhone(raw)
	if err != nil {
		ve.Add("caller_phone", "invalid", "not a phone number (e.g. 0812-3456-7890 or +62 812 3456 7890)")
		return
	}
	r.CallerPhone = p
}

func (s *Service) classify(r *dispatch.Report, ve *dispatch.ValidationError) classify.Result {
	var res classify.Result
	if r.Category != "" {
		var err error
		if res, err = s.Tax.ClassifyAs(r.Description, r.Category); err != nil {
			ve.Add("category", "unknown", fmt.Sprintf("unknown category %q", r.Category))
			return res
		}
	} else {
		res = s.Tax.Classify(r.Description)
	}
	// The key questions' answers may add agencies, raise the priority, or
	// name the emergency the words did not.
	res, err := s.Tax.WithAnswers(r.Description, res, r.Answers)
	if err != nil {
		ve.Add("answers", "invalid", err.Error())
	}
	switch {
	case r.Category != "" && !res.Emergency:
		ve.Add("category", "not_emergency", "this category is not an emergency: log it as a call, not an incident")
	case r.Category == "" && r.Description != "" && (res.Category == "" || !res.Emergency):
		ve.Add("category", "required", "the description does not name an emergency: choose a category")
	}
	return res
}

// plan builds the incident's first events: received, then referred or one
// queued assignment per agency.
func (s *Service) plan(r dispatch.Report, res classify.Result, code string) []dispatch.Event {
	now := s.Now().UTC()
	cat, _ := s.Tax.Category(res.Category)
	inc := &dispatch.Incident{
		ID: dispatch.IncidentID(uuid.Must(uuid.NewV7()).String()), Code: code, Status: dispatch.StatusDispatched,
		CallerPhone: r.CallerPhone, Description: r.Description, Address: r.Address,
		Category: res.Category, CategoryName: cat.Name, Priority: res.Priority,
		LifeThreat: cat.LifeThreatening, Classification: res, ReceivedAt: now, Cues: r.Cues, Handset: r.Handset, Credible: r.Credible,
		Overridden: r.Category != "" && r.Category != s.Tax.Classify(r.Description).Category, SplitFrom: r.SplitFrom,
	}
	if r.Priority != 0 {
		inc.Overridden = inc.Overridden || r.Priority != res.Priority
		inc.Priority = r.Priority
	}
	p := orb.Point{r.Lon, r.Lat}
	var ref *dispatch.Referral
	inc.Location, ref = s.place(p, r.Lat, r.Lon)
	inc.Location.Precision, inc.Location.PlaceName = r.Precision, r.PlaceName
	if !r.AnsweredAt.IsZero() {
		at := r.AnsweredAt.UTC()
		inc.AnsweredAt = &at
	}
	base := dispatch.Event{At: now, Actor: r.Actor, Channel: r.Channel}
	received := base
	received.Type, received.Incident = dispatch.EventReceived, inc
	events := []dispatch.Event{received}
	if ref != nil {
		ev := base
		ev.Type, ev.Referral = dispatch.EventReferred, ref
		return append(events, ev)
	}
	for _, a := range s.route(inc, res, p) {
		ev := base
		a := a
		ev.Type, ev.Agency, ev.Assignment = dispatch.EventQueued, a.Agency, &a
		events = append(events, ev)
	}
	return events
}

// timersOf lists the charter clocks of the planned assignments.
func (s *Service) timersOf(events []dispatch.Event) []dispatch.Timer {
	var out []dispatch.Timer
	inc := events[0].Incident
	for _, ev := range events {
		if ev.Type == dispatch.EventQueued {
			out = append(out, dispatch.CharterTimers(inc, ev.Assignment, s.Charter.At(inc.ReceivedAt).WarningAt)...)
		}
	}
	return out
}

// place locates p in the city, or names the authority to refer to.
func (s *Service) place(p orb.Point, lat, lon float64) (dispatch.Location, *dispatch.Referral) {
	loc := dispatch.Location{Lat: round6(lat), Lon: round6(lon)}
	pl := s.Atlas.Locate(p)
	if pl.InCity {
		loc.InCity = true
		if pl.Village != nil {
			loc.Kelurahan = &dispatch.Place{Code: pl.Village.Code, Name: pl.Village.Name}
		}
		if pl.District != nil {
			loc.Kecamatan = &dispatch.Place{Code: pl.District.Code, Name: pl.District.Name}
		}
		return loc, nil
	}
	if pl.Neighbour != nil {
		if ref, ok := s.Cfg.Referrals[pl.Neighbour.Code]; ok {
			return loc, &ref
		}
		return loc, &dispatch.Referral{Code: pl.Neighbour.Code, Name: pl.Neighbour.Name}
	}
	return loc, &dispatch.Referral{Name: "luar wilayah (outside the covered area)"}
}

// route gives each agency of the classification a station: the one whose
// service area holds p, else the nearest; deadlines come from the charter.
func (s *Service) route(inc *dispatch.Incident, res classify.Result, p orb.Point) []dispatch.Assignment {
	var out []dispatch.Assignment
	for _, ag := range res.Agencies {
		m, ok := s.Dir.StationFor(ag, p)
		if !ok {
			s.Log.Error("agency has no station; assignment skipped", zap.String("agency", string(ag)))
			continue
		}
		t, _ := s.Charter.At(inc.ReceivedAt).Targets(ag, string(inc.Category), inc.Priority)
		out = append(out, dispatch.Assignment{
			Agency: ag, Station: m.Station.ID, StationName: m.Station.Name, Lead: ag == res.Lead,
			ByGeofence: m.ByGeofence, DistanceM: math.Round(m.Metres), Status: dispatch.AssignQueued,
			Deadlines: t.Deadlines(inc.ReceivedAt), QueuedAt: inc.ReceivedAt,
		})
	}
	return out
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// answerSkew tolerates a console clock slightly ahead of the server's.
const answerSkew = 5 * time.Second

// validateWhereWhen checks the location's precision and the answer time.
func (s *Service) validateWhereWhen(r *dispatch.Report, ve *dispatch.ValidationError) {
	r.PlaceName = strings.TrimSpace(r.PlaceName)
	if !r.Precision.Valid() {
		ve.Add("location_precision", "invalid", "precision must be point, landmark, street or kelurahan_centre")
	}
	if r.Precision == "" {
		r.Precision = dispatch.PrecisionPoint
	}
	if utf8.RuneCountInString(r.PlaceName) > dispatch.MaxPlaceName {
		ve.Add("place_name", "too_long", fmt.Sprintf("at most %d characters", dispatch.MaxPlaceName))
	}
	if r.AnsweredAt.IsZero() {
		return
	}
	now := s.Now()
	switch {
	case r.AnsweredAt.After(now.Add(answerSkew)):
		ve.Add("answered_at", "future", "the call cannot have been answered in the future")
	case r.AnsweredAt.Before(now.Add(-dispatch.MaxAnswerAge)):
		ve.Add("answered_at", "too_old", "answered more than an hour ago: check the console's clock")
	case r.AnsweredAt.After(now):
		r.AnsweredAt = now
	}
}
