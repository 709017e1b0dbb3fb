package twiliosms_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/twilio/twilio-go/client"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
)

const (
	testSID   = "AC0123456789abcdef0123456789abcdef"
	testToken = "0123456789abcdef0123456789abcdef"
	hotline   = "+6261123456"
	responder = "+6281234567890"
	callback  = "https://sigap.example/sms/status"
)

func startFake(t *testing.T) *twiliotest.Server {
	t.Helper()
	fake := twiliotest.New(testSID, testToken)
	t.Cleanup(fake.Close)
	return fake
}

func configFor(apiURL string) twiliosms.Config {
	return twiliosms.Config{AccountSID: testSID, AuthToken: testToken, From: hotline,
		APIURL: apiURL, StatusCallbackURL: callback, Timeout: 5 * time.Second}
}

func newClient(t *testing.T, cfg twiliosms.Config, log *zap.Logger) *twiliosms.Client {
	t.Helper()
	c, err := twiliosms.New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func assignment(body string) agencies.SMS {
	return agencies.SMS{To: responder, Body: body, Tag: "assign:i1:damkar:r1", IncidentID: "i1"}
}

func TestSendRecordsOneMessage(t *testing.T) {
	tests := []struct {
		name     string
		callback string
	}{
		{"with status callback", callback},
		{"without status callback", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := startFake(t)
			cfg := configFor(fake.URL())
			cfg.StatusCallbackURL = tt.callback
			body := "112 TT-0427 P1 GAWAT\nKEBAKARAN\nBalas: TERIMA TT-0427"
			id, err := newClient(t, cfg, nil).Send(t.Context(), assignment(body))
			if err != nil {
				t.Fatal(err)
			}
			got := fake.WaitFor(1, time.Second)
			if len(got) != 1 {
				t.Fatalf("fake recorded %d messages, want 1", len(got))
			}
			m := got[0]
			if string(id) != m.Sid || m.To != responder || m.From != hotline ||
				m.Body != body || m.StatusCallback != tt.callback {
				t.Errorf("id %q, recorded %+v", id, m)
			}
		})
	}
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name          string
		token, to     string
		prepare       func(*twiliotest.Server)
		ctx           func(context.Context) context.Context
		undeliverable bool
		twilioCode    int // 0: no Twilio error expected
		ctxErr        error
	}{
		{name: "wrong auth token", token: "ffffffffffffffffffffffffffffffff", to: responder, twilioCode: 20003},
		{name: "invalid To rejected by Twilio", to: "+62", undeliverable: true, twilioCode: 21211},
		{name: "not a mobile", to: responder, prepare: fail(21614, 400), undeliverable: true, twilioCode: 21614},
		{name: "unsubscribed", to: responder, prepare: fail(21610, 400), undeliverable: true, twilioCode: 21610},
		{name: "region not enabled", to: responder, prepare: fail(21408, 400), undeliverable: true, twilioCode: 21408},
		{name: "cannot route", to: responder, prepare: fail(21612, 400), undeliverable: true, twilioCode: 21612},
		{name: "outage is transient", to: responder, prepare: fail(20500, 500), twilioCode: 20500},
		{name: "rate limit is transient", to: responder, prepare: fail(20429, 429), twilioCode: 20429},
		{name: "empty To", to: "", undeliverable: true},
		{name: "cancelled before sending", to: responder, ctx: cancelled, ctxErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := startFake(t)
			if tt.prepare != nil {
				tt.prepare(fake)
			}
			cfg := configFor(fake.URL())
			if tt.token != "" {
				cfg.AuthToken = tt.token
			}
			ctx := t.Context()
			if tt.ctx != nil {
				ctx = tt.ctx(ctx)
			}
			msg := assignment("x")
			msg.To = tt.to
			id, err := newClient(t, cfg, nil).Send(ctx, msg)
			if err == nil || id != "" {
				t.Fatalf("Send = %q, %v; want error", id, err)
			}
			assertSendError(t, err, tt.undeliverable, tt.twilioCode, tt.ctxErr)
			if n := len(fake.Messages()); n != 0 {
				t.Errorf("fake recorded %d messages, want 0", n)
			}
		})
	}
}

func assertSendError(t *testing.T, err error, undeliverable bool, code int, ctxErr error) {
	t.Helper()
	if got := errors.Is(err, agencies.ErrUndeliverable); got != undeliverable {
		t.Errorf("errors.Is(%v, ErrUndeliverable) = %v, want %v", err, got, undeliverable)
	}
	var te *client.TwilioRestError
	if code != 0 && (!errors.As(err, &te) || te.Code != code) {
		t.Errorf("err = %v, want Twilio code %d", err, code)
	}
	if ctxErr != nil && !errors.Is(err, ctxErr) {
		t.Errorf("err = %v, want %v", err, ctxErr)
	}
}

func fail(code, status int) func(*twiliotest.Server) {
	return func(s *twiliotest.Server) { s.FailNext(1, code, status) }
}

func cancelled(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	return ctx
}

func TestSendRetryAfterOutage(t *testing.T) {
	fake := startFake(t)
	fake.FailNext(1, 20500, 500)
	c := newClient(t, configFor(fake.URL()), nil)
	if _, err := c.Send(t.Context(), assignment("x")); err == nil {
		t.Fatal("first send: want error")
	}
	if _, err := c.Send(t.Context(), assignment("x")); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if n := len(fake.Messages()); n != 1 {
		t.Errorf("fake recorded %d messages, want 1", n)
	}
}

func TestSendStopsAtContextDeadline(t *testing.T) {
	release := make(chan struct{})
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release // a Twilio that does not answer until the test ends
	}))
	defer stuck.Close()
	defer close(release)
	c := newClient(t, configFor(stuck.URL), nil)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Send(ctx, assignment("x"))
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, agencies.ErrUndeliverable) {
		t.Errorf("err = %v, want transient deadline exceeded", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Send took %v despite a 100ms deadline", took)
	}
}

func TestLogsAndErrorsMaskNumbers(t *testing.T) {
	fake := startFake(t)
	core, logs := observer.New(zap.DebugLevel)
	c := newClient(t, configFor(fake.URL()), zap.New(core))
	if _, err := c.Send(t.Context(), assignment("x")); err != nil {
		t.Fatal(err)
	}
	const bad = "081234567891" // not E.164: Twilio quotes it back in 21211
	_, err := c.Send(t.Context(), agencies.SMS{To: bad, Body: "x"})
	if err == nil || strings.Contains(err.Error(), bad) {
		t.Errorf("error %v shows the number", err)
	}
	for _, e := range logs.All() {
		for k, v := range e.ContextMap() {
			if s, ok := v.(string); ok && (strings.Contains(s, responder) || strings.Contains(s, bad)) {
				t.Errorf("log %q field %s shows a number: %q", e.Message, k, s)
			}
		}
	}
	if logs.FilterMessage("sms accepted").Len() != 1 {
		t.Errorf("no 'sms accepted' log in %v", logs.All())
	}
}
