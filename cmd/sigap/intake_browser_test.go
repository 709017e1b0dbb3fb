package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

// activeID is the id of the focused element ("BODY" when focus is lost).
func (b *browser) activeID() string {
	b.t.Helper()
	return eval[string](b, `document.activeElement ? (document.activeElement.id || document.activeElement.name || document.activeElement.tagName) : ""`)
}

// waitSMS waits for the assignment SMS of an incident in the outbox.
func (h *harness) waitSMS(id dispatch.IncidentID) string {
	h.t.Helper()
	var body string
	h.waitFor(func() bool {
		msgs, err := h.app.Outbox.List(context.Background(), 50, string(id))
		for _, m := range msgs {
			if err == nil && strings.HasPrefix(m.Body, "112 ") {
				body = m.Body
				return true
			}
		}
		return false
	}, 15*time.Second)
	return body
}

// An emergency logged with the keyboard only: every field in Tab order,
// the location found by typing part of a landmark's name; count the keys.
func TestIntakeKeyboardOnly(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("dina", hotline.RoleCallTaker, "")
	b := newBrowser(t, h)
	b.login("dina", pw)
	// The page fully loaded (its deferred scripts run) before the first key:
	// a Tab pressed mid-load once left the focus on the page body (CI, both
	// cores busy).
	b.waitJS(`document.readyState === "complete" && document.activeElement && document.activeElement.id === "phone"`, "focus on the caller number")

	// Tab order: every field reachable, in the order a call goes.
	want := []string{"description", "loctext", "kelurahan", "address", "category", "priority", "cue", "cue", "cue", "cue", "credible", "send", "newcall"}
	for i, id := range want {
		b.keys("\t")
		if got := b.activeID(); got != id {
			t.Fatalf("Tab %d from the number: focus on %q, want %q (order %v)", i+1, got, id, want)
		}
	}
	b.keys("\t", chromedp.KeyModifiers(chromedp.ModifierShift))
	if got := b.activeID(); got != "send" {
		t.Fatalf("Shift+Tab from the last button: %q, want send", got)
	}
	b.open("/")
	b.waitJS(`document.activeElement && document.activeElement.id === "phone"`, "a fresh intake screen")

	b.do(chromedp.Evaluate[chromedp.Void](`window.__keys = 0; document.addEventListener("keydown", () => window.__keys++, true)`))
	phone, desc, place := "081234567890", "rumah terbakar dekat masjid, asap tebal", "nur add"
	b.keys(phone)
	b.keys("\t")
	b.keys(desc)
	b.keys("\t")
	if got := b.activeID(); got != "loctext" {
		t.Fatalf("Tab from the description: %q, want the location field", got)
	}
	b.keys(place)
	b.waitJS(`document.querySelector('#places [data-place="Masjid Raya Nur Addin"]') !== null`, "the landmark found by part of its name")
	b.screenshot("intake-place-search", 1366, 768)
	b.keys("\r")
	b.waitJS(`document.querySelector('#locstatus [data-precision="landmark"]') !== null`, "the landmark picked, marked approximate")
	b.waitJS(`document.getElementById("kelurahan").value !== "" && document.getElementById("responders").textContent.includes("DAMKAR")`, "kelurahan and responders shown")
	b.keys("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	b.waitJS(`document.querySelector("#flash .ok a") !== null`, "the incident to be dispatched")
	keys := eval[int](b, "window.__keys")
	extra := keys - len(phone) - len(desc) - len(place)
	t.Logf("emergency logged keyboard-only: %d keys in all, %d besides the number, the description and the place typed", keys, extra)
	if extra > 6 {
		t.Errorf("%d keys besides what was typed, want ≤ 6 (Tab, Tab, Enter, Ctrl+Enter)", extra)
	}
	code := eval[string](b, `document.querySelector("#flash .ok a").textContent`)
	inc := h.incidentByCode(code)
	if inc.Location.Precision != dispatch.PrecisionLandmark || inc.Location.PlaceName != "Masjid Raya Nur Addin" || inc.Location.Kelurahan == nil {
		t.Errorf("location %+v: want a landmark, Masjid Raya Nur Addin, with its kelurahan", inc.Location)
	}
	if inc.AnsweredAt == nil || inc.AnsweredAt.After(inc.ReceivedAt) || inc.ReceivedAt.Sub(*inc.AnsweredAt) > time.Minute {
		t.Errorf("answered_at %v, received %v: want the moment the number was typed", inc.AnsweredAt, inc.ReceivedAt)
	}
	if sms := h.waitSMS(inc.ID); !strings.Contains(sms, "Lokasi perkiraan: dekat Masjid Raya Nur Addin") {
		t.Errorf("SMS does not say the location is approximate:\n%s", sms)
	}
}

// A Google Maps share link pasted → the point and its kelurahan; a map
// click keeps the focus in the form.
func TestIntakePastedMapsLinkAndMapFocus(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("dina", hotline.RoleCallTaker, "")
	b := newBrowser(t, h)
	b.login("dina", pw)
	b.waitJS(`document.activeElement && document.activeElement.id === "phone"`, "the intake screen")
	b.keys("081234567890\t")
	b.keys("pohon tumbang menimpa rumah")
	// The call-taker clicks the map while typing: focus stays in the description.
	b.mapClick(3.3285, 99.1625)
	b.waitJS(`document.querySelector('#locstatus [data-precision="point"]') !== null`, "the map click as an exact point")
	if got := b.activeID(); got != "description" {
		t.Errorf("after a map click focus is on %q, want the description", got)
	}
	link := "https://www.google.com/maps/place/Rumah/@3.3300,99.1600,15z/data=!3m1!4b1!4m6!3m5!8m2!3d3.319242!4d99.155676"
	b.do(chromedp.Focus(chromedp.CSS("#loctext")),
		chromedp.Evaluate[chromedp.Void](`document.execCommand("insertText", false, `+jsString(link)+`)`))
	b.waitJS(`document.getElementById("locstatus").textContent.includes("3.31924, 99.15568")`, "the pasted link's point")
	b.waitJS(`document.getElementById("where").textContent.includes("Bandar Sono") && document.getElementById("kelurahan").value === "Bandar Sono"`,
		"the link's kelurahan")
	// A short link cannot be opened offline: the call-taker is told why.
	b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("loctext").select(); document.execCommand("insertText", false, "https://maps.app.goo.gl/Xy12")`))
	b.waitJS(`(document.querySelector('[data-error-for="location_text"]') || {}).textContent.includes("tanpa internet")`, "the short-link explanation")
	b.screenshot("intake-location", 1366, 768)

	// Outside the city: announced as a referral, never "Terkirim … · ·".
	b.open("/")
	b.waitJS(`document.activeElement && document.activeElement.id === "phone"`, "a fresh intake screen")
	b.keys("081234567890\t")
	b.keys("rumah terbakar")
	b.do(chromedp.Focus(chromedp.CSS("#loctext")), chromedp.Evaluate[chromedp.Void](`document.execCommand("insertText", false, "3.2500, 99.0500")`))
	b.waitJS(`(document.querySelector('#where [data-referral]') || {}).textContent.includes("Dirujuk ke Kabupaten Serdang Bedagai")`, "the referral in the preview")
	b.keys("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	b.waitJS(`document.querySelector("#flash .ok[data-referral]") !== null`, "the referral logged")
	msg := eval[string](b, `document.querySelector("#flash .ok").textContent`)
	if strings.Contains(msg, "Terkirim") || strings.Contains(msg, "· ·") || !strings.Contains(msg, "Dirujuk ke") {
		t.Errorf("outside-city call announced as %q", msg)
	}
}

// Esc clears at once and offers Undo for 10 s; Ctrl+Z brings everything back.
func TestIntakeEscapeCanBeUndone(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("dina", hotline.RoleCallTaker, "")
	b := newBrowser(t, h)
	b.login("dina", pw)
	b.waitJS(`document.activeElement && document.activeElement.id === "phone"`, "the intake screen")
	b.keys("081234567890\t")
	b.keys("ada orang tenggelam di sungai")
	b.do(chromedp.Focus(chromedp.CSS("#kelurahan")))
	b.keys("Bagelen")
	b.waitJS(`document.querySelector('#locstatus [data-precision="kelurahan_centre"]') !== null`, "the kelurahan centre, marked approximate")
	b.keys("\t")
	b.keys("Gg. Mawar ujung")
	b.keys("\x1b") // Esc
	b.waitJS(`document.getElementById("description").value === "" && document.getElementById("undo") !== null`, "the form cleared with an undo button")
	if got := b.activeID(); got != "phone" {
		t.Errorf("after Esc focus is on %q, want the number", got)
	}
	b.keys("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	b.waitJS(`document.getElementById("description").value === "ada orang tenggelam di sungai"`, "the description restored")
	got := eval[[]string](b, `["phone","address","kelurahan"].map((id) => document.getElementById(id).value).concat([document.querySelector("#locstatus [data-precision]") ? document.querySelector("#locstatus [data-precision]").dataset.precision : ""])`)
	if got[0] != "081234567890" || got[1] != "Gg. Mawar ujung" || got[2] != "Bagelen" || got[3] != "kelurahan_centre" {
		t.Errorf("after undo: %v", got)
	}
	b.keys("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	b.waitJS(`document.querySelector("#flash .ok a") !== null`, "the restored call to be sent")
	inc := h.incidentByCode(eval[string](b, `document.querySelector("#flash .ok a").textContent`))
	if inc.Location.Precision != dispatch.PrecisionKelurahan || inc.Location.Kelurahan == nil || inc.Location.Kelurahan.Name != "Bagelen" {
		t.Errorf("location %+v: want the centre of Bagelen, marked so", inc.Location)
	}
	if sms := h.waitSMS(inc.ID); !strings.Contains(sms, "Lokasi perkiraan: pusat Kel. Bagelen") || strings.Contains(sms, "maps.google.com") {
		t.Errorf("SMS for a kelurahan centre:\n%s", sms)
	}
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
