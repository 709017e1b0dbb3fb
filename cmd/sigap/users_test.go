package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

// runUsers runs `sigap users args...` and returns its stdout.
func runUsers(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := usersCommand(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr)
	if err != nil {
		t.Logf("stderr: %s", stderr.String())
	}
	return stdout.String(), err
}

// printedLast is the last line of a command's output, where secrets are printed.
func printedLast(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func TestUsersCommand(t *testing.T) {
	srv := redistest.Start(t)
	env := map[string]string{"REDIS_URL": srv.URL}
	acc := hredis.New(srv.Client(), hredis.Options{BcryptCost: bcrypt.MinCost})
	ctx := context.Background()

	out, err := runUsers(t, env, "add", "dewi.damkar", "--role", "agency", "--agency", "damkar")
	if err != nil {
		t.Fatal(err)
	}
	u, err := acc.VerifyPassword(ctx, "dewi.damkar", printedLast(out))
	if err != nil || u.Role != hotline.RoleAgency || u.Agency != "damkar" || !u.MustChangePassword {
		t.Fatalf("the printed password does not sign in: %+v %v\n%s", u, err, out)
	}
	if _, err := runUsers(t, env, "add", "--role", "calltaker", "budi"); err != nil {
		t.Fatalf("flags before NAME: %v", err)
	}
	out, err = runUsers(t, env, "token", "budi")
	if err != nil {
		t.Fatal(err)
	}
	token := printedLast(out)
	if u, err := acc.TokenUser(ctx, token); err != nil || u.Name != "budi" {
		t.Fatalf("the printed token does not resolve: %v %q", err, token)
	}
	if _, err := runUsers(t, env, "disable", "budi"); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.TokenUser(ctx, token); !errors.Is(err, hotline.ErrBadCredentials) {
		t.Errorf("token after disable: %v", err)
	}
	out, err = runUsers(t, env, "list")
	if err != nil || !strings.Contains(out, "budi") || !strings.Contains(out, "disabled") || !strings.Contains(out, "one-time password") {
		t.Errorf("list: %v\n%s", err, out)
	}
}

func TestUsersCommandErrors(t *testing.T) {
	srv := redistest.Start(t)
	env := map[string]string{"REDIS_URL": srv.URL}
	if _, err := runUsers(t, env, "add", "budi", "--role", "calltaker"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", nil, "subcommand is required"},
		{"unknown subcommand", []string{"remove", "budi"}, "unknown subcommand"},
		{"no name", []string{"add", "--role", "admin"}, "NAME is required"},
		{"two names", []string{"token", "budi", "siti"}, `unexpected "siti"`},
		{"no role", []string{"add", "siti"}, "role"},
		{"unknown agency", []string{"add", "siti", "--role", "agency", "--agency", "polisi"}, `unknown agency "polisi"`},
		{"taken", []string{"add", "budi", "--role", "admin"}, "already exists"},
		{"token for nobody", []string{"token", "nobody"}, "not found"},
		{"disable nobody", []string{"disable", "nobody"}, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runUsers(t, env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestUsersCommandFindsTheServersRedis(t *testing.T) {
	srv := redistest.Start(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, redisURLFile), []byte(srv.URL+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runUsers(t, map[string]string{"SIGAP_DATA_DIR": dir}, "add", "budi", "--role", "calltaker"); err != nil {
		t.Fatal(err)
	}
	if n := srv.Client().SCard(context.Background(), "sigap:users").Val(); n != 1 {
		t.Errorf("the running server's Redis holds %d users, want 1", n)
	}
}

func TestUsersCommandStartsRedisWhenTheServerIsDown(t *testing.T) {
	dir := t.TempDir()
	// A URL left by a server that died: nothing answers there.
	if err := os.WriteFile(filepath.Join(dir, redisURLFile), []byte("redis://127.0.0.1:1/0"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SIGAP_DATA_DIR": dir}
	out, err := runUsers(t, env, "add", "admin2", "--role", "admin")
	if err != nil {
		t.Fatal(err)
	}
	password := printedLast(out)
	// The data was flushed to the append-only file: a later server sees it.
	e, err := redisstore.StartServer(context.Background(), redisstore.ServerOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	opt, _ := redis.ParseURL(e.URL)
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	if _, err := hredis.New(rdb, hredis.Options{}).VerifyPassword(context.Background(), "admin2", password); err != nil {
		t.Errorf("user not kept in %s: %v", dir, err)
	}
	if _, err := runUsers(t, map[string]string{"SIGAP_DATA_DIR": filepath.Join(dir, "typo")}, "list"); err == nil {
		t.Error("a missing data directory was accepted")
	}
}

func TestEnsureAdmin(t *testing.T) {
	rdb := redistest.NewClient(t)
	acc := hredis.New(rdb, hredis.Options{BcryptCost: bcrypt.MinCost})
	ctx := context.Background()
	var stderr bytes.Buffer
	if err := ensureAdmin(ctx, acc, &stderr); err != nil {
		t.Fatal(err)
	}
	var password string
	for _, l := range strings.Split(stderr.String(), "\n") {
		if pw, ok := strings.CutPrefix(l, "*      "); ok {
			password = pw
		}
	}
	if u, err := acc.VerifyPassword(ctx, "admin", password); err != nil || u.Role != hotline.RoleAdmin {
		t.Fatalf("printed admin password %q: %v\n%s", password, err, stderr.String())
	}
	stderr.Reset()
	if err := ensureAdmin(ctx, acc, &stderr); err != nil || stderr.Len() != 0 {
		t.Errorf("second start: %v %q", err, stderr.String())
	}
}
