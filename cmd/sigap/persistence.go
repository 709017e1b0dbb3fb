package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Persistence is what Redis says about keeping data across its restarts.
type Persistence struct {
	AppendOnly  string    `json:"appendonly"`  // yes: every write goes to the append-only file
	AppendFsync string    `json:"appendfsync"` // always, everysec (≤1 s lost) or no (the OS decides)
	Persists    bool      `json:"persists"`
	Error       string    `json:"error,omitempty"`
	CheckedAt   time.Time `json:"checked_at"`
}

var persistenceMu sync.Mutex

// readPersistence asks Redis for appendonly and appendfsync (CONFIG GET).
func (a *App) readPersistence(ctx context.Context) Persistence {
	p := Persistence{CheckedAt: time.Now().UTC()}
	vals, err := a.rdb.ConfigGet(ctx, "append*").Result()
	if err != nil {
		p.Error = err.Error()
		return p
	}
	p.AppendOnly, p.AppendFsync = vals["appendonly"], vals["appendfsync"]
	p.Persists = p.AppendOnly == "yes"
	return p
}

// checkPersistence refuses a Redis that does not write an append-only file:
// a 201 for an incident must mean it survives a Redis restart. With
// --allow-volatile-redis Sigap starts anyway, shouting about it.
func (a *App) checkPersistence(ctx context.Context) error {
	if a.embedded != nil {
		// Our own redis-server (appendonly always): shown on /healthz?detail=1
		// as read; the in-process demo server keeps nothing and says so loudly.
		if a.Durable {
			a.setPersistence(a.readPersistence(ctx))
		}
		return nil
	}
	p := a.readPersistence(ctx)
	a.setPersistence(p)
	if p.Persists {
		if p.AppendFsync == "no" {
			a.log.Warn("Redis appendfsync=no: the last seconds of accepted incidents can be lost on a power cut; use everysec or always")
		}
		return nil
	}
	why := fmt.Sprintf("appendonly=%q", p.AppendOnly)
	if p.Error != "" {
		why = "cannot read its settings (CONFIG GET append*): " + p.Error
	}
	if !a.Options.Resilience.AllowVolatileRedis {
		return fmt.Errorf("REDIS_URL: Redis does not persist accepted incidents (%s). Set `appendonly yes` and "+
			"`appendfsync everysec` (or always) in redis.conf, or start with --allow-volatile-redis (SIGAP_ALLOW_VOLATILE_REDIS=true) "+
			"to accept losing every incident on a Redis restart", why)
	}
	a.Durable = false
	a.log.Error("VOLATILE REDIS: accepted incidents, users and tokens are LOST when Redis restarts (--allow-volatile-redis)",
		zap.String("reason", why))
	return nil
}

func (a *App) setPersistence(p Persistence) {
	persistenceMu.Lock()
	defer persistenceMu.Unlock()
	a.persistence = p
}

func (a *App) getPersistence() Persistence {
	persistenceMu.Lock()
	defer persistenceMu.Unlock()
	return a.persistence
}

// watchRedis re-reads the persistence settings every minute (somebody may
// turn AOF off under a running Sigap) and learns the incident codes other
// instances issued every 2 s (see dredis.Store.NextCode).
func (a *App) watchRedis(ctx context.Context) {
	codes := time.NewTicker(2 * time.Second)
	defer codes.Stop()
	persist := time.NewTicker(time.Minute)
	defer persist.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-codes.C:
			if err := a.Store.ObserveCodes(ctx); err != nil && ctx.Err() == nil {
				a.log.Warn("cannot read the incident sequence", zap.Error(err))
			}
		case <-persist.C:
			if a.embedded != nil {
				continue
			}
			was := a.getPersistence()
			p := a.readPersistence(ctx)
			a.setPersistence(p)
			if !p.Persists && (was.Persists || p.Error == "") {
				a.log.Error("REDIS NO LONGER PERSISTS: accepted incidents would be lost on a Redis restart",
					zap.String("appendonly", p.AppendOnly), zap.String("error", p.Error))
			}
		}
	}
}

// useCodeFile keeps the incident-code high-water mark in the data directory
// when there is one (always with the embedded redis-server; with REDIS_URL
// only if the directory exists), so a restarted instance still knows it.
func (a *App) useCodeFile() {
	dir := a.Options.DataDir
	if a.embedded != nil && a.embedded.Durable {
		dir = a.embedded.Dir
	} else if dir == "" {
		a.log.Warn("no data directory: the incident-code high-water mark is kept in memory only")
		return
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		// Without the file a restart after Redis lost data could reuse a code
		// responders already hold: say so loudly.
		a.log.Error("cannot create the data directory: the incident-code high-water mark is kept in memory only",
			zap.String("data_dir", dir), zap.Error(err))
		return
	}
	if err := a.Store.UseCodeFile(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		a.log.Warn("cannot read the incident-code high-water mark", zap.Error(err))
	}
}
