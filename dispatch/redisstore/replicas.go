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
// It asks ROLE first: waiting for replicas that are not connected would only
// add ReplicaWait to every intake while the centre runs on one node.
func (s *Store) runCreate(ctx context.Context, keyList []string, args []any) ([]any, error) {
	if s.opt.MinReplicas <= 0 {
		return createScript.Run(ctx, s.rdb, keyList, args...).Slice()
	}
	wait := s.opt.ReplicaWait
	if wait <= 0 {
		wait = 2 * time.Second
	}
	want := s.opt.MinReplicas
	connected, err := s.connectedReplicas(ctx)
	if err != nil {
		return nil, err
	}
	if connected < want {
		if s.opt.OnFewReplicas != nil {
			s.opt.OnFewReplicas(connected, want)
		}
		want = connected
	}
	if want == 0 {
		return createScript.Run(ctx, s.rdb, keyList, args...).Slice()
	}
	res, acked, err := s.createAndWait(ctx, keyList, args, want, wait)
	if err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") {
		if err := createScript.Load(ctx, s.rdb).Err(); err != nil {
			return nil, err
		}
		res, acked, err = s.createAndWait(ctx, keyList, args, want, wait)
	}
	if err != nil {
		return nil, err
	}
	if acked >= int64(want) {
		return res, nil
	}
	if now, cerr := s.connectedReplicas(ctx); cerr == nil && now < want {
		if s.opt.OnFewReplicas != nil {
			s.opt.OnFewReplicas(now, s.opt.MinReplicas) // a replica left while we waited
		}
		return res, nil
	}
	return nil, fmt.Errorf("%w: %d of %d replicas confirmed within %v", dispatch.ErrUnavailable, acked, want, wait)
}

// createAndWait sends EVALSHA and WAIT in one pipeline: one connection.
func (s *Store) createAndWait(ctx context.Context, keyList []string, args []any, want int, wait time.Duration) ([]any, int64, error) {
	pipe := s.rdb.Pipeline()
	ev := createScript.EvalSha(ctx, pipe, keyList, args...)
	w := pipe.Do(ctx, "WAIT", want, wait.Milliseconds())
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

// connectedReplicas counts the replicas ROLE lists on the primary.
func (s *Store) connectedReplicas(ctx context.Context) (int, error) {
	role, err := s.rdb.Do(ctx, "ROLE").Slice()
	if err != nil {
		return 0, fmt.Errorf("%w: ROLE: %v", dispatch.ErrUnavailable, err)
	}
	if len(role) < 3 || role[0] != "master" {
		return 0, fmt.Errorf("%w: connected to a %v, not the primary", dispatch.ErrUnavailable, role[0])
	}
	replicas, _ := role[2].([]any)
	return len(replicas), nil
}
