// Package twiliotest is a fake Twilio: an HTTP server speaking enough of the
// 2010-04-01 Messages API for the real twilio-go client, plus the webhooks
// Twilio calls (inbound SMS, delivery status), signed as Twilio signs them.
// Tests and the demo use it instead of a Twilio account; nothing here
// imports testing.
package twiliotest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Message is one outbound message the fake accepted.
type Message struct {
	Sid            string // SM + 32 hex digits
	AccountSid     string
	To, From, Body string
	StatusCallback string
	Status         string // queued until DeliverStatus changes it
	ErrorCode      int    // set by DeliverStatus for failed and undelivered
	Created        time.Time
	Sent           time.Time // zero while queued, as Twilio's date_sent is null
}

// Server is a running fake Twilio for one account.
type Server struct {
	sid, token string
	srv        *httptest.Server
	webhooks   *http.Client

	mu       sync.Mutex
	msgs     []*Message
	faults   []fault
	changed  chan struct{} // closed and replaced whenever msgs grows
	lastTime time.Time
	down     int           // HTTP status every creation answers while the provider is "down"; 0 = up
	latency  time.Duration // how long each creation takes
	attempts int           // message creations asked for, failed or not
}

type fault struct{ code, status int }

// New starts a fake Twilio on a free loopback port that accepts the given
// account SID and auth token (HTTP basic auth, as twilio-go sends them).
func New(accountSID, authToken string) *Server {
	s := newServer(accountSID, authToken)
	s.srv = httptest.NewServer(s.routes())
	return s
}

// NewAt starts a fake Twilio on addr (e.g. "127.0.0.1:8099"), so that a
// demo can give the service a fixed API URL.
func NewAt(addr, accountSID, authToken string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("twiliotest: listen %s: %w", addr, err)
	}
	s := newServer(accountSID, authToken)
	s.srv = httptest.NewUnstartedServer(s.routes())
	s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	return s, nil
}

func newServer(sid, token string) *Server {
	return &Server{
		sid:      sid,
		token:    token,
		webhooks: &http.Client{Timeout: 10 * time.Second},
		changed:  make(chan struct{}),
	}
}

// URL is the API base URL to configure instead of https://api.twilio.com.
func (s *Server) URL() string { return s.srv.URL }

// AccountSID is the account the fake serves.
func (s *Server) AccountSID() string { return s.sid }

// AuthToken is the token the fake checks and signs webhooks with.
func (s *Server) AuthToken() string { return s.token }

// Close stops the server and waits for requests in flight.
func (s *Server) Close() { s.srv.Close() }

// Messages returns copies of the accepted messages, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshot()
}

func (s *Server) snapshot() []Message {
	out := make([]Message, len(s.msgs))
	for i, m := range s.msgs {
		out[i] = *m
	}
	return out
}

// WaitFor waits until at least n messages were accepted or timeout passes,
// and returns what it has then: callers compare the length themselves.
func (s *Server) WaitFor(n int, timeout time.Duration) []Message {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			defer s.mu.Unlock()
			return s.snapshot()
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			return s.Messages()
		}
	}
}

// Reset forgets all messages and pending faults.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs, s.faults = nil, nil
}

// FailNext makes the next n message creations fail with a Twilio error of
// the given code and HTTP status: e.g. (1, 20500, 500) for a transient
// outage or (1, 21211, 400) for an invalid number. Listing and fetching are
// not affected.
func (s *Server) FailNext(n int, code int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, fault{code: code, status: status})
	}
}

func (s *Server) takeFault() (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return fault{}, false
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f, true
}

func (s *Server) add(m *Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

// now returns a time strictly after any the fake handed out before, so that
// messages created in one clock tick still sort newest first.
func (s *Server) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := time.Now().UTC()
	if !t.After(s.lastTime) {
		t = s.lastTime.Add(time.Nanosecond)
	}
	s.lastTime = t
	return t
}

// authorized checks HTTP basic auth and the account in the path.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok || subtle.ConstantTimeCompare([]byte(user), []byte(s.sid)) != 1 ||
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.token)) != 1 {
		writeError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return false
	}
	if r.PathValue("AccountSid") != s.sid {
		writeError(w, http.StatusNotFound, 20404,
			"The requested resource "+r.URL.Path+" was not found")
		return false
	}
	return true
}

func newSid(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails, see crypto/rand
	return prefix + hex.EncodeToString(b)
}
