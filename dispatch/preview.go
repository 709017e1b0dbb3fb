package dispatch

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/agencies"
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
	Address     string // the address or landmark given so far
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
	q := DuplicateQuery{Phone: phone, Description: pin.Description, Address: pin.Address}
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
		inc := &Incident{Category: res.Category, Priority: res.Priority, ReceivedAt: s.now().UTC()}
		p.Stations = s.route(inc, res, orb.Point{*lon, *lat})
	}
	return p, nil
}

// AddNote appends a call-taker's note to the incident's log (notes are
// never edited: a correction is another note).
func (s *Service) AddNote(ctx context.Context, id, text, actor string, ch Channel) (*Incident, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > MaxDescription {
		return nil, &ValidationError{Fields: map[string]FieldError{"text": {Code: "required", Message: "write the note (at most 2000 characters)"}}}
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.store.Append(ctx, inc.ID, Event{Type: EventNote, At: s.now().UTC(), Actor: actor, Channel: ch, Note: text})
}

// Reassign moves an agency's assignment to another station of that agency
// (a dispatcher's decision) and texts it there.
func (s *Service) Reassign(ctx context.Context, id string, agency agencies.AgencyID, station agencies.StationID, reason, actor string) (*Incident, error) {
	st, ok := s.dir.Station(station)
	ve := &ValidationError{}
	if !ok || st.Agency != agency {
		ve.add("station", "invalid", fmt.Sprintf("station %q is not a station of %s", station, agency))
	}
	if strings.TrimSpace(reason) == "" {
		ve.add("reason", "required", "say why the assignment moves")
	}
	if err := ve.orNil(); err != nil {
		return nil, err
	}
	inc, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if a := inc.Assignment(agency); a != nil && (a.Station == station || contains(a.Tried, station)) {
		return nil, &ValidationError{Fields: map[string]FieldError{"station": {Code: "invalid",
			Message: "the assignment is with that station or was with it before: choose another"}}}
	}
	p := pointOf(inc)
	next, err := s.store.Append(ctx, inc.ID, Event{Type: EventReassigned, At: s.now().UTC(), Actor: actor, Channel: ChannelAPI,
		Agency: agency, Reason: strings.TrimSpace(reason),
		Assignment: &Assignment{Agency: agency, Station: st.ID, StationName: st.Name, DistanceM: math.Round(geo.Distance(p, st.Location))}},
		Timer{Kind: TimerNotify, IncidentID: inc.ID, Agency: agency, Attempt: inc.Version + 1, Due: s.now()})
	return next, err
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func classifyID(s string) classify.CategoryID { return classify.CategoryID(s) }
