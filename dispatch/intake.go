package dispatch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/paulmach/orb"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// Limits on free text, generous for a call-taker typing while listening.
const (
	MaxDescription = 2000
	MaxAddress     = 300
)

// Withheld is the caller number recorded when the network gave none.
const Withheld = "withheld"

// Report is what a call-taker logs for an emergency call.
type Report struct {
	CallerPhone string
	Description string
	Lat, Lon    float64
	Precision   Precision // how exact Lat/Lon are; empty = point
	PlaceName   string    // the street or landmark the point stands for
	AnsweredAt  time.Time // when the call-taker answered the call; zero = when it was logged
	Address     string
	Category    classify.CategoryID // optional: the call-taker's choice over the classifier's
	Answers     map[string]string   // optional: answers to the key questions (Y, T, ?, or a count)
	Priority    agencies.Priority   // optional: 0 = the category's default
	Cues        []Cue               // what the call-taker heard (hoax-risk signals)
	Handset     *Point              // the handset's own position, when the network gave one
	Credible    bool                // the call-taker vouches for the caller
	SplitFrom   string              // the incident this caller was linked to before it was reported false
	Actor       string              // who logged it
	Channel     Channel
}

// Config of the dispatch service.
type Config struct {
	// CodePrefix starts every incident code (TT → TT-0427).
	CodePrefix string
	// Referrals names the neighbouring authorities by their boundary code.
	Referrals map[string]Referral
	// FeedbackDelay, when set, is how long after an incident is closed as
	// resolved the caller gets an SMS asking for a rating from 1 to 5.
	FeedbackDelay time.Duration
	// CityName signs the feedback SMS.
	CityName string
}

// Service takes calls in and turns them into dispatched incidents, and
// carries out what dispatchers decide afterwards (status on a responder's
// behalf, close, breach explanations).
type Service struct {
	Cfg     Config
	Store   Store
	timers  Timers
	calls   CallLog
	Callers Callers
	nearby  Nearby
	hoax    *HoaxConfig
	tax     *classify.Taxonomy
	Dir     *agencies.Directory
	atlas   *geo.Atlas
	charter *charters
	log     *zap.Logger
	now     func() time.Time
}

// ServiceDeps are the service's collaborators.
type ServiceDeps struct {
	Store     Store
	Timers    Timers
	Calls     CallLog
	Callers   Callers
	Nearby    Nearby // optional: without it duplicates are looked for among the newest 1,000
	Hoax      *HoaxConfig
	Taxonomy  *classify.Taxonomy
	Directory *agencies.Directory
	Atlas     *geo.Atlas
	Charter   *agencies.Charter
	// Charters keeps the versions an admin adds later; nil: the configured one only.
	Charters CharterStore
	Log      *zap.Logger
}

// NewService wires the intake.
func NewService(cfg Config, d ServiceDeps) *Service {
	if cfg.CodePrefix == "" {
		cfg.CodePrefix = "INC"
	}
	return &Service{Cfg: cfg, Store: d.Store, timers: d.Timers, calls: d.Calls, Callers: d.Callers, nearby: d.Nearby, hoax: d.Hoax, tax: d.Taxonomy, Dir: d.Directory, atlas: d.Atlas,
		charter: &charters{book: agencies.NewCharterBook(d.Charter), store: d.Charters}, log: d.Log.Named("intake"), now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Now is the service's time: screens count charter deadlines down from it,
// not from the workstation's clock, which may be wrong.
func (s *Service) Now() time.Time { return s.now() }

// Taxonomy returns the classifier's taxonomy.
func (s *Service) Taxonomy() *classify.Taxonomy { return s.tax }

// Intake validates, classifies, locates and routes a report, then stores the
// incident and queues its assignments in one atomic write. A repeated
// idempotency key returns the first incident (created=false) and creates nothing.
func (s *Service) Intake(ctx context.Context, r Report, key string) (*Incident, bool, error) {
	s.callbackCategory(ctx, &r)
	res, err := s.validate(&r)
	if err != nil {
		return nil, false, err
	}
	idem := Idempotency{Key: strings.TrimSpace(key), Hash: r.digest()}
	if idem.Key != "" {
		if inc, err := s.Store.Lookup(ctx, idem); err == nil {
			return inc, false, nil
		} else if err != ErrIncidentNotFound {
			return nil, false, err
		}
	}
	assessment, err := s.assessReport(ctx, r, res)
	if err != nil {
		// The score never holds a dispatch back: without it, say so and go on.
		s.log.Warn("hoax-risk score unavailable", zap.Error(err))
		assessment = Assessment{Level: LevelNormal, Signals: []Signal{{ID: "unavailable",
			Text: "skor risiko tidak tersedia saat laporan diterima", TextEN: "risk score unavailable when the call was logged"}}}
	}
	n, err := s.Store.NextCode(ctx)
	if err != nil {
		return nil, false, err
	}
	s.charter.refresh(ctx, s.Now(), s.log)
	events := s.plan(r, res, fmt.Sprintf("%s-%04d", s.Cfg.CodePrefix, n))
	events[0].Incident.Hoax = &assessment
	inc, created, err := s.Store.Create(ctx, events, s.timersOf(events), idem)
	if err != nil {
		return nil, false, fmt.Errorf("intake: %w", err)
	}
	if created {
		s.index(ctx, inc)
		s.log.Info("incident created", zap.String("incident_id", string(inc.ID)), zap.String("code", inc.Code),
			zap.String("category", string(inc.Category)), zap.Int("assignments", len(inc.Assignments)),
			zap.String("caller", agencies.MaskPhone(inc.CallerPhone)))
	}
	return inc, created, nil
}

// Validate checks a report without storing anything: the console and the
// API use it to show every invalid field at once.
func (s *Service) Validate(r Report) error {
	_, err := s.validate(&r)
	return err
}

// validate checks every field and normalises the report; res is the
// classification the incident will carry.
func (s *Service) validate(r *Report) (classify.Result, error) {
	ve := &ValidationError{}
	r.Description = strings.TrimSpace(r.Description)
	r.Address = strings.TrimSpace(r.Address)
	switch {
	case r.Description == "":
		ve.Add("description", "required", "describe what is happening")
	case utf8.RuneCountInString(r.Description) > MaxDescription:
		ve.Add("description", "too_long", fmt.Sprintf("at most %d characters", MaxDescription))
	}
	if utf8.RuneCountInString(r.Address) > MaxAddress {
		ve.Add("address", "too_long", fmt.Sprintf("at most %d characters", MaxAddress))
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
		if _, ok := cueLabels[c]; !ok {
			ve.Add("cues", "invalid", fmt.Sprintf("unknown cue %q", c))
		}
	}
	if r.Handset != nil && geo.ValidPoint(r.Handset.Lat, r.Handset.Lon) != nil {
		ve.Add("handset", "out_of_range", "handset position out of range")
	}
	res := s.classify(r, ve)
	return res, ve.OrNil()
}

func (s *Service) validatePhone(r *Report, ve *ValidationError) {
	raw := strings.TrimSpace(r.CallerPhone)
	if raw == "" {
		ve.Add("caller_phone", "required", `give the caller's number, or "withheld" when the network shows none`)
		return
	}
	if strings.EqualFold(raw, Withheld) {
		r.CallerPhone = Withheld
		return
	}
	p, err := agencies.NormalizePhone(raw)
	if err != nil {
		ve.Add("caller_phone", "invalid", "not a phone number (e.g. 0812-3456-7890 or +62 812 3456 7890)")
		return
	}
	r.CallerPhone = p
}

func (s *Service) classify(r *Report, ve *ValidationError) classify.Result {
	var res classify.Result
	if r.Category != "" {
		var err error
		if res, err = s.tax.ClassifyAs(r.Description, r.Category); err != nil {
			ve.Add("category", "unknown", fmt.Sprintf("unknown category %q", r.Category))
			return res
		}
	} else {
		res = s.tax.Classify(r.Description)
	}
	// The key questions' answers may add agencies, raise the priority, or
	// name the emergency the words did not.
	res, err := s.tax.WithAnswers(r.Description, res, r.Answers)
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

// digest identifies the request content for idempotency checks.
func (r Report) digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%.6f\x00%.6f\x00%s\x00%s\x00%d\x00%v\x00%v",
		r.CallerPhone, r.Description, r.Lat, r.Lon, r.Address, r.Category, r.Priority, r.Cues, r.Credible)
	if !r.Precision.Exact() {
		fmt.Fprintf(h, "\x00%s\x00%s", r.Precision, r.PlaceName)
	}
	if len(r.Answers) > 0 {
		fmt.Fprintf(h, "\x00%v", r.Answers) // sorted by fmt
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// plan builds the incident's first events: received, then referred or one
// queued assignment per agency.
func (s *Service) plan(r Report, res classify.Result, code string) []Event {
	now := s.Now().UTC()
	cat, _ := s.tax.Category(res.Category)
	inc := &Incident{
		ID: IncidentID(uuid.Must(uuid.NewV7()).String()), Code: code, Status: StatusDispatched,
		CallerPhone: r.CallerPhone, Description: r.Description, Address: r.Address,
		Category: res.Category, CategoryName: cat.Name, Priority: res.Priority,
		LifeThreat: cat.LifeThreatening, Classification: res, ReceivedAt: now, Cues: r.Cues, Handset: r.Handset, Credible: r.Credible,
		Overridden: r.Category != "" && r.Category != s.tax.Classify(r.Description).Category, SplitFrom: r.SplitFrom,
	}
	if r.Priority != 0 {
		inc.Overridden = inc.Overridden || r.Priority != res.Priority
		inc.Priority = r.Priority
	}
	p := orb.Point{r.Lon, r.Lat}
	var ref *Referral
	inc.Location, ref = s.place(p, r.Lat, r.Lon)
	inc.Location.Precision, inc.Location.PlaceName = r.Precision, r.PlaceName
	if !r.AnsweredAt.IsZero() {
		at := r.AnsweredAt.UTC()
		inc.AnsweredAt = &at
	}
	base := Event{At: now, Actor: r.Actor, Channel: r.Channel}
	received := base
	received.Type, received.Incident = EventReceived, inc
	events := []Event{received}
	if ref != nil {
		ev := base
		ev.Type, ev.Referral = EventReferred, ref
		return append(events, ev)
	}
	for _, a := range s.route(inc, res, p) {
		ev := base
		a := a
		ev.Type, ev.Agency, ev.Assignment = EventQueued, a.Agency, &a
		events = append(events, ev)
	}
	return events
}

// timersOf lists the charter clocks of the planned assignments.
func (s *Service) timersOf(events []Event) []Timer {
	var out []Timer
	inc := events[0].Incident
	for _, ev := range events {
		if ev.Type == EventQueued {
			out = append(out, charterTimers(inc, ev.Assignment, s.charter.at(inc.ReceivedAt).WarningAt)...)
		}
	}
	return out
}

// place locates p in the city, or names the authority to refer to.
func (s *Service) place(p orb.Point, lat, lon float64) (Location, *Referral) {
	loc := Location{Lat: round6(lat), Lon: round6(lon)}
	pl := s.atlas.Locate(p)
	if pl.InCity {
		loc.InCity = true
		if pl.Village != nil {
			loc.Kelurahan = &Place{Code: pl.Village.Code, Name: pl.Village.Name}
		}
		if pl.District != nil {
			loc.Kecamatan = &Place{Code: pl.District.Code, Name: pl.District.Name}
		}
		return loc, nil
	}
	if pl.Neighbour != nil {
		if ref, ok := s.Cfg.Referrals[pl.Neighbour.Code]; ok {
			return loc, &ref
		}
		return loc, &Referral{Code: pl.Neighbour.Code, Name: pl.Neighbour.Name}
	}
	return loc, &Referral{Name: "luar wilayah (outside the covered area)"}
}

// route gives each agency of the classification a station: the one whose
// service area holds p, else the nearest; deadlines come from the charter.
func (s *Service) route(inc *Incident, res classify.Result, p orb.Point) []Assignment {
	var out []Assignment
	for _, ag := range res.Agencies {
		m, ok := s.Dir.StationFor(ag, p)
		if !ok {
			s.log.Error("agency has no station; assignment skipped", zap.String("agency", string(ag)))
			continue
		}
		t, _ := s.charter.at(inc.ReceivedAt).Targets(ag, string(inc.Category), inc.Priority)
		out = append(out, Assignment{
			Agency: ag, Station: m.Station.ID, StationName: m.Station.Name, Lead: ag == res.Lead,
			ByGeofence: m.ByGeofence, DistanceM: math.Round(m.Metres), Status: AssignQueued,
			Deadlines: t.Deadlines(inc.ReceivedAt), QueuedAt: inc.ReceivedAt,
		})
	}
	return out
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// answerSkew tolerates a console clock slightly ahead of the server's.
const answerSkew = 5 * time.Second

// validateWhereWhen checks the location's precision and the answer time.
func (s *Service) validateWhereWhen(r *Report, ve *ValidationError) {
	r.PlaceName = strings.TrimSpace(r.PlaceName)
	if !r.Precision.Valid() {
		ve.Add("location_precision", "invalid", "precision must be point, landmark, street or kelurahan_centre")
	}
	if r.Precision == "" {
		r.Precision = PrecisionPoint
	}
	if utf8.RuneCountInString(r.PlaceName) > MaxPlaceName {
		ve.Add("place_name", "too_long", fmt.Sprintf("at most %d characters", MaxPlaceName))
	}
	if r.AnsweredAt.IsZero() {
		return
	}
	now := s.Now()
	switch {
	case r.AnsweredAt.After(now.Add(answerSkew)):
		ve.Add("answered_at", "future", "the call cannot have been answered in the future")
	case r.AnsweredAt.Before(now.Add(-MaxAnswerAge)):
		ve.Add("answered_at", "too_old", "answered more than an hour ago: check the console's clock")
	case r.AnsweredAt.After(now):
		r.AnsweredAt = now
	}
}
