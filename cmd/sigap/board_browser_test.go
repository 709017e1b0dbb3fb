package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

// newQuietHarness runs Sigap in outbox mode without queue workers: nothing
// moves an assignment but the test, so the board's order is known.
func newQuietHarness(t *testing.T) *harness {
	t.Helper()
	// Outbox mode with the responder simulator (a training system's setting).
	return newHarnessWith(t, func(o *Options) { o.Twilio, o.Simulator = twilioNone, true })
}

// createAgo logs an incident as if it had been received ago before now.
func (h *harness) createAgo(ago time.Duration, desc string, priority int, lat, lon float64) *dispatch.Incident {
	h.t.Helper()
	h.app.SetClock(func() time.Time { return h.clock.Add(-ago).Add(time.Since(testEpoch)) })
	defer h.app.SetClock(func() time.Time { return h.clock.Add(time.Since(testEpoch)) })
	resp, body := h.post("/api/v1/incidents", map[string]any{"caller_phone": "081298765432", "description": desc,
		"priority": priority, "location": map[string]float64{"lat": lat, "lon": lon}}, nil)
	if resp.StatusCode != 201 {
		h.t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var inc dispatch.Incident
	if err := json.Unmarshal(body, &inc); err != nil {
		h.t.Fatal(err)
	}
	return &inc
}

func (h *harness) appendEvent(id dispatch.IncidentID, ev dispatch.Event) *dispatch.Incident {
	h.t.Helper()
	if ev.At.IsZero() {
		ev.At = h.app.Service.Now().UTC()
	}
	if ev.Actor == "" {
		ev.Actor, ev.Channel = "system", dispatch.ChannelSystem
	}
	inc, err := h.app.Store.Append(context.Background(), id, ev)
	if err != nil {
		h.t.Fatalf("append %s: %v", ev.Type, err)
	}
	return inc
}

// boardHook corrupts what the board receives, the way a bad record or a
// newer server would: a record whose description throws, null lists, and
// the sms_failing flag of the dispatch engineer's contract.
func boardHook(breakCode, nullCode, smsCode string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
  window.__sigapRepeatMs = 1500;
  window.__notes = []; // desktop notifications shown, with permission granted
  window.Notification = class { constructor(title, o) { window.__notes.push(o.body); } static get permission() { return "granted"; }
    static requestPermission() { return Promise.resolve("granted"); } };
  const of = window.fetch;
  window.fetch = async (...args) => {
    if (localStorage.getItem("__smsDegraded") && String(args[0]).startsWith("/healthz")) // the shape /healthz?detail=1 really has
      return new Response(JSON.stringify({ status: "ok", durable: true, sms_provider: { state: "degraded", consecutive_failures: 3 } }), { headers: { "Content-Type": "application/json" } });
    const r = await of(...args);
    if (!String(args[0]).includes("/api/v1/incidents")) return r;
    const j = r.json.bind(r);
    r.json = async () => {
      const d = await j();
      for (const inc of (d && d.incidents) || (d && d.id ? [d] : [])) {
        if (inc.code === %q) Object.defineProperty(inc, "description", { get() { throw new Error("broken record"); } });
        if (inc.code === %q) { inc.assignments = null; inc.callers = null; }
        if (inc.code === %q) (inc.assignments || []).forEach((a) => { a.sms_failing = true; });
      }
      return d;
    };
    return r;
  };
})();`, breakCode, nullCode, smsCode)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return chromedp.Void{}, err
	}
}

func TestBoardOrdersByUrgencyAndSurvivesBadRecords(t *testing.T) {
	h := newQuietHarness(t)
	pw := h.user("sari", hotline.RoleSupervisor, "")
	const lat, lon = 3.322394, 99.165179
	descs := []string{"rumah terbakar", "ada ular kobra masuk rumah", "orang pingsan tidak sadarkan diri", "pohon tumbang menimpa rumah"}
	var open []*dispatch.Incident
	for i := 0; i < 25; i++ {
		// Received "in the future" so that no deadline passes while the test runs.
		open = append(open, h.createAgo(-2*time.Minute+time.Duration(25-i)*time.Second, descs[i%len(descs)], 1+i%3, lat+float64(i%5)*0.002, lon-float64(i%4)*0.002))
	}
	late40 := h.createAgo(40*time.Minute, "ada ular kobra masuk rumah", 3, lat, lon) // long past its deadlines
	late20 := h.createAgo(20*time.Minute, "ada ular kobra masuk rumah", 2, lat, lon)
	for _, inc := range []*dispatch.Incident{late40, late20} {
		a := inc.Assignments[0]
		d := a.Deadlines.Acknowledge
		h.appendEvent(inc.ID, dispatch.Event{Type: dispatch.EventBreached, Agency: a.Agency, Milestone: dispatch.MilestoneAcknowledge, Deadline: &d})
	}
	unreachable := h.createAgo(0, "ada ular kobra masuk rumah", 3, lat, lon)
	h.appendEvent(unreachable.ID, dispatch.Event{Type: dispatch.EventUnreachable, Agency: unreachable.Assignments[0].Agency, Reason: "nobody answered"})
	referral := h.createAgo(0, "rumah terbakar", 1, 3.40, 99.16) // Serdang Bedagai: referred, no assignments
	if referral.Status != dispatch.StatusReferred || len(referral.Assignments) != 0 {
		t.Fatalf("referral: %s %d assignments", referral.Status, len(referral.Assignments))
	}
	// An assignment for an agency the directory does not know (a renamed agency, old data).
	odd := open[3]
	h.appendEvent(odd.ID, dispatch.Event{Type: dispatch.EventQueued, Agency: "polisi", Actor: "api", Channel: dispatch.ChannelAPI,
		Assignment: &dispatch.Assignment{Agency: "polisi", Station: "polsek-padang-hulu", Status: dispatch.AssignQueued, QueuedAt: time.Now()}})
	broken, nulled, smsFailing := open[5], open[6], open[7]

	b := newBrowser(t, h)
	b.do(boardHook(broken.Code, nulled.Code, smsFailing.Code))
	b.login("sari", pw)
	b.open("/board")
	b.waitJS(`document.querySelectorAll("#rows tr[data-id]").length === 29`, "all 29 open incidents on the board")
	codes := eval[[]string](b, `[...document.querySelectorAll("#rows tr[data-id]")].map((tr) => tr.dataset.code)`)
	if codes[0] != unreachable.Code {
		t.Errorf("row 1 is %s, want the unreachable %s (a human must act)", codes[0], unreachable.Code)
	}
	// sms_failing also needs a human: it ranks with the unreachable one.
	if codes[1] != smsFailing.Code {
		t.Errorf("row 2 is %s, want %s whose SMS are failing", codes[1], smsFailing.Code)
	}
	if codes[2] != late40.Code || codes[3] != late20.Code {
		t.Errorf("rows 3–4 are %s %s, want the breached ones, most late first: %s %s", codes[2], codes[3], late40.Code, late20.Code)
	}
	prios := eval[[]string](b, `[...document.querySelectorAll("#rows tr[data-priority]")].slice(4).map((tr) => tr.dataset.priority)`)
	for i := 1; i < len(prios); i++ {
		if prios[i] < prios[i-1] {
			t.Errorf("after the urgent rows, priority must not go up again: %v", prios)
			break
		}
	}
	if got := eval[string](b, `document.getElementById("count").textContent`); !strings.Contains(got, "29 insiden terbuka") {
		t.Errorf("count: %q", got)
	}

	// The broken record is one error row; every other incident is shown.
	row := func(code string) string { return fmt.Sprintf(`document.querySelector('tr[data-code="%s"]')`, code) }
	if !eval[bool](b, row(broken.Code)+`.classList.contains("error-row")`) {
		t.Error("the broken incident must be an error row")
	}
	if n := eval[int](b, `document.querySelectorAll("#rows tr.error-row").length`); n != 1 {
		t.Errorf("%d error rows, want 1", n)
	}
	for _, c := range []struct{ code, want string }{
		{referral.Code, "RUJUKAN"}, {referral.Code, "Serdang Bedagai"}, {nulled.Code, "belum ada penugasan"},
		{odd.Code, "POLISI"}, {odd.Code, "instansi tidak dikenal"},
		{unreachable.Code, "PERLU TINDAKAN"}, {unreachable.Code, "+62621210"},
		{smsFailing.Code, "SMS tidak terkirim — hubungi pos lewat telepon/radio +62"},
	} {
		if got := eval[string](b, row(c.code)+`.innerText`); !strings.Contains(got, c.want) {
			t.Errorf("row %s: want %q in %q", c.code, c.want, got)
		}
	}
	if txt := eval[string](b, `document.body.innerText`); strings.Contains(txt, "null") || strings.Contains(txt, "undefined") {
		t.Errorf("the board shows null/undefined: %q", txt)
	}

	// The map shows every open incident with a location, P1 in red.
	if n := eval[int](b, `document.querySelectorAll("#incident-marks .incmark").length`); n != 29 {
		t.Errorf("%d incidents on the map, want 29", n)
	}
	if n := eval[int](b, `document.querySelectorAll("#incident-marks .incmark.p1").length`); n < 9 {
		t.Errorf("%d P1 marks, want ≥ 9", n)
	}

	// Filters: priority 1 only, then one kecamatan, then an agency.
	b.do(chromedp.SetValue(chromedp.CSS("#f-priority"), "1"), chromedp.Evaluate[chromedp.Void](`document.getElementById("filters").dispatchEvent(new Event("change"))`))
	if bad := eval[int](b, `[...document.querySelectorAll("#rows tr[data-priority]")].filter((tr) => tr.dataset.priority !== "1").length`); bad != 0 {
		t.Errorf("priority filter leaves %d non-P1 rows", bad)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#f-priority"), ""), chromedp.SetValue(chromedp.CSS("#f-kecamatan"), "_outside"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("filters").dispatchEvent(new Event("change"))`))
	if got := eval[[]string](b, `[...document.querySelectorAll("#rows tr[data-id]")].map((tr) => tr.dataset.code)`); len(got) != 1 || got[0] != referral.Code {
		t.Errorf("outside-the-city filter: %v, want only %s", got, referral.Code)
	}
	b.do(chromedp.SetValue(chromedp.CSS("#f-kecamatan"), ""), chromedp.SetValue(chromedp.CSS("#f-agency"), "dinkes"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("filters").dispatchEvent(new Event("change"))`))
	for _, code := range eval[[]string](b, `[...document.querySelectorAll("#rows tr[data-id]")].map((tr) => tr.dataset.code)`) {
		inc := h.incidentByCode(code)
		if inc.Assignment(agencies.Dinkes) == nil && code != broken.Code {
			t.Errorf("agency filter dinkes shows %s without a dinkes assignment", code)
		}
	}
	b.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("#filters select").forEach((s) => { s.selectedIndex = 0; }); document.getElementById("filters").dispatchEvent(new Event("change"))`))
	if n := eval[int](b, `document.querySelectorAll("#rows tr[data-id]").length`); n != 29 {
		t.Errorf("%d rows with the filters cleared, want 29", n)
	}
	b.screenshot("board-map", 1366, 768)

	// The referral's own page and the simulator render too, without "null".
	for _, path := range []string{"/incidents/" + string(referral.ID), "/incidents/" + string(odd.ID), "/simulator"} {
		b.open(path)
		b.waitJS(`document.getElementById("conn") && document.getElementById("conn").classList.contains("live")`, path+" to be live")
		b.waitJS(`!document.getElementById("timeline") || document.querySelectorAll("#timeline li").length > 0`, path+" timeline")
		if txt := eval[string](b, `document.body.innerText`); strings.Contains(txt, "null") || strings.Contains(txt, "undefined") {
			t.Errorf("%s shows null/undefined: %q", path, txt)
		}
	}
}

func TestBoardAlertsOnBreachUntilAcknowledged(t *testing.T) {
	h := newQuietHarness(t)
	pw := h.user("sari", hotline.RoleSupervisor, "")
	inc := h.createAgo(0, "ada ular kobra masuk rumah", 2, 3.322394, 99.165179)
	b := newBrowser(t, h)
	b.do(boardHook("", "", ""))
	b.login("sari", pw)
	b.open("/board")
	row := fmt.Sprintf(`document.querySelector('tr[data-code="%s"]')`, inc.Code)
	b.waitJS(row+` !== null && document.getElementById("conn").classList.contains("live")`, "the incident on a live board")
	if title := eval[string](b, `document.title`); strings.Contains(title, "⚠") {
		t.Fatalf("title before any alert: %q", title)
	}
	if eval[string](b, `document.getElementById("alert-sound").dataset.played || ""`) != "" {
		t.Fatal("the alarm rang with nothing to alert")
	}
	a := inc.Assignments[0]
	d := a.Deadlines.Acknowledge
	h.appendEvent(inc.ID, dispatch.Event{Type: dispatch.EventBreached, Agency: a.Agency, Milestone: dispatch.MilestoneAcknowledge, Deadline: &d})
	b.waitJS(`document.title.includes("⚠") && document.title.includes("`+inc.Code+`")`, "the tab title to announce the breach")
	b.waitJS(`parseInt(document.getElementById("alert-sound").dataset.played || "0") >= 1`, "the alarm sound to be played")
	b.waitJS(`window.__notes.some((n) => n.includes("`+inc.Code+`"))`, "a desktop notification")
	if src := eval[string](b, `document.getElementById("alert-sound").src`); !strings.HasSuffix(src, "/static/alert.wav") {
		t.Errorf("alarm source %q: must be the embedded file", src)
	}
	if resp, err := http.Get(h.http.URL + "/static/alert.wav"); err != nil {
		t.Error(err)
	} else {
		head := make([]byte, 12)
		_, _ = io.ReadFull(resp.Body, head)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "audio") || string(head[:4]) != "RIFF" || string(head[8:]) != "WAVE" {
			t.Errorf("the embedded alarm: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), head)
		}
	}
	b.waitJS(`parseInt(document.getElementById("alert-sound").dataset.played || "0") >= 2`, "the alarm to repeat while not acknowledged")
	item := `document.querySelector('#alert-list li[data-kind="breach"]')`
	if txt := eval[string](b, item+`.innerText`); !strings.Contains(txt, inc.Code) || !strings.Contains(txt, "Lewat batas") {
		t.Errorf("alert text %q", txt)
	}
	b.do(chromedp.Click(chromedp.CSS(`#alert-list li[data-kind="breach"] button[data-ack]`)))
	b.waitJS(`!document.title.includes("⚠") && document.getElementById("alerts").hidden`, "the alert to be acknowledged")
	played := eval[int](b, `parseInt(document.getElementById("alert-sound").dataset.played)`)
	time.Sleep(6 * time.Second)
	if again := eval[int](b, `parseInt(document.getElementById("alert-sound").dataset.played)`); again != played {
		t.Errorf("the alarm rang %d more times after it was acknowledged", again-played)
	}
	// The acknowledgement is logged on the incident with who did it.
	h.waitFor(func() bool {
		for _, ev := range h.events(inc.ID, dispatch.EventNote) {
			if ev.Actor == "user:sari" && strings.Contains(ev.Note, "Peringatan diketahui") {
				return true
			}
		}
		return false
	}, 5*time.Second)
	// Still acknowledged after a reload (same workstation).
	b.open("/board")
	b.waitJS(row+` !== null`, "the board again")
	time.Sleep(500 * time.Millisecond)
	if title := eval[string](b, `document.title`); strings.Contains(title, "⚠") {
		t.Errorf("an acknowledged alert came back after a reload: %q", title)
	}
}

// At 200 % zoom on a 1366×768 screen (683 CSS pixels wide) no page scrolls
// sideways; when the server goes away the board says it is not live.
func TestBoardAndIncidentAt200PercentZoomAndDisconnect(t *testing.T) {
	h := newQuietHarness(t)
	pw := h.user("sari", hotline.RoleSupervisor, "")
	inc := h.createAgo(0, "rumah terbakar, ada orang terjebak", 1, 3.319242, 99.155676)
	h.createAgo(0, "rumah terbakar", 1, 3.40, 99.16) // a referral
	b := newBrowser(t, h)
	b.login("sari", pw)
	b.do(chromedp.EmulateViewport(683, 384, chromedp.EmulateScale(2)))
	for _, path := range []string{"/board", "/incidents/" + string(inc.ID)} {
		b.open(path)
		b.waitJS(`document.getElementById("conn").classList.contains("live") && document.querySelector("#rows tr[data-id], #timeline li") !== null`, path)
		if w := eval[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
			t.Errorf("%s at 200 %%: page is %d px wide in a %d px window (sideways scroll)", path, w[0], w[1])
		}
	}
	b.do(chromedp.EmulateViewport(1366, 768))
	b.open("/board")
	b.waitJS(`document.getElementById("conn").classList.contains("live") && document.getElementById("conn-lost").hidden`, "a live board")
	h.app.hotline.CloseStreams() // what a shutdown does
	b.waitJS(`!document.getElementById("conn-lost").hidden && document.getElementById("conn").classList.contains("down")`, "the board to say it is disconnected")
}

func TestBoardAlertsOnSMSOutage(t *testing.T) {
	h := newQuietHarness(t)
	pw := h.user("sari", hotline.RoleSupervisor, "")
	b := newBrowser(t, h)
	b.do(boardHook("", "", ""))
	b.login("sari", pw)
	b.open("/board")
	b.waitJS(`document.getElementById("conn").classList.contains("live")`, "a live board")
	if strings.Contains(eval[string](b, `document.title`), "⚠") {
		t.Fatal("an alert with the SMS provider healthy")
	}
	b.do(chromedp.Evaluate[chromedp.Void](`localStorage.setItem("__smsDegraded", "1")`))
	b.open("/board") // the page asks /healthz?detail=1 on load and every 30 s
	b.waitJS(`document.querySelector('#alert-list li[data-kind="outage"]') !== null && document.title.includes("Gangguan penyedia SMS")`, "the SMS outage alert")
	b.waitJS(`parseInt(document.getElementById("alert-sound").dataset.played || "0") >= 1`, "the alarm for the outage")
}
