package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/reconcile"
)

// Outstanding implements dispatch.Inspector: the queue entries not yet
// acknowledged (never delivered, or delivered and pending) and the timers,
// per incident and agency.
func (s *Store) Outstanding(ctx context.Context) (reconcile.Outstanding, error) {
	out := reconcile.Outstanding{Entries: map[dispatch.IncidentID]map[agencies.AgencyID]int{},
		Timers: map[dispatch.IncidentID][]dispatch.Timer{}}
	for _, a := range s.opt.Agencies {
		if err := s.outstandingEntries(ctx, a, out); err != nil {
			return out, err
		}
	}
	raw, err := s.rdb.HGetAll(ctx, s.keys.timerData()).Result()
	if err != nil {
		return out, unavailable("read timers", err)
	}
	for _, v := range raw {
		var t dispatch.Timer
		if json.Unmarshal([]byte(v), &t) == nil {
			out.Timers[t.IncidentID] = append(out.Timers[t.IncidentID], t)
		}
	}
	return out, nil
}

func (s *Store) outstandingEntries(ctx context.Context, a agencies.AgencyID, out reconcile.Outstanding) error {
	stream := s.keys.queue(a)
	groups, err := s.rdb.XInfoGroups(ctx, stream).Result()
	if err != nil {
		return unavailable("queue groups "+string(a), err)
	}
	last := "0-0"
	for _, g := range groups {
		if g.Name == group {
			last = g.LastDeliveredID
		}
	}
	add := func(ms []redis.XMessage) {
		for _, m := range ms {
			inc, _ := m.Values["incident"].(string)
			id := dispatch.IncidentID(inc)
			if out.Entries[id] == nil {
				out.Entries[id] = map[agencies.AgencyID]int{}
			}
			out.Entries[id][a]++
		}
	}
	fresh, err := s.rdb.XRange(ctx, stream, "("+last, "+").Result()
	if err != nil {
		return unavailable("queue entries "+string(a), err)
	}
	add(fresh)
	pending, err := s.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: stream, Group: group, Start: "-", End: "+", Count: 100_000}).Result()
	if err != nil {
		return unavailable("pending entries "+string(a), err)
	}
	cmds, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, pe := range pending {
			p.XRange(ctx, stream, pe.ID, pe.ID)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return unavailable("pending entries "+string(a), err)
	}
	for _, c := range cmds {
		ms, _ := c.(*redis.XMessageSliceCmd).Result()
		add(ms)
	}
	return nil
}

// Redrive implements dispatch.Inspector: dead-lettered entries whose
// incident keep accepts go back to their queue (with their timer, if they
// were one), atomically with their removal from the dead letters.
func (s *Store) Redrive(ctx context.Context, agency agencies.AgencyID, keep func(dispatch.IncidentID) bool) (int, error) {
	xs, err := s.rdb.XRange(ctx, s.keys.dead(agency), "-", "+").Result()
	if err != nil {
		return 0, unavailable("read dead letters", err)
	}
	n := 0
	for _, x := range xs {
		inc, _ := x.Values["incident"].(string)
		if inc == "" || !keep(dispatch.IncidentID(inc)) {
			continue
		}
		values := map[string]any{"incident": inc, "agency": string(agency), "redriven_from": x.ID}
		if t, _ := x.Values["timer"].(string); t != "" {
			values["kind"], values["timer"] = "timer", t
		}
		_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.XAdd(ctx, &redis.XAddArgs{Stream: s.keys.queue(agency), Values: values})
			p.XDel(ctx, s.keys.dead(agency), x.ID)
			return nil
		})
		if err != nil {
			return n, unavailable("re-drive dead letter", err)
		}
		n++
	}
	return n, nil
}

// TryLock takes the named lock for ttl unless another holder has it
// (dispatch.Inspector; the reconciler and the retention run use it so that
// one instance at a time runs them).
func (s *Store) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.keys.p+"lock:"+name, owner, ttl).Result()
	if err != nil {
		return false, unavailable("lock "+name, err)
	}
	return ok, nil
}

// BeginOutage implements dispatch.Inspector: the cluster-wide start of the
// current SMS provider outage (the first instance to see it sets it).
func (s *Store) BeginOutage(ctx context.Context, since time.Time) (string, error) {
	v := since.UTC().Format(time.RFC3339)
	prev, err := s.rdb.SetArgs(ctx, s.keys.p+"sms:outage", v, redis.SetArgs{Mode: "NX", Get: true}).Result()
	if errors.Is(err, redis.Nil) {
		return v, nil
	}
	if err != nil {
		return "", unavailable("record outage", err)
	}
	return prev, nil
}

// EndOutage implements dispatch.Inspector.
func (s *Store) EndOutage(ctx context.Context) error {
	if err := s.rdb.Del(ctx, s.keys.p+"sms:outage").Err(); err != nil {
		return unavailable("end outage", err)
	}
	return nil
}
