package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

const usersUsage = `usage:
  sigap users add NAME --role ROLE [--agency AGENCY]   prints a one-time password
  sigap users token NAME [--days N] [--label TEXT]    prints a new API token (last line); expires in N days (default 90)
  sigap users tokens NAME                              lists the user's live API tokens (id, label, expiry)
  sigap users revoke NAME TOKEN-ID                     ends one API token at once
  sigap users disable NAME                             stops the user's sessions and tokens at once
  sigap users enable NAME                              lets a disabled user sign in again
  sigap users unlock NAME                              clears the user's sign-in locks
  sigap users list
roles: calltaker, supervisor, agency (needs --agency), official, admin
Redis: REDIS_URL, else the running server's SIGAP_DATA_DIR/redis.url, else a redis-server started on SIGAP_DATA_DIR`

// redisURLFile is where a running server writes the URL of its embedded
// redis-server, so that `sigap users` changes the same data.
const redisURLFile = "redis.url"

// usersCommand manages accounts from a shell: the way in before any admin
// can sign in, and the way back when every admin is locked out.
func usersCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, usersUsage)
		if len(args) == 0 {
			return errors.New("users: a subcommand is required")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return usersAdd(ctx, args, getenv, stdout, stderr)
	case "token":
		return usersTokenCmd(ctx, args, getenv, stdout, stderr)
	case "revoke":
		return usersRevoke(ctx, args, getenv, stdout, stderr)
	case "disable", "enable", "unlock", "tokens":
		name, err := parseUserArgs(flag.NewFlagSet("sigap users "+sub, flag.ContinueOnError), args, stderr)
		if err != nil {
			return err
		}
		return withAccounts(ctx, getenv, stderr, nil, func(acc *hredis.Accounts) error {
			switch sub {
			case "enable":
				return usersEnable(ctx, acc, name, stdout)
			case "unlock":
				return usersUnlock(ctx, acc, name, stdout)
			case "tokens":
				return usersTokens(ctx, acc, name, stdout)
			}
			return usersDisable(ctx, acc, name, stdout)
		})
	case "list":
		if len(args) > 0 {
			return fmt.Errorf("users list: unexpected %q", args[0])
		}
		return withAccounts(ctx, getenv, stderr, nil, func(acc *hredis.Accounts) error { return usersList(ctx, acc, stdout) })
	}
	return fmt.Errorf("users: unknown subcommand %q\n%s", sub, usersUsage)
}

// parseUserArgs parses flags and the one NAME, which may come before or after them.
func parseUserArgs(fs *flag.FlagSet, args []string, stderr io.Writer) (string, error) {
	fs.SetOutput(stderr)
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	rest := fs.Args()
	if name == "" && len(rest) > 0 {
		name, rest = rest[0], rest[1:]
	}
	if name == "" {
		return "", fmt.Errorf("%s: NAME is required", fs.Name())
	}
	if len(rest) > 0 {
		return "", fmt.Errorf("%s: unexpected %q", fs.Name(), rest[0])
	}
	return name, nil
}

func usersAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sigap users add", flag.ContinueOnError)
	role := fs.String("role", "", "calltaker, supervisor, agency, official or admin")
	agency := fs.String("agency", "", "agency id, for --role agency")
	name, err := parseUserArgs(fs, args, stderr)
	if err != nil {
		return err
	}
	ids, err := agencyIDs(getenv("SIGAP_CONFIG_DIR"))
	if err != nil {
		return err
	}
	return withAccounts(ctx, getenv, stderr, ids, func(acc *hredis.Accounts) error {
		password, err := acc.CreateUser(ctx, name, hotline.Role(*role), agencies.AgencyID(*agency))
		if err != nil {
			return err // names the operation and the user
		}
		what := *role
		if *agency != "" {
			what += ", " + *agency
		}
		fmt.Fprintf(stdout, "user %s created (%s)\n", name, what)
		fmt.Fprintln(stdout, "one-time password (shown once; must be changed at the first sign-in):")
		fmt.Fprintln(stdout, password)
		return nil
	})
}

// agencyIDs are the deployment's agencies: an agency user must name one.
func agencyIDs(configDir string) ([]agencies.AgencyID, error) {
	fsys, dir := deploymentFS(configDir)
	dep, err := deployment.Load(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	var ids []agencies.AgencyID
	for _, ag := range dep.Directory.Agencies() {
		ids = append(ids, ag.ID)
	}
	return ids, nil
}

func usersDisable(ctx context.Context, acc *hredis.Accounts, name string, stdout io.Writer) error {
	if err := acc.DisableUser(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %s disabled: sign-in refused, sessions and API tokens revoked\n", name)
	return nil
}

func usersList(ctx context.Context, acc *hredis.Accounts, stdout io.Writer) error {
	users, err := acc.Users(ctx)
	if err != nil {
		return fmt.Errorf("users list: %w", err)
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tAGENCY\tSTATUS")
	for _, u := range users {
		status := "active"
		switch {
		case u.Disabled:
			status = "disabled"
		case u.MustChangePassword:
			status = "one-time password"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Agency, status)
	}
	return w.Flush()
}

// withAccounts runs fn on the accounts of the Redis Sigap uses, and stops a
// redis-server it had to start (SIGTERM: the append-only file is flushed).
func withAccounts(ctx context.Context, getenv func(string) string, stderr io.Writer, ids []agencies.AgencyID, fn func(*hredis.Accounts) error) error {
	rdb, stop, err := serverRedis(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer stop()
	return fn(hredis.New(rdb, hredis.Options{Agencies: ids}))
}

// serverRedis connects the command-line tools to the server's Redis
// (see redisForUsers); stop closes the client and any server it started.
func serverRedis(ctx context.Context, getenv func(string) string, stderr io.Writer) (*redis.Client, func(), error) {
	url, stop, err := redisForUsers(ctx, getenv, stderr)
	if err != nil {
		return nil, nil, err
	}
	o := Options{Sentinels: getenv("SIGAP_REDIS_SENTINELS"), RedisMaster: getenv("SIGAP_REDIS_MASTER")}
	rdb, err := o.newRedisClient(url)
	if err != nil {
		stop()
		return nil, nil, err
	}
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		stop()
		return nil, nil, fmt.Errorf("redis %s: %w", o.redisTarget(url).Describe(), err)
	}
	return rdb, func() { _ = rdb.Close(); stop() }, nil
}

// redisForUsers finds the Redis of the server: REDIS_URL; else the URL the
// running server wrote in its data directory, when that Redis answers; else
// a redis-server started here on the data directory (the server is down).
func redisForUsers(ctx context.Context, getenv func(string) string, stderr io.Writer) (string, func(), error) {
	if url := getenv("REDIS_URL"); url != "" || getenv("SIGAP_REDIS_SENTINELS") != "" {
		return url, func() {}, nil
	}
	dir := getenv("SIGAP_DATA_DIR")
	if dir == "" {
		dir = "sigap-data"
	}
	if _, err := os.Stat(dir); err != nil {
		return "", nil, fmt.Errorf("data directory %s: %w (run `sigap serve` once, or set SIGAP_DATA_DIR or REDIS_URL)", dir, err)
	}
	if url, ok := runningRedis(ctx, filepath.Join(dir, redisURLFile)); ok {
		return url, func() {}, nil
	}
	e, err := redisstore.StartServer(ctx, redisstore.ServerOptions{Dir: dir})
	if errors.Is(err, redisstore.ErrNoRedisServer) {
		return "", nil, fmt.Errorf("no running server answers at %s/%s and %w: set REDIS_URL", dir, redisURLFile, err)
	}
	if err != nil {
		return "", nil, fmt.Errorf("start redis-server on %s: %w", dir, err)
	}
	fmt.Fprintf(stderr, "sigap is not running: started redis-server on %s for this change\n", e.Dir)
	return e.URL, func() {
		if err := e.Close(); err != nil {
			fmt.Fprintf(stderr, "stop redis-server: %v\n", err)
		}
	}, nil
}

// runningRedis reads the URL file and reports whether that Redis answers; a
// file left by a server that died is ignored.
func runningRedis(ctx context.Context, file string) (string, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	url := strings.TrimSpace(string(b))
	rdb, err := (Options{}).newRedisClient(url)
	if err != nil {
		return "", false
	}
	defer rdb.Close()
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return url, rdb.Ping(pctx).Err() == nil
}

// ensureAdmin creates the first admin on an empty store, so a new
// deployment can be signed in to; its one-time password goes to stderr
// once. Another instance creating it first is not an error.
func ensureAdmin(ctx context.Context, accounts hotline.Accounts, stderr io.Writer) error {
	n, err := accounts.CountUsers(ctx)
	if err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return nil
	}
	password, err := accounts.CreateUser(ctx, "admin", hotline.RoleAdmin, "")
	if errors.Is(err, hotline.ErrUserExists) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	line := strings.Repeat("*", 72)
	fmt.Fprintf(stderr, "\n%s\n*  No users yet: created user \"admin\" (role admin).\n"+
		"*  One-time password, shown only this once; change it at the first sign-in (/login):\n*\n*      %s\n*\n"+
		"*  More users: the Users page, or `sigap users add NAME --role ROLE`.\n%s\n\n", line, password, line)
	return nil
}
