package twiliosms

import (
	"net/http"
	"testing"
)

// recorder is the next transport: it remembers the request it was given.
type recorder struct{ got *http.Request }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.got = req
	return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: req}, nil
}

func TestRewriteTransport(t *testing.T) {
	tests := []struct {
		name, target, in, want string
	}{
		{"twilio api host", "http://127.0.0.1:8099",
			"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B62",
			"http://127.0.0.1:8099/2010-04-01/Accounts/AC1/Messages.json?To=%2B62"},
		{"regional twilio host", "http://127.0.0.1:8099",
			"https://api.sydney.au1.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
			"http://127.0.0.1:8099/2010-04-01/Accounts/AC1/Messages.json"},
		{"target with path prefix", "https://proxy.example/twilio/",
			"https://api.twilio.com/2010-04-01/Accounts.json",
			"https://proxy.example/twilio/2010-04-01/Accounts.json"},
		{"other host untouched", "http://127.0.0.1:8099",
			"https://example.com/2010-04-01/x.json", "https://example.com/2010-04-01/x.json"},
		{"other twilio product untouched", "http://127.0.0.1:8099",
			"https://messaging.twilio.com/v1/Services", "https://messaging.twilio.com/v1/Services"},
		{"look-alike host untouched", "http://127.0.0.1:8099",
			"https://api.twilio.com.evil.example/x", "https://api.twilio.com.evil.example/x"},
		{"callback host untouched", "http://127.0.0.1:8099",
			"https://sigap.example/sms/status", "https://sigap.example/sms/status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := &recorder{}
			rt, err := newRewriteTransport(tt.target, next)
			if err != nil {
				t.Fatal(err)
			}
			req, err := http.NewRequest(http.MethodGet, tt.in, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := next.got.URL.String(); got != tt.want {
				t.Errorf("sent to %s, want %s", got, tt.want)
			}
			if req.URL.String() != tt.in {
				t.Errorf("caller's request modified: %s", req.URL)
			}
		})
	}
}
