package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

func TestUsersTokensRevokeEnableUnlock(t *testing.T) {
	srv := redistest.Start(t)
	env := map[string]string{"REDIS_URL": srv.URL}
	acc := hredis.New(srv.Client(), hredis.Options{BcryptCost: bcrypt.MinCost})
	ctx := context.Background()
	if _, err := runUsers(t, env, "add", "cad", "--role", "calltaker"); err != nil {
		t.Fatal(err)
	}
	out, err := runUsers(t, env, "token", "cad", "--days", "30", "--label", "CAD kota")
	if err != nil {
		t.Fatal(err)
	}
	first := printedLast(out)
	out, _ = runUsers(t, env, "token", "cad")
	second := printedLast(out)
	if _, err := runUsers(t, env, "token", "cad", "--days", "5000"); err == nil {
		t.Errorf("a 5000-day token was issued")
	}
	out, err = runUsers(t, env, "tokens", "cad")
	id := hotline.HashToken(first)[:12]
	if err != nil || !strings.Contains(out, id) || !strings.Contains(out, "CAD kota") || !strings.Contains(out, hotline.HashToken(second)[:12]) {
		t.Fatalf("tokens: %v\n%s", err, out)
	}
	if _, err := runUsers(t, env, "revoke", "cad", id); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.TokenUser(ctx, first); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("revoked token works: %v", err)
	}
	if _, err := acc.TokenUser(ctx, second); err != nil {
		t.Errorf("the other token died: %v", err)
	}
	if _, err := runUsers(t, env, "revoke", "cad", id); !errors.Is(err, hotline.ErrTokenNotFound) {
		t.Errorf("revoke twice: %v", err)
	}
	if _, err := runUsers(t, env, "disable", "cad"); err != nil {
		t.Fatal(err)
	}
	if _, err := runUsers(t, env, "enable", "cad"); err != nil {
		t.Fatal(err)
	}
	if u, err := acc.User(ctx, "cad"); err != nil || u.Disabled {
		t.Errorf("enable: %+v %v", u, err)
	}
	for range hotline.LoginMaxFailures {
		_ = acc.BeginLogin(ctx, "cad", "10.1.1.1")
	}
	if err := acc.BeginLogin(ctx, "cad", "10.1.1.1"); !errors.Is(err, hotline.ErrRateLimited) {
		t.Fatalf("not locked: %v", err)
	}
	if _, err := runUsers(t, env, "unlock", "cad"); err != nil {
		t.Fatal(err)
	}
	if err := acc.BeginLogin(ctx, "cad", "10.1.1.1"); err != nil {
		t.Errorf("after unlock: %v", err)
	}
}
