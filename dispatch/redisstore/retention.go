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

// Retention: closed incidents past the retention period leave Redis for the
// archive (cmd/sigap writes it, then calls Purge); the report records of
// their days stay, so yearly reports keep their figures. Queue streams are
// trimmed behind the slowest consumer group and dead consumers removed.

// Archived is one incident with its whole log, as the archive keeps it.
type Archived struct {
	Incident *dispatch.Incident `json:"incident"`
	Events   []dispatch.Event   `json:"events"`
}

// ClosedBefore returns up to limit closed incidents received and closed
// before cutoff, oldest first, with their logs. Open ones are never returned.
func (s *Store) ClosedBefore(ctx context.Context, cutoff time.Time, limit int) ([]Archived, error) {
	max := strconv.FormatInt(cutoff.UnixMilli(), 10)
	var out []Archived
	for offset := int64(0); len(out) < limit; offset += int64(limit) {
		ids, err := s.rdb.ZRangeByScore(ctx, s.keys.all(), &redis.ZRangeBy{Min: "-inf", Max: "(" + max, Offset: offset, Count: int64(limit)}).Result()
		if err != nil {
			return nil, unavailable("list old incidents", err)
		}
		if len(ids) == 0 {
			break
		}
		incs, err := s.readMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, inc := range incs {
			if inc.Status != dispatch.StatusClosed || inc.ClosedAt == nil || !inc.ClosedAt.Before(cutoff) {
				continue
			}
			evs, err := s.Events(ctx, inc.ID)
			if err != nil {
				return nil, err
			}
			out = append(out, Archived{Incident: inc, Events: evs})
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

// purgeScript removes an incident that is still closed: the incident, its
// log, its code and every index. KEYS: incident, events, evkeys, code,
// open, all, then the agency indexes. ARGV: id.
var purgeScript = redis.NewScript(`
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
if cjson.decode(raw)['status'] ~= 'closed' then return redis.error_reply('NOTCLOSED') end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
for i = 5, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 1`)

// Purge removes an archived incident from Redis. It refuses (and changes
// nothing) when the incident was reopened meanwhile.
func (s *Store) Purge(ctx context.Context, inc *dispatch.Incident) error {
	keyList := []string{s.keys.incident(inc.ID), s.keys.events(inc.ID), s.keys.eventKeys(inc.ID), s.keys.code(inc.Code),
		s.keys.open(), s.keys.all()}
	for _, a := range s.opt.Agencies {
		keyList = append(keyList, s.keys.byAgency(a))
	}
	err := purgeScript.Run(ctx, s.rdb, keyList, string(inc.ID)).Err()
	if err != nil && strings.HasSuffix(err.Error(), "NOTCLOSED") {
		return fmt.Errorf("purge %s: %w: not closed", inc.Code, dispatch.ErrInvalidEvent)
	}
	if err != nil {
		return unavailable("purge "+inc.Code, err)
	}
	return nil
}

// Restore puts an archived incident back: incident, log, code and indexes.
// An incident already in Redis is left as it is.
func (s *Store) Restore(ctx context.Context, a Archived) (bool, error) {
	inc := a.Incident
	b, err := json.Marshal(inc)
	if err != nil {
		return false, err
	}
	ok, err := s.rdb.SetNX(ctx, s.keys.incident(inc.ID), b, 0).Result()
	if err != nil {
		return false, unavailable("restore "+inc.Code, err)
	}
	if !ok {
		return false, nil
	}
	score := float64(inc.ReceivedAt.UnixMilli())
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.keys.events(inc.ID))
		for _, ev := range a.Events {
			eb, _ := json.Marshal(ev)
			p.RPush(ctx, s.keys.events(inc.ID), eb)
		}
		p.Set(ctx, s.keys.code(inc.Code), string(inc.ID), 0)
		p.ZAdd(ctx, s.keys.all(), redis.Z{Score: score, Member: string(inc.ID)})
		for _, as := range inc.Assignments {
			p.ZAdd(ctx, s.keys.byAgency(as.Agency), redis.Z{Score: score, Member: string(inc.ID)})
		}
		return nil
	})
	if err != nil {
		return false, unavailable("restore "+inc.Code, err)
	}
	return true, nil
}

// TrimResult says what TrimQueues removed.
type TrimResult struct {
	Entries   int64 // queue entries every group had delivered and acknowledged
	Dead      int64 // dead letters older than the retention period
	Consumers int   // consumers idle longer than the limit with nothing pending
}

// TrimQueues trims each agency's stream with XTRIM MINID behind its slowest
// consumer group (the oldest entry still pending, else the last delivered),
// trims dead letters older than deadBefore, and removes consumers idle for
// longer than consumerIdle that hold no pending entry (each restart of an
// instance names new consumers).
func (s *Store) TrimQueues(ctx context.Context, deadBefore time.Time, consumerIdle time.Duration) (TrimResult, error) {
	var r TrimResult
	for _, a := range s.opt.Agencies {
		n, err := s.trimQueue(ctx, a)
		if err != nil {
			return r, err
		}
		r.Entries += n
		dead, err := s.rdb.XTrimMinID(ctx, s.keys.dead(a), strconv.FormatInt(deadBefore.UnixMilli(), 10)+"-0").Result()
		if err != nil && !isNoKey(err) {
			return r, unavailable("trim dead letters of "+string(a), err)
		}
		r.Dead += dead
		c, err := s.dropIdleConsumers(ctx, a, consumerIdle)
		if err != nil {
			return r, err
		}
		r.Consumers += c
	}
	return r, nil
}

func (s *Store) trimQueue(ctx context.Context, a agencies.AgencyID) (int64, error) {
	key := s.keys.queue(a)
	groups, err := s.rdb.XInfoGroups(ctx, key).Result()
	if err != nil {
		if isNoKey(err) {
			return 0, nil
		}
		return 0, unavailable("queue groups of "+string(a), err)
	}
	if len(groups) == 0 {
		return 0, nil // nobody reads it yet: keep everything
	}
	minID := ""
	for _, g := range groups {
		keep := g.LastDeliveredID
		if g.Pending > 0 {
			p, err := s.rdb.XPending(ctx, key, g.Name).Result()
			if err != nil {
				return 0, unavailable("pending of "+string(a), err)
			}
			keep = p.Lower
		}
		if minID == "" || streamIDLess(keep, minID) {
			minID = keep
		}
	}
	if minID == "" || minID == "0-0" {
		return 0, nil
	}
	n, err := s.rdb.XTrimMinID(ctx, key, minID).Result()
	if err != nil {
		return 0, unavailable("trim queue "+string(a), err)
	}
	return n, nil
}

func (s *Store) dropIdleConsumers(ctx context.Context, a agencies.AgencyID, idle time.Duration) (int, error) {
	key := s.keys.queue(a)
	groups, err := s.rdb.XInfoGroups(ctx, key).Result()
	if err != nil {
		if isNoKey(err) {
			return 0, nil
		}
		return 0, unavailable("queue groups of "+string(a), err)
	}
	dropped := 0
	for _, g := range groups {
		cs, err := s.rdb.XInfoConsumers(ctx, key, g.Name).Result()
		if err != nil {
			return dropped, unavailable("consumers of "+string(a), err)
		}
		for _, c := range cs {
			if c.Pending == 0 && c.Idle > idle {
				if err := s.rdb.XGroupDelConsumer(ctx, key, g.Name, c.Name).Err(); err != nil {
					return dropped, unavailable("drop consumer "+c.Name, err)
				}
				dropped++
			}
		}
	}
	return dropped, nil
}

// streamIDLess compares stream ids "ms-seq".
func streamIDLess(a, b string) bool {
	am, as, _ := strings.Cut(a, "-")
	bm, bs, _ := strings.Cut(b, "-")
	ams, _ := strconv.ParseUint(am, 10, 64)
	bms, _ := strconv.ParseUint(bm, 10, 64)
	if ams != bms {
		return ams < bms
	}
	asq, _ := strconv.ParseUint(as, 10, 64)
	bsq, _ := strconv.ParseUint(bs, 10, 64)
	return asq < bsq
}

func isNoKey(err error) bool {
	return err != nil && (errors.Is(err, redis.Nil) || strings.Contains(err.Error(), "no such key"))
}

// releaseLock deletes the lock only when this holder still has it.
var releaseLock = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

// Unlock releases a lock TryLock took.
func (s *Store) Unlock(ctx context.Context, name, holder string) error {
	if err := releaseLock.Run(ctx, s.rdb, []string{s.keys.p + "lock:" + name}, holder).Err(); err != nil {
		return unavailable("unlock "+name, err)
	}
	return nil
}

// CallsBefore returns up to limit calls of the call log made before cutoff,
// oldest first. The day counters of the reports do not depend on them.
func (s *Store) CallsBefore(ctx context.Context, cutoff time.Time, limit int) ([]dispatch.Call, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.calls(), &redis.ZRangeBy{Min: "-inf",
		Max: "(" + strconv.FormatInt(cutoff.UnixMilli(), 10), Count: int64(limit)}).Result()
	if err != nil || len(ids) == 0 {
		if err != nil {
			return nil, unavailable("list old calls", err)
		}
		return nil, nil
	}
	raws, err := s.rdb.HMGet(ctx, s.keys.callData(), ids...).Result()
	if err != nil {
		return nil, unavailable("read old calls", err)
	}
	out := make([]dispatch.Call, 0, len(ids))
	for i, r := range raws {
		var c dispatch.Call
		if str, ok := r.(string); !ok || json.Unmarshal([]byte(str), &c) != nil {
			c = dispatch.Call{ID: ids[i]} // index without data: removed with the rest
		}
		out = append(out, c)
	}
	return out, nil
}

// PurgeCalls removes archived calls from the call log and the callers' histories.
func (s *Store) PurgeCalls(ctx context.Context, calls []dispatch.Call) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, c := range calls {
			p.ZRem(ctx, s.keys.calls(), c.ID)
			p.HDel(ctx, s.keys.callData(), c.ID)
			if c.CallerPhone != "" {
				p.ZRem(ctx, s.keys.callerCalls(c.CallerPhone), c.ID)
			}
		}
		return nil
	})
	if err != nil {
		return unavailable("purge calls", err)
	}
	return nil
}

// ReportArchived writes the report records and counters of an archived
// incident again, after RebuildReports dropped them: a rebuild must not lose
// the figures of incidents that left Redis. An incident that is in Redis
// (restored) is skipped: RebuildReports counted it.
func (s *Store) ReportArchived(ctx context.Context, evs []dispatch.Event) (bool, error) {
	inc, err := dispatch.Rebuild(evs)
	if err != nil {
		return false, err
	}
	if n, err := s.rdb.Exists(ctx, s.keys.incident(inc.ID)).Result(); err != nil || n == 1 {
		if err != nil {
			return false, unavailable("check "+inc.Code, err)
		}
		return false, nil
	}
	w, err := s.reportWrites(inc)
	if err != nil {
		return false, err
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		w(p)
		for _, ev := range evs {
			s.countEvent(p, inc, ev)
		}
		return nil
	})
	if err != nil {
		return false, unavailable("report archived "+inc.Code, err)
	}
	return true, nil
}

// CountArchivedCalls adds archived calls that are not emergencies to their
// days' counters (after RebuildReports), skipping any still in the call log.
func (s *Store) CountArchivedCalls(ctx context.Context, calls []dispatch.Call) (int, error) {
	n := 0
	for _, c := range calls {
		if c.Type == dispatch.CallEmergency {
			continue
		}
		if in, err := s.rdb.HExists(ctx, s.keys.callData(), c.ID).Result(); err != nil || in {
			if err != nil {
				return n, unavailable("check call", err)
			}
			continue
		}
		day := c.At.In(s.opt.loc()).Format("2006-01-02")
		if err := s.rdb.HIncrBy(ctx, s.keys.counts(day), "calls:"+string(c.Type), 1).Err(); err != nil {
			return n, unavailable("count archived call", err)
		}
		n++
	}
	return n, nil
}
