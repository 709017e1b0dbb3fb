package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

// inView reports whether the element's box lies inside the 1366×768 window.
func inView(b *browser, sel string) bool {
	return eval[bool](b, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; })()`, sel))
}

var rawCode = regexp.MustCompile(`\b(incident|assignment)\.[a-z_]+\b|user:|responder:|next_responder|other_station|\bev_|\btl_`)

func TestIncidentPageForASupervisor(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("sari", hotline.RoleSupervisor, "")
	inc := h.createFire() // damkar and dinkes
	inc = h.waitNotified(inc.ID, 2)
	resp, body := h.post("/api/v1/incidents/"+string(inc.ID)+"/assignments/damkar/status", map[string]string{"status": "on_scene", "reason": "lapor lewat radio"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("on scene: %d %s", resp.StatusCode, body)
	}
	dk := inc.Assignment(agencies.Dinkes)
	d := dk.Deadlines.Acknowledge
	h.appendEvent(inc.ID, dispatch.Event{Type: dispatch.EventBreached, Agency: agencies.Dinkes, Milestone: dispatch.MilestoneAcknowledge, Deadline: &d})

	b := newBrowser(t, h)
	b.login("sari", pw)
	b.open("/incidents/" + string(inc.ID))
	b.waitJS(`document.getElementById("title").textContent.includes("`+inc.Code+`") && document.querySelectorAll("#timeline li").length >= 5`, "the incident page")

	// The timeline says who was texted and by whom, in words.
	tl := eval[string](b, `document.getElementById("timeline").innerText`)
	if m := rawCode.FindString(tl); m != "" {
		t.Errorf("raw code %q in the timeline:\n%s", m, tl)
	}
	texted := inc.Assignment(agencies.Damkar).Notified[0].Name
	for _, want := range []string{"SMS penugasan DAMKAR", texted, "DAMKAR ditugaskan ke " + inc.Assignment(agencies.Damkar).StationName,
		"DAMKAR tiba di lokasi (TIBA)", "oleh tari", "DINKES: lewat batas waktu terima"} {
		if !strings.Contains(tl, want) {
			t.Errorf("timeline lacks %q:\n%s", want, tl)
		}
	}

	// A supervisor explains the breach right there; the answer is beside the form.
	form := `[data-breach="dinkes:acknowledge"] form`
	b.waitJS(`document.querySelector('`+form+`') !== null`, "the breach reason form")
	b.do(chromedp.SendKeys(chromedp.CSS(form+` input`), "ambulans sedang di RS lain"), chromedp.Click(chromedp.CSS(form+` button`)))
	b.waitJS(`document.querySelector('[data-breach="dinkes:acknowledge"]').innerText.includes("ambulans sedang di RS lain")`, "the reason on the breach")
	if got := h.incidentByCode(inc.Code).Assignment(agencies.Dinkes).Breaches; len(got) != 1 || got[0].Reason != "ambulans sedang di RS lain" || got[0].ReasonBy != "user:sari" {
		t.Errorf("breach reason stored: %+v", got)
	}
	b.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	b.screenshot("incident", 1366, 768)

	// A note: the confirmation is next to the note form, on screen.
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#notetext")), chromedp.SendKeys(chromedp.CSS("#notetext"), "penelepon dihubungi kembali"),
		chromedp.Click(chromedp.CSS(`#noteform button[type=submit]`)))
	b.waitJS(`document.querySelector("#noteform .form-flash .flash.ok") !== null`, "the note's confirmation beside its form")
	if !inView(b, "#noteform .form-flash .flash") {
		t.Error("the note's confirmation is off-screen at 1366×768")
	}
	// An error too (a reassign without a reason).
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#reassignform button")), chromedp.Click(chromedp.CSS("#reassignform button")))
	b.waitJS(`document.querySelector("#reassignform .form-flash .flash.bad") !== null`, "the reassign error beside its form")
	if !inView(b, "#reassignform .form-flash .flash") {
		t.Error("the reassign error is off-screen at 1366×768")
	}

	// The supervisor clears the caller's number (an appeal).
	b.waitJS(`document.getElementById("caller-clear") !== null`, "the caller's standing")
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#caller-clear")), chromedp.SendKeys(chromedp.CSS("#caller-note"), "banding diterima"),
		chromedp.Click(chromedp.CSS("#caller-clear")))
	b.waitJS(`document.querySelector("#caller-admin .flash.ok") !== null`, "the number cleared")

	// Closing asks about the crew on scene; by default it is left to finish.
	b.waitJS(`!document.getElementById("cl-working").hidden && document.getElementById("cl-working").innerText.includes("DAMKAR (di lokasi)") && document.getElementById("cl-keep").checked`,
		"the close form to ask about DAMKAR on scene")
	b.do(chromedp.SetValue(chromedp.CSS("#cl-disp"), "resolved"), chromedp.ScrollIntoView(chromedp.CSS("#closebtn")), chromedp.Click(chromedp.CSS("#closebtn")))
	b.waitJS(`document.getElementById("title").textContent.includes("ditutup")`, "the incident to be closed")
	got := h.incidentByCode(inc.Code)
	if got.Status != dispatch.StatusClosed || got.Assignment(agencies.Damkar).Status != dispatch.AssignOnScene || got.Assignment(agencies.Dinkes).Status != dispatch.AssignCancelled {
		t.Errorf("after closing as resolved: %s, damkar %s (want on_scene), dinkes %s (want cancelled)", got.Status,
			got.Assignment(agencies.Damkar).Status, got.Assignment(agencies.Dinkes).Status)
	}
	b.waitJS(`!document.getElementById("closed-banner").hidden`, "the closed banner")
	for _, f := range []string{"noteform", "reassignform", "closeform"} {
		if !eval[bool](b, `document.querySelector("#`+f+` fieldset").disabled`) {
			t.Errorf("%s still active on a closed incident", f)
		}
	}
	if eval[bool](b, `document.querySelector("#statusform fieldset").disabled`) {
		t.Error("the crew left on scene can no longer be updated on its behalf")
	}
	// …and it can still report SELESAI by radio through the dispatcher.
	resp, body = h.post("/api/v1/incidents/"+string(inc.ID)+"/assignments/damkar/status", map[string]string{"status": "resolved", "reason": "lapor lewat radio"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("SELESAI after closing: %d %s", resp.StatusCode, body)
	}
	b.waitJS(`document.getElementById("timeline").innerText.includes("DAMKAR selesai menangani")`, "SELESAI in the timeline")
	if txt := eval[string](b, `document.body.innerText`); strings.Contains(txt, "null") || strings.Contains(txt, "undefined") {
		t.Errorf("the incident page shows null/undefined: %q", txt)
	}
}
