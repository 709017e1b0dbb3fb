package redisstore_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigap112/sigap/hotline"
	"github.com/sigap112/sigap/hotline/redisstore"
)

// TestParallelGuessesReachBcryptAtMostLimit is the issue's attack: 60 wrong
// passwords at once for one name from one address. Each is counted before
// its password is checked, so at most 5 reach bcrypt.
func TestParallelGuessesReachBcryptAtMostLimit(t *testing.T) {
	a, _ := newAccounts(t, redisstore.Options{})
	mustCreate(t, a, "admin", hotline.RoleAdmin, "")
	var checked, limited atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := a.BeginLogin(ctx, "admin", "203.0.113.7")
			if errors.Is(err, hotline.ErrRateLimited) {
				limited.Add(1)
				return
			}
			if err != nil {
				t.Error(err)
				return
			}
			checked.Add(1)
			if _, err := a.VerifyPassword(ctx, "admin", fmt.Sprintf("tebakan-salah-%d", i)); !errors.Is(err, hotline.ErrBadCredentials) {
				t.Errorf("wrong password: %v", err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if checked.Load() > hotline.LoginMaxFailures || checked.Load()+limited.Load() != 60 {
		t.Errorf("%d passwords checked, %d refused; want at most %d checked", checked.Load(), limited.Load(), hotline.LoginMaxFailures)
	}
	t.Logf("60 parallel wrong passwords: %d checked with bcrypt, %d refused", checked.Load(), limited.Load())
}

// TestLockIsPerNameAndAddress: a stranger's five guesses lock only the
// stranger's address out; the slower per-name limit locks the name from
// everywhere; an admin unlocks it; a success clears its own pair.
func TestLockIsPerNameAndAddress(t *testing.T) {
	a, _ := newAccounts(t, redisstore.Options{MaxFailuresPerName: 8, MaxFailuresPerIP: 12})
	attempt := func(name, ip string) error { t.Helper(); return a.BeginLogin(ctx, name, ip) }
	for range 5 {
		if err := attempt("admin", "198.51.100.1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := attempt("admin", "198.51.100.1"); !errors.Is(err, hotline.ErrRateLimited) {
		t.Errorf("6th attempt from the guesser's address: %v", err)
	}
	if err := attempt("admin", "10.0.0.5"); err != nil {
		t.Errorf("the admin at their own desk is locked out by a stranger: %v", err)
	}
	if err := a.LoginSucceeded(ctx, "admin", "10.0.0.5"); err != nil {
		t.Fatal(err)
	}
	// Per name: 5 counted, and 3 more from other addresses reach the limit of 8.
	for i := range 3 {
		if err := attempt("admin", fmt.Sprintf("192.0.2.%d", i)); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if err := attempt("admin", "10.0.0.5"); !errors.Is(err, hotline.ErrRateLimited) {
		t.Errorf("name not locked after %d attempts from anywhere: %v", 8, err)
	}
	if err := attempt("siti", "10.0.0.5"); err != nil {
		t.Errorf("another name from the same desk: %v", err)
	}
	if err := a.UnlockLogin(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := attempt("admin", "198.51.100.1"); err != nil {
		t.Errorf("after the admin unlock: %v", err)
	}
	// Per address: 12 attempts over many names lock the address.
	for i := range 12 {
		_ = attempt(fmt.Sprintf("user%d", i), "203.0.113.9")
	}
	if err := attempt("budi", "203.0.113.9"); !errors.Is(err, hotline.ErrRateLimited) {
		t.Errorf("address not locked after guessing 12 names: %v", err)
	}
}

func TestLockEndsWithItsWindow(t *testing.T) {
	a, _ := newAccounts(t, redisstore.Options{FailureWindow: 300 * time.Millisecond})
	for range 5 {
		_ = a.BeginLogin(ctx, "budi", "10.0.0.1")
	}
	if err := a.BeginLogin(ctx, "budi", "10.0.0.1"); !errors.Is(err, hotline.ErrRateLimited) {
		t.Fatalf("not locked: %v", err)
	}
	time.Sleep(400 * time.Millisecond)
	if err := a.BeginLogin(ctx, "budi", "10.0.0.1"); err != nil {
		t.Errorf("still locked after the window: %v", err)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	a, _ := newAccounts(t, redisstore.Options{})
	otp := mustCreate(t, a, "budi", hotline.RoleCallTaker, "")
	here, _ := a.CreateSession(ctx, "budi")
	there, _ := a.CreateSession(ctx, "budi")
	if err := a.ChangePassword(ctx, "budi", "bukan-sandi-lama", "kuda-lari-cepat", here.ID); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("wrong current password: %v", err)
	}
	if err := a.ChangePassword(ctx, "budi", otp, "pendek", here.ID); !errors.Is(err, hotline.ErrWeakPassword) {
		t.Errorf("weak password: %v", err)
	}
	if err := a.ChangePassword(ctx, "budi", otp, "kuda-lari-cepat", here.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, here.ID); err != nil {
		t.Errorf("the session that changed it ended: %v", err)
	}
	if _, err := a.Session(ctx, there.ID); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("the other session lives on: %v", err)
	}
	u, err := a.VerifyPassword(ctx, "budi", "kuda-lari-cepat")
	if err != nil || u.MustChangePassword {
		t.Errorf("new password: %+v %v", u, err)
	}
}

func TestTokensExpireListAndRevokeOneByOne(t *testing.T) {
	a, rdb := newAccounts(t, redisstore.Options{})
	mustCreate(t, a, "cad", hotline.RoleCallTaker, "")
	long, infoLong, err := a.IssueTokenFor(ctx, "cad", "CAD utama", 0)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(infoLong.Expires); d < hotline.TokenTTL-time.Minute || d > hotline.TokenTTL+time.Minute {
		t.Errorf("default expiry in %v, want %v", d, hotline.TokenTTL)
	}
	short, _, err := a.IssueTokenFor(ctx, "cad", "uji", 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	other, infoOther, _ := a.IssueTokenFor(ctx, "cad", "cadangan", time.Hour)
	toks, err := a.Tokens(ctx, "cad")
	labels := map[string]bool{}
	for _, tk := range toks {
		labels[tk.Label] = tk.ID != "" && !tk.Expires.IsZero()
	}
	if err != nil || len(toks) != 3 || !labels["CAD utama"] || !labels["uji"] || !labels["cadangan"] {
		t.Fatalf("tokens: %+v %v", toks, err)
	}
	if ttl := rdb.PTTL(ctx, "sigap:token:"+hotline.HashToken(long)).Val(); ttl <= 0 {
		t.Errorf("token stored without expiry: %v", ttl)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := a.TokenUser(ctx, short); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("expired token still works: %v", err)
	}
	if err := a.RevokeToken(ctx, "cad", infoOther.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.TokenUser(ctx, other); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("revoked token still works: %v", err)
	}
	if u, err := a.TokenUser(ctx, long); err != nil || u.Name != "cad" {
		t.Errorf("revoking one token ended another: %v", err)
	}
	if err := a.RevokeToken(ctx, "cad", infoOther.ID); !errors.Is(err, hotline.ErrTokenNotFound) {
		t.Errorf("revoke twice: %v", err)
	}
	toks, _ = a.Tokens(ctx, "cad")
	if len(toks) != 1 || toks[0].ID != infoLong.ID {
		t.Errorf("after expiry and revocation: %+v", toks)
	}
}

func TestEnableAgain(t *testing.T) {
	a, _ := newAccounts(t, redisstore.Options{})
	otp := mustCreate(t, a, "budi", hotline.RoleCallTaker, "")
	tok, _ := a.IssueToken(ctx, "budi")
	if err := a.DisableUser(ctx, "budi"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.VerifyPassword(ctx, "budi", otp); !errors.Is(err, hotline.ErrUserDisabled) {
		t.Fatalf("disabled: %v", err)
	}
	if err := a.EnableUser(ctx, "budi"); err != nil {
		t.Fatal(err)
	}
	if u, err := a.VerifyPassword(ctx, "budi", otp); err != nil || u.Disabled {
		t.Errorf("enabled again: %+v %v", u, err)
	}
	if _, err := a.TokenUser(ctx, tok); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("a token revoked by disabling came back: %v", err)
	}
	if err := a.EnableUser(ctx, "nobody"); !errors.Is(err, hotline.ErrUserNotFound) {
		t.Errorf("enable nobody: %v", err)
	}
}
