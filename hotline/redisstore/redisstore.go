// Package redisstore keeps Sigap's accounts in Redis: users, API tokens,
// console sessions and the login limiter. It implements hotline.Accounts.
//
// Keys (under Options.Prefix, default "sigap:"):
//
//	user:{name}           hash: role, agency, hash (bcrypt), must_change, disabled, created
//	user:{name}:tokens    set of token hashes of the user
//	user:{name}:sessions  set of session ids of the user
//	users                 set of user names
//	token:{sha256}        user name of an API token
//	session:{id}          hash: user, csrf; expires after SessionTTL without use
//	login:fail:pair:{n}|{ip}  sign-in attempts of a name from an address in the window
//	login:fail:name:{n}   sign-in attempts of a name from anywhere (slower window)
//	login:fail:ip:{ip}    sign-in attempts from an address in the window
//	login:fail:addrs:{n}  addresses with counts against a name (for the admin unlock)
//	user:{name}:tokeninfo hash: token id → JSON {hash, label, created, expires}
//
// Disabling a user deletes its tokens and sessions in the same script that
// marks it disabled, and every lookup checks the flag again.
package redisstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

// Accounts implements hotline.Accounts on one Redis.
type Accounts struct {
	rdb   redis.UniversalClient
	k     keys
	opt   Options
	dummy []byte // bcrypt hash compared for unknown users, so timing tells nothing
}

var _ hotline.Accounts = (*Accounts)(nil)

// Options tunes the store; the zero value is production.
type Options struct {
	// Prefix starts every key; default "sigap:".
	Prefix string
	// Agencies are the deployment's agency ids: an agency user must name one.
	Agencies []agencies.AgencyID
	// BcryptCost defaults to bcrypt.DefaultCost (10). Only tests go lower:
	// cost 4 makes a hash take microseconds instead of ~60 ms.
	BcryptCost int
	// SessionTTL defaults to hotline.SessionTTL.
	SessionTTL time.Duration
	// MaxFailuresPerNameAddr (default hotline.LoginMaxFailures) locks a name
	// from one address for FailureWindow: a guesser locks only their own
	// address out, not the user.
	MaxFailuresPerNameAddr int
	// MaxFailuresPerName (default hotline.LoginMaxFailuresPerName) locks a
	// name from everywhere for NameWindow (default hotline.LoginNameWindow):
	// the slower limit against guessing from many addresses. An admin
	// unlocks it at once (UnlockLogin).
	MaxFailuresPerName int
	NameWindow         time.Duration
	// MaxFailuresPerIP (default hotline.LoginMaxFailuresPerIP) counts every
	// name from one address. A whole call centre behind one NAT shares one
	// address: raise it there rather than lock every call-taker out.
	MaxFailuresPerIP int
	// FailureWindow defaults to hotline.LoginWindow.
	FailureWindow time.Duration
	// TokenTTL is the lifetime of an API token issued without one; default hotline.TokenTTL.
	TokenTTL time.Duration
}

// New returns the store. It needs no initialisation.
func New(rdb redis.UniversalClient, opt Options) *Accounts {
	if opt.Prefix == "" {
		opt.Prefix = "sigap:"
	}
	if opt.BcryptCost == 0 {
		opt.BcryptCost = bcrypt.DefaultCost
	}
	if opt.SessionTTL <= 0 {
		opt.SessionTTL = hotline.SessionTTL
	}
	if opt.MaxFailuresPerNameAddr <= 0 {
		opt.MaxFailuresPerNameAddr = hotline.LoginMaxFailures
	}
	if opt.MaxFailuresPerName <= 0 {
		opt.MaxFailuresPerName = hotline.LoginMaxFailuresPerName
	}
	if opt.NameWindow <= 0 {
		opt.NameWindow = hotline.LoginNameWindow
	}
	if opt.MaxFailuresPerIP <= 0 {
		opt.MaxFailuresPerIP = hotline.LoginMaxFailuresPerIP
	}
	if opt.TokenTTL <= 0 {
		opt.TokenTTL = hotline.TokenTTL
	}
	if opt.FailureWindow <= 0 {
		opt.FailureWindow = hotline.LoginWindow
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte(hotline.NewOneTimePassword()), opt.BcryptCost)
	if err != nil {
		panic(err) // only an invalid cost fails: a programming error
	}
	return &Accounts{rdb: rdb, k: keys{p: opt.Prefix}, opt: opt, dummy: dummy}
}

type keys struct{ p string }

func (k keys) user(name string) string      { return k.p + "user:" + name }
func (k keys) tokens(name string) string    { return k.p + "user:" + name + ":tokens" }
func (k keys) sessions(name string) string  { return k.p + "user:" + name + ":sessions" }
func (k keys) users() string                { return k.p + "users" }
func (k keys) token(hash string) string     { return k.p + "token:" + hash }
func (k keys) session(id string) string     { return k.p + "session:" + id }
func (k keys) failName(name string) string  { return k.p + "login:fail:name:" + name }
func (k keys) failIP(ip string) string      { return k.p + "login:fail:ip:" + ip }
func (k keys) failAddrs(name string) string { return k.p + "login:fail:addrs:" + name }
func (k keys) failPair(name, ip string) string {
	return k.p + "login:fail:pair:" + name + "|" + ip
}
func (k keys) tokenInfo(name string) string { return k.p + "user:" + name + ":tokeninfo" }

func unavailable(op string, err error) error {
	return fmt.Errorf("accounts %s: %w: %v", op, dispatch.ErrUnavailable, err)
}

// scriptError maps the status replies of the scripts to domain errors.
func scriptError(op, name string, err error) error {
	if err == nil {
		return nil
	}
	switch strings.TrimPrefix(err.Error(), "ERR ") { // redis 7 prefixes ERR, miniredis not
	case "NOUSER":
		return fmt.Errorf("%s %s: %w", op, name, hotline.ErrUserNotFound)
	case "EXISTS":
		return fmt.Errorf("%s %s: %w", op, name, hotline.ErrUserExists)
	case "DISABLED":
		return fmt.Errorf("%s %s: %w", op, name, hotline.ErrUserDisabled)
	}
	return unavailable(op+" "+name, err)
}

// Ping reports whether Redis answers.
func (a *Accounts) Ping(ctx context.Context) error {
	if err := a.rdb.Ping(ctx).Err(); err != nil {
		return unavailable("ping", err)
	}
	return nil
}
