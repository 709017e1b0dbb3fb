package redisstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/hotline"
)

// countFailure increments each counter; the first failure of a window starts
// its clock, so a lock ends when the window that filled it passes.
// KEYS: counters. ARGV: window ms.
var countFailure = redis.NewScript(`
for _, k in ipairs(KEYS) do
  if redis.call('INCR', k) == 1 then redis.call('PEXPIRE', k, ARGV[1]) end
end
return 1`)

// CheckLogin implements hotline.Accounts.
func (a *Accounts) CheckLogin(ctx context.Context, name, ip string) error {
	vals, err := a.rdb.MGet(ctx, a.k.failName(limitKey(name)), a.k.failIP(limitKey(ip))).Result()
	if err != nil {
		return unavailable("check login limit", err)
	}
	limits := []int{a.opt.MaxFailuresPerName, a.opt.MaxFailuresPerIP}
	for i, v := range vals {
		s, _ := v.(string)
		if n, _ := strconv.Atoi(s); n >= limits[i] {
			return fmt.Errorf("login %q from %s: %w", name, ip, hotline.ErrRateLimited)
		}
	}
	return nil
}

// LoginFailed implements hotline.Accounts.
func (a *Accounts) LoginFailed(ctx context.Context, name, ip string) error {
	err := countFailure.Run(ctx, a.rdb, []string{a.k.failName(limitKey(name)), a.k.failIP(limitKey(ip))},
		a.opt.FailureWindow.Milliseconds()).Err()
	if err != nil {
		return unavailable("count failed login", err)
	}
	return nil
}

// LoginSucceeded implements hotline.Accounts.
func (a *Accounts) LoginSucceeded(ctx context.Context, name string) error {
	if err := a.rdb.Del(ctx, a.k.failName(limitKey(name))).Err(); err != nil {
		return unavailable("reset failed logins", err)
	}
	return nil
}

// limitKey bounds what a stranger can put in a key name.
func limitKey(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}
