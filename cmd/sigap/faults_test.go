package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/notify"
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

// Redis restarted empty under a running Sigap: the consumer groups are gone.
// /readyz must say so, and the workers must recreate them and dispatch
// what intake accepted meanwhile (issue 9, failure 2).
func TestRedisEmptiedUnderARunningServerStillDispatches(t *testing.T) {
	h := newHarness(t)
	h.flushRedis()
	if code := h.getStatus("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with no consumer groups: %d, want 503", code)
	}
	inc := h.createFire()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.runWorkers(ctx)
	want := append(h.expectedPhones(inc.Assignments[0].Station), h.expectedPhones(inc.Assignments[1].Station)...)
	h.twilio.WaitFor(len(want), 10*time.Second)
	h.assertOnePerPhone(h.twilio.Messages(), want, inc.Code)
	h.waitFor(func() bool { return h.getStatus("/readyz") == http.StatusOK }, 5*time.Second)
}

// runAll runs the workers, the clock and the reconciler until the test ends.
func (h *harness) runAll(parent context.Context) {
	h.runWorkers(parent)
	ctx, cancel := context.WithCancel(parent)
	done := make(chan struct{})
	go func() { defer close(done); h.app.Reconciler.Run(ctx) }()
	h.t.Cleanup(func() { cancel(); <-done })
}

func (h *harness) getJSON(path string, v any) {
	h.t.Helper()
	resp, err := http.Get(h.http.URL + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) metric(name string) string {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.http.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+h.token) // /metrics needs a signed-in user
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, name+" ") {
			return strings.TrimPrefix(line, name+" ")
		}
	}
	return ""
}

// The provider answers 500 for longer than any retry ladder: the board
// flags the assignments, /healthz?detail=1 and the metric say degraded,
// /readyz stays 200; when it answers again every responder gets the
// assignment once and each supervisor one outage alert (issue 9, failure 6).
func TestProviderOutageIsShownAndEndsWithEveryAssignmentSent(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) {
		o.Resilience.OutageRetry, o.Resilience.ReconcileEvery = 100*time.Millisecond, 200*time.Millisecond
		o.EscalateEvery = time.Hour
	})
	h.twilio.SetDown(500)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.runAll(ctx)
	inc := h.createFire()
	h.waitFor(func() bool {
		got := h.incident(inc.ID)
		return got.Assignments[0].SMSFailing && got.Assignments[1].SMSFailing
	}, 10*time.Second)
	for _, a := range h.incident(inc.ID).Assignments {
		if !strings.Contains(a.Problem, "SMS tidak terkirim — hubungi pos lewat telepon/radio") {
			t.Errorf("%s problem shown on the board: %q", a.Agency, a.Problem)
		}
	}
	time.Sleep(2 * time.Second) // well past the retry ladder of the old code
	var detail struct {
		SMS notify.ProviderState `json:"sms_provider"`
	}
	h.getJSON("/healthz?detail=1", &detail)
	if detail.SMS.State != notify.ProviderDegraded || detail.SMS.LastError == "" {
		t.Errorf("/healthz?detail=1: %+v", detail.SMS)
	}
	if v := h.metric("sigap_sms_provider_degraded"); v != "1" {
		t.Errorf("sigap_sms_provider_degraded = %q", v)
	}
	if code := h.getStatus("/readyz"); code != http.StatusOK {
		t.Errorf("/readyz during a provider outage: %d (must stay 200: restarting Sigap does not help)", code)
	}
	h.twilio.SetDown(0)
	want := append(h.expectedPhones(inc.Assignments[0].Station), h.expectedPhones(inc.Assignments[1].Station)...)
	h.waitFor(func() bool {
		got := h.incident(inc.ID)
		return !got.Assignments[0].SMSFailing && !got.Assignments[1].SMSFailing
	}, 15*time.Second)
	time.Sleep(500 * time.Millisecond)
	h.assertOnePerPhone(h.twilio.Messages(), want, inc.Code)
	h.getJSON("/healthz?detail=1", &detail)
	if detail.SMS.State != notify.ProviderOK {
		t.Errorf("after the outage: %+v", detail.SMS)
	}
	alerts := map[string]int{}
	for _, m := range h.twilio.Messages() {
		if strings.Contains(m.Body, "operator SMS gagal") {
			alerts[m.To]++
		}
	}
	if len(alerts) == 0 {
		t.Error("no supervisor was told of the outage")
	}
	for phone, n := range alerts {
		if n != 1 {
			t.Errorf("supervisor %s got %d outage alerts, want 1", phone, n)
		}
	}
}

// A stock redis-server without AOF loses every accepted incident on a
// restart: Sigap refuses it unless told to accept that (issue 9, failure 4).
func TestRedisThatDoesNotPersistIsRefused(t *testing.T) {
	srv := redistest.Start(t)
	if err := srv.Client().ConfigSet(context.Background(), "appendonly", "no").Err(); err != nil {
		t.Fatal(err)
	}
	o := Options{Listen: "127.0.0.1:0", RedisURL: srv.URL, PublicURL: "http://localhost", LogFormat: "json"}
	_, err := NewApp(context.Background(), o, zaptest.NewLogger(t))
	if err == nil || !strings.Contains(err.Error(), "does not persist") || !strings.Contains(err.Error(), "--allow-volatile-redis") {
		t.Fatalf("start on a Redis without AOF: %v", err)
	}
	o.Resilience.AllowVolatileRedis = true
	app, err := NewApp(context.Background(), o, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if app.Durable {
		t.Error("a volatile Redis must not be reported durable")
	}
}

// After Redis lost its data (FLUSHALL, or restored from an older file),
// a new incident must not get a code responders already hold: their reply
// "TERIMA TT-0001" would act on the wrong emergency (issue 9, failure 4).
func TestIncidentCodesAreNotReusedAfterRedisLosesItsData(t *testing.T) {
	dataDir := t.TempDir()
	srv := redistest.Start(t)
	redisURL := srv.URL
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	adjust := func(name string) func(*Options) {
		return func(o *Options) { o.DataDir, o.Instance = dataDir, name }
	}
	h := newHarnessOn(t, redisURL, tw, adjust("one"))
	issued := map[string]bool{}
	for range 3 {
		issued[h.createFire().Code] = true
	}
	h.flushRedis()
	if code := h.createFire().Code; issued[code] {
		t.Errorf("running instance reused code %s after FLUSHALL", code)
	} else {
		issued[code] = true
	}
	// The instance restarts too, and Redis is emptied again: its file remembers.
	h.app.Close()
	if err := srv.Client().FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	h2 := newHarnessOn(t, redisURL, tw, adjust("two"))
	if code := h2.createFire().Code; issued[code] {
		t.Errorf("restarted instance reused code %s after FLUSHALL", code)
	}
}

// The primary provider is down: after two failures of a message the
// fallback route (TWILIO_FALLBACK_*) carries it; every responder gets the
// assignment once over both routes together.
func TestFallbackRouteCarriesTheAssignmentsOnce(t *testing.T) {
	fb := twiliotest.New("AC00000000000000000000000000000fb0", "fallbacktoken1")
	t.Cleanup(fb.Close)
	h := newHarnessWith(t, func(o *Options) {
		o.Resilience.OutageRetry, o.Resilience.FallbackAfter = 100*time.Millisecond, 2
		o.Resilience.Fallback = twiliosms.Config{AccountSID: fb.AccountSID(), AuthToken: fb.AuthToken(), From: "+6281100000002", APIURL: fb.URL()}
		o.EscalateEvery = time.Hour
	})
	h.twilio.SetDown(500)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.runAll(ctx)
	inc := h.createFire()
	want := append(h.expectedPhones(inc.Assignments[0].Station), h.expectedPhones(inc.Assignments[1].Station)...)
	fb.WaitFor(len(want), 15*time.Second)
	time.Sleep(500 * time.Millisecond)
	h.assertOnePerPhone(append(h.twilio.Messages(), fb.Messages()...), want, inc.Code)
	h.waitFor(func() bool {
		got := h.incident(inc.ID)
		return got.Assignments[0].Status == dispatch.AssignNotified && got.Assignments[1].Status == dispatch.AssignNotified
	}, 5*time.Second)
}
