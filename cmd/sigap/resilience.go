package main

import (
	"context"
	"time"
)

// ready is /readyz: Redis answers and every agency's queue has its consumer
// group (without it, intake would queue assignments nobody reads).
func (a *App) ready(ctx context.Context) error {
	if err := a.Store.Ping(ctx); err != nil {
		return err
	}
	return a.Store.CheckQueues(ctx)
}

// claimIdle is the queue takeover time: a test's QueueClaimIdle, else the flag.
func (a *App) claimIdle() time.Duration {
	if a.Options.QueueClaimIdle > 0 {
		return a.Options.QueueClaimIdle
	}
	return a.Options.Resilience.ClaimIdle
}
