package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// benchPoints is the number of precomputed query points (a power of two).
const benchPoints = 1 << 12

// BenchmarkLocate measures one full lookup (city, kelurahan, kecamatan,
// Serdang Bedagai) on the real atlas, for points around the city.
func BenchmarkLocate(b *testing.B) {
	a := loadRealAtlas(b)
	pts := randomPoints(grown(a.City().Shape.Bound(), 0.01), benchPoints, 42)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a.Locate(pts[i&(benchPoints-1)])
	}
}

// BenchmarkLocateNaive answers the same question by scanning every area
// with orb's planar.MultiPolygonContains, for comparison.
func BenchmarkLocateNaive(b *testing.B) {
	a := loadRealAtlas(b)
	pts := randomPoints(grown(a.City().Shape.Bound(), 0.01), benchPoints, 42)
	areas := append(append(append([]*Area{a.City()}, a.Villages()...), a.Districts()...), a.Neighbours()...)
	mps := make([]orb.MultiPolygon, len(areas))
	for i, ar := range areas {
		mps[i] = multiPolygon(ar.Shape.Geometry())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := pts[i&(benchPoints-1)]
		for _, mp := range mps {
			planar.MultiPolygonContains(mp, p)
		}
	}
}

// BenchmarkShapeContains compares the prepared test with orb's on the
// biggest real boundary, Serdang Bedagai (8,879 vertices, one hole).
func BenchmarkShapeContains(b *testing.B) {
	sbd := readRealArea(b, "regency/12.18.geojson")
	mp := multiPolygon(sbd.Shape.Geometry())
	pts := randomPoints(grown(readRealArea(b, "regency/12.76.geojson").Shape.Bound(), 0.05), benchPoints, 5)
	b.Run("prepared", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sbd.Shape.Contains(pts[i&(benchPoints-1)])
		}
	})
	b.Run("orb-planar", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			planar.MultiPolygonContains(mp, pts[i&(benchPoints-1)])
		}
	})
}

// BenchmarkIndexContaining queries an R-tree index of synthetic irregular
// 40-vertex polygons laid on a grid (50,000 = 200×250 cells, plus a 2,000
// cell grid to compare with the naive scan).
func BenchmarkIndexContaining(b *testing.B) {
	for _, size := range []struct{ nx, ny int }{{40, 50}, {200, 250}} {
		g := benchGrid(size.nx, size.ny)
		b.Run(fmt.Sprintf("polygons=%d", len(g.shapes)), func(b *testing.B) {
			var ix Index
			for i, s := range g.shapes {
				ix.Insert(fmt.Sprintf("cell-%06d", i), s)
			}
			var hits int
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				hits += len(ix.Containing(g.points[i&(benchPoints-1)]))
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		})
	}
}

// BenchmarkIndexAppendContaining is the 50,000-polygon lookup reusing the
// caller's buffer: no allocation at all.
func BenchmarkIndexAppendContaining(b *testing.B) {
	g := benchGrid(200, 250)
	var ix Index
	for i, s := range g.shapes {
		ix.Insert(fmt.Sprintf("cell-%06d", i), s)
	}
	buf := make([]string, 0, 8)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		buf = ix.AppendContaining(buf[:0], g.points[i&(benchPoints-1)])
	}
}

// BenchmarkNaiveContaining is the linear scan with planar.MultiPolygonContains
// over the 2,000-polygon grid (50,000 would take too long to be useful).
func BenchmarkNaiveContaining(b *testing.B) {
	g := benchGrid(40, 50)
	var hits int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := g.points[i&(benchPoints-1)]
		for _, mp := range g.polys {
			if planar.MultiPolygonContains(mp, p) {
				hits++
			}
		}
	}
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
}

type grid struct {
	polys  []orb.MultiPolygon
	shapes []*Shape
	points []orb.Point
}

var (
	gridMu    sync.Mutex
	gridCache = map[[2]int]*grid{}
)

// benchGrid builds (once per size) nx×ny irregular star-shaped polygons of
// 39 distinct vertices around cell centres of a 0.001° grid, some reaching
// into neighbouring cells, plus random query points over the grid.
func benchGrid(nx, ny int) *grid {
	gridMu.Lock()
	defer gridMu.Unlock()
	if g, ok := gridCache[[2]int{nx, ny}]; ok {
		return g
	}
	const cell, corners = 0.001, 39
	rng := rand.New(rand.NewPCG(uint64(nx), uint64(ny)))
	g := &grid{}
	origin := orb.Point{99.0, 3.2}
	for i := range nx * ny {
		cx := origin[0] + (float64(i%nx)+0.5)*cell
		cy := origin[1] + (float64(i/nx)+0.5)*cell
		r := make(orb.Ring, 0, corners+1)
		for k := range corners {
			angle := 2 * math.Pi * (float64(k) + 0.8*rng.Float64()) / corners
			radius := cell * (0.3 + 0.4*rng.Float64())
			r = append(r, orb.Point{cx + radius*math.Cos(angle), cy + radius*math.Sin(angle)})
		}
		r = append(r, r[0])
		s, err := NewShape(orb.Polygon{r})
		if err != nil {
			panic(err)
		}
		g.polys = append(g.polys, orb.MultiPolygon{{r}})
		g.shapes = append(g.shapes, s)
	}
	g.points = randomPoints(orb.Bound{Min: origin, Max: orb.Point{
		origin[0] + float64(nx)*cell, origin[1] + float64(ny)*cell,
	}}, benchPoints, 9)
	gridCache[[2]int{nx, ny}] = g
	return g
}
