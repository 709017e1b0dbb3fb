package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/sigap112/sigap/agencies/twiliosms"
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

	// Fallback is a second Twilio-compatible route (TWILIO_FALLBACK_ACCOUNT_SID,
	// _AUTH_TOKEN, _FROM, _API_URL), used for a message after the primary
	// failed FallbackAfter times (TWILIO_FALLBACK_AFTER, default 2).
	Fallback      twiliosms.Config
	FallbackAfter int

	// Not flags: tests shorten these.
	ReconcileEvery time.Duration // invariant check period; default 3s
	OutageRetry    time.Duration // first wait after the provider failed; default 5s

	claimIdle, allowVolatile, fallbackAfter string
}

func (r *Resilience) flags(fs *flag.FlagSet, env func(k, def string) string) {
	fs.StringVar(&r.claimIdle, "queue-claim-idle", env("SIGAP_QUEUE_CLAIM_IDLE", "5s"),
		"how long a dead instance's queue entries wait before another instance takes them (SIGAP_QUEUE_CLAIM_IDLE)")
	fs.StringVar(&r.allowVolatile, "allow-volatile-redis", env("SIGAP_ALLOW_VOLATILE_REDIS", "false"),
		"start even when Redis does not persist to disk: incidents are lost on a Redis restart (SIGAP_ALLOW_VOLATILE_REDIS)")
	fs.StringVar(&r.Fallback.AccountSID, "twilio-fallback-account-sid", env("TWILIO_FALLBACK_ACCOUNT_SID", ""), "fallback SMS route: account SID (TWILIO_FALLBACK_ACCOUNT_SID)")
	fs.StringVar(&r.Fallback.AuthToken, "twilio-fallback-auth-token", env("TWILIO_FALLBACK_AUTH_TOKEN", ""), "fallback SMS route: auth token (TWILIO_FALLBACK_AUTH_TOKEN)")
	fs.StringVar(&r.Fallback.From, "twilio-fallback-from", env("TWILIO_FALLBACK_FROM", ""), "fallback SMS route: sender number (TWILIO_FALLBACK_FROM)")
	fs.StringVar(&r.Fallback.APIURL, "twilio-fallback-api-url", env("TWILIO_FALLBACK_API_URL", ""), "fallback SMS route: Twilio-compatible API URL (TWILIO_FALLBACK_API_URL)")
	fs.StringVar(&r.fallbackAfter, "twilio-fallback-after", env("TWILIO_FALLBACK_AFTER", "2"), "primary failures of one SMS before the fallback route is used (TWILIO_FALLBACK_AFTER)")
}

// FallbackConfigured reports whether a second SMS route is set.
func (r Resilience) FallbackConfigured() bool {
	return r.Fallback.AccountSID != "" || r.Fallback.AuthToken != "" || r.Fallback.From != "" || r.Fallback.APIURL != ""
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
	if r.fallbackAfter != "" {
		n, err := strconv.Atoi(r.fallbackAfter)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("TWILIO_FALLBACK_AFTER: %q must be a whole number of at least 1", r.fallbackAfter))
		}
		r.FallbackAfter = n
	}
	if r.FallbackConfigured() {
		if err := r.Fallback.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("TWILIO_FALLBACK_* (set all of ACCOUNT_SID, AUTH_TOKEN, FROM, or none): %w", err))
		}
	}
	return errors.Join(errs...)
}
