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
	dir := archiveDirOf(getenv)
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

// archiveDirOf is the archive the command-line tools read: SIGAP_ARCHIVE_DIR,
// else SIGAP_DATA_DIR/archive.
func archiveDirOf(getenv func(string) string) archive.Dir {
	if d := getenv("SIGAP_ARCHIVE_DIR"); d != "" {
		return archive.Dir{Path: d}
	}
	data := getenv("SIGAP_DATA_DIR")
	if data == "" {
		data = "sigap-data"
	}
	return archive.Dir{Path: filepath.Join(data, "archive")}
}

// rebuildFromArchive puts back the report figures of archived incidents and
// calls after `sigap reports rebuild` recomputed those still in Redis.
func rebuildFromArchive(ctx context.Context, store *dredis.Store, dir archive.Dir) (incidents, calls int, err error) {
	months, err := dir.Months()
	if err != nil {
		return 0, 0, err
	}
	for _, m := range months {
		recs, err := dir.Read(m.Month)
		if err != nil {
			return incidents, 0, err
		}
		for _, r := range recs {
			ok, err := store.ReportArchived(ctx, r.Events)
			if err != nil {
				return incidents, 0, err
			}
			if ok {
				incidents++
			}
		}
	}
	archived, err := dir.Calls()
	if err != nil {
		return incidents, 0, err
	}
	calls, err = store.CountArchivedCalls(ctx, archived)
	return incidents, calls, err
}
