package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Shape is a Polygon or MultiPolygon prepared for fast point-in-polygon
// tests. Preparation happens once in NewShape so that Contains, which runs
// for every incoming call, does no allocation and no bound recomputation
// (orb's planar.RingContains recomputes the ring bound on every call).
//
// Boundary rule: Contains uses a half-open crossing test. A point on a
// boundary belongs to the polygon lying to its east; a point on an
// east-west boundary belongs to the polygon lying to its north (a square
// behaves like the half-open box [minX,maxX) × [minY,maxY)). The test is a
// pure function of each edge, independent of ring orientation, so polygons
// that tile the plane with identical shared edges (kelurahan inside a
// kecamatan inside the city) assign every point to an odd number, in
// practice exactly one, of the tiles: a point inside the city is never in
// zero kelurahan, even on a shared edge.
//
// A Shape is immutable and safe for concurrent use.
type Shape struct {
	geom     orb.Geometry
	bound    orb.Bound
	polys    []polygon
	centroid orb.Point
}

// polygon is an outer ring followed by its holes.
type polygon struct {
	outer ring
	holes []ring
}

// ring holds the non-horizontal edges of a closed ring, bucketed into
// horizontal bands so that a test only looks at edges that can cross the
// horizontal ray through the point. Buckets keep big rings (Serdang Bedagai
// has ~9,000 vertices) about as fast as small ones.
type ring struct {
	bound     orb.Bound
	invH      float64 // bands per degree of latitude
	last      int     // index of the last band
	bandStart []int32 // edges of band b are edges[bandStart[b]:bandStart[b+1]]
	edges     []edge
}

// edge is a non-horizontal segment stored with y0 < y1 whatever the ring
// orientation, so both rings sharing the segment compute the same crossing.
type edge struct {
	y0, y1 float64
	x0     float64 // x at y0
	k      float64 // dx/dy
}

// edgesPerBand is the average number of edges aimed for per band.
const edgesPerBand = 4

// NewShape prepares a Polygon or MultiPolygon. It rejects other geometry
// types, empty geometries, rings that are not closed, rings with fewer than
// 4 points or zero area, and non-finite coordinates, because such data
// would silently answer "nowhere" for every call.
func NewShape(g orb.Geometry) (*Shape, error) {
	s, err := newShape(g)
	if err != nil {
		return nil, fmt.Errorf("geo: %w", err)
	}
	return s, nil
}

// newShape is NewShape with errors left unprefixed for wrapping.
func newShape(g orb.Geometry) (*Shape, error) {
	var polys []orb.Polygon
	switch v := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{v}
	case orb.MultiPolygon:
		polys = v
	case nil:
		return nil, errors.New("no geometry")
	default:
		return nil, fmt.Errorf("geometry type %s (%T), want Polygon or MultiPolygon", g.GeoJSONType(), g)
	}
	if len(polys) == 0 {
		return nil, errors.New("empty geometry")
	}
	s := &Shape{geom: g, polys: make([]polygon, len(polys))}
	for i, p := range polys {
		if len(p) == 0 {
			return nil, fmt.Errorf("polygon %d: no rings", i)
		}
		for j, r := range p {
			pr, err := newRing(r)
			if err != nil {
				return nil, fmt.Errorf("polygon %d ring %d: %w", i, j, err)
			}
			if j == 0 {
				s.polys[i].outer = pr
			} else {
				s.polys[i].holes = append(s.polys[i].holes, pr)
			}
		}
		if i == 0 {
			s.bound = s.polys[i].outer.bound
		} else {
			s.bound = s.bound.Union(s.polys[i].outer.bound)
		}
	}
	s.centroid = centroid(polys, s.bound)
	return s, nil
}

// Contains reports whether p lies inside the shape (inside an outer ring
// and outside that polygon's holes). See Shape for the boundary rule.
func (s *Shape) Contains(p orb.Point) bool {
	if !s.bound.Contains(p) {
		return false
	}
	for i := range s.polys {
		if s.polys[i].contains(p) {
			return true
		}
	}
	return false
}

// Bound returns the bounding box of the shape; it is what the Index stores.
func (s *Shape) Bound() orb.Bound { return s.bound }

// Centroid returns the area-weighted planar centroid (holes subtracted),
// computed in degrees; good enough at city scale for a map label or a
// "centre of kelurahan" fallback. It may fall outside a concave shape.
func (s *Shape) Centroid() orb.Point { return s.centroid }

// Geometry returns the geometry the shape was built from, for callers that
// need to draw or export it. It is shared: do not modify it.
func (s *Shape) Geometry() orb.Geometry { return s.geom }

func (pg *polygon) contains(p orb.Point) bool {
	if !pg.outer.contains(p) {
		return false
	}
	for i := range pg.holes {
		if pg.holes[i].contains(p) {
			return false
		}
	}
	return true
}

// contains is the half-open crossing test: an edge counts when
// y0 <= p.y < y1 and p lies strictly west of the edge at p.y.
func (r *ring) contains(p orb.Point) bool {
	if !r.bound.Contains(p) {
		return false
	}
	b := r.band(p[1])
	in := false
	for _, e := range r.edges[r.bandStart[b]:r.bandStart[b+1]] {
		if e.y0 <= p[1] && p[1] < e.y1 && p[0] < e.x0+(p[1]-e.y0)*e.k {
			in = !in
		}
	}
	return in
}

// band maps a latitude to its band; monotonic in y, so an edge stored in
// bands band(y0)..band(y1) is seen by every point with y0 <= y <= y1.
func (r *ring) band(y float64) int {
	b := int((y - r.bound.Min[1]) * r.invH)
	if b < 0 {
		return 0
	}
	return min(b, r.last)
}

func newRing(r orb.Ring) (ring, error) {
	if len(r) < 4 {
		return ring{}, fmt.Errorf("%d points, want at least 4", len(r))
	}
	if r[0] != r[len(r)-1] {
		return ring{}, errors.New("not closed (first point != last point)")
	}
	for _, p := range r {
		if !finite(p[0]) || !finite(p[1]) {
			return ring{}, fmt.Errorf("non-finite coordinate %v", p)
		}
	}
	if a, _ := ringMoments(r, r[0]); a == 0 {
		return ring{}, errors.New("zero area")
	}
	edges := make([]edge, 0, len(r)-1)
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if a[1] == b[1] {
			continue // horizontal: never crossed by a horizontal ray
		}
		if a[1] > b[1] {
			a, b = b, a
		}
		edges = append(edges, edge{y0: a[1], y1: b[1], x0: a[0], k: (b[0] - a[0]) / (b[1] - a[1])})
	}
	out := ring{bound: r.Bound()}
	out.bucket(edges)
	return out, nil
}

// bucket distributes edges over horizontal bands.
func (r *ring) bucket(edges []edge) {
	n := max(1, len(edges)/edgesPerBand)
	r.invH = float64(n) / (r.bound.Max[1] - r.bound.Min[1])
	r.last = n - 1
	r.bandStart = make([]int32, n+2) // n bands, +1 end offset, +1 for counting
	for _, e := range edges {
		for b := r.band(e.y0); b <= r.band(e.y1); b++ {
			r.bandStart[b+2]++
		}
	}
	for b := 2; b < len(r.bandStart); b++ {
		r.bandStart[b] += r.bandStart[b-1]
	}
	r.edges = make([]edge, r.bandStart[n+1])
	for _, e := range edges {
		for b := r.band(e.y0); b <= r.band(e.y1); b++ {
			r.edges[r.bandStart[b+1]] = e
			r.bandStart[b+1]++
		}
	}
	r.bandStart = r.bandStart[:n+1]
}

// centroid is the area-weighted centroid of the polygons, holes counted
// negative. Coordinates are shifted to the bound's corner for precision.
// A shape whose holes cancel its area falls back to the bound centre.
func centroid(polys []orb.Polygon, b orb.Bound) orb.Point {
	o := b.Min
	var area, cx, cy float64
	for _, p := range polys {
		for j, r := range p {
			a, c := ringMoments(r, o)
			w := math.Abs(a)
			if j > 0 {
				w = -w
			}
			area += w
			cx += w * c[0]
			cy += w * c[1]
		}
	}
	if area <= 0 {
		return b.Center()
	}
	return orb.Point{o[0] + cx/area, o[1] + cy/area}
}

// ringMoments returns the signed shoelace area of r and its centroid,
// relative to origin o.
func ringMoments(r orb.Ring, o orb.Point) (float64, orb.Point) {
	var a2, cx, cy float64
	for i := 0; i+1 < len(r); i++ {
		x0, y0 := r[i][0]-o[0], r[i][1]-o[1]
		x1, y1 := r[i+1][0]-o[0], r[i+1][1]-o[1]
		cross := x0*y1 - x1*y0
		a2 += cross
		cx += (x0 + x1) * cross
		cy += (y0 + y1) * cross
	}
	if a2 == 0 {
		return 0, orb.Point{}
	}
	return a2 / 2, orb.Point{cx / (3 * a2), cy / (3 * a2)}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
