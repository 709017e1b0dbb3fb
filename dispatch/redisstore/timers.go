package redisstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch"
)

// Schedule implements dispatch.Timers.
func (s *Store) Schedule(ctx context.Context, ts ...dispatch.Timer) error {
	if len(ts) == 0 {
		return nil
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { return s.scheduleIn(ctx, p, ts) })
	if err != nil {
		return unavailable("schedule timers", err)
	}
	return nil
}

// scheduleIn adds timers to a transaction being built.
func (s *Store) scheduleIn(ctx context.Context, p redis.Pipeliner, ts []dispatch.Timer) error {
	for _, t := range ts {
		b, err := json.Marshal(t)
		if err != nil {
			return err
		}
		p.ZAdd(ctx, s.keys.timers(), redis.Z{Score: float64(t.Due.UnixMilli()), Member: t.ID()})
		p.HSet(ctx, s.keys.timerData(), t.ID(), b)
	}
	return nil
}

// fireScript moves due timers into their agencies' queues. It runs as one
// script, so two instances firing at once never move a timer twice.
// (The queue keys are derived from the prefix inside the script: fine on a
// single Redis, which is what Sigap runs on.)
var fireScript = redis.NewScript(`
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(due) do
  local data = redis.call('HGET', KEYS[2], id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  if data then
    local t = cjson.decode(data)
    redis.call('XADD', ARGV[3] .. t.agency, '*', 'kind', 'timer', 'incident', t.incident, 'agency', t.agency, 'timer', data)
  end
end
return #due
`)

// Fire implements dispatch.Timers.
func (s *Store) Fire(ctx context.Context, now time.Time, max int) (int, error) {
	n, err := fireScript.Run(ctx, s.rdb, []string{s.keys.timers(), s.keys.timerData()},
		now.UnixMilli(), max, s.keys.p+"queue:").Int()
	if err != nil {
		return 0, unavailable("fire timers", err)
	}
	return n, nil
}

// PendingTimers counts timers not yet due (metrics, tests).
func (s *Store) PendingTimers(ctx context.Context) (int64, error) {
	n, err := s.rdb.ZCard(ctx, s.keys.timers()).Result()
	if err != nil {
		return 0, unavailable("count timers", err)
	}
	return n, nil
}
