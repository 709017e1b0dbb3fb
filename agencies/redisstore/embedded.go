package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Embedded is a Redis server started by Sigap itself.
type Embedded struct {
	// URL is what a client connects to (redis://127.0.0.1:PORT/0).
	URL string
	// Durable is true for a child redis-server writing an append-only file;
	// false for the in-process demo server, whose data is gone at exit.
	Durable bool
	// Dir is the data directory of a durable server.
	Dir string

	mini *miniredis.Miniredis

	bin     string
	args    []string
	port    int
	opt     ServerOptions
	mu      sync.Mutex
	child   *child // the running redis-server; replaced when the supervisor restarts it
	closing atomic.Bool
}

// child is one redis-server process.
type child struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited
	err    error         // its exit status, set before exited is closed
}

func (e *Embedded) current() *child {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.child
}

// ServerOptions configures StartServer.
type ServerOptions struct {
	Dir       string // data directory (created if missing); required for a durable server
	Binary    string // redis-server executable; default: looked up on PATH
	Port      int    // 0 = pick a free port
	Databases int    // number of logical databases; default 16
	Stderr    *os.File
}

// ErrNoRedisServer is returned by StartServer when no redis-server binary is found.
var ErrNoRedisServer = errors.New("redis-server not found on PATH")

// StartServer starts a child redis-server bound to 127.0.0.1 with AOF
// persistence in opt.Dir, and waits until it answers PING. The child is
// killed with Sigap if Sigap dies without calling Close.
func StartServer(ctx context.Context, opt ServerOptions) (*Embedded, error) {
	bin := opt.Binary
	if bin == "" {
		p, err := exec.LookPath("redis-server")
		if err != nil {
			return nil, ErrNoRedisServer
		}
		bin = p
	}
	// redis-server changes into --dir before it opens the log file: paths must be absolute.
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, fmt.Errorf("redis data dir: %w", err)
	}
	opt.Dir = dir
	if err := os.MkdirAll(opt.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("redis data dir: %w", err)
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port := opt.Port
		if port == 0 {
			p, err := freePort()
			if err != nil {
				return nil, err
			}
			port = p
		}
		e, err := startChild(ctx, bin, port, opt)
		if err == nil {
			return e, nil
		}
		lastErr = err
		if opt.Port != 0 {
			break
		}
	}
	return nil, lastErr
}

func startChild(ctx context.Context, bin string, port int, opt ServerOptions) (*Embedded, error) {
	dbs := opt.Databases
	if dbs == 0 {
		dbs = 16
	}
	args := []string{
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--dir", opt.Dir,
		// fsync on every write: a 201 for an incident means it is on disk.
		"--appendonly", "yes", "--appendfsync", "always", "--save", "",
		"--databases", strconv.Itoa(dbs), "--protected-mode", "yes",
		"--logfile", filepath.Join(opt.Dir, "redis.log"),
	}
	e := &Embedded{URL: fmt.Sprintf("redis://127.0.0.1:%d/0", port), Durable: true, Dir: opt.Dir, bin: bin, port: port, opt: opt, args: args}
	c, err := e.spawn(args)
	if err != nil {
		return nil, err
	}
	e.child = c
	if err := e.waitReady(ctx, c, 10*time.Second); err != nil {
		_ = e.Close()
		return nil, err
	}
	return e, nil
}

// args are the redis-server command line (kept for restarts).
func (e *Embedded) spawn(args []string) (*child, error) {
	cmd := exec.Command(e.bin, args...)
	cmd.Stderr = e.opt.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	c := &child{cmd: cmd, exited: make(chan struct{})}
	go func() { c.err = cmd.Wait(); close(c.exited) }()
	return c, nil
}

func (e *Embedded) waitReady(ctx context.Context, c *child, limit time.Duration) error {
	opt, _ := redis.ParseURL(e.URL)
	rc := redis.NewClient(opt)
	defer rc.Close()
	deadline := time.Now().Add(limit)
	for {
		select {
		case <-c.exited:
			return fmt.Errorf("redis-server exited at start (see %s/redis.log): %v", e.Dir, c.err)
		default:
		}
		pctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		err := rc.Ping(pctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server did not answer within %v", limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// StartDemo starts the in-process Redis-compatible server. Nothing it holds
// survives the process: use it only to try Sigap out.
func StartDemo() (*Embedded, error) {
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		return nil, fmt.Errorf("start in-process redis: %w", err)
	}
	return &Embedded{URL: "redis://" + m.Addr() + "/0", mini: m}, nil
}

// Kill stops a child server abruptly (SIGKILL), as a crash would: tests use
// it to check what survives.
func (e *Embedded) Kill() {
	if c := e.current(); c != nil {
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

// Close stops the server. A child redis-server gets SIGTERM and flushes its
// append-only file before exiting.
func (e *Embedded) Close() error {
	if e.mini != nil {
		e.mini.Close()
		return nil
	}
	e.closing.Store(true)
	c := e.current()
	if c == nil {
		return nil
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
		return nil
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		return errors.New("redis-server did not stop within 10s; killed")
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
