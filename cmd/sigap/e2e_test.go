package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/hotline"
)

const (
	testSID   = "AC0123456789abcdef0123456789abcdef"
	testToken = "faketoken123"
	testFrom  = "+6281100000001"
)

// twilioNone runs the app without Twilio: SMS go to the outbox.
var twilioNone = twiliosms.Config{}

// testEpoch is the real instant that the test clock maps to 10:00 WIB.
var testEpoch = time.Now()

// harness is a whole Sigap against a real redis-server and the fake Twilio.
type harness struct {
	t      *testing.T
	app    *App
	twilio *twiliotest.Server
	http   *httptest.Server
	clock  time.Time
	token  string // a call-taker's API token
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, func(*Options) {})
}

func newHarnessWith(t *testing.T, adjust func(*Options)) *harness {
	t.Helper()
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	return newHarnessOn(t, redistest.Start(t).URL, tw, adjust)
}

// newHarnessOn builds a Sigap instance on a given Redis and fake Twilio, so
// that a test can run two instances side by side or restart one.
func newHarnessOn(t *testing.T, redisURL string, tw *twiliotest.Server, adjust func(*Options)) *harness {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Listen: l.Addr().String(), RedisURL: redisURL, PublicURL: "http://" + l.Addr().String(), LogFormat: "json",
		Twilio: twiliosms.Config{AccountSID: testSID, AuthToken: testToken, From: testFrom, APIURL: tw.URL()}}
	adjust(&o)
	if err := o.validate(); err != nil {
		t.Fatal(err)
	}
	app, err := NewApp(context.Background(), o, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	app.hotline.SetSelfURL("http://" + l.Addr().String())
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: app.Handler()}}
	srv.Start()
	h := &harness{t: t, app: app, twilio: tw, http: srv, token: apiToken(t, app, "tari", hotline.RoleCallTaker, "")}
	t.Cleanup(h.http.Close)
	// Rosters depend on the hour: run the app's clock from a known time of
	// day (10:00 WIB, regu B of the fire stations on duty); it still moves.
	// All instances of a test share the mapping (testEpoch), as servers share real time.
	h.clock = time.Date(2026, 11, 22, 10, 0, 0, 0, app.Deployment.Location)
	app.SetClock(func() time.Time { return h.clock.Add(time.Since(testEpoch)) })
	return h
}

func (h *harness) post(path string, body any, header map[string]string) (*http.Response, []byte) {
	h.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, h.http.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	return resp, buf.Bytes()
}

// apiToken creates a user (unless it exists) and returns a new API token.
func apiToken(t *testing.T, app *App, name string, role hotline.Role, agency agencies.AgencyID) string {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Accounts.CreateUser(ctx, name, role, agency); err != nil && !errors.Is(err, hotline.ErrUserExists) {
		t.Fatal(err)
	}
	token, err := app.Accounts.IssueToken(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// expectedPhones lists the numbers that must get the assignment of a station.
func (h *harness) expectedPhones(station agencies.StationID) []string {
	var out []string
	for _, r := range h.app.Deployment.Directory.OnDuty(station, h.clock) {
		out = append(out, r.Phone)
	}
	return out
}

// Bandar Sono, kecamatan Padang Hulu: served by the Padang Hulu fire post and PSC 119.
var fireReport = map[string]any{
	"caller_phone": "0812-3456-7890",
	"description":  "Tolong! Rumah di gang kami terbakar, ada nenek terjebak di dalam kamar",
	"location":     map[string]float64{"lat": 3.319242, "lon": 99.155676},
	"address":      "Jl. Gunung Leuser gg. Mawar no. 5",
}

func TestFireWithPersonTrappedReachesTheRightPhonesOnce(t *testing.T) {
	h := newHarness(t)
	resp, body := h.post("/api/v1/incidents", fireReport, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /incidents: %d %s", resp.StatusCode, body)
	}
	var inc dispatch.Incident
	if err := json.Unmarshal(body, &inc); err != nil {
		t.Fatal(err)
	}
	if inc.Location.Kelurahan == nil || inc.Location.Kelurahan.Name != "Bandar Sono" || inc.Location.Kecamatan.Name != "Padang Hulu" {
		t.Errorf("location: %+v", inc.Location)
	}
	wantStations := map[agencies.AgencyID]agencies.StationID{agencies.Damkar: "damkar-padang-hulu", agencies.Dinkes: "psc119-rsud"}
	if len(inc.Assignments) != len(wantStations) {
		t.Fatalf("assignments: %+v", inc.Assignments)
	}
	var want []string
	for _, a := range inc.Assignments {
		if wantStations[a.Agency] != a.Station || !a.ByGeofence {
			t.Errorf("%s sent to %s (geofence=%v), want %s", a.Agency, a.Station, a.ByGeofence, wantStations[a.Agency])
		}
		want = append(want, h.expectedPhones(a.Station)...)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.runWorkers(ctx)
	msgs := h.twilio.WaitFor(len(want), 10*time.Second)
	time.Sleep(300 * time.Millisecond) // anything extra would arrive now
	cancel()
	h.assertOnePerPhone(h.twilio.Messages(), want, inc.Code)
	for _, m := range msgs {
		if !strings.Contains(m.Body, "TERIMA "+inc.Code) || !strings.Contains(m.Body, "Bandar Sono") || !strings.Contains(m.Body, "081234567890") {
			t.Errorf("SMS lacks reply instructions, kelurahan or callback number: %q", m.Body)
		}
		if agencies.Segments(m.Body) > 2 {
			t.Errorf("SMS takes %d segments: %q", agencies.Segments(m.Body), m.Body)
		}
		if m.StatusCallback != h.app.Options.PublicURL+"/webhooks/twilio/status" {
			t.Errorf("status callback: %q", m.StatusCallback)
		}
	}
	h.waitNotified(inc.ID, 2)
}

// runWorkers runs the queue workers and the timer clock until ctx ends.
func (h *harness) runWorkers(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	var wg sync.WaitGroup
	for _, w := range h.app.Workers {
		wg.Add(1)
		go func() { defer wg.Done(); _ = w.Run(ctx) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); h.app.Clock.Run(ctx) }()
	h.t.Cleanup(func() { cancel(); wg.Wait() })
}

func (h *harness) assertOnePerPhone(msgs []twiliotest.Message, want []string, code string) {
	h.t.Helper()
	var got []string
	for _, m := range msgs {
		if strings.Contains(m.Body, code) {
			got = append(got, m.To)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		h.t.Errorf("SMS recipients:\n got %v\nwant %v (each on-duty responder exactly once)", got, want)
	}
}

func (h *harness) waitNotified(id dispatch.IncidentID, n int) *dispatch.Incident {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		inc, err := h.app.Store.Get(context.Background(), string(id))
		if err != nil {
			h.t.Fatal(err)
		}
		done := 0
		for _, a := range inc.Assignments {
			if a.Status == dispatch.AssignNotified {
				done++
			}
		}
		if done == n {
			return inc
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("assignments not notified: %+v", inc.Assignments)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// freezeAfterSend passes the first send to the provider and then never
// returns, as a worker process killed right after Twilio accepted the SMS
// (before it could record the fact) would behave.
type freezeAfterSend struct {
	next    agencies.Notifier
	mu      sync.Mutex
	sends   int
	release chan struct{}
}

func (f *freezeAfterSend) Send(ctx context.Context, msg agencies.SMS) (agencies.MessageID, error) {
	id, err := f.next.Send(ctx, msg)
	f.mu.Lock()
	f.sends++
	first := f.sends == 1
	f.mu.Unlock()
	if first {
		<-f.release
	}
	return id, err
}

func TestWorkerKilledAfterSendingDoesNotCauseASecondSMS(t *testing.T) {
	h := newHarnessWith(t, func(o *Options) { o.QueueClaimIdle = 300 * time.Millisecond; o.SendLease = 300 * time.Millisecond })
	resp, body := h.post("/api/v1/incidents", fireReport, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST: %d %s", resp.StatusCode, body)
	}
	var inc dispatch.Incident
	_ = json.Unmarshal(body, &inc)
	damkar := inc.Assignment(agencies.Damkar)
	want := h.expectedPhones(damkar.Station)
	if len(want) < 2 {
		t.Fatalf("the scenario needs two responders on duty, got %v", want)
	}

	// Worker A sends the first SMS and is "killed" before recording it.
	twilio, err := twiliosms.New(h.app.Options.Twilio, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	frozen := &freezeAfterSend{next: twilio, release: make(chan struct{})}
	dep := h.app.Deployment
	// (A killed process no longer keeps its entries claimed: no touches.)
	workerA := escalation.NewWorker(escalation.WorkerConfig{Consumer: "worker-a", SendLease: 300 * time.Millisecond, TouchEvery: time.Hour}, agencies.Damkar,
		escalation.WorkerDeps{Queue: h.app.Store, Store: h.app.Store, Ledger: h.app.Store, Timers: h.app.Store, SMS: frozen,
			Directory: dep.Directory, Taxonomy: dep.Taxonomy, Log: zaptest.NewLogger(t)})
	workerA.SetClock(func() time.Time { return h.clock.Add(time.Second) })
	ctxA, stopA := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	go func() { defer close(doneA); _ = workerA.Run(ctxA) }()
	if got := h.twilio.WaitFor(1, 5*time.Second); len(got) < 1 {
		t.Fatalf("worker A sent %d SMS", len(got))
	}
	stopA() // killed: it fetches nothing more (its frozen send stays in flight)

	// The surviving workers take the entry over after the claim time.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.runWorkers(ctx)
	h.waitNotified(inc.ID, 2)
	time.Sleep(200 * time.Millisecond)
	damkarMsgs := func() []twiliotest.Message {
		var out []twiliotest.Message
		for _, m := range h.twilio.Messages() {
			for _, p := range want {
				if m.To == p {
					out = append(out, m)
				}
			}
		}
		return out
	}
	h.assertOnePerPhone(damkarMsgs(), want, inc.Code)

	// Worker A comes back to life (its Send returns) and must not send again.
	close(frozen.release)
	<-doneA
	time.Sleep(100 * time.Millisecond)
	h.assertOnePerPhone(damkarMsgs(), want, inc.Code)
	final, _ := h.app.Store.Get(context.Background(), string(inc.ID))
	if n := len(final.Assignment(agencies.Damkar).Notified); n != len(want) {
		t.Errorf("damkar notification recorded %d responders, want %d", n, len(want))
	}
}
