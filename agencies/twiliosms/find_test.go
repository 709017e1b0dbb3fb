package twiliosms_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/twilio/twilio-go/client"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
)

func TestFind(t *testing.T) {
	const body = "112 TT-0427 P1 GAWAT\nBalas: TERIMA TT-0427"
	tests := []struct {
		name      string
		status    string // "" leaves the message queued
		to, body  string
		since     time.Duration // relative to the send
		wantFound bool
	}{
		{"sent message", "sent", responder, body, -time.Second, true},
		{"delivered message", "delivered", responder, body, -time.Second, true},
		{"still queued at Twilio", "", responder, body, -time.Second, true},
		{"different body", "sent", responder, body + "!", -time.Second, false},
		{"different number", "sent", "+6281299999999", body, -time.Second, false},
		{"sent before since", "sent", responder, body, 5 * time.Minute, false},
		{"failed at Twilio", "failed", responder, body, -time.Second, false},
		{"undelivered", "undelivered", responder, body, -time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := startFake(t)
			cfg := configFor(fake.URL())
			cfg.StatusCallbackURL = statusHook(t)
			c := newClient(t, cfg, nil)
			sent := time.Now()
			id, err := c.Send(t.Context(), assignment(body))
			if err != nil {
				t.Fatal(err)
			}
			deliver(t, fake, string(id), tt.status)
			got, found, err := c.Find(t.Context(), tt.to, tt.body, sent.Add(tt.since))
			if err != nil {
				t.Fatal(err)
			}
			if found != tt.wantFound || (found && got != id) {
				t.Errorf("Find = %q, %v; want found %v (sid %q)", got, found, tt.wantFound, id)
			}
		})
	}
}

// deliver has the fake report status for sid; "" leaves it queued.
func deliver(t *testing.T, fake *twiliotest.Server, sid, status string) {
	t.Helper()
	if status == "" {
		return
	}
	if err := fake.DeliverStatus(t.Context(), sid, status); err != nil {
		t.Fatal(err)
	}
}

// statusHook accepts every delivery receipt.
func statusHook(t *testing.T) string {
	t.Helper()
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h.URL + "/sms/status"
}

// clientWithoutReceipts is a client of a fresh fake Twilio that asks for no
// delivery receipts: its messages stay queued, with no date_sent.
func clientWithoutReceipts(t *testing.T) *twiliosms.Client {
	t.Helper()
	cfg := configFor(startFake(t).URL())
	cfg.StatusCallbackURL = ""
	return newClient(t, cfg, nil)
}

func TestFindAmongMany(t *testing.T) {
	c := clientWithoutReceipts(t)
	since := time.Now()
	var want agencies.MessageID
	for _, body := range []string{"a", "target", "b", "c"} {
		id, err := c.Send(t.Context(), assignment(body))
		if err != nil {
			t.Fatal(err)
		}
		if body == "target" {
			want = id
		}
	}
	got, found, err := c.Find(t.Context(), responder, "target", since)
	if err != nil || !found || got != want {
		t.Errorf("Find = %q, %v, %v; want %q", got, found, err, want)
	}
}

func TestFindErrors(t *testing.T) {
	fake := startFake(t)
	cfg := configFor(fake.URL())
	cfg.AuthToken = "ffffffffffffffffffffffffffffffff"
	_, found, err := newClient(t, cfg, nil).Find(t.Context(), responder, "x", time.Now())
	var te *client.TwilioRestError
	if found || !errors.As(err, &te) || te.Code != 20003 {
		t.Errorf("wrong token: found %v, err %v; want Twilio 20003", found, err)
	}
	c := newClient(t, configFor(fake.URL()), nil)
	if _, _, err := c.Find(cancelled(t.Context()), responder, "x", time.Now()); err == nil {
		t.Error("cancelled context: want error")
	}
}

// TestFindQueuedBehindMany is the crash window on a busy responder: the
// assignment went out, the sender died before recording it, and by the
// time the lease expired the same phone had been sent many more SMS, all
// still queued at Twilio (no date_sent). The lookup must still find it, or
// the responder gets the assignment twice.
func TestFindQueuedBehindMany(t *testing.T) {
	c := clientWithoutReceipts(t)
	since := time.Now()
	want, err := c.Send(t.Context(), assignment("target"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 130 { // more than one page of the lookup
		if _, err := c.Send(t.Context(), assignment(fmt.Sprintf("later %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	got, found, err := c.Find(t.Context(), responder, "target", since)
	if err != nil || !found || got != want {
		t.Errorf("Find behind 130 queued messages = %q, %v, %v; want %q", got, found, err, want)
	}
}

// countingCtx is a context that is never cancelled and counts the
// callbacks registered on it (context.AfterFunc, context.WithCancel) that
// are neither run nor stopped: what a long-lived worker context would keep
// for ever. Its own Done channel keeps the context package from attaching
// children to an inner cancelCtx, so every registration goes through
// AfterFunc.
type countingCtx struct {
	context.Context
	done chan struct{}
	mu   sync.Mutex
	live int
}

func (c *countingCtx) Done() <-chan struct{} { return c.done }

func (c *countingCtx) AfterFunc(f func()) func() bool {
	c.mu.Lock()
	c.live++
	c.mu.Unlock()
	done := false
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if done {
			return false
		}
		done = true
		c.live--
		return true
	}
}

// A worker sends and looks up with its own long-lived context: every call
// must release what it registered on it, or each lookup leaks.
func TestSendAndFindReleaseTheCallersContext(t *testing.T) {
	c := clientWithoutReceipts(t)
	parent := &countingCtx{Context: context.Background(), done: make(chan struct{})}
	for i := range 5 {
		if _, err := c.Send(parent, assignment(fmt.Sprintf("msg %d", i))); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Find(parent, responder, "not sent", time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Find(parent, responder, "msg 0", time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	parent.mu.Lock()
	defer parent.mu.Unlock()
	if parent.live != 0 {
		t.Errorf("%d callbacks still registered on the caller's context after 5 sends and 10 lookups", parent.live)
	}
}
