package dispatch

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Precision says how far a responder can trust an incident's point: a
// kelurahan chosen from a list is sent as its centre, which must never look
// like a pin dropped on the caller's door.
type Precision string

// Precisions, from most to least exact. An empty precision (incidents
// stored before precision was recorded, API clients that send coordinates)
// means PrecisionPoint.
const (
	PrecisionPoint     Precision = "point"            // the caller's or map's point, pasted coordinates or link
	PrecisionLandmark  Precision = "landmark"         // a named place (mosque, school, market) from the gazetteer
	PrecisionStreet    Precision = "street"           // somewhere along a named street
	PrecisionKelurahan Precision = "kelurahan_centre" // the centre of the kelurahan: only the area is known
)

// Valid reports whether p is a known precision (empty counts as point).
func (p Precision) Valid() bool {
	switch p {
	case "", PrecisionPoint, PrecisionLandmark, PrecisionStreet, PrecisionKelurahan:
		return true
	}
	return false
}

// Exact reports whether the point is where the incident is.
func (p Precision) Exact() bool { return p == "" || p == PrecisionPoint }

// MaxPlaceName bounds the name of the street or landmark a location is near.
const MaxPlaceName = 120

// MaxAnswerAge is how long before logging a call may have been answered:
// older than this, the console's clock or the form is wrong.
const MaxAnswerAge = time.Hour

// answerSkew tolerates a console clock slightly ahead of the server's.
const answerSkew = 5 * time.Second

// validateWhereWhen checks the location's precision and the answer time.
func (s *Service) validateWhereWhen(r *Report, ve *ValidationError) {
	r.PlaceName = strings.TrimSpace(r.PlaceName)
	if !r.Precision.Valid() {
		ve.add("location_precision", "invalid", "precision must be point, landmark, street or kelurahan_centre")
	}
	if r.Precision == "" {
		r.Precision = PrecisionPoint
	}
	if utf8.RuneCountInString(r.PlaceName) > MaxPlaceName {
		ve.add("place_name", "too_long", fmt.Sprintf("at most %d characters", MaxPlaceName))
	}
	if r.AnsweredAt.IsZero() {
		return
	}
	now := s.now()
	switch {
	case r.AnsweredAt.After(now.Add(answerSkew)):
		ve.add("answered_at", "future", "the call cannot have been answered in the future")
	case r.AnsweredAt.Before(now.Add(-MaxAnswerAge)):
		ve.add("answered_at", "too_old", "answered more than an hour ago: check the console's clock")
	case r.AnsweredAt.After(now):
		r.AnsweredAt = now
	}
}
