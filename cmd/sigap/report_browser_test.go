package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/hotline"
)

// reportCalls are emergencies with known callers and addresses: the report
// counts them, the public page must show none of their personal data.
var reportCalls = []struct {
	body   map[string]any
	phones []string // every way the number could be written
}{
	{fireReport, []string{"+6281234567890", "6281234567890", "081234567890", "0812-3456-7890", "0812 3456 7890"}},
	{map[string]any{"caller_phone": "+62 813-7000-4321", "description": "ada ular kobra masuk ke kamar anak saya",
		"location": map[string]float64{"lat": 3.322394, "lon": 99.165179}, "address": "Jl. Sudirman no. 77 dekat masjid"},
		[]string{"+6281370004321", "6281370004321", "081370004321", "0813-7000-4321", "813-7000-4321"}},
	{map[string]any{"caller_phone": "0821 6000 5555", "description": "kecelakaan motor dan mobil, pengendara luka berdarah",
		"location": map[string]float64{"lat": 3.3265, "lon": 99.1570}, "address": "Simpang Jl. Thamrin depan toko Sinar"},
		[]string{"+6282160005555", "6282160005555", "082160005555", "0821-6000-5555", "0821 6000 5555"}},
}

// createReportIncidents logs the calls and lets Damkar acknowledge the fire
// (a supervisor records it from the radio).
func createReportIncidents(t *testing.T, h *harness) []*dispatch.Incident {
	t.Helper()
	var out []*dispatch.Incident
	for _, c := range reportCalls {
		resp, body := h.post("/api/v1/incidents", c.body, nil)
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		var inc dispatch.Incident
		_ = json.Unmarshal(body, &inc)
		out = append(out, &inc)
	}
	sup := apiToken(t, h.app, "sari", hotline.RoleSupervisor, "")
	resp, body := h.post("/api/v1/incidents/"+string(out[0].ID)+"/assignments/damkar/status",
		map[string]string{"status": "acknowledged", "reason": "dilaporkan lewat radio"}, map[string]string{"Authorization": "Bearer " + sup})
	if resp.StatusCode != 200 {
		t.Fatalf("acknowledge: %d %s", resp.StatusCode, body)
	}
	return out
}

func TestReportPagesInTheBrowser(t *testing.T) {
	h := newConsoleHarness(t)
	incs := createReportIncidents(t, h)
	pw := h.user("oki", hotline.RoleOfficial, "")
	b := newBrowser(t, h)
	b.login("oki", pw)
	b.waitJS(`document.querySelector('header nav a[href="/laporan"]') !== null`, "the reports link in the navigation")
	b.do(chromedp.Click(chromedp.CSS(`header nav a[href="/laporan"]`)))
	b.waitJS(`document.querySelector('#groups th[scope=row]') !== null`, "the report table")
	if n := eval[int](b, `Number(document.querySelectorAll("#overall td")[0].textContent.trim())`); n != len(incs) {
		t.Errorf("overall incidents: %d, want %d", n, len(incs))
	}

	// Group by category through the form.
	b.do(chromedp.SetValue(chromedp.CSS("#f-group"), "category"), chromedp.Click(chromedp.CSS("#apply")))
	b.waitJS(`location.search.includes("group_by=category") && document.getElementById("groups").textContent.includes("Kebakaran")`,
		"the report grouped by category")
	if n := eval[int](b, `document.querySelectorAll("main svg.chart").length`); n < 2 {
		t.Errorf("%d charts on the report page, want at least 2", n)
	}
	if s := eval[string](b, `[...document.querySelectorAll("main svg.chart")].map(s => s.getAttribute("aria-label")).join("|")`); !strings.Contains(s, "Kejadian per hari") {
		t.Errorf("chart names: %q", s)
	}
	b.screenshot("reports", 1366, 768)
	b.do(chromedp.ScrollIntoView(chromedp.CSS(".charts")))
	b.screenshot("reports-charts", 1366, 768)
	printMedia(b, "print")
	if eval[bool](b, `!matchMedia("print").matches || [...document.querySelectorAll("header.top, #filter, #print, #csv-aggregates")].some(e => e.getClientRects().length > 0)`) {
		t.Error("printing must leave out the navigation, the filter form and the buttons")
	}
	b.screenshot("reports-print", 1366, 768)
	printMedia(b, "")

	// The CSV links carry the filters and the session: fetch them as the browser would.
	csv := fetchText(b, "csv-aggregates")
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if !strings.HasPrefix(lines[0], "category,incidents,assignments,call_processing_n") || len(lines) < 3 || !strings.HasPrefix(lines[len(lines)-1], "TOTAL,3,") {
		t.Errorf("aggregates CSV:\n%s", csv)
	}
	csv = fetchText(b, "csv-assignments")
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); !strings.HasPrefix(lines[0], "code,agency,station") || len(lines) < 1+len(incs) {
		t.Errorf("assignments CSV: %d lines\n%s", len(lines), csv)
	}
	checkPublicPage(t, h, incs)
}

// checkPublicPage opens /piagam without signing in, looks for leaks, sends a
// complaint; then a supervisor finds it on /pengaduan and answers it.
func checkPublicPage(t *testing.T, h *harness, incs []*dispatch.Incident) {
	b := newBrowser(t, h)
	b.open("/piagam")
	b.waitJS(`document.querySelector("svg.chart.flow") !== null`, "the charter page with its flow diagram")
	html := eval[string](b, `document.documentElement.outerHTML`)
	var leaks []string
	for i, c := range reportCalls {
		leaks = append(leaks, c.phones...)
		leaks = append(leaks, c.body["address"].(string), c.body["description"].(string), incs[i].Code, string(incs[i].ID))
	}
	for _, s := range leaks {
		if strings.Contains(html, s) {
			t.Errorf("the public page shows %q", s)
		}
	}
	if code := regexp.MustCompile(regexp.QuoteMeta(h.app.Deployment.City.IncidentPrefix) + `-\d+`).FindString(html); code != "" {
		t.Errorf("the public page shows an incident code: %s", code)
	}
	for _, w := range []string{"DAMKAR — semua kejadian gawat (P1): diterima dalam 1 menit, tiba dalam 15 menit, selesai dalam 3 jam",
		"Warga menelepon 112", "Laporan &amp; evaluasi"} {
		if !strings.Contains(html, w) {
			t.Errorf("the public page lacks %q", w)
		}
	}
	if eval[bool](b, `document.querySelector("header.top, nav, .demo-banner, script") !== null`) {
		t.Error("the public page must have its own layout: no console navigation, no demo aids, no script")
	}
	b.screenshot("piagam", 1366, 768)
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#alur")))
	b.screenshot("piagam-alur", 1366, 768)

	msg := "Telepon 112 lama diangkat tadi malam " + time.Now().Format("150405")
	b.do(chromedp.SendKeys(chromedp.CSS("#c-message"), msg), chromedp.Click(chromedp.CSS("#c-submit")))
	b.waitJS(`document.getElementById("rc-fresh") !== null && location.pathname.startsWith("/piagam/aduan/ADU-")`, "the complaint's receipt")

	pw := h.user("sinta", hotline.RoleSupervisor, "")
	b.login("sinta", pw)
	b.open("/pengaduan")
	b.waitJS(`document.getElementById("complaints").textContent.includes("`+msg+`")`, "the complaint on the supervisors' page")
	b.do(chromedp.SendKeys(chromedp.CSS(".complaint textarea"), "Sudah kami telepon balik."), chromedp.Click(chromedp.CSS(".complaint .answer-form button")))
	b.waitJS(`document.getElementById("notice") !== null && document.querySelector(".complaint-answer") !== null`, "the answer to be recorded")
	list, err := h.app.Accounts.Complaints().List(context.Background(), 10)
	if err != nil || len(list) != 1 || list[0].Status != hotline.ComplaintAnswered || list[0].AnsweredBy != "sinta" {
		t.Errorf("stored complaint: %+v %v", list, err)
	}
}

// fetchText fetches a link of the page with the page's cookies, as a click
// would download it (a real download in headless chromium is awkward).
func fetchText(b *browser, linkID string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	js := `fetch(document.getElementById("` + linkID + `").href).then(r => r.ok ? r.text() : "HTTP " + r.status)`
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch %s: %v", linkID, err)
	}
	return v
}

// printMedia makes CSS see the page as printed ("print") or on screen ("").
func printMedia(b *browser, media string) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}
