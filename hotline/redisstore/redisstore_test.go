package redisstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"github.com/sigap112/sigap/agencies"
	agencyredis "github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
	"github.com/sigap112/sigap/hotline/redisstore"
)

var ctx = context.Background()

func newAccounts(t *testing.T, opt redisstore.Options) (*redisstore.Accounts, *redis.Client) {
	t.Helper()
	rdb := redistest.NewClient(t)
	opt.Agencies = []agencies.AgencyID{agencies.Damkar, agencies.Dinkes}
	opt.BcryptCost = bcrypt.MinCost
	return redisstore.New(rdb, opt), rdb
}

func mustCreate(t *testing.T, a *redisstore.Accounts, name string, role hotline.Role, agency agencies.AgencyID) string {
	t.Helper()
	pw, err := a.CreateUser(ctx, name, role, agency)
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return pw
}

func TestCreateUserValidates(t *testing.T) {
	a, _ := newAccounts(t, redisstore.Options{})
	mustCreate(t, a, "budi", hotline.RoleCallTaker, "")
	tests := []struct {
		name, user string
		role       hotline.Role
		agency     agencies.AgencyID
		field      string // invalid field, or "" for ErrUserExists
	}{
		{"upper case", "Budi", hotline.RoleCallTaker, "", "name"},
		{"too short", "b", hotline.RoleCallTaker, "", "name"},
		{"too long", strings.Repeat("a", 33), hotline.RoleCallTaker, "", "name"},
		{"space", "budi santoso", hotline.RoleCallTaker, "", "name"},
		{"unknown role", "siti", "boss", "", "role"},
		{"agency user without agency", "siti", hotline.RoleAgency, "", "agency"},
		{"unknown agency", "siti", hotline.RoleAgency, "polisi", "agency"},
		{"agency on a call-taker", "siti", hotline.RoleCallTaker, agencies.Damkar, "agency"},
		{"exists", "budi", hotline.RoleSupervisor, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.CreateUser(ctx, tt.user, tt.role, tt.agency)
			var ve *dispatch.ValidationError
			switch {
			case tt.field == "" && !errors.Is(err, hotline.ErrUserExists):
				t.Errorf("err = %v, want ErrUserExists", err)
			case tt.field != "" && (!errors.As(err, &ve) || ve.Fields[tt.field].Code == ""):
				t.Errorf("err = %v, want a validation error on %s", err, tt.field)
			}
		})
	}
	if n, _ := a.CountUsers(ctx); n != 1 {
		t.Errorf("count = %d, want 1: nothing invalid is stored", n)
	}
}

func TestPasswords(t *testing.T) {
	a, _ := newAccounts(t, redisstore.Options{})
	otp := mustCreate(t, a, "dewi.damkar", hotline.RoleAgency, agencies.Damkar)
	u, err := a.VerifyPassword(ctx, "dewi.damkar", otp)
	if err != nil || u.Role != hotline.RoleAgency || u.Agency != agencies.Damkar || !u.MustChangePassword {
		t.Fatalf("verify one-time password: %+v %v", u, err)
	}
	for _, tt := range []struct{ name, user, pw string }{
		{"wrong password", "dewi.damkar", otp + "x"},
		{"unknown user", "nobody", otp},
		{"invalid name", "../etc", otp},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := a.VerifyPassword(ctx, tt.user, tt.pw); !errors.Is(err, hotline.ErrBadCredentials) {
				t.Errorf("err = %v, want ErrBadCredentials", err)
			}
		})
	}
	for _, tt := range []struct{ name, pw string }{{"short", "kurang9ch"}, {"contains the name", "xx-Dewi.Damkar-xx"}} {
		t.Run("weak: "+tt.name, func(t *testing.T) {
			if err := a.SetPassword(ctx, "dewi.damkar", tt.pw); !errors.Is(err, hotline.ErrWeakPassword) {
				t.Errorf("err = %v, want ErrWeakPassword", err)
			}
		})
	}
	if err := a.SetPassword(ctx, "dewi.damkar", "kuda-lari-cepat"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.VerifyPassword(ctx, "dewi.damkar", otp); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("the one-time password still works: %v", err)
	}
	u, err = a.VerifyPassword(ctx, "dewi.damkar", "kuda-lari-cepat")
	if err != nil || u.MustChangePassword {
		t.Errorf("after change: %+v %v", u, err)
	}
	if err := a.SetPassword(ctx, "nobody", "kuda-lari-cepat"); !errors.Is(err, hotline.ErrUserNotFound) {
		t.Errorf("set password of nobody: %v", err)
	}
}

func TestSessionsExpireAndSlide(t *testing.T) {
	a, rdb := newAccounts(t, redisstore.Options{SessionTTL: time.Second})
	mustCreate(t, a, "budi", hotline.RoleCallTaker, "")
	s, err := a.CreateSession(ctx, "budi")
	if err != nil || len(s.ID) != 43 || len(s.CSRF) != 43 || s.ID == s.CSRF {
		t.Fatalf("create session: %+v %v", s, err)
	}
	for range 3 { // used every 600 ms: the 1 s TTL keeps sliding
		time.Sleep(600 * time.Millisecond)
		got, err := a.Session(ctx, s.ID)
		if err != nil || got.User != "budi" || got.CSRF != s.CSRF {
			t.Fatalf("session while in use: %+v %v", got, err)
		}
	}
	time.Sleep(1200 * time.Millisecond)
	if _, err := a.Session(ctx, s.ID); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("idle session still alive: %v", err)
	}
	s2, _ := a.CreateSession(ctx, "budi")
	if err := a.DeleteSession(ctx, s2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, s2.ID); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("deleted session alive: %v", err)
	}
	if n := rdb.SCard(ctx, "sigap:user:budi:sessions").Val(); n > 1 {
		t.Errorf("%d session ids remembered: expired ones are not pruned", n)
	}
	if _, err := a.CreateSession(ctx, "nobody"); !errors.Is(err, hotline.ErrUserNotFound) {
		t.Errorf("session of nobody: %v", err)
	}
}

func TestTokens(t *testing.T) {
	a, rdb := newAccounts(t, redisstore.Options{})
	mustCreate(t, a, "cad", hotline.RoleCallTaker, "")
	t1, err1 := a.IssueToken(ctx, "cad")
	t2, err2 := a.IssueToken(ctx, "cad")
	if err1 != nil || err2 != nil || t1 == t2 || !strings.HasPrefix(t1, "sgp_") || len(t1) != 47 {
		t.Fatalf("tokens %q %q: %v %v", t1, t2, err1, err2)
	}
	for _, tok := range []string{t1, t2} {
		if u, err := a.TokenUser(ctx, tok); err != nil || u.Name != "cad" {
			t.Errorf("resolve: %+v %v", u, err)
		}
	}
	keys := rdb.Keys(ctx, "sigap:token:*").Val()
	for _, k := range keys {
		if strings.Contains(k, t1[4:]) || strings.Contains(k, t2[4:]) {
			t.Errorf("token stored in clear: %s", k)
		}
	}
	last := "A" // a changed last character (not the one the token has)
	if strings.HasSuffix(t1, last) {
		last = "B"
	}
	for _, bad := range []string{"", "sgp_", t1[:len(t1)-1] + last, "xyz_" + t1[4:], t1 + "x"} {
		if _, err := a.TokenUser(ctx, bad); !errors.Is(err, hotline.ErrBadCredentials) {
			t.Errorf("token %q: %v", bad, err)
		}
	}
	if _, err := a.IssueToken(ctx, "nobody"); !errors.Is(err, hotline.ErrUserNotFound) {
		t.Errorf("token for nobody: %v", err)
	}
}

func TestDisableStopsEverythingAtOnce(t *testing.T) {
	a, rdb := newAccounts(t, redisstore.Options{})
	otp := mustCreate(t, a, "budi", hotline.RoleCallTaker, "")
	mustCreate(t, a, "siti", hotline.RoleCallTaker, "")
	tok, _ := a.IssueToken(ctx, "budi")
	sess, _ := a.CreateSession(ctx, "budi")
	other, _ := a.IssueToken(ctx, "siti")
	if err := a.DisableUser(ctx, "budi"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TokenUser(ctx, tok); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("token of a disabled user: %v", err)
	}
	if _, err := a.Session(ctx, sess.ID); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("session of a disabled user: %v", err)
	}
	if _, err := a.VerifyPassword(ctx, "budi", otp); !errors.Is(err, hotline.ErrUserDisabled) {
		t.Errorf("login of a disabled user: %v", err)
	}
	if _, err := a.CreateSession(ctx, "budi"); !errors.Is(err, hotline.ErrUserDisabled) {
		t.Errorf("new session of a disabled user: %v", err)
	}
	if _, err := a.IssueToken(ctx, "budi"); !errors.Is(err, hotline.ErrUserDisabled) {
		t.Errorf("new token of a disabled user: %v", err)
	}
	if u, err := a.TokenUser(ctx, other); err != nil || u.Name != "siti" {
		t.Errorf("another user's token died too: %v", err)
	}
	if n := rdb.Exists(ctx, "sigap:user:budi:tokens", "sigap:user:budi:sessions").Val(); n != 0 {
		t.Errorf("%d credential sets left", n)
	}
	users, err := a.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "budi" || !users[0].Disabled || users[1].Disabled {
		t.Errorf("users: %+v %v", users, err)
	}
	if err := a.DisableUser(ctx, "nobody"); !errors.Is(err, hotline.ErrUserNotFound) {
		t.Errorf("disable nobody: %v", err)
	}
}

func TestRedisDownIsUnavailable(t *testing.T) {
	srv := redistest.Start(t)
	opt, _ := redis.ParseURL(srv.URL)
	opt.MaxRetries = -1
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	a := redisstore.New(rdb, redisstore.Options{BcryptCost: bcrypt.MinCost})
	srv.Kill()
	if _, err := a.User(ctx, "budi"); !errors.Is(err, dispatch.ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
	if _, err := a.CreateUser(ctx, "budi", hotline.RoleAdmin, ""); !errors.Is(err, dispatch.ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
}

// TestDemoServer runs the scripts on the in-process server of demo mode,
// whose Lua and error replies differ in small ways from redis-server's.
func TestDemoServer(t *testing.T) {
	demo, err := agencyredis.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	opt, _ := redis.ParseURL(demo.URL)
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	a := redisstore.New(rdb, redisstore.Options{BcryptCost: bcrypt.MinCost})
	otp := mustCreate(t, a, "admin", hotline.RoleAdmin, "")
	if _, err := a.CreateUser(ctx, "admin", hotline.RoleAdmin, ""); !errors.Is(err, hotline.ErrUserExists) {
		t.Errorf("duplicate: %v", err)
	}
	tok, err := a.IssueToken(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.CreateSession(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.BeginLogin(ctx, "admin", "::1"); err != nil {
		t.Fatal(err)
	}
	if err := a.UnlockLogin(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.IssueTokenFor(ctx, "admin", "cad", time.Hour); err != nil {
		t.Fatal(err)
	}
	if toks, err := a.Tokens(ctx, "admin"); err != nil || len(toks) != 2 {
		t.Fatalf("tokens: %v %v", toks, err)
	}
	if err := a.DisableUser(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	_, errTok := a.TokenUser(ctx, tok)
	_, errSess := a.Session(ctx, s.ID)
	_, errPw := a.VerifyPassword(ctx, "admin", otp)
	if !errors.Is(errTok, hotline.ErrBadCredentials) || !errors.Is(errSess, hotline.ErrBadCredentials) || !errors.Is(errPw, hotline.ErrUserDisabled) {
		t.Errorf("after disable: token %v, session %v, password %v", errTok, errSess, errPw)
	}
}
