package redisstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.uber.org/zap"
)

// SuperviseOptions tunes Supervise.
type SuperviseOptions struct {
	// Backoff are the waits before each restart attempt of one outage;
	// default 100ms, 500ms, 1s, 2s, 5s. When all fail, Supervise gives up.
	Backoff []time.Duration
}

// Supervise watches a child redis-server: when it dies (other than by
// Close) it logs why (exit status and the end of redis.log) and restarts it
// on the same port and data directory, with backoff, so that clients
// reconnect and find the data its append-only file kept. If it cannot be
// brought back, the returned channel receives the error: the caller should
// exit non-zero so that the service manager restarts everything. The
// in-process demo server is not supervised (the channel never fires).
func (e *Embedded) Supervise(ctx context.Context, opt SuperviseOptions, log *zap.Logger) <-chan error {
	fatal := make(chan error, 1)
	if e.mini != nil || e.current() == nil {
		return fatal
	}
	if opt.Backoff == nil {
		opt.Backoff = []time.Duration{100 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second}
	}
	log = log.Named("redis-server")
	go func() {
		for {
			c := e.current()
			select {
			case <-ctx.Done():
				return
			case <-c.exited:
			}
			if e.closing.Load() {
				return
			}
			log.Error("embedded redis-server died; restarting it", zap.String("exit", fmt.Sprint(c.err)),
				zap.String("log_tail", e.logTail(5)), zap.String("dir", e.Dir))
			if err := e.restart(ctx, opt.Backoff, log); err != nil {
				if !e.closing.Load() {
					log.Error("embedded redis-server cannot be brought back; stopping Sigap so the service manager restarts it", zap.Error(err))
					fatal <- err
				}
				return
			}
		}
	}()
	return fatal
}

func (e *Embedded) restart(ctx context.Context, backoff []time.Duration, log *zap.Logger) error {
	var lastErr error
	for i, wait := range backoff {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		if e.closing.Load() {
			return nil
		}
		c, err := e.spawn(e.args)
		if err == nil {
			if err = e.waitReady(ctx, c, 3*time.Second); err == nil {
				e.mu.Lock()
				e.child = c
				e.mu.Unlock()
				if e.closing.Load() { // closed while restarting: stop the new one too
					_ = e.Close()
				}
				log.Warn("embedded redis-server restarted", zap.Int("attempt", i+1), zap.String("url", e.URL))
				return nil
			}
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
		lastErr = err
		log.Warn("redis-server restart failed", zap.Int("attempt", i+1), zap.Error(err))
	}
	return fmt.Errorf("redis-server did not come back after %d attempts (see %s): %w", len(backoff),
		filepath.Join(e.Dir, "redis.log"), lastErr)
}

// logTail returns the last n lines of redis.log (why it died, often).
func (e *Embedded) logTail(n int) string {
	b, err := os.ReadFile(filepath.Join(e.Dir, "redis.log"))
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
