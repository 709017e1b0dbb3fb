package redisstore_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestTrimQueuesBehindTheSlowestGroup: entries every group has delivered and
// acknowledged go; the oldest entry still pending in any group stays, and so
// does everything after it; idle consumers with nothing pending are removed.
func TestTrimQueuesBehindTheSlowestGroup(t *testing.T) {
	s, rdb, _ := newStore(t)
	q := "sigap:queue:damkar"
	var ids []string
	for range 10 {
		id, err := rdb.XAdd(ctx, &redis.XAddArgs{Stream: q, Values: []any{"incident", "x"}}).Result()
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// The workers' group read all 10 and acknowledged the first 6; entry 7 is pending.
	read := func(group, consumer string, n int64) []redis.XMessage {
		res, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: consumer, Streams: []string{q, ">"}, Count: n}).Result()
		if err != nil {
			t.Fatal(err)
		}
		return res[0].Messages
	}
	msgs := read("notifier", "old-instance", 10)
	for _, m := range msgs[:6] {
		rdb.XAck(ctx, q, "notifier", m.ID)
	}
	for _, m := range msgs[7:] {
		rdb.XAck(ctx, q, "notifier", m.ID)
	}
	// A second group (an audit reader, say) is slower: it has read 8 and acknowledged them all.
	if err := rdb.XGroupCreate(ctx, q, "audit", "0").Err(); err != nil {
		t.Fatal(err)
	}
	for _, m := range read("audit", "a1", 8) {
		rdb.XAck(ctx, q, "audit", m.ID)
	}
	// An idle consumer without pending entries, as a restarted instance leaves behind.
	rdb.XGroupCreateConsumer(ctx, q, "notifier", "dead-instance")
	time.Sleep(20 * time.Millisecond)

	res, err := s.TrimQueues(ctx, time.Now().Add(-400*24*time.Hour), 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	left, _ := rdb.XRange(ctx, q, "-", "+").Result()
	if res.Entries != 6 || len(left) != 4 || left[0].ID != ids[6] {
		t.Errorf("trimmed %d, left %d starting %v; want 6 trimmed, entry 7 (pending) first", res.Entries, len(left), left)
	}
	cs, _ := rdb.XInfoConsumers(ctx, q, "notifier").Result()
	if res.Consumers != 2 || len(cs) != 1 || cs[0].Name != "old-instance" {
		// dead-instance (notifier) and a1 (audit) were idle with nothing pending.
		t.Errorf("consumers removed %d, left %+v; want old-instance (it holds entry 7)", res.Consumers, cs)
	}
	// Once entry 7 is acknowledged, the audit group's position (entry 8) is the limit.
	rdb.XAck(ctx, q, "notifier", ids[6])
	if _, err := s.TrimQueues(ctx, time.Now().Add(-400*24*time.Hour), time.Hour); err != nil {
		t.Fatal(err)
	}
	left, _ = rdb.XRange(ctx, q, "-", "+").Result()
	if len(left) != 3 || left[0].ID != ids[7] {
		t.Errorf("after the ack: %d left starting %v; want entries 8–10", len(left), left)
	}
}

func TestRetentionLockIsHeldByOneInstance(t *testing.T) {
	s, _, _ := newStore(t)
	ok1, _ := s.TryLock(ctx, "retention", "a", time.Minute)
	ok2, _ := s.TryLock(ctx, "retention", "b", time.Minute)
	if !ok1 || ok2 {
		t.Fatalf("lock: a %v, b %v", ok1, ok2)
	}
	_ = s.Unlock(ctx, "retention", "b") // not b's: stays
	if ok, _ := s.TryLock(ctx, "retention", "c", time.Minute); ok {
		t.Error("another holder released a's lock")
	}
	_ = s.Unlock(ctx, "retention", "a")
	if ok, _ := s.TryLock(ctx, "retention", "b", time.Minute); !ok {
		t.Error("lock not released")
	}
}
