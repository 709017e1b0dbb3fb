package twiliotest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
)

func TestSignKnownVector(t *testing.T) {
	// The example twilio-go tests its validator with.
	params := url.Values{
		"Digits": {"1234"}, "CallSid": {"CA1234567890ABCDE"}, "To": {"+18005551212"},
		"Caller": {"+14158675309"}, "From": {"+14158675309"},
		"ReasonConferenceEnded": {"test"}, "Reason": {"Participant"},
	}
	got := twiliotest.Sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params)
	if want := "vOEb5UThFn24KEfnOFLQY2AE5FY="; got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}

func TestSignAgreesWithTwilioValidator(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef"
	inbound := url.Values{
		"MessageSid": {"SM0123"}, "From": {"+6281234567890"}, "To": {"+6261123456"},
		"Body": {"TERIMA TT-0427 ok & siap: 100%"}, "NumMedia": {"0"},
	}
	tests := []struct {
		name   string
		url    string
		params url.Values
		sign   func(url.Values) // tampering after signing
		token  string
		valid  bool
	}{
		{"inbound sms", "https://sigap.example/sms/inbound", inbound, nil, token, true},
		{"url with port and query", "http://127.0.0.1:8080/sms?city=tt", inbound, nil, token, true},
		{"no params", "https://sigap.example/sms/status", url.Values{}, nil, token, true},
		{"unicode body", "https://sigap.example/sms", url.Values{"Body": {"Kebakaran ’🔥’"}}, nil, token, true},
		{"tampered body", "https://sigap.example/sms", inbound,
			func(v url.Values) { v.Set("Body", "TOLAK TT-0427") }, token, false},
		{"added param", "https://sigap.example/sms", inbound,
			func(v url.Values) { v.Set("Extra", "1") }, token, false},
		{"other token", "https://sigap.example/sms", inbound, nil, "ffffffffffffffffffffffffffffffff", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			params := cloneValues(tt.params)
			sig := twiliotest.Sign(token, tt.url, params)
			if tt.sign != nil {
				tt.sign(params)
			}
			v := client.NewRequestValidator(tt.token)
			if got := v.Validate(tt.url, flatten(params), sig); got != tt.valid {
				t.Errorf("Validate = %v, want %v", got, tt.valid)
			}
			if got := v.ValidateBody(tt.url, []byte(params.Encode()), sig); got != tt.valid {
				t.Errorf("ValidateBody = %v, want %v", got, tt.valid)
			}
		})
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func flatten(v url.Values) map[string]string {
	out := map[string]string{}
	for k := range v {
		out[k] = v.Get(k)
	}
	return out
}

// hook is a webhook endpoint that checks Twilio's signature the way the
// service will, with twilio-go's validator, and records what it got.
type hook struct {
	*httptest.Server
	status int

	mu    sync.Mutex
	forms []url.Values
}

func newHook(t *testing.T, token string, status int) *hook {
	t.Helper()
	h := &hook{status: status}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		v := client.NewRequestValidator(token)
		if !v.ValidateBody(h.URL+r.URL.RequestURI(), body, r.Header.Get("X-Twilio-Signature")) {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		form, _ := url.ParseQuery(string(body))
		h.mu.Lock()
		h.forms = append(h.forms, form)
		h.mu.Unlock()
		w.WriteHeader(h.status)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hook) received() []url.Values {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]url.Values(nil), h.forms...)
}

func TestSendInbound(t *testing.T) {
	fake := startFake(t)
	h := newHook(t, testToken, http.StatusOK)
	resp, err := fake.SendInbound(context.Background(), h.URL+"/sms/inbound", "+6281234567890", "+6261123456", "TERIMA TT-0427")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook answered %s (signature rejected?)", resp.Status)
	}
	got := h.received()
	if len(got) != 1 {
		t.Fatalf("webhook got %d requests, want 1", len(got))
	}
	want := map[string]string{
		"AccountSid": testSID, "From": "+6281234567890", "To": "+6261123456", "Body": "TERIMA TT-0427",
		"NumMedia": "0", "SmsStatus": "received", "FromCountry": "ID", "ApiVersion": "2010-04-01",
	}
	for k, v := range want {
		if got[0].Get(k) != v {
			t.Errorf("%s = %q, want %q", k, got[0].Get(k), v)
		}
	}
	if sid := got[0].Get("MessageSid"); !strings.HasPrefix(sid, "SM") || len(sid) != 34 {
		t.Errorf("MessageSid = %q", sid)
	}
	if n := len(fake.Messages()); n != 0 {
		t.Errorf("inbound recorded as %d outbound messages", n)
	}
}

func TestDeliverStatus(t *testing.T) {
	tests := []struct {
		name, status, errorCode string
		hookStatus              int
		wantErr                 bool
	}{
		{"delivered", "delivered", "", http.StatusNoContent, false},
		{"sent", "sent", "", http.StatusOK, false},
		{"undelivered", "undelivered", "30003", http.StatusOK, false},
		{"failed", "failed", "30008", http.StatusOK, false},
		{"callback rejects", "delivered", "", http.StatusInternalServerError, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := startFake(t)
			h := newHook(t, testToken, tt.hookStatus)
			sid := createVia(t, fake, h.URL+"/sms/status")
			err := fake.DeliverStatus(context.Background(), sid, tt.status)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DeliverStatus err = %v, want error %v", err, tt.wantErr)
			}
			got := h.received()
			if len(got) != 1 {
				t.Fatalf("callback got %d requests, want 1", len(got))
			}
			f := got[0]
			if f.Get("MessageSid") != sid || f.Get("MessageStatus") != tt.status ||
				f.Get("To") != "+6281234567890" || f.Get("ErrorCode") != tt.errorCode {
				t.Errorf("callback form = %v", f)
			}
			m := fake.Messages()[0]
			if m.Status != tt.status {
				t.Errorf("recorded status %q, want %q", m.Status, tt.status)
			}
		})
	}
}

func TestDeliverStatusWithoutCallback(t *testing.T) {
	fake := startFake(t)
	sid := createVia(t, fake, "")
	if err := fake.DeliverStatus(context.Background(), sid, "delivered"); err != nil {
		t.Fatal(err)
	}
	if m := fake.Messages()[0]; m.Status != "delivered" || m.Sent.IsZero() {
		t.Errorf("message = %+v, want delivered with a sent time", m)
	}
	if err := fake.DeliverStatus(context.Background(), "SMnope", "delivered"); err == nil {
		t.Error("unknown sid: want error")
	}
}

// createVia sends one message through twilio-go and returns its sid.
func createVia(t *testing.T, fake *twiliotest.Server, callback string) string {
	t.Helper()
	p := (&openapi.CreateMessageParams{}).SetTo("+6281234567890").SetFrom("+6261123456").SetBody("hi")
	if callback != "" {
		p.SetStatusCallback(callback)
	}
	m, err := apiFor(fake, testToken).CreateMessage(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := time.Parse(time.RFC1123Z, *m.DateCreated); err != nil {
		t.Errorf("date_created %q: %v", *m.DateCreated, err)
	}
	return *m.Sid
}
