package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/dispatch"
)

// TestFaultRunNeverSilent is the project's own bounded fault run: two
// instances on one redis-server (AOF) and the fake Twilio; under load one
// instance stops (its workers end; the other takes over its entries),
// Redis is killed -9 and restarted from its append-only file, and the
// provider answers 500 for longer than the old retry ladder. At the end:
// no accepted incident lost, no responder texted twice for one
// assignment, no assignment silent.
func TestFaultRunNeverSilent(t *testing.T) {
	if testing.Short() {
		t.Skip("fault run")
	}
	srv := redistest.Start(t)
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	adjust := func(name string) func(*Options) {
		return func(o *Options) {
			o.Instance, o.QueueClaimIdle, o.SendLease, o.EscalateEvery = name, 500*time.Millisecond, time.Second, time.Hour
			o.Resilience.OutageRetry, o.Resilience.ReconcileEvery = 100*time.Millisecond, 300*time.Millisecond
		}
	}
	h1 := newHarnessOn(t, srv.URL, tw, adjust("one"))
	h2 := newHarnessOn(t, srv.URL, tw, adjust("two"))
	ctx1, stop1 := context.WithCancel(context.Background())
	ctx2, stop2 := context.WithCancel(context.Background())
	defer stop1()
	defer stop2()
	h1.runAll(ctx1)
	h2.runAll(ctx2)

	var accepted []*dispatch.Incident
	post := func(h *harness, i int) {
		report := map[string]any{"caller_phone": fmt.Sprintf("0812-5555-%04d", i), "description": fireReport["description"],
			"location": map[string]float64{"lat": 3.319242 + float64(i%20)*0.0003, "lon": 99.155676}, "address": fmt.Sprintf("Jl. Uji no. %d", i)}
		resp, body := h.post("/api/v1/incidents", report, nil)
		if resp.StatusCode == http.StatusCreated {
			var inc dispatch.Incident
			if err := json.Unmarshal(body, &inc); err == nil {
				accepted = append(accepted, &inc)
			}
		}
	}
	for i := 0; i < 10; i++ {
		post([]*harness{h1, h2}[i%2], i)
	}
	stop1() // instance one goes away mid-load
	tw.SetDown(500)
	for i := 10; i < 20; i++ {
		post(h2, i)
		time.Sleep(50 * time.Millisecond)
	}
	// Redis killed -9 and restarted from its AOF on the same port.
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1 : strings.LastIndex(srv.URL, "/")]
	srv.Kill()
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	e, err := redisstore.StartServer(context.Background(), redisstore.ServerOptions{Dir: srv.Dir, Port: p})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	time.Sleep(2 * time.Second) // the provider stays down past the old ladder
	for i := 20; i < 25; i++ {
		post(h2, i)
	}
	tw.SetDown(0)

	h2.waitFor(func() bool {
		for _, inc := range accepted {
			got, err := h2.app.Store.Get(context.Background(), string(inc.ID))
			if err != nil {
				return false
			}
			for _, a := range got.Assignments {
				if a.Status != dispatch.AssignNotified || a.SMSFailing {
					return false
				}
			}
		}
		return true
	}, 60*time.Second)
	time.Sleep(500 * time.Millisecond)
	perPhone := map[string]int{}
	for _, m := range tw.Messages() {
		if strings.Contains(m.Body, "TERIMA ") {
			code := m.Body[strings.Index(m.Body, "TERIMA ")+7:]
			code = strings.Fields(code)[0]
			perPhone[code+" "+m.To]++
		}
	}
	dups := 0
	for k, n := range perPhone {
		if n > 1 {
			dups++
			t.Errorf("%s texted %d times", k, n)
		}
	}
	t.Logf("fault run: %d incidents accepted, %d assignment SMS, %d duplicates", len(accepted), len(perPhone), dups)
	if len(accepted) < 20 {
		t.Errorf("only %d of 25 incidents accepted", len(accepted))
	}
}
