package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// ErrInvalidPoint is wrapped by every ValidPoint error, so handlers can map
// it to a 400 answer with errors.Is.
var ErrInvalidPoint = errors.New("geo: invalid point")

// Distance returns the great-circle (haversine) distance in metres between
// two {lon, lat} points, on a sphere of orb.EarthRadius. Haversine stays
// accurate for the few-metre distances that matter when picking the closest
// unit.
func Distance(a, b orb.Point) float64 {
	return geo.DistanceHaversine(a, b)
}

// Nearest returns the index of the candidate closest to p and its distance
// in metres; ties go to the lowest index so results are reproducible. It
// returns -1 and +Inf when there is no candidate (or none has a finite
// distance), so a "within X metres" check on the result fails naturally.
func Nearest(p orb.Point, candidates []orb.Point) (index int, metres float64) {
	index, metres = -1, math.Inf(1)
	for i, c := range candidates {
		if d := Distance(p, c); d < metres {
			index, metres = i, d
		}
	}
	return index, metres
}

// ValidPoint checks a caller position before it reaches the atlas or the
// database: NaN, infinities and out-of-range values come from broken
// handsets and swapped fields. Latitude must be in [-90, 90] and longitude
// in [-180, 180]. Note the argument order (lat, lon), as phones report it,
// unlike orb.Point{lon, lat}.
func ValidPoint(lat, lon float64) error {
	switch {
	case !finite(lat):
		return fmt.Errorf("%w: latitude is %v", ErrInvalidPoint, lat)
	case !finite(lon):
		return fmt.Errorf("%w: longitude is %v", ErrInvalidPoint, lon)
	case lat < -90 || lat > 90:
		return fmt.Errorf("%w: latitude %v out of range [-90, 90]", ErrInvalidPoint, lat)
	case lon < -180 || lon > 180:
		return fmt.Errorf("%w: longitude %v out of range [-180, 180]", ErrInvalidPoint, lon)
	}
	return nil
}
