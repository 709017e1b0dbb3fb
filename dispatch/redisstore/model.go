package redisstore

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/dispatch/learning"
)

func (k keys) model() string { return k.p + "classify:model" }

// SaveModel stores the classifier's trained model (dispatch.ModelStore).
func (s *Store) SaveModel(ctx context.Context, data []byte) error {
	if err := s.rdb.Set(ctx, s.keys.model(), data, 0).Err(); err != nil {
		return unavailable("save classifier model", err)
	}
	return nil
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
