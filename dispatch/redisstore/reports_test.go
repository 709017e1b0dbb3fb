package redisstore_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/redisstore"
	"github.com/sigap112/sigap/dispatch/report"
)

var wib = time.FixedZone("WIB", 7*3600)

// seedIncidents creates n fires and acknowledges each damkar assignment.
func seedIncidents(tb testing.TB, s *redisstore.Store, n int) []string {
	tb.Helper()
	days := map[string]bool{}
	for i := 0; i < n; i++ {
		evs := fireEvents(fmt.Sprintf("inc-%d", i), fmt.Sprintf("TT-%04d", i+1))
		at := evs[0].At.Add(time.Duration(i) * time.Minute)
		for k := range evs {
			evs[k].At = at
		}
		evs[0].Incident.ReceivedAt = at
		evs[0].Incident.Location.Kecamatan = &dispatch.Place{Code: "12.76.01", Name: "Padang Hulu"}
		for _, ev := range evs[1:] {
			ev.Assignment.QueuedAt = at
			ev.Assignment.Deadlines.Acknowledge = at.Add(time.Minute)
		}
		if _, _, err := s.Create(ctx, evs, nil, dispatch.Idempotency{}); err != nil {
			tb.Fatal(err)
		}
		ack := dispatch.Event{Type: dispatch.EventAcknowledged, At: at.Add(time.Duration(i%120) * time.Second), Agency: agencies.Damkar, Actor: "x"}
		if _, err := s.Append(ctx, dispatch.IncidentID(fmt.Sprintf("inc-%d", i)), ack); err != nil {
			tb.Fatal(err)
		}
		days[at.In(wib).Format("2006-01-02")] = true
	}
	var out []string
	for d := range days {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func TestRebuildReportsFromTheEventLog(t *testing.T) {
	s, _, _ := newStore(t)
	days := seedIncidents(t, s, 30)
	live, err := s.Facts(ctx, days)
	if err != nil || len(live) != 60 {
		t.Fatalf("facts kept as events arrive: %d, %v", len(live), err)
	}
	liveCounts, _ := s.Counts(ctx, days)
	n, err := s.RebuildReports(ctx)
	if err != nil || n != 30 {
		t.Fatalf("rebuild: %d %v", n, err)
	}
	rebuilt, _ := s.Facts(ctx, days)
	key := func(fs []reportFact) {
		sort.Slice(fs, func(i, j int) bool { return fmt.Sprint(fs[i]) < fmt.Sprint(fs[j]) })
	}
	key(live)
	key(rebuilt)
	if !reflect.DeepEqual(live, rebuilt) {
		t.Error("facts rebuilt from the log differ from the ones kept as events arrived")
	}
	if counts, _ := s.Counts(ctx, days); !reflect.DeepEqual(counts, liveCounts) || counts["incidents"] != 30 {
		t.Errorf("counters: live %v, rebuilt %v", liveCounts, counts)
	}
}

// BenchmarkRebuildReports rebuilds the report records of 2,000 incidents
// from their event logs; the per-incident time is reported.
// Run: go test -run '^$' -bench BenchmarkRebuildReports -benchtime 3x ./dispatch/redisstore/
func BenchmarkRebuildReports(b *testing.B) {
	s := redisstore.New(redistest.NewClient(b), redisstore.Options{Location: wib,
		Agencies: []agencies.AgencyID{agencies.Damkar, agencies.Dinkes}})
	if err := s.Init(ctx); err != nil {
		b.Fatal(err)
	}
	n := 2000
	if testing.Short() { // .ci/test runs every benchmark once with -short
		n = 200
	}
	seedIncidents(b, s, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.RebuildReports(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/incident")
}

type reportFact = report.Fact
