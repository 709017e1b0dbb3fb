package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sigap112/sigap/dispatch/deployment"
	dredis "github.com/sigap112/sigap/dispatch/redisstore"
)

// reportsCommand runs `sigap reports rebuild`: recompute every report record
// and counter from the incidents' event logs, on the server's Redis.
func reportsCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) != 1 || args[0] != "rebuild" {
		return errors.New("usage: sigap reports rebuild")
	}
	fsys, dir := deploymentFS(getenv("SIGAP_CONFIG_DIR"))
	dep, err := deployment.Load(fsys, dir)
	if err != nil {
		return err
	}
	rdb, stop, err := serverRedis(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer stop()
	store := dredis.New(rdb, dredis.Options{Agencies: deploymentAgencies(dep), Location: dep.Location, CallProcessing: dep.Charter.CallProcessing})
	started := time.Now()
	n, err := store.RebuildReports(ctx)
	if err != nil {
		return err
	}
	archived, calls, err := rebuildFromArchive(ctx, store, archiveDirOf(getenv))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt the report records of %d incidents in Redis and %d in the archive (%d archived calls) in %v\n",
		n, archived, calls, time.Since(started).Round(time.Millisecond))
	return nil
}
