package report

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Breach is a missed charter deadline as a report lists it.
type Breach struct {
	Seq       uint32        `json:"seq"`
	Code      string        `json:"code"`
	Agency    string        `json:"agency"`
	Station   string        `json:"station"`
	Category  string        `json:"category"`
	Kecamatan string        `json:"kecamatan,omitempty"`
	Priority  uint8         `json:"priority"`
	Milestone string        `json:"milestone"` // acknowledge, arrive, resolve
	Interval  string        `json:"interval"`  // the report interval it concerns
	Received  time.Time     `json:"received_at"`
	Deadline  time.Time     `json:"deadline"`
	Late      time.Duration `json:"late_ns"` // how late the milestone came; -1 while not reached
	Reason    string        `json:"reason,omitempty"`
	// Until, for a milestone never reached, is when the assignment ended
	// (closed, cancelled); zero while it is still open: late until now.
	Until time.Time `json:"until,omitzero"`
}

// Source is where the facts are kept, by day of receipt (WIB).
type Source interface {
	// Facts returns the facts of incidents received on the given days.
	Facts(ctx context.Context, days []string) ([]Fact, error)
	// Breaches returns the breaches of incidents received on the given days.
	Breaches(ctx context.Context, days []string) ([]Breach, error)
	// Counts returns the day counters summed (calls by type, incidents by category …).
	Counts(ctx context.Context, days []string) (map[string]int64, error)
}

// Query asks for a report.
type Query struct {
	From, To time.Time // [From, To): whole days in the city's time zone
	GroupBy  Dim
	Filter   Filter
}

// Report is everything an official reads about a period.
type Report struct {
	From      string           `json:"from"`
	To        string           `json:"to"` // inclusive, for people
	GroupBy   Dim              `json:"group_by"`
	Filter    Filter           `json:"filter"`
	Groups    []*Group         `json:"groups"`
	Overall   *Group           `json:"overall"`
	Breaches  []Breach         `json:"breaches"`
	Calls     map[string]int64 `json:"calls"` // counters of the period
	Trend     []TrendPoint     `json:"trend"`
	Generated time.Time        `json:"generated_at"`
	TookMS    int64            `json:"took_ms"`
}

// TrendPoint is one day of the period.
type TrendPoint struct {
	Day          string  `json:"day"`
	Incidents    int     `json:"incidents"`
	AckWithinPct float64 `json:"ack_within_pct"`  // -1 when nothing was judged
	MedianTotal  int64   `json:"median_total_ms"` // -1 when nothing resolved
}

// Service computes reports from a Source.
type Service struct {
	src    Source
	loc    *time.Location
	prefix string
	now    func() time.Time
}

// NewService returns a report service for a city (time zone, code prefix).
func NewService(src Source, loc *time.Location, codePrefix string) *Service {
	return &Service{src: src, loc: loc, prefix: codePrefix, now: time.Now}
}

// Location is the city's time zone (report periods are its days).
func (s *Service) Location() *time.Location { return s.loc }

// Days lists the day keys (YYYY-MM-DD) of [from, to).
func Days(from, to time.Time, loc *time.Location) []string {
	var out []string
	for d := from.In(loc); d.Before(to); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format("2006-01-02"))
	}
	return out
}

// Compliance builds the report of a period.
func (s *Service) Compliance(ctx context.Context, q Query) (*Report, error) {
	started := time.Now()
	if !q.GroupBy.Valid() {
		q.GroupBy = ByAgency
	}
	days := Days(q.From, q.To, s.loc)
	facts, err := s.src.Facts(ctx, days)
	if err != nil {
		return nil, fmt.Errorf("report facts: %w", err)
	}
	r := &Report{From: days[0], To: days[len(days)-1], GroupBy: q.GroupBy, Filter: q.Filter, Generated: s.now().UTC()}
	r.Groups, r.Overall = Compliance(facts, q.From, q.To, q.GroupBy, q.Filter)
	r.Trend = s.trend(facts, days, q)
	if r.Breaches, err = s.breaches(ctx, days, q.Filter); err != nil {
		return nil, err
	}
	if r.Calls, err = s.src.Counts(ctx, days); err != nil {
		return nil, err
	}
	r.TookMS = time.Since(started).Milliseconds()
	return r, nil
}

func (s *Service) breaches(ctx context.Context, days []string, q Filter) ([]Breach, error) {
	all, err := s.src.Breaches(ctx, days)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, b := range all {
		f := Fact{Agency: b.Agency, Station: b.Station, Category: b.Category, Kecamatan: b.Kecamatan, Priority: b.Priority}
		if q.keeps(&f) {
			b.Code = fmt.Sprintf("%s-%04d", s.prefix, b.Seq)
			out = append(out, b)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Received.Equal(out[j].Received) {
			return out[i].Received.Before(out[j].Received)
		}
		return out[i].Code+out[i].Agency+out[i].Milestone < out[j].Code+out[j].Agency+out[j].Milestone
	})
	return out, nil
}

// trend splits the period by day for the charts: incidents, the share of
// acknowledgements within the charter, the median total time.
func (s *Service) trend(facts []Fact, days []string, q Query) []TrendPoint {
	index := make(map[string]int, len(days))
	type acc struct {
		seqs             bitset
		targeted, within int
		totals           []int64
	}
	accs := make([]acc, len(days))
	for i, d := range days {
		index[d] = i
	}
	start := q.From.In(s.loc)
	for i := range facts {
		f := &facts[i]
		if f.Received.Before(q.From) || !f.Received.Before(q.To) || !q.Filter.keeps(f) {
			continue
		}
		a := &accs[dayIndex(start, f.Received.In(s.loc), index)]
		a.seqs.add(f.Seq)
		if f.HasTarget(Acknowledge) {
			a.targeted++
			if f.Met(Acknowledge) {
				a.within++
			}
		}
		if f.Reached(Total) {
			a.totals = append(a.totals, f.Dur[Total].Milliseconds())
		}
	}
	out := make([]TrendPoint, len(days))
	for i, d := range days {
		a := &accs[i]
		out[i] = TrendPoint{Day: d, Incidents: a.seqs.n, AckWithinPct: -1, MedianTotal: -1}
		if a.targeted > 0 {
			out[i].AckWithinPct = float64(int(1000*float64(a.within)/float64(a.targeted)+0.5)) / 10
		}
		if len(a.totals) > 0 {
			out[i].MedianTotal, _ = percentiles(a.totals)
		}
	}
	return out
}

// dayIndex finds a time's day in the period without formatting it.
func dayIndex(start, t time.Time, index map[string]int) int {
	d := int(t.Sub(time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, start.Location())).Hours() / 24)
	if d < 0 || d >= len(index) {
		return index[t.Format("2006-01-02")]
	}
	return d
}

// Facts returns the facts a query keeps (for exports), oldest first.
func (s *Service) Facts(ctx context.Context, q Query) ([]Fact, error) {
	facts, err := s.src.Facts(ctx, Days(q.From, q.To, s.loc))
	if err != nil {
		return nil, err
	}
	out := facts[:0]
	for i := range facts {
		f := &facts[i]
		if !f.Received.Before(q.From) && f.Received.Before(q.To) && q.Filter.keeps(f) {
			out = append(out, *f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Received.Equal(out[j].Received) {
			return out[i].Received.Before(out[j].Received)
		}
		return out[i].Agency < out[j].Agency
	})
	return out, nil
}
