package twiliosms

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// Routes sends through a primary Twilio-compatible account and, for a
// message the primary failed to accept After times (transient failures:
// 5xx, refused connections, timeouts), through a fallback account or URL
// (another Twilio account, SignalWire, a local gateway with a Twilio-
// compatible API). A message is one Tag (one responder of one assignment):
// Sigap's send ledger still lets one of its sends succeed, whichever route.
// Find asks both routes, so a resend after a crash is recognised on either.
type Routes struct {
	primary, fallback *Client
	after             int
	log               *zap.Logger
	mu                sync.Mutex
	failures          map[string]int // Tag → primary failures
}

var (
	_ agencies.Notifier = (*Routes)(nil)
	_ agencies.Finder   = (*Routes)(nil)
)

// NewRoutes combines two clients; after <= 0 means 2.
func NewRoutes(primary, fallback *Client, after int, log *zap.Logger) *Routes {
	if after <= 0 {
		after = 2
	}
	if log == nil {
		log = zap.NewNop()
	}
	return &Routes{primary: primary, fallback: fallback, after: after, log: log.Named("sms-routes"), failures: map[string]int{}}
}

// Send implements agencies.Notifier.
func (r *Routes) Send(ctx context.Context, msg agencies.SMS) (agencies.MessageID, error) {
	r.mu.Lock()
	useFallback := r.failures[msg.Tag] >= r.after
	r.mu.Unlock()
	if useFallback {
		id, err := r.fallback.Send(ctx, msg)
		if err == nil {
			r.log.Warn("sms sent through the fallback route", zap.String("tag", msg.Tag))
			r.forget(msg.Tag)
		}
		return id, err
	}
	id, err := r.primary.Send(ctx, msg)
	switch {
	case err == nil || errors.Is(err, agencies.ErrUndeliverable):
		r.forget(msg.Tag)
	default:
		r.mu.Lock()
		r.failures[msg.Tag]++
		r.mu.Unlock()
	}
	return id, err
}

func (r *Routes) forget(tag string) {
	r.mu.Lock()
	delete(r.failures, tag)
	r.mu.Unlock()
}

// Find implements agencies.Finder: the primary first, then the fallback.
func (r *Routes) Find(ctx context.Context, to, body string, since time.Time) (agencies.MessageID, bool, error) {
	id, found, err := r.primary.Find(ctx, to, body, since)
	if found {
		return id, true, nil
	}
	id2, found2, err2 := r.fallback.Find(ctx, to, body, since)
	if found2 {
		return id2, true, nil
	}
	return "", false, errors.Join(err, err2)
}
