package dispatch

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// Duplicate is an incident the new report may be about, with what the
// call-taker needs to judge it: what the first caller said and where, how far
// and how long ago, and whether linking needs an explicit confirmation.
type Duplicate struct {
	IncidentID  IncidentID          `json:"incident_id"`
	Code        string              `json:"code"`
	Category    classify.CategoryID `json:"category"`
	Name        string              `json:"category_name"`
	Status      Status              `json:"status"`
	Description string              `json:"description"` // the first caller's words
	Address     string              `json:"address,omitempty"`
	Kelurahan   string              `json:"kelurahan,omitempty"`
	DistanceM   float64             `json:"distance_m"` // -1 when this call has no location yet
	AgeMinutes  float64             `json:"age_minutes"`
	Reason      string              `json:"reason"` // nearby or same_caller
	Callers     int                 `json:"callers"`
	Level       Level               `json:"level"`    // the candidate's own hoax-risk level
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

func (q DuplicateQuery) hasPoint() bool { return q.Lat != 0 || q.Lon != 0 }

// Duplicates suggests incidents a new report may duplicate: the same caller
// within its window whatever the category or distance (a callback), or a
// compatible category within the category's radius (and, marked far, a
// little beyond) and window; open ones and those closed very recently, never
// one reported false. Every candidate in the window is considered. The
// call-taker decides; nothing is linked automatically.
func (s *Service) Duplicates(ctx context.Context, q DuplicateQuery) ([]Duplicate, error) {
	if s.hoax == nil {
		return nil, nil
	}
	if q.At.IsZero() {
		q.At = s.now().UTC()
	}
	phone, _ := normalizeCaller(q.Phone)
	cands, err := s.candidates(ctx, q, phone)
	if err != nil {
		return nil, err
	}
	out := []Duplicate{}
	seen := map[IncidentID]bool{}
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
func (s *Service) candidates(ctx context.Context, q DuplicateQuery, phone string) ([]*Incident, error) {
	d := &s.hoax.Duplicates
	if s.nearby == nil {
		return s.store.List(ctx, ListFilter{Since: q.At.Add(-d.lookback()), Limit: 1000})
	}
	var out []*Incident
	if phone != Withheld {
		mine, err := s.nearby.ByCaller(ctx, phone, q.At.Add(-d.SameCallerWithin))
		if err != nil {
			return nil, err
		}
		out = append(out, mine...)
	}
	if g := d.group(q.Category); g != nil && q.hasPoint() {
		r := d.groupReach(g)
		near, err := s.nearby.Near(ctx, g.Name, Point{Lat: q.Lat, Lon: q.Lon}, r.RadiusM*d.farFactor(), q.At.Add(-r.Window), q.At, nearestPerHour)
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
func (s *Service) judge(q DuplicateQuery, phone string, inc *Incident) (Duplicate, bool) {
	d := &s.hoax.Duplicates
	if !linkable(inc) || (!inc.Status.Open() && (inc.ClosedAt == nil || q.At.Sub(*inc.ClosedAt) > d.ClosedWithin)) {
		return Duplicate{}, false
	}
	age := q.At.Sub(inc.ReceivedAt)
	if age < 0 {
		return Duplicate{}, false
	}
	dist := -1.0
	if q.hasPoint() {
		dist = geo.Distance(orb.Point{q.Lon, q.Lat}, pointOf(inc))
	}
	rule := d.pair(q.Category, inc.Category)
	gq, gi := d.group(q.Category), d.group(inc.Category)
	differentKind := q.Category != "" && q.Category != inc.Category && (gq == nil || gq != gi)
	reason := ""
	switch {
	case phone != Withheld && (phone == inc.CallerPhone || inc.hasCaller(phone)) && age <= d.SameCallerWithin:
		reason = "same_caller"
	case gq != nil && gq == gi && dist >= 0 && dist <= rule.RadiusM*d.farFactor() && age <= rule.Window && crewed(inc):
		reason = "nearby"
	default:
		return Duplicate{}, false
	}
	far := dist > rule.RadiusM
	var place, unverified bool
	if reason == "nearby" {
		place, unverified = placeCheck(streetsIn(q.Address, q.Description), inc.streets(), d.houses(inc.Category), dist, rule.RadiusM, d.streetBeyond())
		unverified = unverified && !far // far says it already
	}
	dup := Duplicate{IncidentID: inc.ID, Code: inc.Code, Category: inc.Category, Name: inc.CategoryName, Status: inc.Status,
		Description: inc.Description, Address: inc.Address, DistanceM: math.Round(dist), AgeMinutes: math.Round(age.Minutes()*10) / 10,
		Reason: reason, Callers: inc.activeCallers(), Level: LevelNormal, RadiusM: rule.RadiusM,
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

// linkable: an incident responders reported false, or closed as false or
// duplicate, is no place for a new caller's report.
func linkable(inc *Incident) bool {
	if inc.Disposition == DispFalseReport || inc.Disposition == DispDuplicate || inc.FalseConfirmed {
		return false
	}
	for _, a := range inc.Assignments {
		if a.Status == AssignFalseReport {
			return false
		}
	}
	return true
}

// houses: the group's scene is one house (a patient), so different house
// numbers on one street are different places.
func (d *DuplicateConfig) houses(c classify.CategoryID) bool {
	g := d.group(c)
	return g != nil && g.SameHouse
}

// crewed: some agency was sent. A referred incident (handed to the police,
// say) has no crew of ours: another caller's emergency linked into it would
// reach nobody, so it is suggested only to its own caller calling back.
func crewed(inc *Incident) bool { return len(inc.Assignments) > 0 }

// rule is a category's radius and window: its group's, or the category's
// own where it gives one.
func (d *DuplicateConfig) rule(c classify.CategoryID) DuplicateRule {
	var r DuplicateRule
	if g := d.group(c); g != nil {
		r = DuplicateRule{RadiusM: g.RadiusM, Window: g.Window}
	}
	if o, ok := d.Categories[c]; ok {
		if o.RadiusM > 0 {
			r.RadiusM = o.RadiusM
		}
		if o.Window > 0 {
			r.Window = o.Window
		}
	}
	return r
}

// pair is the rule of a new report of category a about an incident of
// category b: the larger radius of the two (a drowning reported as "someone
// in trouble" still gets the river's radius), and the incident's window (a
// flood goes on for hours; a fallen tree next to it is another event).
func (d *DuplicateConfig) pair(a, b classify.CategoryID) DuplicateRule {
	ra, rb := d.rule(a), d.rule(b)
	return DuplicateRule{RadiusM: max(ra.RadiusM, rb.RadiusM), Window: rb.Window}
}

// groupReach is the largest radius and window of any category of g.
func (d *DuplicateConfig) groupReach(g *DuplicateGroup) DuplicateRule {
	r := DuplicateRule{RadiusM: g.RadiusM, Window: g.Window}
	for _, c := range g.Categories {
		cr := d.rule(c)
		r.RadiusM, r.Window = max(r.RadiusM, cr.RadiusM), max(r.Window, cr.Window)
	}
	return r
}

func (d *DuplicateConfig) farFactor() float64 {
	if d.FarFactor < 1 {
		return 1
	}
	return d.FarFactor
}

// lookback is the longest a report may be looked back for.
func (d *DuplicateConfig) lookback() time.Duration {
	m := d.SameCallerWithin
	for i := range d.Groups {
		m = max(m, d.groupReach(&d.Groups[i]).Window)
	}
	return m + d.ClosedWithin
}

// keep is how long the duplicate index keeps an entry.
func (d *DuplicateConfig) keep() time.Duration { return d.lookback() + time.Hour }

func (inc *Incident) hasCaller(phone string) bool {
	for _, c := range inc.Callers {
		if c.Phone == phone && !c.Unlinked {
			return true
		}
	}
	return false
}

// callbackCategory: a caller cut off who calls back ("saya yang tadi
// telepon, terputus, tolong cepat") names no emergency; when the same number
// reported one within the same-caller window, its category is taken rather
// than refusing the report.
func (s *Service) callbackCategory(ctx context.Context, r *Report) {
	if r.Category != "" || s.hoax == nil || s.tax.Classify(r.Description).Emergency {
		return
	}
	phone, ok := normalizeCaller(r.CallerPhone)
	if !ok || phone == Withheld {
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
