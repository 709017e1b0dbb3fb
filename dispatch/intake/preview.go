package intake

import (
	"context"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/linking"
	"github.com/sigap112/sigap/geo"
)

// Preview is what the intake screen shows before the call-taker sends:
// where the point is, what the description looks like, who would respond.
type Preview struct {
	Classification classify.Result       `json:"classification"`
	Location       *dispatch.Location    `json:"location,omitempty"`
	Referral       *dispatch.Referral    `json:"referral,omitempty"`
	Stations       []dispatch.Assignment `json:"stations"`
	Hoax           *dispatch.Assessment  `json:"hoax,omitempty"`
	Duplicates     []linking.Duplicate   `json:"duplicates"`
}

// PreviewInput is what the call-taker has typed so far; all optional.
type PreviewInput struct {
	Description string
	Address     string // the address or landmark given so far
	Category    classify.CategoryID
	Answers     map[string]string // answers to the key questions so far
	Lat, Lon    *float64
	CallerPhone string
	Cues        []dispatch.Cue
	Handset     *dispatch.Point
	Credible    bool
}

// Preview classifies and routes without storing anything. Location and
// description are both optional (the screen asks as the call-taker types).
func (s *Service) Preview(ctx context.Context, pin PreviewInput) (Preview, error) {
	p, err := s.preview(pin.Description, pin.Category, pin.Answers, pin.Lat, pin.Lon)
	p.Duplicates = []linking.Duplicate{}
	if err != nil {
		return p, err
	}
	phone, ok := dispatch.NormalizeCaller(pin.CallerPhone)
	if !ok {
		phone = dispatch.Withheld
	}
	q := linking.DuplicateQuery{Phone: phone, Description: pin.Description, Address: pin.Address}
	if p.Classification.Emergency {
		q.Category = p.Classification.Category
	}
	if pin.Lat != nil && pin.Lon != nil {
		q.Lat, q.Lon = *pin.Lat, *pin.Lon
	}
	if q.Category == "" && !q.HasPoint() && phone == dispatch.Withheld {
		return p, nil // nothing to compare yet
	}
	// A callback names no emergency and may give no place: the same
	// number's incident is still suggested.
	if p.Duplicates, err = s.linking.Duplicates(ctx, q); err != nil || p.Duplicates == nil {
		p.Duplicates = []linking.Duplicate{}
		if err != nil {
			return p, err
		}
	}
	if !q.HasPoint() || !p.Classification.Emergency {
		return p, nil
	}
	r := dispatch.Report{CallerPhone: phone, Lat: q.Lat, Lon: q.Lon, Cues: pin.Cues, Handset: pin.Handset, Credible: pin.Credible}
	a, err := s.hoax.AssessReport(ctx, r, p.Classification)
	if err != nil {
		return p, err
	}
	p.Hoax = &a
	return p, nil
}

func (s *Service) preview(description string, category classify.CategoryID, answers map[string]string, lat, lon *float64) (Preview, error) {
	var p Preview
	res := s.Tax.Classify(description)
	if category != "" {
		r, err := s.Tax.ClassifyAs(description, category)
		if err != nil {
			return p, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"category": {Code: "unknown", Message: "unknown category"}}}
		}
		res = r
	}
	res, err := s.Tax.WithAnswers(description, res, answers)
	if err != nil {
		return p, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"answers": {Code: "invalid", Message: err.Error()}}}
	}
	p.Classification, p.Stations = res, []dispatch.Assignment{}
	if lat == nil || lon == nil {
		return p, nil
	}
	if err := geo.ValidPoint(*lat, *lon); err != nil {
		return p, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"location": {Code: "out_of_range", Message: err.Error()}}}
	}
	loc, ref := s.place(orb.Point{*lon, *lat}, *lat, *lon)
	p.Location, p.Referral = &loc, ref
	if ref == nil && res.Emergency {
		inc := &dispatch.Incident{Category: res.Category, Priority: res.Priority, ReceivedAt: s.Now().UTC()}
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
