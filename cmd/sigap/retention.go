package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch/archive"
	dredis "github.com/sigap112/sigap/dispatch/redisstore"
)

// Retention defaults: 400 days keeps every incident of last year in Redis
// for the yearly report; the archive holds the rest.
const (
	defaultRetentionDays = 400
	retentionBatch       = 200
	consumerIdleLimit    = 24 * time.Hour
	retentionLockTTL     = 30 * time.Minute
)

// RetentionResult says what one retention run did.
type RetentionResult struct {
	Skipped   bool // another instance holds the lock
	Archived  int
	Calls     int // call-log entries archived
	Trimmed   dredis.TrimResult
	Cutoff    time.Time
	ArchiveTo string
}

// archiveDir is where archived incidents go: SIGAP_ARCHIVE_DIR, else the
// data directory's archive/.
func (o Options) archiveDir() string {
	if o.ArchiveDir != "" {
		return o.ArchiveDir
	}
	return filepath.Join(o.DataDir, "archive")
}

// RunRetention archives and removes the closed incidents past the
// retention period, then trims the queues. One instance at a time runs it
// (a Redis lock); the archive is written and fsynced before anything leaves Redis.
func (a *App) RunRetention(ctx context.Context) (RetentionResult, error) {
	days := a.Options.RetentionDays
	if days <= 0 {
		days = defaultRetentionDays
	}
	res := RetentionResult{Cutoff: a.Service.Now().AddDate(0, 0, -days), ArchiveTo: a.Options.archiveDir()}
	holder := a.instanceName()
	ok, err := a.Store.TryLock(ctx, "retention", holder, retentionLockTTL)
	if err != nil || !ok {
		res.Skipped = ok == false && err == nil
		return res, err
	}
	defer func() { _ = a.Store.Unlock(context.WithoutCancel(ctx), "retention", holder) }()
	dir := archive.Dir{Path: res.ArchiveTo, Loc: a.Deployment.Location}
	for {
		batch, err := a.Store.ClosedBefore(ctx, res.Cutoff, retentionBatch)
		if err != nil {
			return res, err
		}
		if len(batch) == 0 {
			break
		}
		recs := make([]archive.Record, len(batch))
		now := time.Now().UTC()
		for i, b := range batch {
			recs[i] = archive.Record{Incident: b.Incident, Events: b.Events, ArchivedAt: now}
		}
		if err := dir.Append(recs); err != nil {
			return res, fmt.Errorf("retention: %w (nothing removed from Redis)", err)
		}
		for _, b := range batch {
			if err := a.Store.Purge(ctx, b.Incident); err != nil {
				return res, err
			}
			res.Archived++
		}
		if len(batch) < retentionBatch {
			break
		}
	}
	if res.Calls, err = a.archiveCalls(ctx, dir, res.Cutoff); err != nil {
		return res, err
	}
	res.Trimmed, err = a.Store.TrimQueues(ctx, res.Cutoff, consumerIdleLimit)
	return res, err
}

// archiveCalls moves the call log's entries older than cutoff to the
// archive; the reports' day counters keep their figures.
func (a *App) archiveCalls(ctx context.Context, dir archive.Dir, cutoff time.Time) (int, error) {
	n := 0
	for {
		calls, err := a.Store.CallsBefore(ctx, cutoff, 1000)
		if err != nil || len(calls) == 0 {
			return n, err
		}
		if err := dir.AppendCalls(calls); err != nil {
			return n, fmt.Errorf("retention: %w (nothing removed from Redis)", err)
		}
		if err := a.Store.PurgeCalls(ctx, calls); err != nil {
			return n, err
		}
		n += len(calls)
	}
}

// retentionLoop runs RunRetention every RetentionEvery (default 6 h) while
// ctx lives; SIGAP_RETENTION_EVERY=off disables it on this instance.
func (a *App) retentionLoop(ctx context.Context) {
	every := a.Options.RetentionEvery
	if every < 0 {
		return
	}
	if every == 0 {
		every = 6 * time.Hour
	}
	t := time.NewTimer(time.Minute) // not at start-up: let the instance settle
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		res, err := a.RunRetention(ctx)
		switch {
		case err != nil:
			a.log.Error("retention run failed", zap.Error(err))
		case !res.Skipped:
			a.log.Info("retention run", zap.Int("archived", res.Archived), zap.Int("calls_archived", res.Calls), zap.Time("cutoff", res.Cutoff),
				zap.String("archive", res.ArchiveTo), zap.Int64("queue_entries_trimmed", res.Trimmed.Entries),
				zap.Int64("dead_letters_trimmed", res.Trimmed.Dead), zap.Int("consumers_removed", res.Trimmed.Consumers))
		}
		t.Reset(every)
	}
}

// instanceName names this process in locks (as in its queue consumers).
func (a *App) instanceName() string {
	if a.Options.Instance != "" {
		return a.Options.Instance
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}
