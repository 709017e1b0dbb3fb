package geo

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
)

// testIndex holds overlapping shapes inserted out of id order.
func testIndex(t *testing.T) *Index {
	t.Helper()
	ix := &Index{}
	ix.Insert("b", mustShape(t, orb.Polygon{rect(1, 1, 3, 3)}))
	ix.Insert("a", mustShape(t, orb.Polygon{rect(0, 0, 2, 2)}))
	ix.Insert("c", mustShape(t, orb.Polygon{rect(0, 0, 10, 10), rect(4, 4, 6, 6)}))
	return ix
}

func TestIndexContaining(t *testing.T) {
	ix := testIndex(t)
	if ix.Len() != 3 {
		t.Errorf("Len() = %d, want 3", ix.Len())
	}
	tests := []struct {
		name string
		p    orb.Point
		want []string
	}{
		{"overlap sorted by id", orb.Point{1.5, 1.5}, []string{"a", "b", "c"}},
		{"one plus outer", orb.Point{0.5, 0.5}, []string{"a", "c"}},
		{"in hole of c", orb.Point{5, 5}, nil},
		{"in bound of b only by box", orb.Point{2.5, 2.5}, []string{"b", "c"}},
		{"outside all", orb.Point{20, 20}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Containing(tt.p); !slices.Equal(got, tt.want) {
				t.Errorf("Containing(%v) = %q, want %q", tt.p, got, tt.want)
			}
		})
	}
}

func TestIndexEmpty(t *testing.T) {
	var ix Index
	if got := ix.Containing(orb.Point{1, 1}); got != nil || ix.Len() != 0 {
		t.Errorf("empty index: Containing = %q, Len = %d; want nil, 0", got, ix.Len())
	}
}

func TestIndexAppendContaining(t *testing.T) {
	ix := testIndex(t)
	got := ix.AppendContaining([]string{"keep"}, orb.Point{0.5, 0.5})
	if want := []string{"keep", "a", "c"}; !slices.Equal(got, want) {
		t.Errorf("AppendContaining = %q, want %q", got, want)
	}
}

// TestIndexAllocs holds Containing to its promise: nothing allocated on a
// miss, only the result on a hit, nothing with a big enough buffer.
func TestIndexAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under -race")
	}
	ix := testIndex(t)
	buf := make([]string, 0, 8)
	tests := []struct {
		name string
		f    func()
		want float64
	}{
		{"miss", func() { ix.Containing(orb.Point{20, 20}) }, 0},
		{"hit", func() { ix.Containing(orb.Point{1.5, 1.5}) }, 1},
		{"append hit", func() { buf = ix.AppendContaining(buf[:0], orb.Point{1.5, 1.5}) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := testing.AllocsPerRun(100, tt.f); got != tt.want {
				t.Errorf("allocations = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestIndexConcurrent checks that parallel lookups (one per incoming call)
// agree with sequential ones; run with -race to catch shared state.
func TestIndexConcurrent(t *testing.T) {
	ix := testIndex(t)
	pts := randomPoints(orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{11, 11}}, 2000, 3)
	want := make([][]string, len(pts))
	for i, p := range pts {
		want[i] = ix.Containing(p)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for i, p := range pts {
				if got := ix.Containing(p); !slices.Equal(got, want[i]) {
					errs <- fmt.Sprint(p)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for p := range errs {
		t.Errorf("concurrent Containing(%s) differs from sequential", p)
	}
}
