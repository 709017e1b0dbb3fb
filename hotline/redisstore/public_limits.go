package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/hotline"
)

// PublicLimits implements hotline.PublicLimiter on Redis: one counter per
// bucket and address (public:limit:{bucket}:{ip}) whose first request
// starts the window.
type PublicLimits struct {
	rdb    redis.UniversalClient
	prefix string
}

var _ hotline.PublicLimiter = (*PublicLimits)(nil)

// NewPublicLimits returns the limiter; prefix defaults to "sigap:".
func NewPublicLimits(rdb redis.UniversalClient, prefix string) *PublicLimits {
	if prefix == "" {
		prefix = "sigap:"
	}
	return &PublicLimits{rdb: rdb, prefix: prefix}
}

// PublicLimits returns a limiter on the accounts' Redis and prefix.
func (a *Accounts) PublicLimits() hotline.PublicLimiter { return NewPublicLimits(a.rdb, a.opt.Prefix) }

// Surveys returns a survey store on the accounts' Redis and prefix.
func (a *Accounts) Surveys() hotline.Surveys { return NewSurveys(a.rdb, a.opt.Prefix) }

// countRequest counts a request; over the limit it is not counted (a
// blocked script does not extend its own window).
// KEYS: counter. ARGV: limit, window ms. Returns 1 allowed, 0 refused.
var countRequest = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`)

// Allow implements hotline.PublicLimiter.
func (l *PublicLimits) Allow(ctx context.Context, bucket, ip string, limit int, window time.Duration) error {
	ok, err := countRequest.Run(ctx, l.rdb, []string{l.prefix + "public:limit:" + bucket + ":" + limitKey(ip)},
		limit, window.Milliseconds()).Int()
	if err != nil {
		return unavailable("count public request", err)
	}
	if ok == 0 {
		return fmt.Errorf("%s from %s: %w", bucket, ip, hotline.ErrRateLimited)
	}
	return nil
}
