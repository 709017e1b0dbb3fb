package main

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/hotline"
)

// openStream opens GET /api/v1/stream with a token and returns a channel
// closed when the server ends the stream.
func openStream(t *testing.T, base, token string) <-chan struct{} {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("stream: %v %v", resp, err)
	}
	r := bufio.NewReader(resp.Body)
	if line, _ := r.ReadString('\n'); !strings.HasPrefix(line, "retry:") {
		t.Fatalf("stream start: %q", line)
	}
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		defer resp.Body.Close()
		for {
			if _, err := r.ReadString('\n'); err != nil {
				return
			}
		}
	}()
	return ended
}

// TestDisablingAUserClosesTheirStreams: an agency dispatcher's open board
// stream stops at once when an admin disables them on the same instance,
// and within the recheck interval on another instance.
func TestDisablingAUserClosesTheirStreams(t *testing.T) {
	srv := redistest.Start(t)
	tw := twiliotest.New(testSID, testToken)
	t.Cleanup(tw.Close)
	a := newHarnessOn(t, srv.URL, tw, func(*Options) {})
	b := newHarnessOn(t, srv.URL, tw, func(*Options) {})
	admin := apiToken(t, a.app, "kepala", hotline.RoleAdmin, "")
	dewi := apiToken(t, a.app, "dewi", hotline.RoleAgency, "damkar")
	here := openStream(t, a.http.URL, dewi)
	there := openStream(t, b.http.URL, dewi)
	req, _ := http.NewRequest(http.MethodPost, a.http.URL+"/api/v1/users/dewi/disable", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("disable: %v %v", resp, err)
	}
	resp.Body.Close()
	select {
	case <-here:
		t.Logf("stream on the same instance closed %v after the disable", time.Since(start))
	case <-time.After(time.Second):
		t.Fatal("the disabled user's stream on this instance is still open after 1 s")
	}
	select {
	case <-there:
		t.Logf("stream on the other instance closed %v after the disable", time.Since(start))
	case <-time.After(hotlineStreamRecheck + 2*time.Second):
		t.Fatal("the disabled user's stream on the other instance is still open")
	}
}

// hotlineStreamRecheck mirrors hotline's recheck interval (5 s).
const hotlineStreamRecheck = 5 * time.Second
