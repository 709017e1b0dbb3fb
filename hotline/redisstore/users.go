package redisstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/hotline"
)

// createUser adds the user hash and the name to the users set, unless the
// user exists. KEYS: user, users. ARGV: name, then field/value pairs.
var createUser = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('EXISTS') end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return 1`)

// setPassword replaces the hash of an existing user. KEYS: user. ARGV: hash.
var setPassword = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NOUSER') end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'must_change', '0')
return 1`)

// disableUser marks the user disabled and deletes its tokens and sessions
// in one step. KEYS: user, tokens, sessions, tokeninfo. ARGV: token key prefix, session key prefix.
var disableUser = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NOUSER') end
redis.call('HSET', KEYS[1], 'disabled', '1')
for _, h in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', ARGV[1] .. h) end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do redis.call('DEL', ARGV[2] .. id) end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
return 1`)

// enableUser clears the disabled mark. KEYS: user.
var enableUser = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NOUSER') end
redis.call('HSET', KEYS[1], 'disabled', '0')
return 1`)

// changePassword replaces the hash when it is still the one the current
// password was checked against (no lost update), and ends every session
// of the user but one. KEYS: user, sessions. ARGV: old hash, new hash,
// session to keep, session key prefix.
var changePassword = redis.NewScript(`
local h = redis.call('HMGET', KEYS[1], 'hash', 'disabled')
if not h[1] then return redis.error_reply('NOUSER') end
if h[2] == '1' then return redis.error_reply('DISABLED') end
if h[1] ~= ARGV[1] then return redis.error_reply('CHANGED') end
redis.call('HSET', KEYS[1], 'hash', ARGV[2], 'must_change', '0')
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if id ~= ARGV[3] then
    redis.call('DEL', ARGV[4] .. id)
    redis.call('SREM', KEYS[2], id)
  end
end
return 1`)

// CreateUser implements hotline.Accounts.
func (a *Accounts) CreateUser(ctx context.Context, name string, role hotline.Role, agency agencies.AgencyID) (string, error) {
	if err := hotline.CheckNewUser(name, role, agency, a.opt.Agencies); err != nil {
		return "", fmt.Errorf("create user %s: %w", name, err)
	}
	password := hotline.NewOneTimePassword()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.opt.BcryptCost)
	if err != nil {
		return "", fmt.Errorf("create user %s: %w", name, err)
	}
	err = createUser.Run(ctx, a.rdb, []string{a.k.user(name), a.k.users()}, name,
		"name", name, "role", string(role), "agency", string(agency), "hash", string(hash),
		"must_change", "1", "disabled", "0", "created", time.Now().UTC().Format(time.RFC3339)).Err()
	if err := scriptError("create user", name, err); err != nil {
		return "", err
	}
	return password, nil
}

// User implements hotline.Accounts.
func (a *Accounts) User(ctx context.Context, name string) (*hotline.User, error) {
	u, _, err := a.load(ctx, name)
	return u, err
}

// load returns the user and its password hash.
func (a *Accounts) load(ctx context.Context, name string) (*hotline.User, []byte, error) {
	if !hotline.ValidUserName(name) {
		return nil, nil, fmt.Errorf("user %q: %w", name, hotline.ErrUserNotFound)
	}
	m, err := a.rdb.HGetAll(ctx, a.k.user(name)).Result()
	if err != nil {
		return nil, nil, unavailable("get user "+name, err)
	}
	if len(m) == 0 {
		return nil, nil, fmt.Errorf("user %s: %w", name, hotline.ErrUserNotFound)
	}
	return userOf(name, m), []byte(m["hash"]), nil
}

func userOf(name string, m map[string]string) *hotline.User {
	return &hotline.User{Name: name, Role: hotline.Role(m["role"]), Agency: agencies.AgencyID(m["agency"]),
		MustChangePassword: m["must_change"] == "1", Disabled: m["disabled"] == "1"}
}

// Users implements hotline.Accounts.
func (a *Accounts) Users(ctx context.Context) ([]hotline.User, error) {
	names, err := a.rdb.SMembers(ctx, a.k.users()).Result()
	if err != nil {
		return nil, unavailable("list users", err)
	}
	pipe := a.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(names))
	for i, n := range names {
		cmds[i] = pipe.HGetAll(ctx, a.k.user(n))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, unavailable("list users", err)
	}
	out := make([]hotline.User, 0, len(names))
	for i, n := range names {
		if m := cmds[i].Val(); len(m) > 0 {
			out = append(out, *userOf(n, m))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// CountUsers implements hotline.Accounts.
func (a *Accounts) CountUsers(ctx context.Context) (int, error) {
	n, err := a.rdb.SCard(ctx, a.k.users()).Result()
	if err != nil {
		return 0, unavailable("count users", err)
	}
	return int(n), nil
}

// VerifyPassword implements hotline.Accounts. An unknown user costs one
// bcrypt comparison too, so response time does not reveal who exists.
func (a *Accounts) VerifyPassword(ctx context.Context, name, password string) (*hotline.User, error) {
	u, hash, err := a.load(ctx, name)
	if errors.Is(err, hotline.ErrUserNotFound) {
		_ = bcrypt.CompareHashAndPassword(a.dummy, []byte(password))
		return nil, fmt.Errorf("login %q: %w", name, hotline.ErrBadCredentials)
	}
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil {
		return nil, fmt.Errorf("login %s: %w", name, hotline.ErrBadCredentials)
	}
	if u.Disabled {
		return nil, fmt.Errorf("login %s: %w", name, hotline.ErrUserDisabled)
	}
	return u, nil
}

// SetPassword implements hotline.Accounts.
func (a *Accounts) SetPassword(ctx context.Context, name, password string) error {
	if err := hotline.CheckPassword(name, password); err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	if !hotline.ValidUserName(name) {
		return fmt.Errorf("set password of %q: %w", name, hotline.ErrUserNotFound)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.opt.BcryptCost)
	if err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	err = setPassword.Run(ctx, a.rdb, []string{a.k.user(name)}, string(hash)).Err()
	return scriptError("set password of", name, err)
}

// DisableUser implements hotline.Accounts.
func (a *Accounts) DisableUser(ctx context.Context, name string) error {
	if !hotline.ValidUserName(name) {
		return fmt.Errorf("disable %q: %w", name, hotline.ErrUserNotFound)
	}
	err := disableUser.Run(ctx, a.rdb, []string{a.k.user(name), a.k.tokens(name), a.k.sessions(name), a.k.tokenInfo(name)},
		a.k.token(""), a.k.session("")).Err()
	return scriptError("disable", name, err)
}

// EnableUser implements hotline.Accounts.
func (a *Accounts) EnableUser(ctx context.Context, name string) error {
	if !hotline.ValidUserName(name) {
		return fmt.Errorf("enable %q: %w", name, hotline.ErrUserNotFound)
	}
	if err := scriptError("enable", name, enableUser.Run(ctx, a.rdb, []string{a.k.user(name)}).Err()); err != nil {
		return err
	}
	return a.UnlockLogin(ctx, name)
}

// ChangePassword implements hotline.Accounts.
func (a *Accounts) ChangePassword(ctx context.Context, name, current, password, keepSession string) error {
	_, hash, err := a.load(ctx, name)
	if err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(current)) != nil {
		return fmt.Errorf("change password of %s: %w", name, hotline.ErrBadCredentials)
	}
	if err := hotline.CheckPassword(name, password); err != nil {
		return fmt.Errorf("change password of %s: %w", name, err)
	}
	newHash, err := bcrypt.GenerateFromPassword([]byte(password), a.opt.BcryptCost)
	if err != nil {
		return fmt.Errorf("change password of %s: %w", name, err)
	}
	err = changePassword.Run(ctx, a.rdb, []string{a.k.user(name), a.k.sessions(name)},
		string(hash), string(newHash), keepSession, a.k.session("")).Err()
	if err != nil && strings.HasSuffix(err.Error(), "CHANGED") {
		return fmt.Errorf("change password of %s: changed meanwhile: %w", name, hotline.ErrBadCredentials)
	}
	return scriptError("change password of", name, err)
}
