package redisstore

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch/learning"
)

func (k keys) model() string      { return k.p + "classify:model" }
func (k keys) modelStamp() string { return k.p + "classify:model:stamp" }

// SaveModel stores the classifier's trained model and its stamp, together
// (learning.ModelStore).
func (s *Store) SaveModel(ctx context.Context, data []byte) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.keys.model(), data, 0)
		p.Set(ctx, s.keys.modelStamp(), learning.Stamp(data), 0)
		return nil
	})
	if err != nil {
		return unavailable("save classifier model", err)
	}
	return nil
}

// ModelStamp returns the saved model's stamp, "" when there is none (no
// model, or one saved by an older build).
func (s *Store) ModelStamp(ctx context.Context) (string, error) {
	stamp, err := s.rdb.Get(ctx, s.keys.modelStamp()).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", unavailable("read classifier model stamp", err)
	}
	return stamp, nil
}

// LoadModel returns the saved model, or dispatch.ErrNoModel.
func (s *Store) LoadModel(ctx context.Context) ([]byte, error) {
	data, err := s.rdb.Get(ctx, s.keys.model()).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, learning.ErrNoModel
	}
	if err != nil {
		return nil, unavailable("load classifier model", err)
	}
	return data, nil
}
