// Package redistest starts a real redis-server for a test: its own port, its
// own temporary directory, stopped when the test ends. Tests that need Redis
// fail (not skip) when redis-server is missing: `.ci/test` installs it.
package redistest

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies/redisstore"
)

// Server is a redis-server owned by one test.
type Server struct {
	*redisstore.Embedded
	tb testing.TB
}

// Start starts a fresh redis-server for tb.
func Start(tb testing.TB) *Server {
	tb.Helper()
	e, err := redisstore.StartServer(context.Background(), redisstore.ServerOptions{Dir: tb.TempDir()})
	if err != nil {
		tb.Fatalf("start redis-server (install it with `apt-get install redis-server` or run .ci/test): %v", err)
	}
	tb.Cleanup(func() { _ = e.Close() })
	return &Server{Embedded: e, tb: tb}
}

// Client returns a new client of the server, closed when the test ends.
func (s *Server) Client() *redis.Client {
	s.tb.Helper()
	opt, err := redis.ParseURL(s.URL)
	if err != nil {
		s.tb.Fatal(err)
	}
	c := redis.NewClient(opt)
	s.tb.Cleanup(func() { _ = c.Close() })
	return c
}

// NewClient starts a server and returns a client of it: the common case.
func NewClient(tb testing.TB) *redis.Client {
	tb.Helper()
	return Start(tb).Client()
}
