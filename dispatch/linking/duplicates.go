package linking

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// Duplicate is an incident the new report may be about, with what the
// call-taker needs to judge it: what the first caller said and where, how far
// and how long ago, and whether linking needs an explicit confirmation.
type Duplicate struct {
	IncidentID  dispatch.IncidentID `json:"incident_id"`
	Code        string              `json:"code"`
	Category    classify.CategoryID `json:"category"`
	Name        string              `json:"category_name"`
	Status      dispatch.Status     `json:"status"`
	Description string              `json:"description"` // the first caller's words
	Address     string              `json:"address,omitempty"`
	Kelurahan   string              `json:"kelurahan,omitempty"`
	DistanceM   float64             `json:"distance_m"` // -1 when this call has no location yet
	AgeMinutes  float64             `json:"age_minutes"`
	Reason      string              `json:"reason"` // nearby or same_caller
	Callers     int                 `json:"callers"`
	Level       dispatch.Level      `json:"level"`    // the candidate's own hoax-risk level
	RadiusM     float64             `json:"radius_m"` // the category's linking radius
	// Far: farther than the radius; DifferentKind: the reports name
	// different kinds of emergency. Either way a link needs confirmation.
	Far               bool `json:"far"`
	DifferentKind     bool `json:"different_kind"`
	NeedsConfirmation bool `json:"needs_confirmation"`
	// DifferentPlace: this caller and the incident's callers name streets,
	// none the same ("lokasi berbeda"): confirmation needed (see place.go).
	DifferentPlace bool `json:"different_place"`
	// PlaceUnverified: in the outer half of the radius and no street both
	// name: the call-taker asks for the street and confirms.
	PlaceUnverified bool `json:"place_unverified"`
}

// DuplicateQuery describes a report being taken. Category and location are
// optional: a caller cut off who calls back may name neither.
type DuplicateQuery struct {
	Category classify.CategoryID
	Lat, Lon float64 // 0, 0: not known yet
	Phone    string
	At       time.Time
	// What the caller said and the address given so far: the streets they
	// name are compared with the incident's.
	Description, Address string
}

func (q DuplicateQuery) HasPoint() bool { return q.Lat != 0 || q.Lon != 0 }

// Duplicates suggests incidents a new report may duplicate: the same caller
// within its window whatever the category or distance (a callback), or a
// compatible category within the category's radius (and, marked far, a
// little beyond) and window; open ones and those closed very recently, never
// one reported false. Every candidate in the window is considered. The
// call-taker decides; nothing is linked automatically.
func (s *Service) Duplicates(ctx context.Context, q DuplicateQuery) ([]Duplicate, error) {
	if s.Hoax == nil {
		return nil, nil
	}
	if q.At.IsZero() {
		q.At = s.Now().UTC()
	}
	phone, _ := dispatch.NormalizeCaller(q.Phone)
	cands, err := s.candidates(ctx, q, phone)
	if err != nil {
		return nil, err
	}
	out := []Duplicate{}
	seen := map[dispatch.IncidentID]bool{}
	for _, inc := range cands {
		if seen[inc.ID] {
			continue
		}
		seen[inc.ID] = true
		if dup, ok := s.judge(q, phone, inc); ok {
			out = append(out, dup)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.NeedsConfirmation != b.NeedsConfirmation {
			return !a.NeedsConfirmation
		}
		if (a.Reason == "same_caller") != (b.Reason == "same_caller") {
			return a.Reason == "same_caller"
		}
		return a.DistanceM < b.DistanceM
	})
	return out, nil
}

// candidates reads the incidents worth judging: from the spatial index
// (every one in the window near the point or from the number), or, without
// an index, the newest received in the look-back window.
func (s *Service) candidates(ctx context.Context, q DuplicateQuery, phone string) ([]*dispatch.Incident, error) {
	d := &s.Hoax.Duplicates
	if s.Nearby == nil {
		return s.Store.List(ctx, dispatch.ListFilter{Since: q.At.Add(-d.Lookback()), Limit: 1000})
	}
	var out []*dispatch.Incident
	if phone != dispatch.Withheld {
		mine, err := s.Nearby.ByCaller(ctx, phone, q.At.Add(-d.SameCallerWithin))
		if err != nil {
			return nil, err
		}
		out = append(out, mine...)
	}
	if g := d.Group(q.Category); g != nil && q.HasPoint() {
		r := d.GroupReach(g)
		near, err := s.Nearby.Near(ctx, g.Name, dispatch.Point{Lat: q.Lat, Lon: q.Lon}, r.RadiusM*d.EffectiveFarFactor(), q.At.Add(-r.Window), q.At, nearestPerHour)
		if err != nil {
			return nil, err
		}
		out = append(out, near...)
	}
	return out, nil
}

// nearestPerHour bounds the candidates read per hour of the window: the
// nearest ones of the same group; a call-taker never reads further down.
const nearestPerHour = 25

// judge says whether inc is a suggestion for q, and how.
func (s *Service) judge(q DuplicateQuery, phone string, inc *dispatch.Incident) (Duplicate, bool) {
	d := &s.Hoax.Duplicates
	if !Linkable(inc) || (!inc.Status.Open() && (inc.ClosedAt == nil || q.At.Sub(*inc.ClosedAt) > d.ClosedWithin)) {
		return Duplicate{}, false
	}
	age := q.At.Sub(inc.ReceivedAt)
	if age < 0 {
		return Duplicate{}, false
	}
	dist := -1.0
	if q.HasPoint() {
		dist = geo.Distance(orb.Point{q.Lon, q.Lat}, dispatch.PointOf(inc))
	}
	rule := d.Pair(q.Category, inc.Category)
	gq, gi := d.Group(q.Category), d.Group(inc.Category)
	differentKind := q.Category != "" && q.Category != inc.Category && (gq == nil || gq != gi)
	reason := ""
	switch {
	case phone != dispatch.Withheld && (phone == inc.CallerPhone || inc.HasCaller(phone)) && age <= d.SameCallerWithin:
		reason = "same_caller"
	case gq != nil && gq == gi && dist >= 0 && dist <= rule.RadiusM*d.EffectiveFarFactor() && age <= rule.Window && crewed(inc):
		reason = "nearby"
	default:
		return Duplicate{}, false
	}
	far := dist > rule.RadiusM
	var place, unverified bool
	if reason == "nearby" {
		place, unverified = placeCheck(streetsIn(q.Address, q.Description), streetsOf(inc), d.Houses(inc.Category), dist, rule.RadiusM, d.StreetBeyondFraction())
		unverified = unverified && !far // far says it already
	}
	dup := Duplicate{IncidentID: inc.ID, Code: inc.Code, Category: inc.Category, Name: inc.CategoryName, Status: inc.Status,
		Description: inc.Description, Address: inc.Address, DistanceM: math.Round(dist), AgeMinutes: math.Round(age.Minutes()*10) / 10,
		Reason: reason, Callers: inc.ActiveCallers(), Level: dispatch.LevelNormal, RadiusM: rule.RadiusM,
		Far: far, DifferentKind: differentKind, NeedsConfirmation: far || differentKind || place || unverified, DifferentPlace: place,
		PlaceUnverified: unverified}
	if inc.Location.Kelurahan != nil {
		dup.Kelurahan = inc.Location.Kelurahan.Name
	}
	if inc.Hoax != nil {
		dup.Level = inc.Hoax.Level
	}
	return dup, true
}

// Linkable: an incident responders reported false, or closed as false or
// duplicate, is no place for a new caller's report.
func Linkable(inc *dispatch.Incident) bool {
	if inc.Disposition == dispatch.DispFalseReport || inc.Disposition == dispatch.DispDuplicate || inc.FalseConfirmed {
		return false
	}
	for _, a := range inc.Assignments {
		if a.Status == dispatch.AssignFalseReport {
			return false
		}
	}
	return true
}

// crewed: some agency was sent. A referred incident (handed to the police,
// say) has no crew of ours: another caller's emergency linked into it would
// reach nobody, so it is suggested only to its own caller calling back.
func crewed(inc *dispatch.Incident) bool { return len(inc.Assignments) > 0 }

// callbackCategory: a caller cut off who calls back ("saya yang tadi
// telepon, terputus, tolong cepat") names no emergency; when the same number
// reported one within the same-caller window, its category is taken rather
// than refusing the report.
func (s *Service) CallbackCategory(ctx context.Context, r *dispatch.Report) {
	if r.Category != "" || s.Hoax == nil || s.Tax.Classify(r.Description).Emergency {
		return
	}
	phone, ok := dispatch.NormalizeCaller(r.CallerPhone)
	if !ok || phone == dispatch.Withheld {
		return
	}
	dups, err := s.Duplicates(ctx, DuplicateQuery{Phone: phone})
	if err != nil {
		return // the call-taker is asked for a category, as without a callback
	}
	for _, d := range dups {
		if d.Reason == "same_caller" {
			r.Category = d.Category
			return
		}
	}
}
