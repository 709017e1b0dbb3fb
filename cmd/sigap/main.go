// Command sigap is the Sigap 112 server: `sigap serve` (the default) runs the
// intake API, the agency queues and the SMS workers.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/mattn/go-isatty"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sigap:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stderr)
	case "users":
		return usersCommand(ctx, args, getenv, os.Stdout, stderr)
	case "eval":
		return evalCommand(ctx, args, getenv, os.Stdout, stderr)
	case "reports":
		return reportsCommand(ctx, args, getenv, os.Stdout, stderr)
	case "config":
		return configCommand(args, os.Stdout, stderr)
	case "geo":
		return geoCommand(ctx, args, getenv, os.Stdout, stderr)
	case "classify":
		return classifyCommand(ctx, args, getenv, os.Stdout, stderr)
	case "archive":
		return archiveCommand(ctx, args, getenv, os.Stdout, stderr)
	case "help":
		fmt.Fprintln(stderr, "usage: sigap [serve] [flags]   (sigap serve -h lists the flags)\n"+
			"       sigap users add NAME --role ROLE [--agency AGENCY] | token NAME [--days N] | tokens NAME | revoke NAME ID | disable NAME | enable NAME | unlock NAME | list\n"+
			"       sigap eval hoax [-days N] [-calls N] [-events N] [-pranksters N] [-seed N]\n"+
			"       sigap eval classify [-corpus FILE[,FILE...]] [-errors] [-cv] | sigap classify train\n"+
			"       sigap reports rebuild\n"+
			"       sigap config check [DIR]\n"+
			"       sigap geo import CITY.osm.pbf [-o gazetteer.json]\n"+
			"       sigap archive list | show ID | restore ID")
		return nil
	default:
		return fmt.Errorf("unknown command %q (try: sigap serve -h)", cmd)
	}
}

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	o, err := parseOptions(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := newLogger(o.LogFormat, stderr)
	defer func() { _ = log.Sync() }()
	log.Info("configuration", o.logFields()...)
	app, err := NewApp(ctx, o, log)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := ensureAdmin(ctx, app.Accounts, stderr); err != nil {
		log.Error("cannot check for an admin account (is Redis up?)", zap.Error(err))
	}
	if !app.Durable {
		fmt.Fprintf(stderr, "\n*** %s ***\n\n", demoBanner)
	}
	return app.Run(ctx)
}

// newLogger logs JSON for machines and console lines for people; the
// console format is used on a terminal unless json is asked for explicitly.
func newLogger(format string, w io.Writer) *zap.Logger {
	encCfg := zap.NewProductionEncoderConfig()
	encCfg.EncodeTime = zapcore.ISO8601TimeEncoder
	var enc zapcore.Encoder = zapcore.NewJSONEncoder(encCfg)
	if format == "console" {
		encCfg.EncodeLevel = zapcore.CapitalColorLevelEncoder
		if f, ok := w.(*os.File); !ok || !isatty.IsTerminal(f.Fd()) {
			encCfg.EncodeLevel = zapcore.CapitalLevelEncoder
		}
		enc = zapcore.NewConsoleEncoder(encCfg)
	}
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(w), zap.InfoLevel), zap.AddCaller())
}
