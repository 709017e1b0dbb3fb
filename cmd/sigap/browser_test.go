package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

// browser drives Debian's headless chromium against a running Sigap.
type browser struct {
	t   *testing.T
	h   *harness
	ctx context.Context
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("SIGAP_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	t.Fatal("chromium not found: install it (apt-get install chromium) or run .ci/test")
	return ""
}

// newBrowser starts a browser with its own profile (own cookies).
func newBrowser(t *testing.T, h *harness) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 768))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	// The first action starts the browser, which lives as long as the
	// context of that call: it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, h: h, ctx: ctx}
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.h.http.URL + path))
}

// eval runs JavaScript and decodes its result into T.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// waitJS waits until a JavaScript expression is true, across navigations.
func (b *browser) waitJS(js, what string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(() => { try { return !!("+js+"); } catch (e) { return false; } })()"))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText.slice(0, 1500) : ''"))
	if png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); err == nil {
		_ = os.MkdirAll(filepath.Join("..", "..", ".ci", "artifacts"), 0o755)
		_ = os.WriteFile(filepath.Join("..", "..", ".ci", "artifacts", "failure-"+b.t.Name()+".png"), png, 0o644)
	}
	b.t.Fatalf("waiting for %s: timed out\npage text: %s", what, body)
}

func (b *browser) keys(keys string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(keys, opts...))
}

func (b *browser) login(name, password string) {
	b.t.Helper()
	b.open("/login")
	b.do(chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), password+"\r"))
	b.waitJS(`location.pathname !== "/login"`, "login to finish")
}

func (b *browser) screenshot(name string, w, h int64) {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(w, h))
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatal(err)
	}
	dir := filepath.Join("..", "..", ".ci", "artifacts", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dx%d.png", name, w, h)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.do(chromedp.EmulateViewport(1366, 768))
}

// user creates an account with a known password.
func (h *harness) user(name string, role hotline.Role, agency agencies.AgencyID) string {
	h.t.Helper()
	ctx := context.Background()
	if _, err := h.app.Accounts.CreateUser(ctx, name, role, agency); err != nil {
		h.t.Fatal(err)
	}
	pw := "Tebing-Tinggi-112-" + fmt.Sprint(len(name))
	if err := h.app.Accounts.SetPassword(ctx, name, pw); err != nil {
		h.t.Fatal(err)
	}
	return pw
}

// mapClick clicks the intake map where a lat/lon lies.
func (b *browser) mapClick(lat, lon float64) {
	b.t.Helper()
	xy := eval[[]float64](b, fmt.Sprintf(`(() => {
		const m = document.getElementById("citymap"), d = m.dataset;
		const p = m.createSVGPoint();
		p.x = (%f - parseFloat(d.minlon)) * parseFloat(d.kx); p.y = (parseFloat(d.maxlat) - %f) * parseFloat(d.k);
		const s = p.matrixTransform(m.getScreenCTM());
		return [s.x, s.y];
	})()`, lon, lat))
	b.do(chromedp.MouseClickXY(xy[0], xy[1]))
}

func newConsoleHarness(t *testing.T) *harness {
	// Outbox mode (no Twilio): the demo aids (outbox, simulator) are on.
	h := newHarnessWith(t, func(o *Options) { o.Twilio, o.Simulator = twilioNone, true })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h.runWorkers(ctx)
	return h
}

func (h *harness) incidentByCode(code string) *dispatch.Incident {
	h.t.Helper()
	inc, err := h.app.Store.Get(context.Background(), code)
	if err != nil {
		h.t.Fatal(err)
	}
	return inc
}

func TestConsoleCallTakerFlow(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("dina", hotline.RoleCallTaker, "")
	b := newBrowser(t, h)
	b.login("dina", pw)
	b.waitJS(`document.activeElement && document.activeElement.id === "phone"`, "focus on the caller number")
	b.screenshot("intake", 1366, 768)
	b.screenshot("intake", 1920, 1080)

	// A prank call: two keystrokes (Alt+P, Enter) after the number.
	b.do(chromedp.SendKeys(chromedp.CSS("#phone"), "0813 7000 1234"))
	b.keys("p", chromedp.KeyModifiers(chromedp.ModifierAlt))
	b.waitJS(`document.activeElement.id === "send"`, "focus on the log button")
	b.keys("\r")
	b.waitJS(`document.querySelector("#flash .ok") !== null`, "the prank call to be logged")
	calls, err := h.app.Store.CallerHistory(context.Background(), "+6281370001234", 10)
	if err != nil || len(calls) != 1 || calls[0].Type != dispatch.CallPrank {
		t.Fatalf("prank call in the log: %+v %v", calls, err)
	}

	// A fire, located with one map click; count every keystroke.
	b.do(chromedp.Evaluate[chromedp.Void](`window.__keys = 0; document.addEventListener("keydown", () => window.__keys++, true)`))
	phone, desc := "081234567890", "rumah terbakar, ada nenek terjebak di dalam"
	b.do(chromedp.SendKeys(chromedp.CSS("#phone"), phone))
	b.keys("\t")
	b.waitJS(`document.activeElement.id === "description"`, "Tab to go from the number to the description")
	b.keys(desc)
	b.mapClick(3.319242, 99.155676) // Bandar Sono
	b.waitJS(`document.getElementById("where").textContent.includes("Bandar Sono")`, "the kelurahan to be shown before sending")
	b.waitJS(`document.getElementById("responders").textContent.includes("Pos Damkar Padang Hulu")`, "the responding stations to be shown")
	b.waitJS(`document.getElementById("suggestion").textContent.includes("DAMKAR")`, "the suggested agencies")
	b.keys("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	b.waitJS(`document.querySelector("#flash .ok a") !== null`, "the incident to be dispatched")
	keys := eval[int](b, "window.__keys")
	if extra := keys - len(phone) - len(desc); extra > 10 {
		t.Errorf("logging an emergency took %d keystrokes besides the number and the description, want ≤ 10", extra)
	} else {
		t.Logf("emergency logged with %d keystrokes besides the number and the description, and one map click", extra)
	}
	b.waitJS(`document.activeElement.id === "phone" && document.getElementById("description").value === ""`, "the screen to be ready for the next call")
	code := eval[string](b, `document.querySelector("#flash .ok a").textContent`)
	inc := h.incidentByCode(code)
	if inc.Location.Kelurahan == nil || inc.Location.Kelurahan.Name != "Bandar Sono" || len(inc.Assignments) != 2 {
		t.Fatalf("incident from the map click: %+v", inc)
	}

	// The board shows it with a running countdown.
	b.open("/board")
	row := fmt.Sprintf(`document.querySelector('tr[data-code="%s"]')`, code)
	b.waitJS(row+` !== null && `+row+`.querySelector(".clock.green") !== null`, "the incident on the board with a green countdown")
	b.screenshot("board", 1366, 768)
	b.screenshot("board", 1920, 1080)

	// A simulated TERIMA (another tab, the responder simulator) turns it
	// acknowledged on the board without a reload.
	b.do(chromedp.Evaluate[chromedp.Void](`window.__notReloaded = true`))
	sim, cancel := chromedp.NewContext(b.ctx)
	defer cancel()
	if err := chromedp.Do(sim, chromedp.EmulateViewport(1366, 768)); err != nil { // opens the tab
		t.Fatal(err)
	}
	simB := &browser{t: t, h: h, ctx: sim}
	simB.open("/simulator")
	btn := fmt.Sprintf(`.card[data-code="%s"][data-agency="damkar"] button[data-verb="TERIMA"]`, code)
	simB.waitJS(`document.querySelector('`+btn+`') !== null`, "the simulator to list the damkar crew")
	simB.do(chromedp.Click(chromedp.CSS(btn)))
	simB.waitJS(`document.querySelector("#flash .ok") !== null`, "the simulated reply to be answered")
	b.waitJS(row+`.querySelector('[data-agency="damkar"] [data-status="acknowledged"]') !== null && window.__notReloaded === true`,
		"the board to show damkar acknowledged without a reload")

	// Close it from the incident page.
	b.open("/incidents/" + string(inc.ID))
	b.waitJS(`document.getElementById("closebtn") !== null && document.getElementById("title").textContent.includes("`+code+`")`, "the incident page")
	b.do(chromedp.SetValue(chromedp.CSS("#cl-disp"), "resolved"), chromedp.Click(chromedp.CSS("#closebtn")))
	b.waitJS(`document.getElementById("title").textContent.includes("ditutup")`, "the incident to be closed")
	if got := h.incidentByCode(code); got.Status != dispatch.StatusClosed || got.Disposition != dispatch.DispResolved {
		t.Errorf("closed incident: %s %s", got.Status, got.Disposition)
	}

	// A call-taker cannot open the admin pages.
	b.open("/admin/users")
	b.waitJS(`document.body.innerText.length > 0`, "the page")
	if eval[bool](b, `document.querySelector('form[action="/admin/users"]') !== null`) {
		t.Error("a call-taker sees the user administration form")
	}
}

func TestConsoleShowsHostileTextAsText(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("dina", hotline.RoleCallTaker, "")
	evil := `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> rumah terbakar`
	resp, body := h.post("/api/v1/incidents", map[string]any{"caller_phone": "081234567890", "description": evil,
		"address": `<b onmouseover="window.__pwned=1">Jl. Mawar</b>`, "location": map[string]float64{"lat": 3.319242, "lon": 99.155676}}, nil)
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var inc dispatch.Incident
	_ = json.Unmarshal(body, &inc)
	b := newBrowser(t, h)
	b.login("dina", pw)
	for _, path := range []string{"/board", "/incidents/" + string(inc.ID)} {
		b.open(path)
		b.waitJS(`document.body.innerText.includes("<script>window.__pwned=1</script>")`, "the description shown as text on "+path)
		if eval[bool](b, `window.__pwned === 1 || document.querySelector("main script:not([src]):not([type])") !== null || document.querySelector("main img[src=x]") !== null`) {
			t.Errorf("%s: the description was interpreted as HTML", path)
		}
	}
}

func TestAgencyUserSeesOnlyItsAgency(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("puskesmas", hotline.RoleAgency, agencies.Dinkes)
	snake := h.createWith("ada ular kobra masuk ke kamar anak saya") // damkar only
	fire := h.createFire()                                           // damkar and dinkes
	if len(snake.Assignments) != 1 || snake.Assignments[0].Agency != agencies.Damkar {
		t.Fatalf("the snake call must go to damkar only: %+v", snake.Assignments)
	}
	b := newBrowser(t, h)
	b.login("puskesmas", pw)
	b.waitJS(`location.pathname === "/board"`, "an agency user to land on the board")
	b.waitJS(fmt.Sprintf(`document.querySelector('tr[data-code="%s"]') !== null`, fire.Code), "the dinkes incident on the board")
	if eval[bool](b, fmt.Sprintf(`document.querySelector('tr[data-code="%s"]') !== null`, snake.Code)) {
		t.Error("a dinkes user sees a damkar-only incident on the board")
	}
	b.open("/incidents/" + string(snake.ID))
	b.waitJS(`document.body.innerText.length > 0`, "the page")
	if eval[bool](b, `document.getElementById("incident") !== null`) {
		t.Error("a dinkes user can open a damkar-only incident")
	}
	if strings.Contains(eval[string](b, `document.body.innerText`), snake.Description) {
		t.Error("the damkar-only incident's description leaked")
	}
}

// createWith logs an incident at the standard place with another description.
func (h *harness) createWith(desc string) *dispatch.Incident {
	h.t.Helper()
	r := map[string]any{"caller_phone": "081298765432", "description": desc, "location": map[string]float64{"lat": 3.322394, "lon": 99.165179}}
	resp, body := h.post("/api/v1/incidents", r, nil)
	if resp.StatusCode != 201 {
		h.t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var inc dispatch.Incident
	_ = json.Unmarshal(body, &inc)
	return &inc
}

func TestConsoleShowsHoaxRiskAndLinksDuplicates(t *testing.T) {
	h := newConsoleHarness(t)
	pw := h.user("dina", hotline.RoleCallTaker, "")
	fire := h.createFire() // at Bandar Sono, from 0812-3456-7890
	for i := 0; i < 2; i++ {
		resp, body := h.post("/api/v1/calls", map[string]string{"type": "prank", "caller_phone": "0813-7777-6666"}, nil)
		if resp.StatusCode != 201 {
			t.Fatalf("log prank: %d %s", resp.StatusCode, body)
		}
	}
	b := newBrowser(t, h)
	b.login("dina", pw)
	b.waitJS(`document.activeElement && document.activeElement.id === "phone"`, "the intake screen")
	b.keys("0813-7777-6666") // key events into the focused field: no node lookup racing the page's start-up
	b.waitJS(`document.getElementById("history").textContent.includes("2 iseng")`, "the caller's history as the number is typed")
	if txt := eval[string](b, `document.getElementById("history").innerText`); strings.Contains(txt, "null") || strings.Contains(txt, "undefined") {
		t.Errorf("a known caller's history shows %q", txt) // an empty watch-list line once printed "null"
	}
	b.keys("\t")
	b.keys("ada kebakaran rumah, asapnya tebal")
	b.mapClick(3.319242+0.002, 99.155676) // about 220 m north of the fire
	b.waitJS(`document.querySelector('#hoax [data-level]') !== null`, "the hoax-risk score")
	level := eval[string](b, `document.querySelector('#hoax [data-level]').dataset.level`)
	text := eval[string](b, `document.getElementById("hoax").textContent`)
	if level == "normal" || !strings.Contains(text, "panggilan iseng") {
		t.Errorf("a number with two pranks today: level %s, reasons %q", level, text)
	}
	dup := fmt.Sprintf(`document.querySelector('#duplicates [data-dup="%s"]')`, fire.Code)
	b.waitJS(dup+` !== null`, "the fire suggested as the same event")
	if s := eval[string](b, dup+`.textContent`); !strings.Contains(s, " m, ") || !strings.Contains(s, "menit") {
		t.Errorf("the suggestion must show distance and age: %q", s)
	}
	if s := eval[string](b, dup+`.textContent`); !strings.Contains(s, "TANYAKAN NAMA JALAN") {
		t.Errorf("220 m from a fire whose caller named no street, the call-taker is told to ask for the street: %q", s)
	}
	b.do(chromedp.Click(chromedp.CSS(`#duplicates button[data-link="` + string(fire.ID) + `"]`)))
	b.waitJS(`document.querySelector("#flash .ok") !== null && document.getElementById("flash").textContent.includes("`+fire.Code+`")`, "the link to be confirmed")
	got := h.incidentByCode(fire.Code)
	if len(got.Callers) != 1 || got.Callers[0].Phone != "+6281377776666" || len(got.Assignments) != 2 {
		t.Errorf("after one click: callers %+v, %d assignments (no new dispatch)", got.Callers, len(got.Assignments))
	}
}
