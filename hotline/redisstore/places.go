package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/geo/gazetteer"
	"github.com/sigap112/sigap/hotline"
)

// Places implements hotline.PlaceMemory on Redis. Keys (under the prefix):
//
//	places:learned        hash: normalised address → JSON hotline.LearnedPlace
//	places:learned:uses   sorted set: normalised address scored by times confirmed
//
// The same address typed again (any case, "Jl."/"Jalan") refreshes its
// point and counts once more; the least used are dropped past Max.
type Places struct {
	rdb redis.UniversalClient
	opt PlaceOptions
}

var _ hotline.PlaceMemory = (*Places)(nil)

// PlaceOptions tunes the store; the zero value is production.
type PlaceOptions struct {
	Prefix string // default "sigap:"
	Max    int    // addresses kept, default 20000
}

// NewPlaces returns the store. It needs no initialisation.
func NewPlaces(rdb redis.UniversalClient, opt PlaceOptions) *Places {
	if opt.Prefix == "" {
		opt.Prefix = "sigap:"
	}
	if opt.Max <= 0 {
		opt.Max = 20000
	}
	return &Places{rdb: rdb, opt: opt}
}

func (p *Places) hash() string { return p.opt.Prefix + "places:learned" }
func (p *Places) uses() string { return p.opt.Prefix + "places:learned:uses" }

// Learn implements hotline.PlaceMemory.
func (p *Places) Learn(ctx context.Context, l hotline.LearnedPlace) error {
	key := strings.Join(gazetteer.Words(l.Text), " ")
	if key == "" {
		return nil
	}
	l.Text = strings.TrimSpace(l.Text)
	var n *redis.FloatCmd
	_, err := p.rdb.TxPipelined(ctx, func(tx redis.Pipeliner) error {
		n = tx.ZIncrBy(ctx, p.uses(), 1, key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("learn address: %w", err)
	}
	l.Uses = int(n.Val())
	data, err := json.Marshal(l)
	if err != nil {
		return err
	}
	if err := p.rdb.HSet(ctx, p.hash(), key, data).Err(); err != nil {
		return fmt.Errorf("learn address: %w", err)
	}
	return p.trim(ctx, key)
}

// trim drops the least used addresses past Max, never the one just
// learned (a new address would otherwise always lose the tie).
func (p *Places) trim(ctx context.Context, keep string) error {
	n, err := p.rdb.ZCard(ctx, p.uses()).Result()
	if err != nil || n <= int64(p.opt.Max) {
		return err
	}
	excess := int(n) - p.opt.Max
	cands, err := p.rdb.ZRange(ctx, p.uses(), 0, int64(excess)).Result()
	if err != nil {
		return err
	}
	var drop []string
	for _, c := range cands {
		if c != keep && len(drop) < excess {
			drop = append(drop, c)
		}
	}
	if len(drop) == 0 {
		return nil
	}
	_, err = p.rdb.TxPipelined(ctx, func(tx redis.Pipeliner) error {
		tx.HDel(ctx, p.hash(), drop...)
		tx.ZRem(ctx, p.uses(), toAny(drop)...)
		return nil
	})
	return err
}

// Learned implements hotline.PlaceMemory.
func (p *Places) Learned(ctx context.Context, limit int) ([]hotline.LearnedPlace, error) {
	keys, err := p.rdb.ZRevRange(ctx, p.uses(), 0, int64(limit)-1).Result()
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	vals, err := p.rdb.HMGet(ctx, p.hash(), keys...).Result()
	if err != nil {
		return nil, fmt.Errorf("learned addresses: %w", err)
	}
	out := make([]hotline.LearnedPlace, 0, len(vals))
	for _, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue // counted but not yet written, or dropped by a trim
		}
		var l hotline.LearnedPlace
		if err := json.Unmarshal([]byte(s), &l); err == nil {
			out = append(out, l)
		}
	}
	return out, nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
