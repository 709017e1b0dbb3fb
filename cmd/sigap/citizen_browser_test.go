package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

// The citizen's side of the charter in a real browser: the public page's
// rights, obligations and channels; a complaint and its receipt; the survey
// on a 360×640 phone, answered by taps and the keyboard, once.
func TestCitizenPagesInTheBrowser(t *testing.T) {
	h := newConsoleHarness(t)
	b := newBrowser(t, h)

	b.open("/piagam")
	b.waitJS(`document.getElementById("hak-kewajiban") !== null`, "the rights and obligations")
	for sel, want := range map[string]string{
		"#rights":      "Dijawab petugas dan laporan darurat Anda diteruskan ke instansi dalam 1 menit.",
		"#duties":      "Tidak melakukan panggilan iseng",
		"#prank-basis": "UU 1/2023",
		"#channels":    "SP4N-LAPOR!",
		"#vision":      "Tebing Tinggi",
		"#survei":      "Indeks Kepuasan Masyarakat",
		"#lookup-form": "Nomor tanda terima",
	} {
		if got := eval[string](b, `(document.querySelector("`+sel+`") || {}).textContent || ""`); !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", sel, got, want)
		}
	}
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#hak-kewajiban")))
	b.screenshot("piagam-hak-kewajiban", 1366, 768)
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#saluran")))
	b.screenshot("piagam-saluran", 1366, 768)

	// A complaint through the form: the receipt page, then the same by lookup.
	b.do(chromedp.SetValue(chromedp.CSS("#c-topic"), "response_time"),
		chromedp.SendKeys(chromedp.CSS("#c-name"), "Budi Santoso"),
		chromedp.SendKeys(chromedp.CSS("#c-contact"), "0812 9999 0000"),
		chromedp.SendKeys(chromedp.CSS("#c-message"), "Ambulans baru datang setelah 40 menit."),
		chromedp.Click(chromedp.CSS("#c-submit")))
	b.waitJS(`document.getElementById("rc-number") !== null`, "the receipt page")
	nomor := eval[string](b, `document.getElementById("rc-number").textContent`)
	if !regexp.MustCompile(`^ADU-\d{8}-0001-[0-9A-Z]{8}$`).MatchString(nomor) {
		t.Errorf("receipt number %q", nomor)
	}
	page := eval[string](b, `document.body.innerText`)
	for _, want := range []string{"Formulir pengaduan daring", "belum ditetapkan", "14 hari sejak diterima", "Waktu tanggap"} {
		if !strings.Contains(page, want) {
			t.Errorf("receipt page lacks %q", want)
		}
	}
	if strings.Contains(page, "Budi") || strings.Contains(page, "9999") {
		t.Error("the receipt page shows the complainant's name or number")
	}
	b.screenshot("aduan-tanda-terima", 1366, 768)
	b.screenshot("aduan-tanda-terima", 360, 640)
	b.open("/piagam")
	b.do(chromedp.SendKeys(chromedp.CSS("#l-nomor"), strings.ToLower(nomor)+"\r"))
	b.waitJS(`location.pathname === "/piagam/aduan/`+nomor+`" && document.getElementById("rc-number") !== null`, "the status page by lookup")

	// The supervisors' queue: the receipt number, the deadline, the follow-up form.
	pw := h.user("sari", hotline.RoleSupervisor, "")
	b.login("sari", pw)
	b.open("/pengaduan")
	b.waitJS(`document.querySelector('.complaint[data-due="open"][data-days-left="14"] .receipt-no') !== null`, "the complaint in the queue")
	if got := eval[string](b, `document.querySelector(".complaint .receipt-no").textContent`); got != nomor {
		t.Errorf("queue shows receipt %q, want %q", got, nomor)
	}
	b.do(chromedp.SetValue(chromedp.CSS(".followup-form input[name=officer]"), "Rina"),
		chromedp.Click(chromedp.CSS(".followup-form button")))
	b.waitJS(`document.getElementById("notice") !== null`, "the follow-up saved")
	b.screenshot("pengaduan-antrean", 1366, 768)
	b.open("/piagam/aduan/" + nomor)
	b.waitJS(`document.getElementById("rc-officer").textContent.trim() === "Rina"`, "the receiving officer on the receipt")

	// The survey on a phone.
	tok, err := hredis.NewSurveys(h.app.rdb, "sigap:").IssueSurvey(context.Background(), []agencies.AgencyID{agencies.Damkar})
	if err != nil {
		t.Fatal(err)
	}
	phone := chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile, chromedp.EmulateScale(2))
	b.do(phone)
	b.open("/survei/" + tok)
	b.waitJS(`document.querySelectorAll("fieldset.sv-q").length === 9`, "the nine questions")
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the survey scrolls sideways on a 360 px phone: %d px wide", w)
	}
	if n := eval[int](b, `[...document.querySelectorAll(".sv-opt")].filter(l => l.getBoundingClientRect().height < 44 || l.getBoundingClientRect().width < 44).length`); n != 0 {
		t.Errorf("%d answer targets smaller than 44×44 px", n)
	}
	if n := eval[int](b, `[...document.querySelectorAll("input[type=radio]")].filter(r => !document.querySelector('label[for="' + r.id + '"]')).length`); n != 0 {
		t.Errorf("%d answers without a label", n)
	}
	b.screenshot("survei", 360, 640)
	b.do(phone)
	// Keyboard: the first element by arrow keys, the rest by one tap each.
	b.do(chromedp.Focus(chromedp.CSS("#requirements-1")))
	b.keys("\x20") // space selects the focused radio
	b.keys(kb.ArrowRight)
	b.keys(kb.ArrowRight)
	if v := eval[string](b, `document.querySelector("input[name=requirements]:checked").value`); v != "3" {
		t.Errorf("keyboard answer: %q, want 3", v)
	}
	for _, k := range []string{"procedure", "time", "cost", "product", "competence", "conduct", "complaints", "facilities"} {
		b.do(chromedp.ScrollIntoView(chromedp.CSS(`label[for="`+k+`-4"]`)), chromedp.Click(chromedp.CSS(`label[for="`+k+`-4"]`)))
	}
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#sv-submit")))
	b.screenshot("survei-terisi", 360, 640)
	b.do(phone, chromedp.Click(chromedp.CSS("#sv-submit")))
	b.waitJS(`location.pathname === "/survei/selesai" && document.getElementById("sv-done") !== null`, "the thanks")
	b.screenshot("survei-selesai", 360, 640)
	b.open("/survei/" + tok)
	b.waitJS(`document.getElementById("sv-used") !== null`, "the used link refused")
	// The officials' report: the complaint figures and the IKM of the month.
	b.do(chromedp.EmulateViewport(1366, 768))
	b.login("oki", h.user("oki", hotline.RoleOfficial, ""))
	b.open("/laporan?period=month")
	b.waitJS(`document.getElementById("ikm") !== null`, "the IKM table")
	if got := eval[string](b, `document.querySelector('#ikm tr[data-unit="damkar"]').innerText`); !strings.Contains(got, "1\t3.00\t4.00") || !strings.Contains(got, "97.22") || !strings.Contains(got, "A (sangat baik)") {
		t.Errorf("damkar's IKM row: %q", got) // (3+4×8)/9 × 25 = 97.22
	}
	if got := eval[string](b, `document.getElementById("cr-received").textContent`); got != "1" {
		t.Errorf("complaints received: %q", got)
	}
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#citizen-complaints")))
	b.screenshot("laporan-pengaduan-ikm", 1366, 768)

	stored, _ := h.app.rdb.LRange(context.Background(), "sigap:survey:resp:"+h.clock.Format("2006-01-02"), 0, -1).Result()
	if len(stored) != 1 || stored[0] != "damkar|344444444" {
		t.Errorf("stored answers: %q", stored)
	}
}
