package main

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/hotline"
)

// TestConsoleUnsureAsksKeyQuestions: a description the classifier is not
// sure of does not pre-fill the category; the key questions are shown,
// one key answers them, the answer changes who would be sent, and the
// incident is dispatched with the answers stored and in the SMS. A sure
// description pre-fills the category as before.
func TestConsoleUnsureAsksKeyQuestions(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("rina", hotline.RoleCallTaker, "")
	b := newBrowser(t, h)
	b.login("rina", pw)
	b.waitJS(`document.activeElement && document.activeElement.id === "phone"`, "the intake screen")

	// Typed into the focused field by key events: a CSS-addressed SendKeys
	// races with the page's own start-up under load ("could not find node").
	b.keys("0813 7000 4321")
	b.keys("\t")
	b.keys("tolong pak ada sesuatu di belakang rumah, bapak saya")
	b.waitJS(`document.getElementById("questions").dataset.state === "confirm" && document.getElementById("needs-confirmation") !== null`,
		"the not-sure state with the key questions")
	if v := eval[string](b, `document.getElementById("category").value`); v != "" {
		t.Errorf("category pre-filled with %q although the classifier is not sure", v)
	}
	b.screenshot("intake-unsure", 1366, 768)
	// One key: Y to "Ada yang tidak sadar / tidak bernapas?"
	b.do(chromedp.SendKeys(chromedp.CSS("#q-tidak_sadar"), "y"))
	b.waitJS(`document.getElementById("suggestion").textContent.includes("DINKES")`, "the ambulance proposed after the answer")
	if v := eval[string](b, `document.getElementById("category").value`); v != "" {
		t.Errorf("category pre-filled with %q after an answer; the call-taker confirms", v)
	}
	b.mapClick(3.319242, 99.155676)
	b.waitJS(`document.getElementById("where").textContent.includes("Bandar Sono")`, "the kelurahan")
	b.keys("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	b.waitJS(`document.querySelector("#flash .ok a") !== null`, "the incident to be dispatched")
	code := eval[string](b, `document.querySelector("#flash .ok a").textContent`)
	inc := h.incidentByCode(code)
	var sent []agencies.AgencyID
	for _, a := range inc.Assignments {
		sent = append(sent, a.Agency)
	}
	if inc.Category != "tidak_sadar" || !slices.Contains(sent, agencies.Dinkes) || inc.Priority != agencies.P1 {
		t.Errorf("incident from the answers: %q %v P%d", inc.Category, sent, inc.Priority)
	}
	if inc.Classification.AnswerNote != "ada tidak sadar" {
		t.Errorf("answers not stored: %q %+v", inc.Classification.AnswerNote, inc.Classification.Questions)
	}
	b.waitJS(`document.getElementById("questions").children.length === 0`, "the questions cleared for the next call")

	// A sure description pre-fills the category.
	b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("phone").focus()`))
	b.keys("0813 7000 5555")
	b.keys("\t")
	b.keys("rumah terbakar, api sudah besar")
	b.waitJS(`document.getElementById("category").value === "kebakaran"`, "the category pre-filled when sure")
	if eval[bool](b, `document.getElementById("needs-confirmation") !== null`) {
		t.Error("a sure proposal is shown as not sure")
	}

	// A question about a past event: "not an emergency?" with its reason, nothing pre-filled.
	b.do(chromedp.Click(chromedp.CSS("#newcall")))
	b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("description").focus()`))
	b.keys("semalam ada kebakaran di pasar ya pak?")
	b.waitJS(`document.querySelector('#questions [data-doubt="past_question"]') !== null`, "the not-an-emergency doubt with its reason")
	if v := eval[string](b, `document.getElementById("category").value`); v != "" {
		t.Errorf("category %q pre-filled for a question about a past event", v)
	}
}
