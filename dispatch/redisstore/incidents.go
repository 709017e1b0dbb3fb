package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch"
)

// Append implements dispatch.Store with optimistic locking: the incident is
// read under WATCH, the event applied in Go (dispatch.Apply) and the new
// state, the log line and the indexes written in one MULTI/EXEC.
func (s *Store) Append(ctx context.Context, id dispatch.IncidentID, ev dispatch.Event, timers ...dispatch.Timer) (*dispatch.Incident, error) {
	var out *dispatch.Incident
	txf := func(tx *redis.Tx) error {
		inc, err := s.read(ctx, tx, id)
		if err != nil {
			return err
		}
		if ev.Key != "" {
			seen, err := tx.SIsMember(ctx, s.keys.eventKeys(id), ev.Key).Result()
			if err != nil {
				return unavailable("append "+inc.Code, err)
			}
			if seen {
				out = inc
				return nil
			}
		}
		ev.Seq = inc.Version + 1
		next, err := dispatch.Apply(inc, ev)
		if err != nil {
			return fmt.Errorf("append %s to %s: %w", ev.Type, inc.Code, err)
		}
		incJSON, err := json.Marshal(next)
		if err != nil {
			return err
		}
		evJSON, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		note, err := json.Marshal(s.notice(next, ev))
		if err != nil {
			return err
		}
		reportWrite, err := s.reportWrites(next)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, s.keys.incident(id), incJSON, 0)
			p.RPush(ctx, s.keys.events(id), evJSON)
			if ev.Key != "" {
				p.SAdd(ctx, s.keys.eventKeys(id), ev.Key)
			}
			if !next.Status.Open() {
				p.ZRem(ctx, s.keys.open(), string(id))
			}
			p.Publish(ctx, s.keys.channel(), note)
			reportWrite(p)
			s.countEvent(p, next, ev)
			return s.scheduleIn(ctx, p, timers)
		})
		out = next
		return err
	}
	for attempt := 0; attempt < 20; attempt++ {
		err := s.rdb.Watch(ctx, txf, s.keys.incident(id))
		if errors.Is(err, redis.TxFailedErr) {
			continue // somebody else changed the incident: read again
		}
		if err != nil {
			return nil, wrapErr(err, "append to incident "+string(id))
		}
		return out, nil
	}
	return nil, fmt.Errorf("append to incident %s: too much contention", id)
}

// wrapErr keeps domain errors and marks the rest as Redis failures.
func wrapErr(err error, op string) error {
	if errors.Is(err, dispatch.ErrIncidentNotFound) || errors.Is(err, dispatch.ErrInvalidEvent) ||
		errors.Is(err, dispatch.ErrUnavailable) {
		return err
	}
	return unavailable(op, err)
}

type getter interface {
	Get(ctx context.Context, key string) *redis.StringCmd
}

func (s *Store) read(ctx context.Context, g getter, id dispatch.IncidentID) (*dispatch.Incident, error) {
	raw, err := g.Get(ctx, s.keys.incident(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, dispatch.ErrIncidentNotFound
	}
	if err != nil {
		return nil, unavailable("read incident "+string(id), err)
	}
	var inc dispatch.Incident
	if err := json.Unmarshal(raw, &inc); err != nil {
		return nil, fmt.Errorf("decode incident %s: %w", id, err)
	}
	return &inc, nil
}

// Get implements dispatch.Store: by id, or by code (TT-0427) when no incident has that id.
func (s *Store) Get(ctx context.Context, idOrCode string) (*dispatch.Incident, error) {
	inc, err := s.read(ctx, s.rdb, dispatch.IncidentID(idOrCode))
	if !errors.Is(err, dispatch.ErrIncidentNotFound) {
		return inc, err
	}
	id, err := s.rdb.Get(ctx, s.keys.code(idOrCode)).Result()
	if errors.Is(err, redis.Nil) {
		return nil, dispatch.ErrIncidentNotFound
	}
	if err != nil {
		return nil, unavailable("read code "+idOrCode, err)
	}
	return s.read(ctx, s.rdb, dispatch.IncidentID(id))
}

// List implements dispatch.Store.
func (s *Store) List(ctx context.Context, f dispatch.ListFilter) ([]*dispatch.Incident, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	index := s.keys.all()
	if f.OpenOnly {
		index = s.keys.open()
	}
	if f.Agency != "" && !f.OpenOnly {
		index = s.keys.byAgency(f.Agency)
	}
	min := "-inf"
	if !f.Since.IsZero() {
		min = strconv.FormatInt(f.Since.UnixMilli(), 10)
	}
	var out []*dispatch.Incident
	for start := int64(f.Offset); len(out) < f.Limit; start += int64(f.Limit) {
		ids, err := s.rdb.ZRevRangeByScore(ctx, index, &redis.ZRangeBy{Min: min, Max: "+inf", Offset: start, Count: int64(f.Limit)}).Result()
		if err != nil {
			return nil, unavailable("list incidents", err)
		}
		if len(ids) == 0 {
			break
		}
		incs, err := s.readMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, inc := range incs {
			if f.Agency == "" || inc.Assignment(f.Agency) != nil {
				out = append(out, inc)
			}
			if len(out) == f.Limit {
				break
			}
		}
	}
	return out, nil
}

func (s *Store) readMany(ctx context.Context, ids []string) ([]*dispatch.Incident, error) {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = s.keys.incident(dispatch.IncidentID(id))
	}
	vals, err := s.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, unavailable("read incidents", err)
	}
	out := make([]*dispatch.Incident, 0, len(vals))
	for i, v := range vals {
		raw, ok := v.(string)
		if !ok {
			continue // deleted between the index read and now
		}
		var inc dispatch.Incident
		if err := json.Unmarshal([]byte(raw), &inc); err != nil {
			return nil, fmt.Errorf("decode incident %s: %w", ids[i], err)
		}
		out = append(out, &inc)
	}
	return out, nil
}

// Events implements dispatch.Store.
func (s *Store) Events(ctx context.Context, id dispatch.IncidentID) ([]dispatch.Event, error) {
	raws, err := s.rdb.LRange(ctx, s.keys.events(id), 0, -1).Result()
	if err != nil {
		return nil, unavailable("read log of "+string(id), err)
	}
	if len(raws) == 0 {
		return nil, dispatch.ErrIncidentNotFound
	}
	out := make([]dispatch.Event, len(raws))
	for i, raw := range raws {
		if err := json.Unmarshal([]byte(raw), &out[i]); err != nil {
			return nil, fmt.Errorf("decode event %d of %s: %w", i+1, id, err)
		}
	}
	return out, nil
}
