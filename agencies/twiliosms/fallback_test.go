package twiliosms_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
)

func fakeClient(t *testing.T) (*twiliosms.Client, *twiliotest.Server) {
	t.Helper()
	tw := twiliotest.New("AC0123456789abcdef0123456789abcdef", "faketoken123")
	t.Cleanup(tw.Close)
	c, err := twiliosms.New(twiliosms.Config{AccountSID: tw.AccountSID(), AuthToken: tw.AuthToken(), From: "+6281100000001", APIURL: tw.URL()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, tw
}

// The primary answers 500: after two failures of one message it goes
// through the fallback account, once; other messages try the primary first.
func TestFallbackRouteAfterThePrimaryFailedTwice(t *testing.T) {
	p, ptw := fakeClient(t)
	f, ftw := fakeClient(t)
	r := twiliosms.NewRoutes(p, f, 2, nil)
	ptw.SetDown(500)
	msg := agencies.SMS{To: "+6281100000111", Body: "112 TT-0001 KEBAKARAN", Tag: "assign:i:damkar:r1"}
	for i := 0; i < 2; i++ {
		if _, err := r.Send(context.Background(), msg); err == nil || errors.Is(err, agencies.ErrUndeliverable) {
			t.Fatalf("try %d through a down primary: %v", i+1, err)
		}
	}
	if _, err := r.Send(context.Background(), msg); err != nil {
		t.Fatalf("third try: %v", err)
	}
	if len(ftw.Messages()) != 1 || len(ptw.Messages()) != 0 {
		t.Fatalf("fallback %d, primary %d messages", len(ftw.Messages()), len(ptw.Messages()))
	}
	if _, found, _ := r.Find(context.Background(), msg.To, msg.Body, ftw.Messages()[0].Created.Add(-1)); !found {
		t.Error("a message sent through the fallback must be found (no second SMS after a crash)")
	}
	ptw.SetDown(0)
	other := agencies.SMS{To: "+6281100000112", Body: "112 TT-0002", Tag: "assign:i:damkar:r2"}
	if _, err := r.Send(context.Background(), other); err != nil || len(ptw.Messages()) != 1 {
		t.Errorf("a fresh message goes through the primary: %v, %d", err, len(ptw.Messages()))
	}
}
