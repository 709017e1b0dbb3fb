package hotline

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/geo/gazetteer"
	"github.com/sigap112/sigap/geo/locate"
)

// PlaceMemory remembers the addresses call-takers confirmed with a point, so
// that the next call from the same address is found by typing part of it.
type PlaceMemory interface {
	// Learn records (or refreshes) an address and its point.
	Learn(ctx context.Context, p LearnedPlace) error
	// Learned returns the remembered addresses, most used first, at most limit.
	Learned(ctx context.Context, limit int) ([]LearnedPlace, error)
}

// LearnedPlace is an address text confirmed with a point on a past incident.
type LearnedPlace struct {
	Text      string    `json:"text"`
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
	Kelurahan string    `json:"kelurahan,omitempty"`
	Uses      int       `json:"uses"`
	LastAt    time.Time `json:"last_at"`
}

// maxLearnedScan bounds how many remembered addresses one search reads.
const maxLearnedScan = 5000

// placeResult is one answer of GET /api/v1/places: where the call-taker's
// words may point, and how exact that point is.
type placeResult struct {
	Name       string             `json:"name"`
	Kind       string             `json:"kind"`   // street, landmark, kelurahan, history
	Type       string             `json:"type"`   // mosque, school, residential…; "" for kelurahan and history
	Source     string             `json:"source"` // gazetteer, boundary, history
	Lat        float64            `json:"lat"`
	Lon        float64            `json:"lon"`
	Precision  dispatch.Precision `json:"precision"`
	Kelurahan  *dispatch.Place    `json:"kelurahan,omitempty"`
	NearStreet string             `json:"near_street,omitempty"`
	Score      float64            `json:"score"`
	Example    bool               `json:"example,omitempty"` // from example data (contoh)
}

func init() {
	fieldMessages["location_text"] = map[string][2]string{}
	for code, m := range locate.Messages {
		fieldMessages["location_text"][code] = m
	}
	fieldMessages["answered_at"] = map[string][2]string{
		"future":  {"Waktu panggilan dijawab tidak boleh di masa depan: periksa jam komputer.", "The call cannot have been answered in the future: check the computer's clock."},
		"too_old": {"Waktu panggilan dijawab lebih dari 1 jam lalu: periksa jam komputer.", "The call was answered more than an hour ago: check the computer's clock."},
		"type":    {"answered_at harus waktu RFC 3339, contoh 2026-12-06T14:32:05+07:00.", "answered_at must be an RFC 3339 time, e.g. 2026-12-06T14:32:05+07:00."},
	}
	fieldMessages["location_precision"] = map[string][2]string{
		"invalid": {"Ketepatan lokasi harus point, landmark, street atau kelurahan_centre.", "Location precision must be point, landmark, street or kelurahan_centre."},
	}
	fieldMessages["place_name"] = map[string][2]string{
		"too_long": {"Nama tempat terlalu panjang.", "The place name is too long."},
	}
}

// locator reads pasted locations near the city's centre.
func (s *Server) locator() *locate.Parser {
	return locate.NewParser(s.dep.Atlas.City().Shape.Centroid())
}

// HandleLocate reads a typed or pasted location (coordinates, a share link,
// a geo: URI, a Plus Code) and says where it is: the point, its kelurahan,
// and who would respond; a text that names no point gets a field error.
func (s *Server) HandleLocate() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Text string `json:"text"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		pt, err := s.locator().Parse(req.Text)
		if err != nil {
			s.fail(c, locationTextError(err))
			return
		}
		p, err := s.intake.Preview(c.Request.Context(), intake.PreviewInput{Lat: &pt.Lat, Lon: &pt.Lon})
		if err != nil {
			s.fail(c, err)
			return
		}
		if p.Location != nil {
			p.Location.Precision = dispatch.PrecisionPoint
		}
		c.JSON(http.StatusOK, gin.H{"lat": pt.Lat, "lon": pt.Lon, "format": pt.Format, "swapped": pt.Swapped,
			"precision": dispatch.PrecisionPoint, "location": p.Location, "referral": p.Referral, "stations": p.Stations})
	}
}

func locationTextError(err error) error {
	fe := dispatch.FieldError{Code: locate.CodeUnrecognised, Message: err.Error()}
	if le, ok := err.(*locate.Error); ok {
		fe = dispatch.FieldError{Code: le.Code, Message: le.MessageEN}
	}
	return &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"location_text": fe}}
}

// applyLocationText lets an API client (and the console) send the location
// as text instead of {lat, lon}: coordinates, a share link, a Plus Code.
func (s *Server) applyLocationText(raw json.RawMessage, rep *dispatch.Report, fields map[string]dispatch.FieldError) {
	var text string
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	if err := json.Unmarshal(raw, &text); err != nil {
		fields["location_text"] = dispatch.FieldError{Code: "type", Message: "location_text must be a string"}
		return
	}
	if strings.TrimSpace(text) == "" {
		return
	}
	if fe, ok := fields["location"]; !ok || fe.Code != "required" {
		return // {lat, lon} given: it wins (the map or the handset is more exact than a retyped text)
	}
	pt, err := s.locator().Parse(text)
	if err != nil {
		delete(fields, "location")
		fields["location_text"] = locationTextError(err).(*dispatch.ValidationError).Fields["location_text"]
		return
	}
	delete(fields, "location")
	rep.Lat, rep.Lon, rep.Precision = pt.Lat, pt.Lon, dispatch.PrecisionPoint
}

// HandlePlaces searches streets, landmarks, kelurahan and the addresses
// learned from past incidents as the call-taker types:
// GET /api/v1/places?q=masjid+raya[&kelurahan=12.76.05.1002][&limit=8].
func (s *Server) HandlePlaces() gin.HandlerFunc {
	return func(c *gin.Context) {
		q, kel := strings.TrimSpace(c.Query("q")), c.Query("kelurahan")
		limit, err := strconv.Atoi(c.DefaultQuery("limit", "8"))
		if err != nil || limit < 1 || limit > 50 {
			limit = 8
		}
		out := []placeResult{}
		if len([]rune(q)) < 2 {
			c.JSON(http.StatusOK, gin.H{"places": out})
			return
		}
		out = append(out, s.learnedMatches(c.Request.Context(), q, kel, limit)...)
		out = append(out, s.kelurahanMatches(q, limit)...)
		if g := s.dep.Gazetteer; g != nil {
			for _, m := range g.Search(q, kel, limit) {
				out = append(out, s.gazetteerResult(m, g.Example()))
			}
		}
		sortPlaceResults(out)
		if len(out) > limit {
			out = out[:limit]
		}
		c.JSON(http.StatusOK, gin.H{"places": out})
	}
}

func (s *Server) gazetteerResult(m gazetteer.Match, example bool) placeResult {
	r := placeResult{Name: m.Name, Kind: string(m.Kind), Type: m.Type, Source: "gazetteer", Lat: m.Lat, Lon: m.Lon,
		NearStreet: m.NearStreet, Score: m.Score, Example: example, Precision: dispatch.PrecisionLandmark}
	if m.Kind == gazetteer.Street {
		r.Precision = dispatch.PrecisionStreet
	}
	r.Kelurahan = s.kelurahanAt(m.Lat, m.Lon)
	return r
}

// kelurahanMatches finds kelurahan by name: their centre, marked as such.
func (s *Server) kelurahanMatches(q string, limit int) []placeResult {
	var places []gazetteer.Place
	for _, v := range s.dep.Atlas.Villages() {
		ct := v.Shape.Centroid()
		if !v.Shape.Contains(ct) {
			ct = insidePoint(s.dep, v.Code, ct)
		}
		places = append(places, gazetteer.Place{Name: "Kel. " + v.Name, Kind: gazetteer.Landmark, Lat: ct[1], Lon: ct[0], Kelurahan: []string{v.Code}})
	}
	g, err := gazetteer.New(gazetteer.File{Places: places})
	if err != nil {
		return nil
	}
	var out []placeResult
	for _, m := range g.Search(q, "", limit) {
		out = append(out, placeResult{Name: m.Name, Kind: "kelurahan", Source: "boundary", Lat: m.Lat, Lon: m.Lon,
			Precision: dispatch.PrecisionKelurahan, Kelurahan: s.placeOf(m.Kelurahan[0]), Score: m.Score - 0.25})
	}
	return out
}

// learnedMatches searches the addresses confirmed on past incidents; a
// failing memory never fails the search (the gazetteer still answers).
func (s *Server) learnedMatches(ctx context.Context, q, kel string, limit int) []placeResult {
	if s.places == nil {
		return nil
	}
	learned, err := s.places.Learned(ctx, maxLearnedScan)
	if err != nil {
		s.log.Warn("learned addresses unavailable", zap.Error(err))
		return nil
	}
	var places []gazetteer.Place
	for _, l := range learned {
		p := gazetteer.Place{Name: l.Text, Kind: gazetteer.Landmark, Lat: l.Lat, Lon: l.Lon}
		if l.Kelurahan != "" {
			p.Kelurahan = []string{l.Kelurahan}
		}
		places = append(places, p)
	}
	g, err := gazetteer.New(gazetteer.File{Places: places})
	if err != nil {
		return nil
	}
	var out []placeResult
	for _, m := range g.Search(q, kel, limit) {
		out = append(out, placeResult{Name: m.Name, Kind: "history", Source: "history", Lat: m.Lat, Lon: m.Lon,
			Precision: dispatch.PrecisionPoint, Kelurahan: s.kelurahanAt(m.Lat, m.Lon), Score: m.Score + 0.25})
	}
	return out
}

// learnAddress remembers the address of a new incident whose point is
// exact and in the city; failures are logged, never returned: the
// incident is saved and dispatched already.
func (s *Server) learnAddress(ctx context.Context, inc *dispatch.Incident) {
	if s.places == nil || inc == nil || strings.TrimSpace(inc.Address) == "" || !inc.Location.InCity ||
		!inc.Location.Precision.Exact() {
		return
	}
	l := LearnedPlace{Text: inc.Address, Lat: inc.Location.Lat, Lon: inc.Location.Lon, LastAt: inc.ReceivedAt}
	if inc.Location.Kelurahan != nil {
		l.Kelurahan = inc.Location.Kelurahan.Code
	}
	if err := s.places.Learn(ctx, l); err != nil {
		s.log.Warn("address not learned", zap.String("incident_id", string(inc.ID)), zap.Error(err))
	}
}

func (s *Server) kelurahanAt(lat, lon float64) *dispatch.Place {
	pl := s.dep.Atlas.Locate([2]float64{lon, lat})
	if pl.Village == nil {
		return nil
	}
	return &dispatch.Place{Code: pl.Village.Code, Name: pl.Village.Name}
}

func (s *Server) placeOf(code string) *dispatch.Place {
	if a, ok := s.dep.Atlas.Area(code); ok {
		return &dispatch.Place{Code: a.Code, Name: a.Name}
	}
	return nil
}

// sortPlaceResults orders the merged answers best first, shorter names
// first among equals.
func sortPlaceResults(out []placeResult) {
	slices.SortStableFunc(out, func(a, b placeResult) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return len(a.Name) - len(b.Name)
	})
}
