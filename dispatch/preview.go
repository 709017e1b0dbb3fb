package dispatch

import (
	"context"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// Preview is what the intake screen shows before the call-taker sends:
// where the point is, what the description looks like, who would respond.
type Preview struct {
	Classification classify.Result `json:"classification"`
	Location       *Location       `json:"location,omitempty"`
	Referral       *Referral       `json:"referral,omitempty"`
	Stations       []Assignment    `json:"stations"`
	Hoax           *Assessment     `json:"hoax,omitempty"`
	Duplicates     []Duplicate     `json:"duplicates"`
}

// PreviewInput is what the call-taker has typed so far; all optional.
type PreviewInput struct {
	Description string
	Category    classify.CategoryID
	Answers     map[string]string // answers to the key questions so far
	Lat, Lon    *float64
	CallerPhone string
	Cues        []Cue
	Handset     *Point
	Credible    bool
}

// Preview classifies and routes without storing anything. Location and
// description are both optional (the screen asks as the call-taker types).
func (s *Service) Preview(ctx context.Context, pin PreviewInput) (Preview, error) {
	p, err := s.preview(pin.Description, pin.Category, pin.Answers, pin.Lat, pin.Lon)
	p.Duplicates = []Duplicate{}
	if err != nil {
		return p, err
	}
	phone, ok := normalizeCaller(pin.CallerPhone)
	if !ok {
		phone = Withheld
	}
	q := DuplicateQuery{Phone: phone}
	if p.Classification.Emergency {
		q.Category = p.Classification.Category
	}
	if pin.Lat != nil && pin.Lon != nil {
		q.Lat, q.Lon = *pin.Lat, *pin.Lon
	}
	if q.Category == "" && !q.hasPoint() && phone == Withheld {
		return p, nil // nothing to compare yet
	}
	// A callback names no emergency and may give no place: the same
	// number's incident is still suggested.
	if p.Duplicates, err = s.Duplicates(ctx, q); err != nil || p.Duplicates == nil {
		p.Duplicates = []Duplicate{}
		if err != nil {
			return p, err
		}
	}
	if !q.hasPoint() || !p.Classification.Emergency {
		return p, nil
	}
	r := Report{CallerPhone: phone, Lat: q.Lat, Lon: q.Lon, Cues: pin.Cues, Handset: pin.Handset, Credible: pin.Credible}
	a, err := s.assessReport(ctx, r, p.Classification)
	if err != nil {
		return p, err
	}
	p.Hoax = &a
	return p, nil
}

func (s *Service) preview(description string, category classify.CategoryID, answers map[string]string, lat, lon *float64) (Preview, error) {
	var p Preview
	res := s.tax.Classify(description)
	if category != "" {
		r, err := s.tax.ClassifyAs(description, category)
		if err != nil {
			return p, &ValidationError{Fields: map[string]FieldError{"category": {Code: "unknown", Message: "unknown category"}}}
		}
		res = r
	}
	res, err := s.tax.WithAnswers(description, res, answers)
	if err != nil {
		return p, &ValidationError{Fields: map[string]FieldError{"answers": {Code: "invalid", Message: err.Error()}}}
	}
	p.Classification, p.Stations = res, []Assignment{}
	if lat == nil || lon == nil {
		return p, nil
	}
	if err := geo.ValidPoint(*lat, *lon); err != nil {
		return p, &ValidationError{Fields: map[string]FieldError{"location": {Code: "out_of_range", Message: err.Error()}}}
	}
	loc, ref := s.place(orb.Point{*lon, *lat}, *lat, *lon)
	p.Location, p.Referral = &loc, ref
	if ref == nil && res.Emergency {
		inc := &Incident{Category: res.Category, Priority: res.Priority, ReceivedAt: s.Now().UTC()}
		p.Stations = s.route(inc, res, orb.Point{*lon, *lat})
	}
	return p, nil
}

func Contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func classifyID(s string) classify.CategoryID { return classify.CategoryID(s) }
