package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"github.com/sigap112/sigap/dispatch/archive"
	dredis "github.com/sigap112/sigap/dispatch/redisstore"
)

const archiveUsage = `usage:
  sigap archive list                 months in the archive, with their incident counts
  sigap archive show ID|CODE         an archived incident with its event log (JSON)
  sigap archive restore ID|CODE      put an archived incident back into Redis
Archive: SIGAP_ARCHIVE_DIR, else SIGAP_DATA_DIR/archive. Redis (restore): as for sigap users.`

// archiveCommand reads and restores archived incidents.
func archiveCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, archiveUsage)
		return errors.New("archive: a subcommand is required")
	}
	dir := archive.Dir{Path: getenv("SIGAP_ARCHIVE_DIR")}
	if dir.Path == "" {
		data := getenv("SIGAP_DATA_DIR")
		if data == "" {
			data = "sigap-data"
		}
		dir.Path = filepath.Join(data, "archive")
	}
	switch {
	case args[0] == "list" && len(args) == 1:
		months, err := dir.Months()
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "MONTH\tINCIDENTS\tBYTES")
		for _, m := range months {
			fmt.Fprintf(w, "%s\t%d\t%d\n", m.Month, m.Incidents, m.Bytes)
		}
		return w.Flush()
	case args[0] == "show" && len(args) == 2:
		rec, err := dir.Find(args[1])
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rec)
	case args[0] == "restore" && len(args) == 2:
		rec, err := dir.Find(args[1])
		if err != nil {
			return err
		}
		rdb, stop, err := serverRedis(ctx, getenv, stderr)
		if err != nil {
			return err
		}
		defer stop()
		ids, err := agencyIDs(getenv("SIGAP_CONFIG_DIR"))
		if err != nil {
			return err
		}
		store := dredis.New(rdb, dredis.Options{Agencies: ids})
		ok, err := store.Restore(ctx, dredis.Archived{Incident: rec.Incident, Events: rec.Events})
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(stdout, "%s is already in Redis: nothing changed\n", rec.Incident.Code)
			return nil
		}
		fmt.Fprintf(stdout, "%s restored (%d events); the next retention run archives it again while it is past the period\n",
			rec.Incident.Code, len(rec.Events))
		return nil
	}
	fmt.Fprintln(stderr, archiveUsage)
	return fmt.Errorf("archive: unknown or incomplete command %q", args)
}
