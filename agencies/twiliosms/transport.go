package twiliosms

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// rewriteTransport sends requests meant for Twilio's API host to another
// base URL. twilio-go hard-codes https://api.twilio.com and has no option
// for a base URL, but lets us supply the http.Client it uses. Requests to
// any other host pass through untouched.
type rewriteTransport struct {
	target *url.URL
	next   http.RoundTripper
}

func newRewriteTransport(apiURL string, next http.RoundTripper) (*rewriteTransport, error) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return nil, err
	}
	return &rewriteTransport{target: u, next: next}, nil
}

func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !isTwilioAPIHost(req.URL.Hostname()) {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme = t.target.Scheme
	out.URL.Host = t.target.Host
	out.URL.Path = strings.TrimSuffix(t.target.Path, "/") + req.URL.Path
	out.URL.RawPath = ""
	out.Host = ""
	return t.next.RoundTrip(out)
}

// isTwilioAPIHost matches api.twilio.com and the regional/edge forms
// twilio-go builds from TWILIO_REGION and TWILIO_EDGE
// (api.sydney.au1.twilio.com).
func isTwilioAPIHost(host string) bool {
	host = strings.ToLower(host)
	return host == "api.twilio.com" ||
		(strings.HasPrefix(host, "api.") && strings.HasSuffix(host, ".twilio.com"))
}

// ctxTransport ties every request of one Send or Find to that call's
// context. twilio-go builds its requests with context.Background(), so
// without this a cancelled dispatch would still wait for Twilio.
type ctxTransport struct {
	ctx  context.Context
	next http.RoundTripper
}

func (t ctxTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	// Released when the call's context is cancelled, which Send and Find do
	// on return, after twilio-go has read the response body.
	context.AfterFunc(t.ctx, cancel)
	return t.next.RoundTrip(req.WithContext(ctx))
}
