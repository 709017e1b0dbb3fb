package report_test

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch/redisstore"
	"github.com/sigap112/sigap/dispatch/report"
)

// BenchmarkMonthReport reports a month of a large city: 1,000,000
// assignments in Redis, grouped by agency, every figure exact.
// Run: go test -run '^$' -bench BenchmarkMonthReport -benchtime 5x ./dispatch/report/
// With -short (.ci/test runs every benchmark once that way, so it cannot
// rot) it seeds 20,000 assignments instead of a million.
func BenchmarkMonthReport(b *testing.B) {
	st := redisstore.New(redistest.NewClient(b), redisstore.Options{Location: wib})
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, wib)
	n := 1_000_000
	if testing.Short() {
		n = 20_000
	}
	seedFacts(b, st, from, n)
	svc := report.NewService(st, wib, "TT")
	q := report.Query{From: from, To: from.AddDate(0, 1, 0), GroupBy: report.ByAgency}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := svc.Compliance(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if r.Overall.Assignments != n {
			b.Fatalf("report saw %d assignments", r.Overall.Assignments)
		}
	}
}

// seedFacts writes n synthetic assignment records over a month.
func seedFacts(b *testing.B, st *redisstore.Store, from time.Time, n int) {
	b.Helper()
	r := rand.New(rand.NewSource(1))
	ags := []string{"bpbd", "damkar", "dinkes", "dishub"}
	cats := []string{"kebakaran", "banjir", "sesak_napas", "kecelakaan", "hewan", "tidak_sadar"}
	kecs := []string{"12.76.01", "12.76.02", "12.76.03", "12.76.04", "12.76.05"}
	batch := make([]report.Fact, 0, 10000)
	for i := 0; i < n; i++ {
		f := report.Fact{Seq: uint32(i + 1), Agency: ags[i%4], Station: fmt.Sprintf("%s-%d", ags[i%4], i%3), Category: cats[r.Intn(len(cats))],
			Kecamatan: kecs[r.Intn(len(kecs))], Priority: uint8(1 + r.Intn(3)), Received: from.Add(time.Duration(r.Int63n(int64(30 * 24 * time.Hour))))}
		for k := range f.Dur {
			f.Dur[k] = time.Duration(r.Int63n(int64(30*time.Minute))) + time.Second
		}
		f.Targeted, f.Within = 0b101011, uint8(r.Intn(64))&0b101011
		if batch = append(batch, f); len(batch) == cap(batch) || i == n-1 {
			if err := st.PutFacts(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}
