package dispatch

import (
	"time"
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
