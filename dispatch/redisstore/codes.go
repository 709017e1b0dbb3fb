package redisstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// codeMargin is how far past the highest code it knows of an instance
// moves the sequence after Redis lost it: room for the codes other
// instances issued since this one last looked (it looks every few seconds).
const codeMargin = 100

// nextCodeScript increments the incident sequence, first moving it past
// ARGV[1] (the highest code this instance knows was issued) plus a margin
// when Redis holds less: Redis was flushed, restarted empty, or restored
// from an older file. Responders hold SMS with the old codes; a reused code
// would make their reply act on the wrong emergency.
var nextCodeScript = redis.NewScript(`
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local known = tonumber(ARGV[1])
if cur < known then
  redis.call('SET', KEYS[1], known + tonumber(ARGV[2]))
end
return redis.call('INCR', KEYS[1])
`)

// codeMark is the highest incident number this instance knows was issued,
// kept in memory and, when a file is given, on disk (written before the
// code is used), so that it survives a restart of the instance.
type codeMark struct {
	mu   sync.Mutex
	n    int64
	file string
}

func (m *codeMark) get() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

// raise records n; it fails only when the file cannot be written.
func (m *codeMark) raise(n int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n <= m.n {
		return nil
	}
	m.n = n
	if m.file == "" {
		return nil
	}
	tmp := m.file + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(strconv.FormatInt(n, 10) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, m.file)
}

// load reads the file, if any.
func (m *codeMark) load() error {
	if m.file == "" {
		return nil
	}
	b, err := os.ReadFile(m.file)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return fmt.Errorf("%s: %w", m.file, err)
	}
	m.n = n
	return nil
}

// UseCodeFile keeps this instance's code high-water mark in dir/code-hwm too.
func (s *Store) UseCodeFile(dir string) error {
	s.codes.file = filepath.Join(dir, "code-hwm")
	return s.codes.load()
}

// NextCode implements dispatch.Store.
func (s *Store) NextCode(ctx context.Context) (int64, error) {
	n, err := nextCodeScript.Run(ctx, s.rdb, []string{s.keys.seq()}, s.codes.get(), codeMargin).Int64()
	if err != nil {
		return 0, unavailable("next incident code", err)
	}
	if err := s.codes.raise(n); err != nil {
		return 0, fmt.Errorf("record incident code %d: %w", n, err)
	}
	return n, nil
}

// ObserveCodes learns the codes other instances issued, so that after a
// Redis loss this instance moves the sequence past theirs too.
func (s *Store) ObserveCodes(ctx context.Context) error {
	n, err := s.rdb.Get(ctx, s.keys.seq()).Int64()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		return unavailable("read incident sequence", err)
	}
	return s.codes.raise(n)
}
