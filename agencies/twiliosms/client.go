package twiliosms

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// Client sends SMS through one Twilio account. It is safe for concurrent
// use.
type Client struct {
	cfg       Config
	log       *zap.Logger
	transport http.RoundTripper
}

var (
	_ agencies.Notifier = (*Client)(nil)
	_ agencies.Finder   = (*Client)(nil)
)

// New checks cfg and prepares a client. log may be nil. Nothing is sent:
// a wrong token shows at the first Send.
func New(cfg Config, log *zap.Logger) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if log == nil {
		log = zap.NewNop()
	}
	c := &Client{cfg: cfg, log: log.Named("twiliosms"), transport: http.DefaultTransport}
	if cfg.APIURL != DefaultAPIURL {
		rt, err := newRewriteTransport(cfg.APIURL, http.DefaultTransport)
		if err != nil {
			return nil, fmt.Errorf("twiliosms: Config.APIURL: %w", err)
		}
		c.transport = rt
		if u, _ := url.Parse(cfg.APIURL); u.Scheme == "http" && !isLoopback(u.Hostname()) {
			c.log.Warn("Twilio API URL is plain http: credentials travel unencrypted",
				zap.String("api_url", cfg.APIURL))
		}
	}
	c.log.Info("twilio sms ready", zap.String("api_url", cfg.APIURL), zap.String("from", cfg.From),
		zap.Bool("status_callback", cfg.StatusCallbackURL != ""))
	return c, nil
}

// api returns twilio-go's Messages API bound to ctx. It is built per call
// because twilio-go takes no context: the context travels in the HTTP
// client's transport instead. Building it costs a few allocations.
func (c *Client) api(ctx context.Context) *openapi.ApiService {
	base := &client.Client{
		Credentials: client.NewCredentials(c.cfg.AccountSID, c.cfg.AuthToken),
		HTTPClient: &http.Client{
			Transport: ctxTransport{ctx: ctx, next: c.transport},
			Timeout:   c.cfg.Timeout,
			// As twilio-go's default client: report redirects, don't follow.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	// twilio-go only sets the account itself when it builds the client.
	base.SetAccountSid(c.cfg.AccountSID)
	return twilio.NewRestClientWithParams(twilio.ClientParams{Client: base}).Api
}

// Send asks Twilio to send msg. A rejection of the number wraps
// agencies.ErrUndeliverable; every other error may succeed on retry.
func (c *Client) Send(ctx context.Context, msg agencies.SMS) (agencies.MessageID, error) {
	log := c.log.With(zap.String("to", agencies.MaskPhone(msg.To)),
		zap.String("tag", msg.Tag), zap.String("incident", msg.IncidentID))
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("twiliosms: send not attempted: %w", err)
	}
	if msg.To == "" {
		return "", fmt.Errorf("twiliosms: no recipient: %w", agencies.ErrUndeliverable)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	params := (&openapi.CreateMessageParams{}).SetTo(msg.To).SetFrom(c.cfg.From).SetBody(msg.Body)
	if c.cfg.StatusCallbackURL != "" {
		params.SetStatusCallback(c.cfg.StatusCallbackURL)
	}
	start := time.Now()
	res, err := c.api(ctx).CreateMessage(params)
	if err != nil {
		err = classify(ctx, "send", err)
		logFailure(log, "sms not accepted", err)
		return "", err
	}
	if res.Sid == nil || *res.Sid == "" {
		return "", errors.New("twiliosms: send: Twilio answered without a message sid")
	}
	log.Info("sms accepted", zap.String("sid", *res.Sid), zap.Int("segments", agencies.Segments(msg.Body)),
		zap.Duration("took", time.Since(start)))
	return agencies.MessageID(*res.Sid), nil
}

// findLimit caps how many messages one Find reads: enough for a busy
// responder's messages over a long outage, bounded so a recovery cannot
// page forever. findOlder is how many messages created before the window a
// newest-first scan reads before it stops: Twilio orders by date sent, and
// a queued message has none, so the first older one is not yet the end.
const (
	findLimit     = 1000
	findPage      = 100
	findOlder     = 20
	findClockSkew = time.Minute
)

// Find looks for a message with exactly this body sent from the service's
// number to `to` at or after since, that Twilio has not reported as failed.
// It is asked after a crash between sending and recording, so that a
// responder does not get the same assignment twice.
func (c *Client) Find(ctx context.Context, to, body string, since time.Time) (agencies.MessageID, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, fmt.Errorf("twiliosms: find not attempted: %w", err)
	}
	// Cancelled on return: ctxTransport releases each request with it.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	api := c.api(ctx)
	log := c.log.With(zap.String("to", agencies.MaskPhone(to)))
	notBefore := since.Add(-findClockSkew)
	// Sent messages by date: one short answer once Twilio has sent it.
	list, err := api.ListMessage((&openapi.ListMessageParams{}).SetTo(to).SetFrom(c.cfg.From).
		SetDateSentAfter(since.UTC()).SetPageSize(findPage).SetLimit(findLimit))
	if err != nil {
		err = classify(ctx, "find", err)
		logFailure(log, "sms lookup failed", err)
		return "", false, err
	}
	if sid, ok := match(list, body, notBefore); ok {
		log.Info("sms already accepted", zap.String("sid", sid))
		return agencies.MessageID(sid), true, nil
	}
	// Then every message to this number, newest first, back to the window's
	// start: a message still queued at Twilio (an outage, a backlog) has no
	// date_sent and no date filter matches it, and a busy responder may
	// have been sent many others since.
	scanCtx, stop := context.WithCancel(ctx)
	sid, ok, err := scan(c.api(scanCtx), (&openapi.ListMessageParams{}).SetTo(to).SetFrom(c.cfg.From).
		SetPageSize(findPage).SetLimit(findLimit), body, notBefore, stop)
	if err != nil {
		err = classify(ctx, "find", err)
		logFailure(log, "sms lookup failed", err)
		return "", false, err
	}
	if ok {
		log.Info("sms already accepted", zap.String("sid", sid))
		return agencies.MessageID(sid), true, nil
	}
	return "", false, nil
}

// scan streams messages newest first until one matches, findOlder in a row
// were created before notBefore, or the stream ends. It then cancels the
// scan's own request context (stop) and drains the stream, so that
// twilio-go's paging goroutine ends without reading further pages.
func scan(api *openapi.ApiService, q *openapi.ListMessageParams, body string, notBefore time.Time,
	stop context.CancelFunc) (string, bool, error) {
	records, errs := api.StreamMessage(q)
	defer func() {
		stop()
		for range records {
		}
	}()
	older := 0
	for m := range records {
		if sid, ok := match([]openapi.ApiV2010Message{m}, body, notBefore); ok {
			return sid, true, nil
		}
		if created(m).Before(notBefore) {
			if older++; older >= findOlder {
				return "", false, nil
			}
		} else {
			older = 0
		}
	}
	if err := <-errs; err != nil {
		return "", false, err
	}
	return "", false, nil
}

// created is when Twilio took the message; zero when it does not say.
func created(m openapi.ApiV2010Message) time.Time {
	if m.DateCreated == nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC1123Z, *m.DateCreated)
	return t
}

// match picks the first message with this body created after notBefore
// that was not given up on.
func match(list []openapi.ApiV2010Message, body string, notBefore time.Time) (string, bool) {
	for _, m := range list {
		if m.Sid == nil || m.Body == nil || *m.Body != body {
			continue
		}
		if m.Status != nil {
			switch *m.Status {
			case "failed", "undelivered", "canceled":
				continue
			}
		}
		if at := created(m); !at.IsZero() && at.Before(notBefore) {
			continue
		}
		return *m.Sid, true
	}
	return "", false
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}
