package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"
)

// Resilience is how Sigap keeps every accepted emergency moving through
// faults: queue takeover, the persistence check of Redis.
type Resilience struct {
	// ClaimIdle is how long a queue entry of a dead or frozen instance waits
	// before another instance takes it over (SIGAP_QUEUE_CLAIM_IDLE, default 5s).
	ClaimIdle time.Duration
	// AllowVolatileRedis lets Sigap start on a Redis that does not persist
	// to disk (SIGAP_ALLOW_VOLATILE_REDIS): accepted incidents are then lost
	// when Redis restarts. For tests and trials only.
	AllowVolatileRedis bool

	// Not flags: tests shorten these.
	ReconcileEvery time.Duration // invariant check period; default 3s
	OutageRetry    time.Duration // first wait after the provider failed; default 5s

	claimIdle, allowVolatile string
}

func (r *Resilience) flags(fs *flag.FlagSet, env func(k, def string) string) {
	fs.StringVar(&r.claimIdle, "queue-claim-idle", env("SIGAP_QUEUE_CLAIM_IDLE", "5s"),
		"how long a dead instance's queue entries wait before another instance takes them (SIGAP_QUEUE_CLAIM_IDLE)")
	fs.StringVar(&r.allowVolatile, "allow-volatile-redis", env("SIGAP_ALLOW_VOLATILE_REDIS", "false"),
		"start even when Redis does not persist to disk: incidents are lost on a Redis restart (SIGAP_ALLOW_VOLATILE_REDIS)")
}

func (r *Resilience) parse() error {
	var errs []error
	if r.claimIdle != "" {
		d, err := time.ParseDuration(r.claimIdle)
		if err != nil || d < 100*time.Millisecond {
			errs = append(errs, fmt.Errorf("SIGAP_QUEUE_CLAIM_IDLE: %q must be a duration of at least 100ms, e.g. 5s", r.claimIdle))
		}
		r.ClaimIdle = d
	}
	if r.allowVolatile != "" {
		b, err := strconv.ParseBool(r.allowVolatile)
		if err != nil {
			errs = append(errs, fmt.Errorf("SIGAP_ALLOW_VOLATILE_REDIS: %q must be true or false", r.allowVolatile))
		}
		r.AllowVolatileRedis = b
	}
	return errors.Join(errs...)
}
