package report

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Dim is what a report groups or filters by.
type Dim string

// Dimensions of a report.
const (
	ByAgency    Dim = "agency"
	ByStation   Dim = "station"
	ByCategory  Dim = "category"
	ByKecamatan Dim = "kecamatan"
	ByPriority  Dim = "priority"
)

// Valid reports whether d is a dimension reports group by.
func (d Dim) Valid() bool {
	switch d {
	case ByAgency, ByStation, ByCategory, ByKecamatan, ByPriority:
		return true
	}
	return false
}

func (d Dim) of(f *Fact) string {
	switch d {
	case ByStation:
		return f.Station
	case ByCategory:
		return f.Category
	case ByKecamatan:
		return f.Kecamatan
	case ByPriority:
		return fmt.Sprintf("P%d", f.Priority)
	}
	return f.Agency
}

// Filter keeps the facts a report is about; empty fields match anything.
type Filter struct {
	Agency, Station, Category, Kecamatan string
	Priority                             uint8
}

func (q Filter) keeps(f *Fact) bool {
	return (q.Agency == "" || q.Agency == f.Agency) && (q.Station == "" || q.Station == f.Station) &&
		(q.Category == "" || q.Category == f.Category) && (q.Kecamatan == "" || q.Kecamatan == f.Kecamatan) &&
		(q.Priority == 0 || q.Priority == f.Priority)
}

// Stat summarises one interval of a group. Percentiles use the nearest-rank
// method on every measured value (no buckets): the p-th percentile is the
// smallest value with at least p % of the values at or below it.
type Stat struct {
	N         int     `json:"n"`          // assignments that completed the interval
	Median    int64   `json:"median_ms"`  // -1 when N = 0
	P90       int64   `json:"p90_ms"`     // -1 when N = 0
	Targeted  int     `json:"targeted"`   // judged against the charter
	Within    int     `json:"within"`     // … and met it
	WithinPct float64 `json:"within_pct"` // -1 when nothing was judged
}

// Group is one row of a report.
type Group struct {
	Key         string              `json:"key"`
	Incidents   int                 `json:"incidents"`
	Assignments int                 `json:"assignments"`
	Intervals   map[string]Stat     `json:"intervals"`
	values      [NIntervals][]int64 // measured durations, ms
	counts      [NIntervals][2]int  // targeted, within
	seqs        bitset              // distinct incidents
}

func newGroup(key string) *Group { return &Group{Key: key} }

// bitset counts distinct incident numbers without a map.
type bitset struct {
	words []uint64
	n     int
}

func (b *bitset) add(i uint32) {
	w := int(i / 64)
	if w >= len(b.words) {
		b.words = append(b.words, make([]uint64, w-len(b.words)+1+len(b.words)/2)...)
	}
	if b.words[w]&(1<<(i%64)) == 0 {
		b.words[w] |= 1 << (i % 64)
		b.n++
	}
}

func (g *Group) add(f *Fact) {
	g.Assignments++
	g.seqs.add(f.Seq)
	for i := Interval(0); i < NIntervals; i++ {
		if f.Reached(i) {
			g.values[i] = append(g.values[i], f.Dur[i].Milliseconds())
		}
		if f.HasTarget(i) {
			g.counts[i][0]++
			if f.Met(i) {
				g.counts[i][1]++
			}
		}
	}
}

func (g *Group) finish() {
	g.Incidents = g.seqs.n
	g.Intervals = make(map[string]Stat, NIntervals)
	for i := Interval(0); i < NIntervals; i++ {
		st := Stat{N: len(g.values[i]), Median: -1, P90: -1, Targeted: g.counts[i][0], Within: g.counts[i][1], WithinPct: -1}
		if st.N > 0 {
			st.Median, st.P90 = percentiles(g.values[i])
		}
		if st.Targeted > 0 {
			st.WithinPct = float64(int(1000*float64(st.Within)/float64(st.Targeted)+0.5)) / 10
		}
		g.Intervals[i.String()] = st
	}
	g.values, g.seqs = [NIntervals][]int64{}, bitset{}
}

// rank is the 1-based nearest rank of the p-th percentile of n values.
func rank(p, n int) int {
	r := (p*n + 99) / 100 // ceil(p/100 × n)
	return max(r, 1)
}

// NearestRank returns the p-th percentile of sorted values (nearest rank).
func NearestRank(sorted []int64, p int) int64 { return sorted[rank(p, len(sorted))-1] }

// percentiles returns the median and the 90th percentile (nearest rank) of
// v, reordering it: two selections in linear time instead of a sort.
func percentiles(v []int64) (p50, p90 int64) {
	r50, r90 := rank(50, len(v))-1, rank(90, len(v))-1
	p50 = selectK(v, r50)
	p90 = selectK(v[r50:], r90-r50) // after the first selection, v[r50:] holds the larger values
	return p50, p90
}

// selectK returns the k-th smallest (0-based) of v, partially ordering v so
// that v[:k] ≤ v[k] ≤ v[k+1:] (Hoare's selection, median-of-three pivots).
func selectK(v []int64, k int) int64 {
	lo, hi := 0, len(v)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		pivot := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for v[j] > pivot {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	slices.Sort(v[lo : hi+1])
	return v[k]
}

// Compliance groups facts and computes every figure. Facts received outside
// [from, to) are ignored. Two passes: the first sizes every group, so the
// second fills the value slices without growing them.
func Compliance(facts []Fact, from, to time.Time, by Dim, q Filter) (groups []*Group, overall *Group) {
	byKey := map[string]int{}
	var sizes []int
	groups = []*Group{}
	which := make([]int32, len(facts))
	for i := range facts {
		f := &facts[i]
		if f.Received.Before(from) || !f.Received.Before(to) || !q.keeps(f) {
			which[i] = -1
			continue
		}
		k := by.of(f)
		gi, ok := byKey[k]
		if !ok {
			gi = len(groups)
			byKey[k] = gi
			groups = append(groups, newGroup(k))
			sizes = append(sizes, 0)
		}
		which[i] = int32(gi)
		sizes[gi]++
	}
	total := 0
	for gi, g := range groups {
		g.reserve(sizes[gi])
		total += sizes[gi]
	}
	overall = newGroup("")
	overall.reserve(total)
	for i := range facts {
		if gi := which[i]; gi >= 0 {
			groups[gi].add(&facts[i])
			overall.add(&facts[i])
		}
	}
	done := make(chan struct{}) // the overall figures on another core while the groups are finished here
	go func() { overall.finish(); close(done) }()
	for _, g := range groups {
		g.finish()
	}
	<-done
	sort.Slice(groups, func(i, j int) bool { return groups[i].Key < groups[j].Key })
	return groups, overall
}

func (g *Group) reserve(n int) {
	for i := range g.values {
		g.values[i] = make([]int64, 0, n)
	}
}
