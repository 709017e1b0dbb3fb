package main

import (
	"bufio"
	"context"
	"net/http"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/hotline"
)

// On SIGTERM the server used to wait its whole 20 s grace period for the
// boards' event streams while they still said "live". Streams now end at
// once and the process stops promptly.
func TestShutdownEndsEventStreamsAtOnce(t *testing.T) {
	o := Options{Listen: "127.0.0.1:0", RedisURL: redistest.Start(t).URL, LogFormat: "json", Twilio: twilioNone}
	o.PublicURL = "http://localhost"
	if err := o.validate(); err != nil {
		t.Fatal(err)
	}
	app, err := NewApp(context.Background(), o, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	addr, err := app.Listen()
	if err != nil {
		t.Fatal(err)
	}
	token := apiToken(t, app, "sari", hotline.RoleSupervisor, "")
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- app.Run(ctx) }()

	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	var resp *http.Response
	for i := 0; i < 50; i++ { // the listener serves once Run has started
		if resp, err = http.DefaultClient.Do(req); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("stream: %v %v", err, resp)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	if !lines.Scan() {
		t.Fatal("no first line on the stream")
	}
	ended := make(chan struct{})
	go func() {
		for lines.Scan() {
		}
		close(ended)
	}()

	start := time.Now()
	stop()
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the event stream was still open 5 s after shutdown began")
	}
	select {
	case err := <-ran:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return 10 s after shutdown began")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("shutdown took %s with a board connected", took)
	}
	t.Logf("shutdown with a board connected took %s", time.Since(start).Round(time.Millisecond))
}
