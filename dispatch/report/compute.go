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
	seqs        map[uint32]struct{} // distinct incidents
}

func newGroup(key string) *Group {
	return &Group{Key: key, seqs: map[uint32]struct{}{}}
}

func (g *Group) add(f *Fact) {
	g.Assignments++
	g.seqs[f.Seq] = struct{}{}
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
	g.Incidents = len(g.seqs)
	g.Intervals = make(map[string]Stat, NIntervals)
	for i := Interval(0); i < NIntervals; i++ {
		st := Stat{N: len(g.values[i]), Median: -1, P90: -1, Targeted: g.counts[i][0], Within: g.counts[i][1], WithinPct: -1}
		if st.N > 0 {
			slices.Sort(g.values[i])
			st.Median, st.P90 = NearestRank(g.values[i], 50), NearestRank(g.values[i], 90)
		}
		if st.Targeted > 0 {
			st.WithinPct = float64(int(1000*float64(st.Within)/float64(st.Targeted)+0.5)) / 10
		}
		g.Intervals[i.String()] = st
	}
	g.values, g.seqs = [NIntervals][]int64{}, nil
}

// NearestRank returns the p-th percentile of sorted values (nearest rank).
func NearestRank(sorted []int64, p int) int64 {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

// Compliance groups facts and computes every figure. Facts received outside
// [from, to) are ignored.
func Compliance(facts []Fact, from, to time.Time, by Dim, q Filter) (groups []*Group, overall *Group) {
	byKey := map[string]*Group{}
	overall = newGroup("")
	for i := range facts {
		f := &facts[i]
		if f.Received.Before(from) || !f.Received.Before(to) || !q.keeps(f) {
			continue
		}
		k := by.of(f)
		g := byKey[k]
		if g == nil {
			g = newGroup(k)
			byKey[k] = g
		}
		g.add(f)
		overall.add(f)
	}
	for _, g := range byKey {
		g.finish()
		groups = append(groups, g)
	}
	overall.finish()
	sort.Slice(groups, func(i, j int) bool { return groups[i].Key < groups[j].Key })
	return groups, overall
}
