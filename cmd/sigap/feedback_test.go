package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/hotline"
)

func TestCallerRatesTheServiceBySMS(t *testing.T) {
	cfg := copyDeployment(t, "city.yaml", "feedback_sms_after: 10m", "feedback_sms_after: 1s")
	h := newHarnessWith(t, func(o *Options) { o.ConfigDir = cfg })
	h.runWorkers(t.Context())
	inc := h.createFire()
	h.waitNotified(inc.ID, 2)
	resp, body := h.post("/api/v1/incidents/"+inc.Code+"/close", map[string]string{"disposition": "resolved"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("close: %d %s", resp.StatusCode, body)
	}
	const caller = "+6281234567890"
	h.waitFor(func() bool {
		for _, m := range h.messagesTo(caller) {
			if strings.Contains(m.Body, "Balas angka 1") && strings.Contains(m.Body, inc.Code) {
				return true
			}
		}
		return false
	}, 10*time.Second)
	// The worker records that feedback was asked right after the provider
	// took the SMS; a person answers seconds later, the fake Twilio at once.
	h.waitFor(func() bool { return h.incident(inc.ID).FeedbackAsked != nil }, 10*time.Second)
	if got := h.reply(caller, "4"); !strings.Contains(got, "4/5") {
		t.Errorf("the rating must be acknowledged: %q", got)
	}
	if r := h.incident(inc.ID).Rating; r != 4 {
		t.Errorf("rating on the incident: %d", r)
	}
	if got := h.reply(caller, "1"); !strings.Contains(got, "tidak terdaftar") {
		t.Errorf("a second rating is not taken: %q", got)
	}
	h.token = apiToken(t, h.app, "walikota", hotline.RoleOfficial, "")
	req, _ := http.NewRequest("GET", h.http.URL+"/api/v1/reports/compliance?period=month", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf strings.Builder
	_, _ = io.Copy(&buf, res.Body)
	if !strings.Contains(buf.String(), `"rating:damkar:sum":4`) {
		t.Errorf("the satisfaction figures are in the report: %s", buf.String())
	}
}
