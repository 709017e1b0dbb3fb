package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/hotline"
)

// tokenIDLen is how much of a token's SHA-256 names it: public, and unique
// enough among one user's tokens.
const tokenIDLen = 12

// issueToken stores a token of a user that exists and is not disabled, with
// its expiry, and forgets the user's tokens that expired.
// KEYS: user, token, tokens, tokeninfo. ARGV: name, hash, id, info JSON, ttl ms, token key prefix.
var issueToken = redis.NewScript(`
local disabled = redis.call('HGET', KEYS[1], 'disabled')
if not disabled then return redis.error_reply('NOUSER') end
if disabled == '1' then return redis.error_reply('DISABLED') end
for _, h in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('EXISTS', ARGV[6] .. h) == 0 then
    redis.call('SREM', KEYS[3], h)
    redis.call('HDEL', KEYS[4], string.sub(h, 1, 12))
  end
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[5])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
return 1`)

// revokeToken deletes the user's token whose hash starts with the id.
// KEYS: tokens, tokeninfo. ARGV: id, token key prefix.
var revokeToken = redis.NewScript(`
for _, h in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if string.sub(h, 1, 12) == ARGV[1] then
    local live = redis.call('DEL', ARGV[2] .. h)
    redis.call('SREM', KEYS[1], h)
    redis.call('HDEL', KEYS[2], ARGV[1])
    return live
  end
end
return 0`)

type tokenRecord struct {
	Label   string    `json:"label,omitempty"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// IssueToken implements hotline.Accounts.
func (a *Accounts) IssueToken(ctx context.Context, name string) (string, error) {
	token, _, err := a.IssueTokenFor(ctx, name, "", 0)
	return token, err
}

// IssueTokenFor implements hotline.Accounts.
func (a *Accounts) IssueTokenFor(ctx context.Context, name, label string, ttl time.Duration) (string, hotline.TokenInfo, error) {
	if !hotline.ValidUserName(name) {
		return "", hotline.TokenInfo{}, fmt.Errorf("token for %q: %w", name, hotline.ErrUserNotFound)
	}
	if ttl <= 0 {
		ttl = a.opt.TokenTTL
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	rec := tokenRecord{Label: label, Created: now, Expires: now.Add(ttl)}
	info, _ := json.Marshal(rec)
	token, hash := hotline.NewToken()
	id := hash[:tokenIDLen]
	err := issueToken.Run(ctx, a.rdb, []string{a.k.user(name), a.k.token(hash), a.k.tokens(name), a.k.tokenInfo(name)},
		name, hash, id, string(info), strconv.FormatInt(ttl.Milliseconds(), 10), a.k.token("")).Err()
	if err := scriptError("token for", name, err); err != nil {
		return "", hotline.TokenInfo{}, err
	}
	return token, hotline.TokenInfo{ID: id, Label: label, Created: rec.Created, Expires: rec.Expires}, nil
}

// Tokens implements hotline.Accounts.
func (a *Accounts) Tokens(ctx context.Context, name string) ([]hotline.TokenInfo, error) {
	if !hotline.ValidUserName(name) {
		return nil, fmt.Errorf("tokens of %q: %w", name, hotline.ErrUserNotFound)
	}
	hashes, err := a.rdb.SMembers(ctx, a.k.tokens(name)).Result()
	if err != nil {
		return nil, unavailable("list tokens of "+name, err)
	}
	infos, err := a.rdb.HGetAll(ctx, a.k.tokenInfo(name)).Result()
	if err != nil {
		return nil, unavailable("list tokens of "+name, err)
	}
	pipe := a.rdb.Pipeline()
	live := make([]*redis.IntCmd, len(hashes))
	for i, h := range hashes {
		live[i] = pipe.Exists(ctx, a.k.token(h))
	}
	if len(hashes) > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, unavailable("list tokens of "+name, err)
		}
	}
	out := []hotline.TokenInfo{}
	for i, h := range hashes {
		if live[i].Val() == 0 || len(h) < tokenIDLen {
			continue // expired: forgotten at the next issue
		}
		t := hotline.TokenInfo{ID: h[:tokenIDLen]}
		var rec tokenRecord
		if json.Unmarshal([]byte(infos[t.ID]), &rec) == nil {
			t.Label, t.Created, t.Expires = rec.Label, rec.Created, rec.Expires
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// RevokeToken implements hotline.Accounts.
func (a *Accounts) RevokeToken(ctx context.Context, name, id string) error {
	if !hotline.ValidUserName(name) || len(id) != tokenIDLen {
		return fmt.Errorf("revoke token %q of %q: %w", id, name, hotline.ErrTokenNotFound)
	}
	n, err := revokeToken.Run(ctx, a.rdb, []string{a.k.tokens(name), a.k.tokenInfo(name)}, id, a.k.token("")).Int()
	if err != nil {
		return unavailable("revoke token of "+name, err)
	}
	if n == 0 {
		return fmt.Errorf("revoke token %s of %s: %w", id, name, hotline.ErrTokenNotFound)
	}
	return nil
}
