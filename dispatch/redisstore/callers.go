package redisstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch"
)

func (k keys) standing(phone string) string     { return k.p + "caller:" + phone + ":standing" }
func (k keys) standingKeys(phone string) string { return k.p + "caller:" + phone + ":standing:keys" }

// addStandingScript appends a standing event unless one with the same
// dedupe key (type and incident) is already there.
var addStandingScript = redis.NewScript(`
if ARGV[2] ~= '' then
  if redis.call('SADD', KEYS[2], ARGV[2]) == 0 then return 0 end
end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
`)

// AddStanding implements dispatch.Callers.
func (s *Store) AddStanding(ctx context.Context, phone string, ev dispatch.StandingEvent) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	dedupe := ""
	if ev.IncidentID != "" {
		dedupe = fmt.Sprintf("%s:%s", ev.Type, ev.IncidentID)
	}
	if err := addStandingScript.Run(ctx, s.rdb, []string{s.keys.standing(phone), s.keys.standingKeys(phone)}, b, dedupe).Err(); err != nil {
		return unavailable("record standing of a number", err)
	}
	return nil
}

// Standing implements dispatch.Callers.
func (s *Store) Standing(ctx context.Context, phone string) ([]dispatch.StandingEvent, error) {
	raws, err := s.rdb.LRange(ctx, s.keys.standing(phone), 0, -1).Result()
	if err != nil {
		return nil, unavailable("read standing of a number", err)
	}
	out := make([]dispatch.StandingEvent, 0, len(raws))
	for _, r := range raws {
		var ev dispatch.StandingEvent
		if err := json.Unmarshal([]byte(r), &ev); err != nil {
			return nil, fmt.Errorf("decode standing: %w", err)
		}
		out = append(out, ev)
	}
	return out, nil
}
