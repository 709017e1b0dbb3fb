package redisstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/hotline"
)

// beginLogin counts a sign-in attempt before its password is checked, in one
// step with the limit check: attempts in flight count, so 60 parallel
// guesses get at most the limit through to bcrypt. It counts nothing when a
// counter is already at its limit (a locked-out guesser does not extend the
// lock). The first attempt of a window starts its clock.
// KEYS: name+address, name, address counters, the set of addresses that
// failed for the name. ARGV: limit and window ms of each counter, then the address.
var beginLogin = redis.NewScript(`
for i = 1, 3 do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n >= tonumber(ARGV[2*i-1]) then return 0 end
end
for i = 1, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2*i]) end
end
redis.call('SADD', KEYS[4], ARGV[7])
redis.call('PEXPIRE', KEYS[4], math.max(tonumber(ARGV[2]), tonumber(ARGV[4])))
return 1`)

// loginSucceeded takes back the attempt counted for a right password and
// clears the name+address counter (never the address's or the name's
// others: one valid account must not reset the guesses against the rest).
// KEYS: name+address, name, address counters.
var loginSucceeded = redis.NewScript(`
redis.call('DEL', KEYS[1])
for i = 2, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1`)

// unlockLogin clears every count against a name. KEYS: name counter, the
// set of its addresses. ARGV: the name+address key prefix.
var unlockLogin = redis.NewScript(`
for _, ip in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', ARGV[1] .. ip) end
redis.call('DEL', KEYS[1], KEYS[2])
return 1`)

// BeginLogin implements hotline.Accounts.
func (a *Accounts) BeginLogin(ctx context.Context, name, ip string) error {
	name, ip = limitKey(name), limitKey(ip)
	ms := func(d interface{ Milliseconds() int64 }) string { return strconv.FormatInt(d.Milliseconds(), 10) }
	ok, err := beginLogin.Run(ctx, a.rdb,
		[]string{a.k.failPair(name, ip), a.k.failName(name), a.k.failIP(ip), a.k.failAddrs(name)},
		a.opt.MaxFailuresPerNameAddr, ms(a.opt.FailureWindow), a.opt.MaxFailuresPerName, ms(a.opt.NameWindow),
		a.opt.MaxFailuresPerIP, ms(a.opt.FailureWindow), ip).Int()
	if err != nil {
		return unavailable("count login attempt", err)
	}
	if ok == 0 {
		return fmt.Errorf("login %q from %s: %w", name, ip, hotline.ErrRateLimited)
	}
	return nil
}

// LoginSucceeded implements hotline.Accounts.
func (a *Accounts) LoginSucceeded(ctx context.Context, name, ip string) error {
	name, ip = limitKey(name), limitKey(ip)
	err := loginSucceeded.Run(ctx, a.rdb, []string{a.k.failPair(name, ip), a.k.failName(name), a.k.failIP(ip)}).Err()
	if err != nil {
		return unavailable("reset failed logins", err)
	}
	return nil
}

// UnlockLogin implements hotline.Accounts.
func (a *Accounts) UnlockLogin(ctx context.Context, name string) error {
	name = limitKey(name)
	err := unlockLogin.Run(ctx, a.rdb, []string{a.k.failName(name), a.k.failAddrs(name)}, a.k.failPair(name, "")).Err()
	if err != nil {
		return unavailable("unlock login of "+name, err)
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
