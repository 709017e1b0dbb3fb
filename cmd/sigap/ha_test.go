package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
)

// redisProc is a redis-server or sentinel process started by a test.
type redisProc struct {
	port int
	args []string
	cmd  *exec.Cmd
	done chan struct{}
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startRedisProc runs redis-server with a config file in its own temp dir
// (sentinel: true runs it as a sentinel) and waits until it answers PING.
func startRedisProc(t *testing.T, name, conf string, sentinel bool) *redisProc {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &redisProc{port: freeTCPPort(t), done: make(chan struct{})}
	conf = fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nlogfile %s\n", p.port, dir, filepath.Join(dir, "log")) + conf
	file := filepath.Join(dir, "redis.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p.args = []string{file}
	if sentinel {
		p.args = append(p.args, "--sentinel")
	}
	p.start(t)
	t.Cleanup(p.kill)
	return p
}

// start runs the process (again, after kill: as systemd would) and waits for PING.
func (p *redisProc) start(t *testing.T) {
	t.Helper()
	p.done = make(chan struct{})
	p.cmd = exec.Command("redis-server", p.args...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		t.Skipf("redis-server: %v", err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	c := redis.NewClient(&redis.Options{Addr: p.addr(), MaxRetries: -1})
	defer c.Close()
	for deadline := time.Now().Add(10 * time.Second); c.Ping(context.Background()).Err() != nil; {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start", p.args[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *redisProc) addr() string { return "127.0.0.1:" + strconv.Itoa(p.port) }

// kill is kill -9: no shutdown, no final fsync.
func (p *redisProc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// haCluster is the documented layout: a primary, a replica, three sentinels.
type haCluster struct {
	primary, replica *redisProc
	sentinels        []*redisProc
	url              string // redis-sentinel://…/sigap
}

func startHA(t *testing.T) *haCluster {
	t.Helper()
	const persist = "appendonly yes\nappendfsync everysec\nsave \"\"\n"
	c := &haCluster{primary: startRedisProc(t, "primary", persist, false)}
	c.replica = startRedisProc(t, "replica", persist+fmt.Sprintf("replicaof 127.0.0.1 %d\n", c.primary.port), false)
	url := "redis-sentinel://"
	for i := range 3 {
		s := startRedisProc(t, fmt.Sprintf("sentinel%d", i), fmt.Sprintf(
			"sentinel monitor sigap 127.0.0.1 %d 2\nsentinel down-after-milliseconds sigap 1000\n"+
				"sentinel failover-timeout sigap 5000\nsentinel parallel-syncs sigap 1\n", c.primary.port), true)
		c.sentinels = append(c.sentinels, s)
		if i > 0 {
			url += ","
		}
		url += s.addr()
	}
	c.url = url + "/sigap"
	// Wait until the replica is in sync and every sentinel knows it.
	rc := redis.NewClient(&redis.Options{Addr: c.replica.addr()})
	defer rc.Close()
	waitUntil(t, 15*time.Second, "replica in sync", func() bool {
		info, _ := rc.Info(context.Background(), "replication").Result()
		return bytes.Contains([]byte(info), []byte("master_link_status:up"))
	})
	for _, s := range c.sentinels {
		sc := redis.NewSentinelClient(&redis.Options{Addr: s.addr()})
		waitUntil(t, 15*time.Second, "sentinel sees the replica", func() bool {
			r, err := sc.Replicas(context.Background(), "sigap").Result()
			return err == nil && len(r) == 1
		})
		_ = sc.Close()
	}
	return c
}

func waitUntil(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !ok(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// intakeResult is one POST /incidents under load.
type intakeResult struct {
	sent, at time.Time // request sent, answer received
	status   int
	id       string
}

// TestSentinelFailoverLosesNoAcceptedIncident runs the HA layout from real
// processes — a primary, a replica, three sentinels — with two Sigap
// instances connected through Sentinel and --min-replicas 1, loads intake
// on both, kills the primary with SIGKILL and checks that intake recovers
// within seconds and that every incident answered 201 is on the new primary.
func TestSentinelFailoverLosesNoAcceptedIncident(t *testing.T) {
	if testing.Short() {
		t.Skip("starts five Redis processes and waits for a failover")
	}
	ha := startHA(t)
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	adjust := func(o *Options) { o.MinReplicas, o.Twilio = 1, twilioNone }
	apps := []*harness{newHarnessOn(t, ha.url, tw, adjust), newHarnessOn(t, ha.url, tw, adjust)}

	ctx, stop := context.WithCancel(context.Background())
	var mu sync.Mutex
	var results []intakeResult
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := apps[w%2]
			for i := 0; ctx.Err() == nil; i++ {
				r := postIncident(client, h, fmt.Sprintf("ha-%d-%d", w, i))
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
				if r.status != http.StatusCreated {
					time.Sleep(100 * time.Millisecond) // a call-taker retries, not a tight loop
				}
			}
		}()
	}
	time.Sleep(2 * time.Second)
	killed := time.Now()
	ha.primary.kill()
	time.Sleep(12 * time.Second)
	stop()
	wg.Wait()

	var before, refused, accepted int
	var back time.Time        // first 201 to a request sent after the kill
	var slowest time.Duration // longest wait for an answer after the kill
	for _, r := range results {
		if r.status == http.StatusCreated {
			accepted++
		}
		if r.at.Before(killed) {
			before++
			continue
		}
		slowest = max(slowest, r.at.Sub(r.sent))
		if r.status != http.StatusCreated {
			refused++
		} else if r.sent.After(killed) && (back.IsZero() || r.at.Before(back)) {
			back = r.at
		}
	}
	if back.IsZero() {
		t.Fatalf("intake did not recover within 12 s of the primary's death (%d refused)", refused)
	}
	// Every 201 must be readable through Sentinel from the new primary.
	lost := 0
	for _, r := range results {
		if r.status != http.StatusCreated {
			continue
		}
		if _, err := apps[0].app.Store.Get(context.Background(), r.id); err != nil {
			lost++
			t.Errorf("accepted incident %s lost: %v", r.id, err)
		}
	}
	recover := back.Sub(killed)
	t.Logf("HA failover (2 sigap, primary+replica, 3 sentinels, min-replicas 1, 4 clients): %d requests, %d answered before the kill; "+
		"after kill -9: %d refused (503), longest wait for an answer %.1f s, first 201 to a new request %.1f s after the kill; "+
		"%d accepted in all, %d accepted incidents lost",
		len(results), before, refused, slowest.Seconds(), recover.Seconds(), accepted, lost)
	if recover > 10*time.Second {
		t.Errorf("intake took %v to recover, want within seconds", recover)
	}

	// The old primary comes back (systemd restarts it): Sentinel makes it a
	// replica of the new primary, and a 201 means the incident is on it again.
	ha.primary.start(t)
	old := redis.NewClient(&redis.Options{Addr: ha.primary.addr()})
	defer old.Close()
	waitUntil(t, 20*time.Second, "the old primary to rejoin as a replica", func() bool {
		info, _ := old.Info(context.Background(), "replication").Result()
		return bytes.Contains([]byte(info), []byte("role:slave")) && bytes.Contains([]byte(info), []byte("master_link_status:up"))
	})
	r := postIncident(client, apps[1], "ha-after-rejoin")
	if r.status != http.StatusCreated {
		t.Fatalf("intake after the old primary rejoined: %d", r.status)
	}
	if n, err := old.Exists(context.Background(), "sigap:incident:"+r.id).Result(); err != nil || n != 1 {
		t.Errorf("a 201 incident is not on the replica at once (min-replicas 1): %v %v", n, err)
	}
}

// postIncident posts one fire report with an Idempotency-Key, as a console does.
func postIncident(client *http.Client, h *harness, key string) intakeResult {
	b, _ := json.Marshal(fireReport)
	req, _ := http.NewRequest(http.MethodPost, h.http.URL+"/api/v1/incidents", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Idempotency-Key", key)
	start := time.Now()
	resp, err := client.Do(req)
	r := intakeResult{sent: start, at: time.Now()}
	if err != nil {
		return r
	}
	defer resp.Body.Close()
	r.status = resp.StatusCode
	var inc struct {
		ID string `json:"id"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&inc)
	r.id = inc.ID
	return r
}
