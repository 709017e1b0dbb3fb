package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/dispatch"
)

// createFire logs the standard fire and returns it.
func (h *harness) createFire() *dispatch.Incident {
	h.t.Helper()
	resp, body := h.post("/api/v1/incidents", fireReport, nil)
	if resp.StatusCode != http.StatusCreated {
		h.t.Fatalf("POST /incidents: %d %s", resp.StatusCode, body)
	}
	var inc dispatch.Incident
	if err := json.Unmarshal(body, &inc); err != nil {
		h.t.Fatal(err)
	}
	return &inc
}

// reply sends an SMS from a responder's phone through the fake Twilio (signed
// as Twilio signs) and returns Sigap's answer.
func (h *harness) reply(from, body string) string {
	h.t.Helper()
	before := len(h.messagesTo(from))
	resp, err := h.twilio.SendInbound(context.Background(), h.app.Options.PublicURL+"/webhooks/twilio/sms", from, testFrom, body)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("inbound %q: status %d", body, resp.StatusCode)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if msgs := h.messagesTo(from); len(msgs) > before {
			return msgs[len(msgs)-1].Body
		}
		time.Sleep(10 * time.Millisecond)
	}
	h.t.Fatalf("no answer to %q", body)
	return ""
}

func (h *harness) messagesTo(phone string) []twiliotest.Message {
	var out []twiliotest.Message
	for _, m := range h.twilio.Messages() {
		if m.To == phone {
			out = append(out, m)
		}
	}
	return out
}

func (h *harness) incident(id dispatch.IncidentID) *dispatch.Incident {
	h.t.Helper()
	inc, err := h.app.Store.Get(context.Background(), string(id))
	if err != nil {
		h.t.Fatal(err)
	}
	return inc
}

func (h *harness) events(id dispatch.IncidentID, t dispatch.EventType) []dispatch.Event {
	h.t.Helper()
	evs, err := h.app.Store.Events(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []dispatch.Event
	for _, ev := range evs {
		if ev.Type == t {
			out = append(out, ev)
		}
	}
	return out
}

func (h *harness) onDuty(station agencies.StationID) []*agencies.Responder {
	return h.app.Deployment.Directory.OnDuty(station, h.clock)
}

// startedFire runs a Sigap with its workers, logs the standard fire and
// waits until both agencies were texted.
func startedFire(t *testing.T) (*harness, *dispatch.Incident) {
	t.Helper()
	h := newHarness(t)
	h.runWorkers(context.Background())
	inc := h.createFire()
	h.waitNotified(inc.ID, 2)
	return h, inc
}

func TestFullLifecycleBySMSReplies(t *testing.T) {
	h, inc := startedFire(t)
	ctx := context.Background()
	crew := h.onDuty("damkar-padang-hulu")
	r1, r2 := crew[0], crew[1]
	first := h.messagesTo(r1.Phone)[0]
	if err := h.twilio.DeliverStatus(ctx, first.Sid, "delivered"); err != nil {
		t.Fatal(err)
	}
	h.waitFor(func() bool { return h.incident(inc.ID).Assignment(agencies.Damkar).DeliveredAt != nil }, 5*time.Second)

	steps := []struct{ body, want string }{
		{"Siap ndan, terima " + strings.ToLower(inc.Code), "DITERIMA"},
		{"otw", "perjalanan"}, // no code: the responder's only active assignment
		{"TIBA " + inc.Code, "tiba di lokasi"},
		{"SELESAI " + inc.Code + " api padam, nenek dievakuasi ke RSUD", "SELESAI tercatat"},
	}
	for _, st := range steps {
		if got := h.reply(r1.Phone, st.body); !strings.Contains(got, st.want) {
			t.Fatalf("%q answered %q, want it to contain %q", st.body, got, st.want)
		}
	}
	a := h.incident(inc.ID).Assignment(agencies.Damkar)
	if a.Status != dispatch.AssignResolved || a.AckBy != r1.ID || a.Note != "api padam, nenek dievakuasi ke RSUD" {
		t.Errorf("assignment after SELESAI: status %s ack by %s note %q", a.Status, a.AckBy, a.Note)
	}
	for _, typ := range []dispatch.EventType{dispatch.EventDelivered, dispatch.EventAcknowledged, dispatch.EventEnRoute, dispatch.EventOnScene, dispatch.EventResolved} {
		evs := h.events(inc.ID, typ)
		if len(evs) != 1 || evs[0].Channel != dispatch.ChannelSMS || (typ != dispatch.EventDelivered && evs[0].Actor != "responder:"+string(r1.ID)) {
			t.Errorf("%s: %+v", typ, evs)
		}
	}
	if got := h.reply(r2.Phone, "TERIMA "+inc.Code); !strings.Contains(got, "sudah SELESAI") {
		t.Errorf("a reply after SELESAI must change nothing and say so: %q", got)
	}
	if got := h.reply(r2.Phone, "minta bantuan "+inc.Code+" kirim 2 unit tangki lagi"); !strings.Contains(got, "diteruskan") {
		t.Errorf("a request for backup must reach the call-taker: %q", got)
	}
	if a := h.incident(inc.ID).Assignment(agencies.Damkar); !strings.Contains(a.Message, "kirim 2 unit tangki") {
		t.Errorf("the message is not on the incident: %q", a.Message)
	}
	if got := h.reply("+6289999999999", "TERIMA "+inc.Code); !strings.Contains(got, "tidak terdaftar") {
		t.Errorf("unknown number: %q", got)
	}

	resp, body := h.post("/api/v1/incidents/"+inc.Code+"/close", map[string]string{"disposition": "resolved", "note": "api padam"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("close: %d %s", resp.StatusCode, body)
	}
	var closed dispatch.Incident
	_ = json.Unmarshal(body, &closed)
	if closed.Status != dispatch.StatusClosed || closed.Assignment(agencies.Dinkes).Status != dispatch.AssignCancelled {
		t.Errorf("closed incident: %s, dinkes %s", closed.Status, closed.Assignment(agencies.Dinkes).Status)
	}
	iv := closed.Assignment(agencies.Damkar).Intervals
	if iv == nil || iv.Total <= 0 || iv.Acknowledge <= 0 || iv.OnScene <= 0 {
		t.Errorf("intervals derived from the log: %+v", iv)
	}
}

func (h *harness) postForm(path string, form url.Values, signature string) int {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.http.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if signature != "" {
		req.Header.Set("X-Twilio-Signature", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func inboundForm(sid, from, body string) url.Values {
	return url.Values{"MessageSid": {sid}, "AccountSid": {testSID}, "From": {from}, "To": {testFrom}, "Body": {body}, "NumMedia": {"0"}}
}

func TestForgedWebhookIs403AndChangesNothing(t *testing.T) {
	h, inc := startedFire(t)
	r := h.onDuty("damkar-padang-hulu")[0]
	form := inboundForm("SMforged00000000000000000000000001", r.Phone, "TERIMA "+inc.Code)
	public := h.app.Options.PublicURL + "/webhooks/twilio/sms"
	tests := []struct{ name, signature string }{
		{"no signature", ""},
		{"signed with another token", twiliotest.Sign("notthetoken", public, form)},
		{"signed for another host", twiliotest.Sign(testToken, "http://evil.example/webhooks/twilio/sms", form)},
		{"signature of other content", twiliotest.Sign(testToken, public, inboundForm("SMx", r.Phone, "TERIMA"))},
	}
	sentBefore := len(h.twilio.Messages())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := h.postForm("/webhooks/twilio/sms", form, tt.signature); code != http.StatusForbidden {
				t.Errorf("status %d, want 403", code)
			}
		})
	}
	status := url.Values{"MessageSid": {"SMx"}, "MessageStatus": {"failed"}}
	if code := h.postForm("/webhooks/twilio/status", status, twiliotest.Sign("notthetoken", h.app.Options.PublicURL+"/webhooks/twilio/status", status)); code != http.StatusForbidden {
		t.Errorf("forged status callback: %d", code)
	}
	if a := h.incident(inc.ID).Assignment(agencies.Damkar); a.Status != dispatch.AssignNotified {
		t.Errorf("a forged reply changed the assignment: %s", a.Status)
	}
	if n := len(h.twilio.Messages()); n != sentBefore {
		t.Errorf("a forged reply was answered: %d new SMS", n-sentBefore)
	}
	// The genuine one works.
	if code := h.postForm("/webhooks/twilio/sms", form, twiliotest.Sign(testToken, public, form)); code != http.StatusOK {
		t.Errorf("genuine reply: %d", code)
	}
}

func TestDuplicateInboundIsProcessedOnce(t *testing.T) {
	h, inc := startedFire(t)
	r := h.onDuty("damkar-padang-hulu")[0]
	form := inboundForm("SM0123456789abcdef0123456789abcd01", r.Phone, "TERIMA "+inc.Code)
	sig := twiliotest.Sign(testToken, h.app.Options.PublicURL+"/webhooks/twilio/sms", form)
	for i := 0; i < 3; i++ {
		if code := h.postForm("/webhooks/twilio/sms", form, sig); code != http.StatusOK {
			t.Fatalf("delivery %d: %d", i, code)
		}
	}
	if n := len(h.events(inc.ID, dispatch.EventAcknowledged)); n != 1 {
		t.Errorf("acknowledged %d times", n)
	}
	if n := len(h.messagesTo(r.Phone)); n != 2 { // the assignment and one answer
		t.Errorf("%d SMS to the responder, want the assignment and one answer", n)
	}
}

func TestConcurrentAcknowledgementsHaveOneWinner(t *testing.T) {
	h, inc := startedFire(t)
	crew := h.onDuty("damkar-padang-hulu")
	var wg sync.WaitGroup
	answers := make([]string, len(crew))
	for i, r := range crew {
		wg.Add(1)
		go func() { defer wg.Done(); answers[i] = h.reply(r.Phone, "TERIMA "+inc.Code) }()
	}
	wg.Wait()
	if n := len(h.events(inc.ID, dispatch.EventAcknowledged)); n != 1 {
		t.Fatalf("%d acknowledgements logged, want 1", n)
	}
	winner := h.incident(inc.ID).Assignment(agencies.Damkar).AckBy
	for i, r := range crew {
		won := r.ID == winner
		if won && !strings.Contains(answers[i], "DITERIMA") || !won && !strings.Contains(answers[i], "sudah diterima oleh") {
			t.Errorf("%s (winner=%v) was answered %q", r.ID, won, answers[i])
		}
	}
}
