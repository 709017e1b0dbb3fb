package geo

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// realDataDir holds the real Tebing Tinggi boundaries shipped with the config.
const realDataDir = "../configs/tebingtinggi/geo"

// realFiles is the layout of realDataDir.
var realFiles = Files{
	City:       "regency/12.76.geojson",
	Districts:  "districts/*.geojson",
	Villages:   "villages/*.geojson",
	Neighbours: []string{"regency/12.18.geojson"},
}

// loadRealAtlas loads the real Tebing Tinggi atlas or fails the test.
func loadRealAtlas(tb testing.TB) *Atlas {
	tb.Helper()
	a, err := LoadAtlas(os.DirFS(realDataDir), realFiles)
	if err != nil {
		tb.Fatalf("LoadAtlas(%s): %v", realDataDir, err)
	}
	return a
}

// mustShape builds a Shape or fails the test.
func mustShape(tb testing.TB, g orb.Geometry) *Shape {
	tb.Helper()
	s, err := NewShape(g)
	if err != nil {
		tb.Fatalf("NewShape: %v", err)
	}
	return s
}

// rect returns the closed counter-clockwise ring of an axis-aligned box.
func rect(minX, minY, maxX, maxY float64) orb.Ring {
	return orb.Ring{{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}, {minX, minY}}
}

// reversed returns r walked the other way round (clockwise for rect).
func reversed(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

// featureJSON encodes g as a GeoJSON Feature with code and name properties.
func featureJSON(tb testing.TB, code, name string, g orb.Geometry) []byte {
	tb.Helper()
	f := geojson.NewFeature(g)
	f.Properties["code"] = code
	f.Properties["name"] = name
	b, err := json.Marshal(f)
	if err != nil {
		tb.Fatalf("marshal feature %s: %v", code, err)
	}
	return b
}

// randomPoints returns n reproducible points spread uniformly over b.
func randomPoints(b orb.Bound, n int, seed uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, 0x5199112))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{
			b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1]),
		}
	}
	return pts
}

// grown returns b extended by d degrees on every side.
func grown(b orb.Bound, d float64) orb.Bound {
	return orb.Bound{Min: orb.Point{b.Min[0] - d, b.Min[1] - d}, Max: orb.Point{b.Max[0] + d, b.Max[1] + d}}
}
