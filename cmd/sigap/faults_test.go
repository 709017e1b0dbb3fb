package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

func (h *harness) getStatus(path string) int {
	h.t.Helper()
	resp, err := http.Get(h.http.URL + path)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (h *harness) flushRedis() {
	h.t.Helper()
	if err := h.app.rdb.FlushAll(context.Background()).Err(); err != nil {
		h.t.Fatal(err)
	}
	h.token = apiToken(h.t, h.app, "tari", hotline.RoleCallTaker, "")
}

// createFireOK posts the fire report and returns the incident (201 required).
func (h *harness) createFireOK() *dispatch.Incident {
	h.t.Helper()
	resp, body := h.post("/api/v1/incidents", fireReport, nil)
	if resp.StatusCode != http.StatusCreated {
		h.t.Fatalf("POST /incidents: %d %s", resp.StatusCode, body)
	}
	var inc dispatch.Incident
	if err := json.Unmarshal(body, &inc); err != nil {
		h.t.Fatal(err)
	}
	return &inc
}

// Redis restarted empty under a running Sigap: the consumer groups are gone.
// /readyz must say so, and the workers must recreate them and dispatch
// what intake accepted meanwhile (issue 9, failure 2).
func TestRedisEmptiedUnderARunningServerStillDispatches(t *testing.T) {
	h := newHarness(t)
	h.flushRedis()
	if code := h.getStatus("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with no consumer groups: %d, want 503", code)
	}
	inc := h.createFireOK()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.runWorkers(ctx)
	want := append(h.expectedPhones(inc.Assignments[0].Station), h.expectedPhones(inc.Assignments[1].Station)...)
	h.twilio.WaitFor(len(want), 10*time.Second)
	h.assertOnePerPhone(h.twilio.Messages(), want, inc.Code)
	h.waitFor(func() bool { return h.getStatus("/readyz") == http.StatusOK }, 5*time.Second)
}
