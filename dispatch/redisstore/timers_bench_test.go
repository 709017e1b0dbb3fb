package redisstore_test

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

// BenchmarkClocks runs 10,000 live charter clocks due over the next five
// seconds, with two instances firing them and one reader per agency queue,
// and reports how late each reached its queue reader (p50, p99, max).
// Run with: go test -run '^$' -bench BenchmarkClocks -benchtime 1x ./dispatch/redisstore/
// With -short (.ci/test runs every benchmark once that way, on a machine
// busy with other work) it runs 1,000 clocks and checks only that each
// fires exactly once, not the lateness goal.
func BenchmarkClocks(b *testing.B) {
	clocks := 10000
	if testing.Short() {
		clocks = 1000
	}
	ags := []agencies.AgencyID{agencies.BPBD, agencies.Damkar, agencies.Dinkes, agencies.Dishub}
	for i := 0; i < b.N; i++ {
		s := redisstore.New(redistest.NewClient(b), redisstore.Options{Agencies: ags})
		if err := s.Init(ctx); err != nil {
			b.Fatal(err)
		}
		start := time.Now().Add(time.Second)
		ts := make([]dispatch.Timer, clocks)
		for j := range ts {
			ts[j] = dispatch.Timer{Kind: dispatch.TimerDeadline, IncidentID: dispatch.IncidentID(fmt.Sprintf("inc-%d", j)),
				Agency: ags[j%len(ags)], Milestone: dispatch.MilestoneAcknowledge,
				Due: start.Add(time.Duration(rand.Int63n(int64(5 * time.Second))))}
		}
		for j := 0; j < clocks; j += 1000 {
			if err := s.Schedule(ctx, ts[j:j+1000]...); err != nil {
				b.Fatal(err)
			}
		}
		late := runClocks(b, s, ags, clocks)
		sort.Slice(late, func(i, j int) bool { return late[i] < late[j] })
		b.ReportMetric(float64(late[len(late)/2].Milliseconds()), "p50-ms")
		b.ReportMetric(float64(late[len(late)*99/100].Milliseconds()), "p99-ms")
		b.ReportMetric(float64(late[len(late)-1].Milliseconds()), "max-ms")
		if late[len(late)*99/100] > time.Second && !testing.Short() {
			b.Errorf("p99 lateness %v exceeds 1 s", late[len(late)*99/100])
		}
	}
}

// runClocks fires the timers with two clocks and collects each one's lateness.
func runClocks(b *testing.B, s *redisstore.Store, ags []agencies.AgencyID, clocks int) []time.Duration {
	b.Helper()
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for k := 0; k < 2; k++ {
		go dispatch.NewClock(s, 100*time.Millisecond, zap.NewNop()).Run(cctx)
	}
	var mu sync.Mutex
	var late []time.Duration
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for _, a := range ags {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for cctx.Err() == nil {
				ds, err := s.Fetch(cctx, a, "bench", 100, 100*time.Millisecond)
				now := time.Now()
				if err != nil {
					continue
				}
				mu.Lock()
				for _, d := range ds {
					if seen[d.Timer.ID()] {
						b.Errorf("timer %s fired twice", d.Timer.ID())
					}
					seen[d.Timer.ID()] = true
					late = append(late, now.Sub(d.Timer.Due))
					_ = s.Ack(ctx, a, d.EntryID)
				}
				done := len(late) == clocks
				mu.Unlock()
				if done {
					cancel()
				}
			}
		}()
	}
	select {
	case <-cctx.Done():
	case <-time.After(30 * time.Second):
		b.Fatalf("only %d of %d timers fired in 30 s", len(late), clocks)
	}
	wg.Wait()
	return late
}
