package redisstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sigap112/sigap/dispatch"
)

// With Options.MinReplicas = N, intake answers 201 only after N replicas
// hold the new incident: the create script and WAIT N go down one
// connection in one round trip (WAIT counts the writes of its own
// connection). Should the primary die right after, Sentinel promotes a
// replica that has the incident: no accepted emergency is lost in a failover.
//
// When fewer than N replicas are connected at all (the replica is down, or a
// failover just left the new primary alone until the old one rejoins),
// waiting cannot help and refusing would stop a 112 centre taking calls:
// the incident is accepted with the replicas there are, and OnFewReplicas
// is told (the server logs it loudly). When N replicas are connected but do
// not confirm within ReplicaWait (default 2 s), the request fails as
// unavailable (503, "not saved"): the incident may be on the primary only,
// and the call-taker's retry with the same Idempotency-Key returns it
// rather than creating a second one.

// runCreate runs the create script, then WAIT when replicas are required.
func (s *Store) runCreate(ctx context.Context, keyList []string, args []any) ([]any, error) {
	if s.opt.MinReplicas <= 0 {
		return createScript.Run(ctx, s.rdb, keyList, args...).Slice()
	}
	wait := s.opt.ReplicaWait
	if wait <= 0 {
		wait = 2 * time.Second
	}
	res, acked, err := s.createAndWait(ctx, keyList, args, wait)
	if err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") {
		if err := createScript.Load(ctx, s.rdb).Err(); err != nil {
			return nil, err
		}
		res, acked, err = s.createAndWait(ctx, keyList, args, wait)
	}
	if err != nil {
		return nil, err
	}
	if acked >= int64(s.opt.MinReplicas) {
		return res, nil
	}
	connected, cerr := s.connectedReplicas(ctx)
	if cerr == nil && connected < s.opt.MinReplicas {
		if s.opt.OnFewReplicas != nil {
			s.opt.OnFewReplicas(connected, s.opt.MinReplicas)
		}
		return res, nil
	}
	return nil, fmt.Errorf("%w: %d of %d replicas confirmed within %v", dispatch.ErrUnavailable, acked, s.opt.MinReplicas, wait)
}

// createAndWait sends EVALSHA and WAIT in one pipeline: one connection.
func (s *Store) createAndWait(ctx context.Context, keyList []string, args []any, wait time.Duration) ([]any, int64, error) {
	pipe := s.rdb.Pipeline()
	ev := createScript.EvalSha(ctx, pipe, keyList, args...)
	w := pipe.Do(ctx, "WAIT", s.opt.MinReplicas, wait.Milliseconds())
	_, _ = pipe.Exec(ctx)
	res, err := ev.Slice()
	if err != nil {
		return nil, 0, err
	}
	acked, err := w.Int64()
	if err != nil {
		return nil, 0, err
	}
	return res, acked, nil
}

// connectedReplicas reads connected_slaves from INFO replication.
func (s *Store) connectedReplicas(ctx context.Context) (int, error) {
	info, err := s.rdb.Info(ctx, "replication").Result()
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "connected_slaves:"); ok {
			var n int
			_, err := fmt.Sscan(v, &n)
			return n, err
		}
	}
	return 0, fmt.Errorf("INFO replication without connected_slaves")
}
