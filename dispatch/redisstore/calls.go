package redisstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch"
)

// LogCall implements dispatch.CallLog.
func (s *Store) LogCall(ctx context.Context, c dispatch.Call) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	score := float64(c.At.UnixMilli())
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, s.keys.callData(), c.ID, b)
		p.ZAdd(ctx, s.keys.calls(), redis.Z{Score: score, Member: c.ID})
		p.ZAdd(ctx, s.keys.callerCalls(c.CallerPhone), redis.Z{Score: score, Member: c.ID})
		if c.Type != dispatch.CallEmergency { // emergencies are counted with their incident
			p.HIncrBy(ctx, s.keys.counts(c.At.In(s.opt.loc()).Format("2006-01-02")), "calls:"+string(c.Type), 1)
		}
		return nil
	})
	if err != nil {
		return unavailable("log call", err)
	}
	return nil
}

// CallerHistory implements dispatch.CallLog; emergency calls carry their
// incident's outcome.
func (s *Store) CallerHistory(ctx context.Context, phone string, limit int) ([]dispatch.Call, error) {
	ids, err := s.rdb.ZRevRange(ctx, s.keys.callerCalls(phone), 0, int64(limit)-1).Result()
	if err != nil {
		return nil, unavailable("caller history", err)
	}
	if len(ids) == 0 {
		return []dispatch.Call{}, nil
	}
	raws, err := s.rdb.HMGet(ctx, s.keys.callData(), ids...).Result()
	if err != nil {
		return nil, unavailable("caller history", err)
	}
	out := make([]dispatch.Call, 0, len(raws))
	var incIDs []string
	for _, r := range raws {
		str, ok := r.(string)
		if !ok {
			continue
		}
		var c dispatch.Call
		if err := json.Unmarshal([]byte(str), &c); err != nil {
			return nil, fmt.Errorf("decode call: %w", err)
		}
		out = append(out, c)
		if c.IncidentID != "" {
			incIDs = append(incIDs, string(c.IncidentID))
		}
	}
	return out, s.outcomes(ctx, out, incIDs)
}

func (s *Store) outcomes(ctx context.Context, calls []dispatch.Call, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	incs, err := s.readMany(ctx, ids)
	if err != nil {
		return err
	}
	by := map[dispatch.IncidentID]*dispatch.Incident{}
	for _, inc := range incs {
		by[inc.ID] = inc
	}
	for i := range calls {
		if inc := by[calls[i].IncidentID]; inc != nil {
			calls[i].Outcome = string(inc.Status)
			if inc.Disposition != "" {
				calls[i].Outcome = string(inc.Disposition)
			}
		}
	}
	return nil
}
