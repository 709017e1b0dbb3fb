package redisstore_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/sigap112/sigap/agencies/redisstore"
)

func startSupervised(t *testing.T, backoff []time.Duration) (*redisstore.Embedded, *redis.Client, <-chan error, *observer.ObservedLogs) {
	t.Helper()
	e, err := redisstore.StartServer(context.Background(), redisstore.ServerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	core, logs := observer.New(zap.InfoLevel)
	fatal := e.Supervise(context.Background(), redisstore.SuperviseOptions{Backoff: backoff}, zap.New(core))
	opt, _ := redis.ParseURL(e.URL)
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	return e, rdb, fatal, logs
}

// Killing the embedded redis-server no longer leaves Sigap with a dead
// Redis: it is restarted on its port with its data, and the log says why
// (issue 9, failure 3).
func TestKilledEmbeddedRedisIsRestartedWithItsData(t *testing.T) {
	e, rdb, fatal, logs := startSupervised(t, nil)
	ctx := context.Background()
	if err := rdb.Set(ctx, "incident", "TT-0001", 0).Err(); err != nil {
		t.Fatal(err)
	}
	e.Kill()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if v, err := rdb.Get(ctx, "incident").Result(); err == nil {
			if v != "TT-0001" {
				t.Fatalf("data after restart: %q", v)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("redis-server not back within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // the "restarted" line follows the first answer
	if logs.FilterMessageSnippet("died").Len() != 1 || logs.FilterMessageSnippet("restarted").Len() != 1 {
		t.Errorf("log lines: %v", logs.All())
	}
	select {
	case err := <-fatal:
		t.Fatalf("fatal after a successful restart: %v", err)
	default:
	}
}

// When redis-server cannot come back (here its port was taken), the
// supervisor says so, so that Sigap exits non-zero for systemd.
func TestEmbeddedRedisThatCannotComeBackIsFatal(t *testing.T) {
	e, _, fatal, logs := startSupervised(t, []time.Duration{300 * time.Millisecond, 300 * time.Millisecond})
	port := e.URL[strings.LastIndex(e.URL, ":")+1 : strings.LastIndex(e.URL, "/")]
	e.Kill()
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("take port %s: %v", port, err)
	}
	defer l.Close()
	select {
	case err := <-fatal:
		if !strings.Contains(err.Error(), "did not come back") {
			t.Errorf("fatal error: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no fatal error although redis-server cannot restart")
	}
	if logs.FilterMessageSnippet("cannot be brought back").Len() != 1 {
		t.Errorf("log lines: %v", logs.All())
	}
}
