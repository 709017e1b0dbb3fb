package main

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/archive"
)

func usedMemory(t *testing.T, rdb *redis.Client) int64 {
	t.Helper()
	info, err := rdb.Info(context.Background(), "memory").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	t.Fatal("no used_memory")
	return 0
}

// TestMeasureRedisMemoryPerIncident is a measurement, not a check: Redis
// memory (INFO used_memory) per incident — a fire report with two agencies,
// logged and closed through the HTTP API — before and after retention moved
// it to the archive, and the archive's bytes per incident. It runs only
// with SIGAP_MEASURE=1 (it takes about a minute):
//
//	SIGAP_MEASURE=1 go test -run TestMeasureRedisMemoryPerIncident -v ./cmd/sigap/
func TestMeasureRedisMemoryPerIncident(t *testing.T) {
	if os.Getenv("SIGAP_MEASURE") != "1" {
		t.Skip("a measurement: SIGAP_MEASURE=1 runs it")
	}
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("SIGAP_MEASURE_N")); err == nil && v > 0 {
		n = v
	}
	dir := t.TempDir()
	h := newHarnessWith(t, func(o *Options) { o.ArchiveDir = dir })
	opt, _ := redis.ParseURL(h.app.Options.RedisURL)
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	h.closeIncident(h.createFire().ID) // first-use structures (dictionaries, streams) out of the figure
	before := usedMemory(t, rdb)
	for i := range n {
		inc := h.createFire()
		resp, body := h.post("/api/v1/incidents/"+string(inc.ID)+"/notes", map[string]string{"text": "petugas tiba, api padam"}, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("note %d: %d %s", i, resp.StatusCode, body)
		}
		h.closeIncident(inc.ID)
	}
	live := usedMemory(t, rdb)
	h.clock = h.clock.AddDate(0, 0, 401)
	res, err := h.app.RunRetention(context.Background())
	if err != nil || res.Archived != n+1 {
		t.Fatalf("retention: %+v %v", res, err)
	}
	after := usedMemory(t, rdb)
	months, _ := (archive.Dir{Path: dir}).Months()
	var archived int64
	for _, m := range months {
		archived += m.Bytes
	}
	// This test runs no queue workers and no charter clock: in service the
	// workers' group reads the queue entries (then trimmed behind it) and the
	// clock fires every timer by the incident's resolve deadline. Those two
	// are counted apart.
	var transient int64
	for _, k := range []string{"sigap:timers", "sigap:timers:data", "sigap:queue:damkar", "sigap:queue:dinkes"} {
		m, _ := rdb.MemoryUsage(context.Background(), k).Result()
		transient += m
	}
	perLive := float64(live-before) / float64(n)
	perKept := float64(after-before-transient) / float64(n)
	t.Logf("%d incidents (fire, damkar+dinkes, a note, closed): Redis %.0f B/incident while in Redis, of which %.0f B charter timers "+
		"and queue entries that leave in service; %.0f B/incident left after archiving (report records and day counters); archive %.0f B/incident gzip",
		n, perLive, float64(transient)/float64(n), perKept, float64(archived)/float64(n))
	if os.Getenv("SIGAP_MEASURE_KEYS") == "1" {
		logKeyMemory(t, rdb)
	}
	// Calls that are not emergencies (99 % of a 112 line) stay in the call log.
	before = usedMemory(t, rdb)
	for i := range n {
		resp, body := h.post("/api/v1/calls", map[string]string{"type": "prank", "caller_phone": "0812-5555-" + strconv.Itoa(1000+i%9000)}, nil)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("call %d: %d %s", i, resp.StatusCode, body)
		}
	}
	t.Logf("%d non-emergency calls: Redis %.0f B/call (call-log entry, archived after the period)", n, float64(usedMemory(t, rdb)-before)/float64(n))
	_ = dispatch.StatusClosed
}

// logKeyMemory sums MEMORY USAGE by key shape (ids replaced by *).
func logKeyMemory(t *testing.T, rdb *redis.Client) {
	ctx := context.Background()
	sums := map[string]int64{}
	counts := map[string]int{}
	iter := rdb.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		n, _ := rdb.MemoryUsage(ctx, k).Result()
		parts := strings.Split(k, ":")
		for i, p := range parts {
			if len(p) > 12 || strings.ContainsAny(p, "0123456789") && i > 1 {
				parts[i] = "*"
			}
		}
		shape := strings.Join(parts, ":")
		sums[shape] += n
		counts[shape]++
	}
	for k, v := range sums {
		if v > 20000 {
			t.Logf("%-40s %6d keys %9d B", k, counts[k], v)
		}
	}
}
