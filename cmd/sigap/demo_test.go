package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/hotline"
)

// TestDemoModeWorksEndToEnd runs the whole loop on the in-process demo Redis
// (no redis-server installed): the Lua scripts, streams and reports must
// work there too, or the README's first command shows a broken server.
func TestDemoModeWorksEndToEnd(t *testing.T) {
	demo, err := redisstore.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = demo.Close() })
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	// Through REDIS_URL the app cannot tell the in-process server from a durable
	// one: the simulator that demo mode turns on by itself is asked for here, and
	// starting on a Redis that does not persist is allowed explicitly.
	h := newHarnessOn(t, demo.URL, tw, func(o *Options) {
		o.Twilio, o.Simulator, o.Resilience.AllowVolatileRedis = twilioNone, true, true
	})
	h.runWorkers(context.Background())
	inc := h.createFire()
	h.waitNotified(inc.ID, 2)
	msgs, err := h.app.Outbox.List(context.Background(), 10, string(inc.ID))
	if err != nil || len(msgs) < 2 {
		t.Fatalf("outbox: %d messages, %v", len(msgs), err)
	}
	// A responder's reply through the simulator's signed webhook path.
	crew := h.onDuty("damkar-padang-hulu")
	resp, body := h.post("/simulator/reply", map[string]string{"phone": crew[0].Phone, "body": "TERIMA " + inc.Code}, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "DITERIMA") {
		t.Fatalf("simulated reply: %d %s", resp.StatusCode, body)
	}
	h.waitFor(func() bool { return h.incident(inc.ID).Assignments[0].AckAt != nil }, 5*time.Second)
	h.token = apiToken(t, h.app, "walikota", hotline.RoleOfficial, "")
	req, _ := http.NewRequest("GET", h.http.URL+"/api/v1/reports/compliance?period=month", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("report on the demo Redis: %v %v", err, res.Status)
	}
	res.Body.Close()
}
