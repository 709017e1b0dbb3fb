package twiliotest_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
)

const (
	testSID   = "AC0123456789abcdef0123456789abcdef"
	testToken = "0123456789abcdef0123456789abcdef"
	hotline   = "+6261123456"
)

func startFake(t *testing.T) *twiliotest.Server {
	t.Helper()
	fake := twiliotest.New(testSID, testToken)
	t.Cleanup(fake.Close)
	return fake
}

// toFake points twilio-go's hard-coded api.twilio.com at the fake; the
// production rewrite lives in twiliosms and is tested there.
type toFake struct{ base *url.URL }

func (f toFake) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = f.base.Scheme, f.base.Host, ""
	return http.DefaultTransport.RoundTrip(r)
}

// apiFor is a bare twilio-go client talking to fake, independent of the
// twiliosms adapter.
func apiFor(fake *twiliotest.Server, token string) *openapi.ApiService {
	base, _ := url.Parse(fake.URL())
	c := &client.Client{
		Credentials: client.NewCredentials(testSID, token),
		HTTPClient:  &http.Client{Transport: toFake{base}, Timeout: 5 * time.Second},
	}
	c.SetAccountSid(testSID)
	return twilio.NewRestClientWithParams(twilio.ClientParams{Client: c}).Api
}

func send(api *openapi.ApiService, to, body string) (*openapi.ApiV2010Message, error) {
	return api.CreateMessage((&openapi.CreateMessageParams{}).SetTo(to).SetFrom(hotline).SetBody(body))
}

func TestCreateMessage(t *testing.T) {
	fake := startFake(t)
	m, err := send(apiFor(fake, testToken), "+6281234567890", "112 TT-0427")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^SM[0-9a-f]{32}$`).MatchString(*m.Sid) {
		t.Errorf("sid %q", *m.Sid)
	}
	if *m.Status != "queued" || *m.To != "+6281234567890" || *m.From != hotline ||
		*m.Body != "112 TT-0427" || *m.AccountSid != testSID || m.DateSent != nil || *m.NumSegments != "1" {
		t.Errorf("message = %+v", m)
	}
	got := fake.Messages()
	if len(got) != 1 || got[0].Sid != *m.Sid || got[0].Created.IsZero() {
		t.Errorf("recorded %+v", got)
	}
	f, err := apiFor(fake, testToken).FetchMessage(*m.Sid, nil)
	if err != nil || *f.Sid != *m.Sid {
		t.Errorf("fetch = %v, %v", f, err)
	}
}

func TestCreateMessageErrors(t *testing.T) {
	tests := []struct {
		name       string
		token, to  string
		fail       func(*twiliotest.Server)
		code, http int
	}{
		{"wrong token", "ffffffffffffffffffffffffffffffff", "+6281234567890", nil, 20003, 401},
		{"invalid To", testToken, "081234567890", nil, 21211, 400},
		{"injected permanent", testToken, "+6281234567890",
			func(s *twiliotest.Server) { s.FailNext(1, 21614, 400) }, 21614, 400},
		{"injected outage", testToken, "+6281234567890",
			func(s *twiliotest.Server) { s.FailNext(1, 20500, 500) }, 20500, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := startFake(t)
			if tt.fail != nil {
				tt.fail(fake)
			}
			_, err := send(apiFor(fake, tt.token), tt.to, "x")
			var te *client.TwilioRestError
			if !errors.As(err, &te) || te.Code != tt.code || te.Status != tt.http {
				t.Fatalf("err = %v, want Twilio %d/%d", err, tt.code, tt.http)
			}
			if n := len(fake.Messages()); n != 0 {
				t.Errorf("%d messages recorded, want 0", n)
			}
		})
	}
}

func TestFailNextCountsDown(t *testing.T) {
	fake := startFake(t)
	api := apiFor(fake, testToken)
	fake.FailNext(2, 20500, 500)
	for i, wantErr := range []bool{true, true, false} {
		if _, err := send(api, "+6281234567890", "x"); (err != nil) != wantErr {
			t.Errorf("send %d: err = %v, want error %v", i, err, wantErr)
		}
	}
	fake.FailNext(1, 20500, 500)
	fake.Reset()
	if _, err := send(api, "+6281234567890", "x"); err != nil {
		t.Errorf("after Reset: %v", err)
	}
	if n := len(fake.Messages()); n != 1 {
		t.Errorf("after Reset: %d messages, want 1", n)
	}
}

func TestListMessages(t *testing.T) {
	fake := startFake(t)
	api := apiFor(fake, testToken)
	for i := range 5 {
		if _, err := send(api, "+6281234567890", fmt.Sprint("m", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := send(api, "+6281111111111", "other"); err != nil {
		t.Fatal(err)
	}
	sent := fake.Messages()[1].Sid
	if err := fake.DeliverStatus(t.Context(), sent, "delivered"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		params *openapi.ListMessageParams
		want   []string
	}{
		{"to filter pages newest first", (&openapi.ListMessageParams{}).SetTo("+6281234567890").SetPageSize(2),
			[]string{"m4", "m3", "m2", "m1", "m0"}},
		{"limit", (&openapi.ListMessageParams{}).SetTo("+6281234567890").SetLimit(3), []string{"m4", "m3", "m2"}},
		{"from filter", (&openapi.ListMessageParams{}).SetFrom("+620000"), nil},
		{"date sent excludes queued", (&openapi.ListMessageParams{}).SetDateSentAfter(time.Now().Add(-time.Hour)),
			[]string{"m1"}},
		{"date sent in the future", (&openapi.ListMessageParams{}).SetDateSentAfter(time.Now().Add(time.Hour)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := api.ListMessage(tt.params)
			if err != nil {
				t.Fatal(err)
			}
			var bodies []string
			for _, m := range list {
				bodies = append(bodies, *m.Body)
			}
			if fmt.Sprint(bodies) != fmt.Sprint(tt.want) {
				t.Errorf("bodies = %v, want %v", bodies, tt.want)
			}
		})
	}
}

func TestFetchUnknownAndOtherAccount(t *testing.T) {
	fake := startFake(t)
	_, err := apiFor(fake, testToken).FetchMessage("SMnope", nil)
	var te *client.TwilioRestError
	if !errors.As(err, &te) || te.Status != 404 {
		t.Errorf("unknown sid: err = %v, want 404", err)
	}
	other := "AC" + "ffffffffffffffffffffffffffffffff"
	_, err = apiFor(fake, testToken).CreateMessage((&openapi.CreateMessageParams{}).
		SetPathAccountSid(other).SetTo("+6281234567890").SetFrom(hotline).SetBody("x"))
	if !errors.As(err, &te) || te.Status != 404 {
		t.Errorf("other account: err = %v, want 404", err)
	}
}

func TestWaitFor(t *testing.T) {
	fake := startFake(t)
	api := apiFor(fake, testToken)
	go func() {
		time.Sleep(50 * time.Millisecond)
		for range 2 {
			_, _ = send(api, "+6281234567890", "x")
		}
	}()
	if got := fake.WaitFor(2, 5*time.Second); len(got) != 2 {
		t.Errorf("WaitFor(2) = %d messages", len(got))
	}
	start := time.Now()
	if got := fake.WaitFor(3, 100*time.Millisecond); len(got) != 2 {
		t.Errorf("WaitFor(3) after timeout = %d messages, want 2", len(got))
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Error("WaitFor returned before its timeout")
	}
}

func TestNewAt(t *testing.T) {
	fake, err := twiliotest.NewAt("127.0.0.1:0", testSID, testToken)
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	if _, err := send(apiFor(fake, testToken), "+6281234567890", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := twiliotest.NewAt("256.0.0.1:1", testSID, testToken); err == nil {
		t.Error("bad address: want error")
	}
}
