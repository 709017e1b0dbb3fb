package redisstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/hotline"
)

// createSession stores a session of a user that exists and is not disabled,
// and forgets the user's expired session ids. KEYS: user, session, sessions.
// ARGV: id, name, csrf, ttl ms, session key prefix.
var createSession = redis.NewScript(`
local disabled = redis.call('HGET', KEYS[1], 'disabled')
if not disabled then return redis.error_reply('NOUSER') end
if disabled == '1' then return redis.error_reply('DISABLED') end
for _, old in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('EXISTS', ARGV[5] .. old) == 0 then redis.call('SREM', KEYS[3], old) end
end
redis.call('HSET', KEYS[2], 'user', ARGV[2], 'csrf', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[1])
return 1`)

// CreateSession implements hotline.Accounts.
func (a *Accounts) CreateSession(ctx context.Context, name string) (*hotline.Session, error) {
	if !hotline.ValidUserName(name) {
		return nil, fmt.Errorf("session of %q: %w", name, hotline.ErrUserNotFound)
	}
	s := &hotline.Session{ID: hotline.NewSecret(32), User: name, CSRF: hotline.NewSecret(32)}
	err := createSession.Run(ctx, a.rdb, []string{a.k.user(name), a.k.session(s.ID), a.k.sessions(name)},
		s.ID, name, s.CSRF, strconv.FormatInt(a.opt.SessionTTL.Milliseconds(), 10), a.k.session("")).Err()
	if err := scriptError("session of", name, err); err != nil {
		return nil, err
	}
	return s, nil
}

// Session implements hotline.Accounts: each use renews the TTL.
func (a *Accounts) Session(ctx context.Context, id string) (*hotline.Session, error) {
	if !validSecret(id) {
		return nil, fmt.Errorf("session: %w", hotline.ErrBadCredentials)
	}
	pipe := a.rdb.TxPipeline()
	get := pipe.HGetAll(ctx, a.k.session(id))
	pipe.PExpire(ctx, a.k.session(id), a.opt.SessionTTL)
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, unavailable("get session", err)
	}
	m := get.Val()
	if m["user"] == "" || m["csrf"] == "" {
		return nil, fmt.Errorf("session: %w", hotline.ErrBadCredentials)
	}
	return &hotline.Session{ID: id, User: m["user"], CSRF: m["csrf"]}, nil
}

// DeleteSession implements hotline.Accounts.
func (a *Accounts) DeleteSession(ctx context.Context, id string) error {
	if !validSecret(id) {
		return nil
	}
	if err := a.rdb.Del(ctx, a.k.session(id)).Err(); err != nil {
		return unavailable("delete session", err)
	}
	return nil
}

// TokenUser implements hotline.Accounts.
func (a *Accounts) TokenUser(ctx context.Context, token string) (*hotline.User, error) {
	if len(token) != len(hotline.TokenPrefix)+43 || !validSecret(token[len(hotline.TokenPrefix):]) ||
		token[:len(hotline.TokenPrefix)] != hotline.TokenPrefix {
		return nil, fmt.Errorf("token: %w", hotline.ErrBadCredentials)
	}
	name, err := a.rdb.Get(ctx, a.k.token(hotline.HashToken(token))).Result()
	if err == redis.Nil {
		return nil, fmt.Errorf("token: %w", hotline.ErrBadCredentials)
	}
	if err != nil {
		return nil, unavailable("resolve token", err)
	}
	u, err := a.User(ctx, name)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, fmt.Errorf("token of %s: %w", name, hotline.ErrUserDisabled)
	}
	return u, nil
}

// validSecret accepts what hotline.NewSecret(32) makes (43 base64url
// characters): anything else is refused before it reaches a key name.
func validSecret(s string) bool {
	if len(s) != 43 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}
