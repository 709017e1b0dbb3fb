package geo

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestNewShapeErrors(t *testing.T) {
	square := rect(0, 0, 1, 1)
	tests := []struct {
		name string
		g    orb.Geometry
		want string
	}{
		{"nil", nil, "no geometry"},
		{"point", orb.Point{1, 2}, "geometry type Point"},
		{"line string", orb.LineString{{0, 0}, {1, 1}}, "geometry type LineString"},
		{"bare ring", square, "geometry type Polygon (orb.Ring)"}, // a Ring reports Polygon but is not one
		{"empty polygon", orb.Polygon{}, "polygon 0: no rings"},
		{"empty multipolygon", orb.MultiPolygon{}, "empty geometry"},
		{"polygon without rings", orb.MultiPolygon{{square}, {}}, "polygon 1: no rings"},
		{"three points", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}, "polygon 0 ring 0: 3 points"},
		{"unclosed", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, "not closed"},
		{"collinear", orb.Polygon{{{0, 0}, {1, 1}, {2, 2}, {0, 0}}}, "zero area"},
		{"bad hole", orb.Polygon{square, {{0.2, 0.2}, {0.5, 0.5}, {0.2, 0.2}}}, "polygon 0 ring 1"},
		{"NaN", orb.Polygon{{{0, 0}, {math.NaN(), 0}, {1, 1}, {0, 0}}}, "non-finite"},
		{"Inf", orb.Polygon{{{0, 0}, {math.Inf(1), 0}, {1, 1}, {0, 0}}}, "non-finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewShape(tt.g)
			if err == nil {
				t.Fatalf("NewShape = %v, want error containing %q", s, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "geo: ") {
				t.Errorf("error %q, want it to start with \"geo: \" and contain %q", err, tt.want)
			}
		})
	}
}

func TestShapeContains(t *testing.T) {
	// A 10×10 square with a 4×4 hole holding a 2×2 island.
	holed := orb.MultiPolygon{
		{rect(0, 0, 10, 10), reversed(rect(3, 3, 7, 7))},
		{rect(4, 4, 6, 6)},
	}
	// A concave U: the notch x in (2,4), y in (2,6) is outside.
	u := orb.Polygon{{{0, 0}, {6, 0}, {6, 6}, {4, 6}, {4, 2}, {2, 2}, {2, 6}, {0, 6}, {0, 0}}}
	// A triangle, to exercise sloped edges.
	tri := orb.Polygon{{{0, 0}, {4, 0}, {0, 4}, {0, 0}}}
	tests := []struct {
		name string
		g    orb.Geometry
		p    orb.Point
		want bool
	}{
		{"holed: in outer", holed, orb.Point{1, 1}, true},
		{"holed: in hole", holed, orb.Point{3.5, 3.5}, false},
		{"holed: in island", holed, orb.Point{5, 5}, true},
		{"holed: outside bound", holed, orb.Point{11, 5}, false},
		{"holed: west of bound", holed, orb.Point{-1, 5}, false},
		{"holed: on outer south-west vertex", holed, orb.Point{0, 0}, true},
		{"holed: on outer north-east vertex", holed, orb.Point{10, 10}, false},
		{"holed: on outer west edge", holed, orb.Point{0, 5}, true},
		{"holed: on outer east edge", holed, orb.Point{10, 5}, false},
		{"holed: on outer south edge", holed, orb.Point{5, 0}, true},
		{"holed: on outer north edge", holed, orb.Point{5, 10}, false},
		{"holed: on hole west edge", holed, orb.Point{3, 5}, false},
		{"holed: on hole east edge", holed, orb.Point{7, 5}, true},
		{"holed: on hole south-west vertex", holed, orb.Point{3, 3}, false},
		{"holed: on island south-west vertex", holed, orb.Point{4, 4}, true},
		{"holed: NaN", holed, orb.Point{math.NaN(), 5}, false},
		{"concave: in left arm", u, orb.Point{1, 5}, true},
		{"concave: in right arm", u, orb.Point{5, 5}, true},
		{"concave: in notch", u, orb.Point{3, 4}, false},
		{"concave: below notch", u, orb.Point{3, 1}, true},
		{"concave: notch vertex level", u, orb.Point{3, 2}, false},
		{"concave: ray through reflex vertex", u, orb.Point{1, 2}, true},
		{"concave: ray through top vertices", u, orb.Point{-1, 6}, false},
		{"triangle: inside", tri, orb.Point{1, 1}, true},
		{"triangle: beyond hypotenuse", tri, orb.Point{2.5, 2.5}, false},
		{"triangle: apex", tri, orb.Point{0, 4}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustShape(t, tt.g)
			if got := s.Contains(tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

// TestShapeOrientation checks that clockwise and counter-clockwise rings
// answer the same, since GeoJSON files in the wild use both.
func TestShapeOrientation(t *testing.T) {
	ccw := mustShape(t, orb.Polygon{rect(0, 0, 10, 10), reversed(rect(3, 3, 7, 7))})
	cw := mustShape(t, orb.Polygon{reversed(rect(0, 0, 10, 10)), rect(3, 3, 7, 7)})
	for _, p := range randomPoints(orb.Bound{Max: orb.Point{10, 10}}, 2000, 1) {
		if ccw.Contains(p) != cw.Contains(p) {
			t.Fatalf("Contains(%v): counter-clockwise %v, clockwise %v", p, ccw.Contains(p), cw.Contains(p))
		}
	}
}

// TestShapeSharedEdges checks the boundary rule on a 2×2 grid of tiles:
// every point of the grid, including shared edges and the shared corner,
// is in exactly one tile, whatever the tiles' orientation.
func TestShapeSharedEdges(t *testing.T) {
	tiles := []*Shape{
		mustShape(t, orb.Polygon{rect(0, 0, 1, 1)}),
		mustShape(t, orb.Polygon{reversed(rect(1, 0, 2, 1))}),
		mustShape(t, orb.Polygon{rect(0, 1, 1, 2)}),
		mustShape(t, orb.Polygon{reversed(rect(1, 1, 2, 2))}),
	}
	tests := []struct {
		name string
		p    orb.Point
		want int // index of the owning tile
	}{
		{"shared vertical edge goes east", orb.Point{1, 0.5}, 1},
		{"shared horizontal edge goes north", orb.Point{0.5, 1}, 2},
		{"shared corner goes north-east", orb.Point{1, 1}, 3},
		{"upper shared vertical edge", orb.Point{1, 1.5}, 3},
		{"outer south-west corner", orb.Point{0, 0}, 0},
		{"interior", orb.Point{1.5, 0.25}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var owners []int
			for i, s := range tiles {
				if s.Contains(tt.p) {
					owners = append(owners, i)
				}
			}
			if len(owners) != 1 || owners[0] != tt.want {
				t.Errorf("%v is in tiles %v, want exactly [%d]", tt.p, owners, tt.want)
			}
		})
	}
}

func TestShapeBoundAndCentroid(t *testing.T) {
	tests := []struct {
		name      string
		g         orb.Geometry
		bound     orb.Bound
		centroid  orb.Point
		tolerance float64
	}{
		{
			name:     "square with centred hole",
			g:        orb.Polygon{rect(0, 0, 10, 10), rect(4, 4, 6, 6)},
			bound:    orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 10}},
			centroid: orb.Point{5, 5},
		},
		{
			// Two unit squares: areas 1 and 3 (1×3), weighted 1:3.
			name:     "multipolygon weighted by area",
			g:        orb.MultiPolygon{{rect(0, 0, 1, 1)}, {reversed(rect(10, 0, 11, 3))}},
			bound:    orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{11, 3}},
			centroid: orb.Point{(0.5*1 + 10.5*3) / 4, (0.5*1 + 1.5*3) / 4},
		},
		{
			// L of a 2×2 square minus its north-east unit square.
			name:     "concave L, centroid outside",
			g:        orb.Polygon{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}},
			bound:    orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{2, 2}},
			centroid: orb.Point{5.0 / 6, 5.0 / 6},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustShape(t, tt.g)
			if s.Bound() != tt.bound {
				t.Errorf("Bound() = %v, want %v", s.Bound(), tt.bound)
			}
			if c := s.Centroid(); math.Abs(c[0]-tt.centroid[0]) > 1e-12 || math.Abs(c[1]-tt.centroid[1]) > 1e-12 {
				t.Errorf("Centroid() = %v, want %v", c, tt.centroid)
			}
		})
	}
}

// TestShapeCentroidReal compares with the centroids published in
// PROVENANCE.md (6 decimals), including Padang Hulu whose centroid falls
// outside its own concave polygon.
func TestShapeCentroidReal(t *testing.T) {
	tests := []struct {
		file   string
		want   orb.Point
		inside bool
	}{
		{"regency/12.76.geojson", orb.Point{99.156031, 3.328270}, true},
		{"regency/12.18.geojson", orb.Point{99.057708, 3.366258}, true},
		{"districts/12.76.01.geojson", orb.Point{99.138519, 3.303633}, false},
		{"districts/12.76.05.geojson", orb.Point{99.161228, 3.326782}, true},
		{"villages/12.76.03.1001.geojson", orb.Point{99.169772, 3.309793}, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a := readRealArea(t, tt.file)
			c := a.Shape.Centroid()
			if math.Abs(c[0]-tt.want[0]) > 1e-6 || math.Abs(c[1]-tt.want[1]) > 1e-6 {
				t.Errorf("Centroid() = %.6f, want %v", c, tt.want)
			}
			if got := a.Shape.Contains(c); got != tt.inside {
				t.Errorf("Contains(own centroid) = %v, want %v", got, tt.inside)
			}
		})
	}
}

// TestShapeMatchesOrb cross-checks the prepared test against orb's planar
// reference on random points around every real boundary (random points
// never land exactly on an edge, where the two rules may differ).
func TestShapeMatchesOrb(t *testing.T) {
	files := []string{"regency/12.76.geojson", "regency/12.18.geojson", "districts/12.76.01.geojson"}
	for _, v := range []string{"01.1001", "02.1013", "03.1004", "04.1004", "05.1002"} {
		files = append(files, "villages/12.76."+v+".geojson")
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			a := readRealArea(t, file)
			mp := multiPolygon(a.Shape.Geometry())
			b, n := grown(a.Shape.Bound(), 0.002), 20000
			if a.Code == "12.18" { // big: sample around its hole, the city
				b, n = grown(readRealArea(t, "regency/12.76.geojson").Shape.Bound(), 0.02), 4000
			}
			var in int
			for _, p := range randomPoints(b, n, 7) {
				got, want := a.Shape.Contains(p), planar.MultiPolygonContains(mp, p)
				if got != want {
					t.Fatalf("Contains(%v) = %v, planar.MultiPolygonContains = %v", p, got, want)
				}
				if got {
					in++
				}
			}
			if in == 0 || in == n {
				t.Errorf("%d of %d points inside: the sample does not exercise both answers", in, n)
			}
		})
	}
}

// readRealArea reads one real boundary file or fails the test.
func readRealArea(tb testing.TB, file string) *Area {
	tb.Helper()
	f, err := os.Open(realDataDir + "/" + file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	a, err := ReadArea(f, LevelVillage)
	if err != nil {
		tb.Fatalf("ReadArea(%s): %v", file, err)
	}
	return a
}

func multiPolygon(g orb.Geometry) orb.MultiPolygon {
	if p, ok := g.(orb.Polygon); ok {
		return orb.MultiPolygon{p}
	}
	return g.(orb.MultiPolygon)
}
