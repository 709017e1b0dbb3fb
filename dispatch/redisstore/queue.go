package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// Fetch implements dispatch.Queue: first entries other workers left
// unacknowledged for longer than ClaimIdle (XAUTOCLAIM), then new ones
// (XREADGROUP), blocking up to block.
func (s *Store) Fetch(ctx context.Context, agency agencies.AgencyID, consumer string, max int, block time.Duration) ([]dispatch.Delivery, error) {
	ds, err := s.fetch(ctx, agency, consumer, max, block)
	if err != nil && strings.Contains(err.Error(), "NOGROUP") {
		// Redis lost the group (restarted empty, or was empty at our start):
		// intake has been queueing into a stream nobody reads. Create the
		// group from the stream's beginning, so those entries are delivered.
		if gerr := s.ensureGroup(ctx, agency); gerr != nil {
			return nil, gerr
		}
		ds, err = s.fetch(ctx, agency, consumer, max, block)
	}
	return ds, err
}

func (s *Store) fetch(ctx context.Context, agency agencies.AgencyID, consumer string, max int, block time.Duration) ([]dispatch.Delivery, error) {
	stream := s.keys.queue(agency)
	claimed, _, err := s.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{
		Stream: stream, Group: group, Consumer: consumer,
		MinIdle: time.Duration(s.opt.ClaimIdleMillis) * time.Millisecond, Start: "0-0", Count: int64(max),
	}).Result()
	if err != nil {
		return nil, unavailable("reclaim "+stream, err)
	}
	out := make([]dispatch.Delivery, 0, len(claimed))
	for _, m := range claimed {
		d := decodeEntry(agency, m)
		d.Attempts = s.attempts(ctx, stream, m.ID)
		out = append(out, d)
	}
	if len(out) > 0 {
		return out, nil
	}
	res, err := s.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group: group, Consumer: consumer, Streams: []string{stream, ">"}, Count: int64(max), Block: block,
	}).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, unavailable("read "+stream, err)
	}
	for _, st := range res {
		for _, m := range st.Messages {
			d := decodeEntry(agency, m)
			d.Attempts = 1
			out = append(out, d)
		}
	}
	return out, nil
}

// attempts reads how many times an entry was delivered; 1 if unknown.
func (s *Store) attempts(ctx context.Context, stream, id string) int64 {
	p, err := s.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: stream, Group: group, Start: id, End: id, Count: 1}).Result()
	if err != nil || len(p) == 0 {
		return 1
	}
	return p[0].RetryCount
}

func decodeEntry(agency agencies.AgencyID, m redis.XMessage) dispatch.Delivery {
	d := dispatch.Delivery{EntryID: m.ID, Agency: agency}
	inc, _ := m.Values["incident"].(string)
	ag, _ := m.Values["agency"].(string)
	switch {
	case inc == "":
		d.Malformed = "no incident id"
	case ag != string(agency):
		d.Malformed = fmt.Sprintf("entry for agency %q in the %s queue", ag, agency)
	}
	if kind, _ := m.Values["kind"].(string); kind == "timer" {
		raw, _ := m.Values["timer"].(string)
		var t dispatch.Timer
		if err := json.Unmarshal([]byte(raw), &t); err != nil {
			d.Malformed = "timer: " + err.Error()
		}
		d.Timer = &t
	}
	d.IncidentID = dispatch.IncidentID(inc)
	return d
}

// Touch resets the idle time of entries a live worker is still working on,
// so that other workers do not take them over (XCLAIM JUSTID does not count
// as a delivery).
func (s *Store) Touch(ctx context.Context, agency agencies.AgencyID, consumer string, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.rdb.XClaimJustID(ctx, &redis.XClaimArgs{Stream: s.keys.queue(agency), Group: group, Consumer: consumer,
		MinIdle: 0, Messages: ids}).Err()
	if err != nil {
		return unavailable("touch entries", err)
	}
	return nil
}

// Ack implements dispatch.Queue.
func (s *Store) Ack(ctx context.Context, agency agencies.AgencyID, entryID string) error {
	if err := s.rdb.XAck(ctx, s.keys.queue(agency), group, entryID).Err(); err != nil {
		return unavailable("ack "+entryID, err)
	}
	return nil
}

// DeadLetter implements dispatch.Queue.
func (s *Store) DeadLetter(ctx context.Context, d dispatch.Delivery, reason string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		values := map[string]any{
			"entry": d.EntryID, "incident": string(d.IncidentID), "agency": string(d.Agency),
			"attempts": strconv.FormatInt(d.Attempts, 10), "reason": reason,
			"at": time.Now().UTC().Format(time.RFC3339),
		}
		if d.Timer != nil && d.Malformed == "" {
			// Kept so that a re-driven timer does what it was for.
			if b, err := json.Marshal(d.Timer); err == nil {
				values["timer"] = string(b)
			}
		}
		p.XAdd(ctx, &redis.XAddArgs{Stream: s.keys.dead(d.Agency), Values: values})
		p.XAck(ctx, s.keys.queue(d.Agency), group, d.EntryID)
		return nil
	})
	if err != nil {
		return unavailable("dead-letter "+d.EntryID, err)
	}
	return nil
}

// DeadLetters lists an agency's dead-lettered entries, oldest first.
func (s *Store) DeadLetters(ctx context.Context, agency agencies.AgencyID) ([]map[string]string, error) {
	xs, err := s.rdb.XRange(ctx, s.keys.dead(agency), "-", "+").Result()
	if err != nil {
		return nil, unavailable("read dead letters", err)
	}
	out := make([]map[string]string, len(xs))
	for i, x := range xs {
		out[i] = map[string]string{"id": x.ID}
		for k, v := range x.Values {
			out[i][k], _ = v.(string)
		}
	}
	return out, nil
}

// QueueStats is what the metrics endpoint reports per agency queue.
type QueueStats struct {
	Length  int64 // entries in the stream
	Pending int64 // delivered to a worker, not yet acknowledged
	Lag     int64 // entries never delivered to any worker
	Dead    int64 // entries in the dead-letter stream
}

// Stats reads the queue's depth and lag (XINFO GROUPS, Redis ≥ 7).
func (s *Store) Stats(ctx context.Context, agency agencies.AgencyID) (QueueStats, error) {
	var st QueueStats
	groups, err := s.rdb.XInfoGroups(ctx, s.keys.queue(agency)).Result()
	if err != nil {
		return st, unavailable("queue stats", err)
	}
	for _, g := range groups {
		if g.Name == group {
			st.Pending, st.Lag = g.Pending, g.Lag
		}
	}
	st.Length, _ = s.rdb.XLen(ctx, s.keys.queue(agency)).Result()
	st.Dead, _ = s.rdb.XLen(ctx, s.keys.dead(agency)).Result()
	return st, nil
}
