package geo

import (
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Index finds the shapes containing a point among many (tens of thousands
// of service-area polygons): an R-tree over the shape bounds narrows the
// candidates, then Shape.Contains decides exactly.
//
// The zero Index is empty and ready to use. Insert must not run
// concurrently with anything else; once built, lookups are safe for
// concurrent use. An Index must not be copied after first use.
type Index struct {
	tree    rtree.RTreeG[int32]
	entries []indexEntry
	pool    sync.Pool // of *searcher, so lookups do not allocate
}

type indexEntry struct {
	id    string
	shape *Shape
}

// searcher carries one lookup's state. Its visit callback is bound once,
// when the searcher is created, so handing it to the R-tree costs nothing.
type searcher struct {
	ix    *Index
	p     orb.Point
	hits  []int32
	visit func(min, max [2]float64, i int32) bool
}

// Insert adds shape s (not nil) under id. Ids are expected to be unique;
// an id inserted twice is reported twice.
func (ix *Index) Insert(id string, s *Shape) {
	b := s.Bound()
	ix.tree.Insert(b.Min, b.Max, int32(len(ix.entries)))
	ix.entries = append(ix.entries, indexEntry{id: id, shape: s})
}

// Len returns the number of inserted shapes.
func (ix *Index) Len() int { return len(ix.entries) }

// Containing returns the ids of all shapes containing p, sorted so the
// answer is deterministic. It returns nil, without allocating, when no
// shape contains p; otherwise the result is its only allocation.
func (ix *Index) Containing(p orb.Point) []string {
	return ix.AppendContaining(nil, p)
}

// AppendContaining appends the sorted ids of all shapes containing p to dst
// and returns the extended slice; with a dst of enough capacity it does not
// allocate at all, for callers on a hot path.
func (ix *Index) AppendContaining(dst []string, p orb.Point) []string {
	s := ix.search(p)
	if len(s.hits) > 0 {
		dst = slices.Grow(dst, len(s.hits))
		start := len(dst)
		for _, i := range s.hits {
			dst = append(dst, ix.entries[i].id)
		}
		slices.Sort(dst[start:])
	}
	ix.release(s)
	return dst
}

// first returns the smallest id of the shapes containing p, without
// allocating; it is what Atlas.Locate needs.
func (ix *Index) first(p orb.Point) (string, bool) {
	s := ix.search(p)
	id, ok := "", false
	for _, i := range s.hits {
		if e := ix.entries[i].id; !ok || e < id {
			id, ok = e, true
		}
	}
	ix.release(s)
	return id, ok
}

// search collects the entries containing p into a pooled searcher, which
// the caller must release.
func (ix *Index) search(p orb.Point) *searcher {
	s, _ := ix.pool.Get().(*searcher)
	if s == nil {
		s = &searcher{ix: ix}
		s.visit = s.check
	}
	s.p = p
	ix.tree.Search(p, p, s.visit)
	return s
}

func (ix *Index) release(s *searcher) {
	s.hits = s.hits[:0]
	ix.pool.Put(s)
}

func (s *searcher) check(_, _ [2]float64, i int32) bool {
	if s.ix.entries[i].shape.Contains(s.p) {
		s.hits = append(s.hits, i)
	}
	return true
}
