package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

// usersTokenCmd issues an API token with an expiry and a label.
func usersTokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sigap users token", flag.ContinueOnError)
	days := fs.Int("days", 0, fmt.Sprintf("lifetime in days, 1–%d (default %d)", int(hotline.MaxTokenTTL.Hours()/24), int(hotline.TokenTTL.Hours()/24)))
	label := fs.String("label", "", "what the token is for (shown in the token list), at most 64 characters")
	name, err := parseUserArgs(fs, args, stderr)
	if err != nil {
		return err
	}
	ttl := time.Duration(*days) * 24 * time.Hour
	if *days < 0 || ttl > hotline.MaxTokenTTL {
		return fmt.Errorf("users token: --days %d: must be 1–%d", *days, int(hotline.MaxTokenTTL.Hours()/24))
	}
	if len(*label) > 64 {
		return fmt.Errorf("users token: --label: at most 64 characters")
	}
	return withAccounts(ctx, getenv, stderr, nil, func(acc *hredis.Accounts) error {
		token, info, err := acc.IssueTokenFor(ctx, name, *label, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "API token %s for %s, expires %s (shown once; only its hash is stored). Send it as: Authorization: Bearer <token>\n",
			info.ID, name, info.Expires.Format(time.RFC3339))
		fmt.Fprintln(stdout, token)
		return nil
	})
}

// usersRevoke ends one token: NAME TOKEN-ID.
func usersRevoke(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 2 {
		return fmt.Errorf("users revoke: want NAME TOKEN-ID (see `sigap users tokens NAME`)")
	}
	name, id := args[0], args[1]
	return withAccounts(ctx, getenv, stderr, nil, func(acc *hredis.Accounts) error {
		if err := acc.RevokeToken(ctx, name, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "API token %s of %s revoked\n", id, name)
		return nil
	})
}

func usersTokens(ctx context.Context, acc *hredis.Accounts, name string, stdout io.Writer) error {
	if _, err := acc.User(ctx, name); err != nil {
		return err
	}
	toks, err := acc.Tokens(ctx, name)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tLABEL\tCREATED\tEXPIRES")
	for _, t := range toks {
		created, expires := "-", "never (issued before expiry)"
		if !t.Created.IsZero() {
			created = t.Created.Format(time.RFC3339)
		}
		if !t.Expires.IsZero() {
			expires = t.Expires.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.ID, t.Label, created, expires)
	}
	return w.Flush()
}

func usersEnable(ctx context.Context, acc *hredis.Accounts, name string, stdout io.Writer) error {
	if err := acc.EnableUser(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %s enabled: sign-in allowed again (old API tokens stay revoked)\n", name)
	return nil
}

func usersUnlock(ctx context.Context, acc *hredis.Accounts, name string, stdout io.Writer) error {
	if err := acc.UnlockLogin(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sign-in locks of %s cleared\n", name)
	return nil
}
