package main

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/dispatch/reconcile"
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

// wireReconciler builds the invariant reconciler of this instance.
func (a *App) wireReconciler(deps escalation.WorkerDeps, ids []agencies.AgencyID, instance string) {
	a.Health = deps.Health
	a.Reconciler = reconcile.New(reconcile.Config{Every: a.Options.Resilience.ReconcileEvery, Owner: instance + "-reconciler"},
		reconcile.Deps{Store: a.Store, Timers: a.Store, Inspector: a.Store, Ledger: a.Store, SMS: deps.SMS,
			Directory: deps.Directory, Agencies: ids, Health: deps.Health, Metrics: deps.Metrics, Log: a.log})
}

// healthDetail is what /healthz?detail=1 adds: the SMS provider's state as
// this instance sees it.
func (a *App) healthDetail(context.Context) map[string]any {
	return map[string]any{"sms_provider": a.Health.State(), "durable": a.Durable, "redis_persistence": a.getPersistence()}
}

// fallbackRoute adds the second SMS route (TWILIO_FALLBACK_*).
func (a *App) fallbackRoute(primary *twiliosms.Client, callback string) (agencies.Notifier, error) {
	fb := a.Options.Resilience.Fallback
	fb.StatusCallbackURL = callback
	fallback, err := twiliosms.New(fb, a.log.Named("fallback"))
	if err != nil {
		return nil, fmt.Errorf("TWILIO_FALLBACK_*: %w", err)
	}
	a.log.Info("fallback SMS route configured", zap.String("api_url", fb.APIURL), zap.Int("after_failures", a.Options.Resilience.FallbackAfter))
	return twiliosms.NewRoutes(primary, fallback, a.Options.Resilience.FallbackAfter, a.log), nil
}
