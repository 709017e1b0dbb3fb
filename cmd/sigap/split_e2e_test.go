package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

// Through the HTTP API and a responder's SMS: three real callers linked to
// a fire nobody finds; the crew replies PALSU; each caller's report goes out
// as its own dispatched incident. A far caller is linked only when the
// call-taker confirms; confirm-false asks for the review.
func TestPalsuBySMSSplitsLinkedCallersOff(t *testing.T) {
	h, inc := startedFire(t)
	link := func(body map[string]any) (int, string) {
		resp, out := h.post("/api/v1/incidents/"+string(inc.ID)+"/callers", body, nil)
		return resp.StatusCode, string(out)
	}
	far := map[string]any{"caller_phone": "0812-5555-0001", "description": "asap tebal dari rumah di gang sebelah, kebakaran",
		"location": map[string]float64{"lat": 3.319242 + 0.0060, "lon": 99.155676}} // ~670 m north
	if code, body := link(far); code != http.StatusUnprocessableEntity && code != http.StatusBadRequest || !strings.Contains(body, "confirm_far") {
		t.Fatalf("a far caller linked without confirmation: %d %s", code, body)
	}
	far["confirm_far"] = true
	callers := []map[string]any{far,
		{"caller_phone": "0812-5555-0002", "description": "rumah terbakar di gang mawar", "location": map[string]float64{"lat": 3.3202, "lon": 99.1557}},
		{"caller_phone": "0812-5555-0003", "description": "kebakaran, apinya besar", "location": map[string]float64{"lat": 3.3185, "lon": 99.1560}},
	}
	for i, c := range callers {
		if code, body := link(c); code != http.StatusOK {
			t.Fatalf("link caller %d: %d %s", i, code, body)
		}
	}
	crew := h.onDuty("damkar-padang-hulu")
	if got := h.reply(crew[0].Phone, "PALSU "+inc.Code+" tidak ada kebakaran di titik"); !strings.Contains(got, "palsu") {
		t.Fatalf("PALSU answered %q", got)
	}
	after := h.incident(inc.ID)
	for i, c := range after.Callers {
		if c.SplitTo == "" {
			t.Fatalf("caller %d not split off: %+v", i, after.Callers)
		}
		own, err := h.app.Store.Get(t.Context(), c.SplitTo)
		if err != nil {
			t.Fatal(err)
		}
		if own.SplitFrom != inc.Code || own.CallerPhone != c.Phone || own.Assignment(agencies.Damkar) == nil || own.Status != dispatch.StatusDispatched {
			t.Errorf("caller %d's own incident: %+v", i, own)
		}
	}
	if n := len(h.events(inc.ID, dispatch.EventCallerSplit)); n != 3 {
		t.Errorf("%d split events, want 3", n)
	}
	h.token = apiToken(t, h.app, "sari", hotline.RoleSupervisor, "")
	resp, body := h.post("/api/v1/incidents/"+string(inc.ID)+"/confirm-false", map[string]any{"note": "iseng"}, nil)
	if resp.StatusCode == http.StatusOK || !strings.Contains(string(body), "reviewed_linked_callers") {
		t.Errorf("confirm-false without review: %d %s", resp.StatusCode, body)
	}
	resp, body = h.post("/api/v1/incidents/"+string(inc.ID)+"/confirm-false", map[string]any{"note": "iseng", "reviewed_linked_callers": true}, nil)
	var got dispatch.Incident
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &got) != nil || !got.FalseConfirmed {
		t.Errorf("confirm-false after review: %d %s", resp.StatusCode, body)
	}
}
