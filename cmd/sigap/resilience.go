package main

import (
	"context"
)

// ready is /readyz: Redis answers and every agency's queue has its consumer
// group (without it, intake would queue assignments nobody reads).
func (a *App) ready(ctx context.Context) error {
	if err := a.Store.Ping(ctx); err != nil {
		return err
	}
	return a.Store.CheckQueues(ctx)
}
