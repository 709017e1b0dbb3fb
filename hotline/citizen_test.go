package hotline_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/twiliosms/twiliotest"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

var receiptURL = regexp.MustCompile(`^/piagam/aduan/(ADU-\d{8}-\d{4}-[0-9A-Z]{8})\?baru=1$`)

// complain sends a complaint from the public form at p.now and returns its receipt number.
func complain(t *testing.T, p *pages, addr string, form url.Values) string {
	t.Helper()
	token, cookie := publicForm(t, p)
	form.Set("_csrf", token)
	rec := p.do("POST", "/piagam/pengaduan", "", form, addr, cookie)
	m := receiptURL.FindStringSubmatch(rec.Header().Get("Location"))
	if rec.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("complaint: %d %q\n%.800s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	return m[1]
}

func TestComplaintGetsAReceiptAndAStatusPage(t *testing.T) {
	p := newPages(t)
	fire := p.create(fireCall)
	nomor := complain(t, p, "192.0.2.1:1", url.Values{"name": {"Budi Santoso"}, "contact": {"0812 9999 0000"},
		"topic": {"response_time"}, "message": {"Ambulans baru datang setelah 40 menit."}})
	if !strings.HasPrefix(nomor, "ADU-20261122-0001-") {
		t.Errorf("receipt number %q: the day in WIB and the complaint's number", nomor)
	}
	page := p.do("GET", "/piagam/aduan/"+nomor+"?baru=1", "", nil, "")
	body := page.Body.String()
	for _, want := range []string{nomor, "Pengaduan Anda sudah kami terima", "2026-11-22 10:00 WIB",
		"Formulir pengaduan daring (halaman /piagam), Pusat Panggilan 112 Kota Tebing Tinggi", "belum ditetapkan",
		"Diterima, sedang diproses — sisa hari: 14", "2026-12-06", "Waktu tanggap", "Ambulans baru datang setelah 40 menit."} {
		if !strings.Contains(body, want) {
			t.Errorf("receipt page lacks %q", want)
		}
	}
	for _, secret := range []string{"Budi", "0812 9999 0000", "+6281299990000"} {
		if strings.Contains(body, secret) {
			t.Errorf("receipt page shows the complainant's %q", secret)
		}
	}
	if page.Header().Get("Cache-Control") != "no-store" || page.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("a page whose URL is the key must not be cached nor leak as a referrer: %v", page.Header())
	}

	// Another number, a number with a wrong suffix, or garbage: not found, same answer.
	wrong := nomor[:len(nomor)-8] + "ZZZZZZZZ"
	for _, path := range []string{"/piagam/aduan/" + wrong, "/piagam/aduan/ADU-1", "/piagam/aduan/%3Cscript%3E"} {
		if rec := p.do("GET", path, "", nil, "192.0.2.9:1"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "tidak ditemukan") {
			t.Errorf("%s: %d", path, rec.Code)
		}
	}
	// The lookup form accepts the number as typed (lower case, spaces).
	rec := p.do("GET", "/piagam/aduan?nomor="+url.QueryEscape("  "+strings.ToLower(nomor)+" "), "", nil, "")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/piagam/aduan/"+nomor {
		t.Errorf("lookup: %d %q", rec.Code, rec.Header().Get("Location"))
	}

	// A supervisor assigns the receiving officer and links the incident; then answers.
	p.now = p.now.Add(2 * time.Hour)
	rec = p.do("POST", "/pengaduan/1/tindak-lanjut", "sari", url.Values{"officer": {"Rina (supervisor shift pagi)"},
		"topic": {"response_time"}, "incident": {strings.ToLower(fire.Code)}}, "")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("follow-up: %d %.800s", rec.Code, rec.Body)
	}
	if rec := p.do("POST", "/pengaduan/1/tindak-lanjut", "sari", url.Values{"incident": {"TT-9999"}}, ""); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "Kejadian TT-9999 tidak ditemukan.") {
		t.Errorf("unknown incident: %d", rec.Code)
	}
	p.now = p.now.Add(24 * time.Hour)
	if rec := p.do("POST", "/pengaduan/1/jawab", "sari", url.Values{"answer": {"Mohon maaf, ambulans sedang bertugas di kejadian lain."}}, ""); rec.Code != http.StatusSeeOther {
		t.Fatalf("answer: %d", rec.Code)
	}
	body = p.do("GET", "/piagam/aduan/"+nomor, "", nil, "").Body.String()
	for _, want := range []string{"Rina (supervisor shift pagi)", fire.Code, "Sudah dijawab", "Mohon maaf, ambulans sedang bertugas",
		"sari, 2026-11-23 12:00 WIB"} {
		if !strings.Contains(body, want) {
			t.Errorf("status page lacks %q", want)
		}
	}
	queue := p.do("GET", "/pengaduan", "sari", nil, "").Body.String()
	if !strings.Contains(queue, "Rina (supervisor shift pagi) <span class=\"muted\">(sari, 2026-11-22 12:00 WIB)</span>") {
		t.Errorf("the queue records who assigned the officer and when:\n%s", queue)
	}
}

func TestComplaintStatusLookupIsLimitedPerAddress(t *testing.T) {
	p := newPages(t)
	for i := 0; i < hotline.LookupsPerWindow; i++ {
		if rec := p.do("GET", "/piagam/aduan/ADU-20261122-0001-AAAAAAAA", "", nil, "192.0.2.7:1"); rec.Code != http.StatusNotFound {
			t.Fatalf("lookup %d: %d", i+1, rec.Code)
		}
	}
	if rec := p.do("GET", "/piagam/aduan/ADU-20261122-0001-AAAAAAAA", "", nil, "192.0.2.7:2"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("one lookup too many: %d", rec.Code)
	}
	if rec := p.do("GET", "/piagam/aduan/ADU-20261122-0001-AAAAAAAA", "", nil, "198.51.100.1:1"); rec.Code != http.StatusNotFound {
		t.Errorf("another address: %d", rec.Code)
	}
}

func TestComplaintQueueAndReportCountTheFourteenDays(t *testing.T) {
	p := newPages(t)
	start := p.now
	p.now = start.AddDate(0, 0, -15)
	old := complain(t, p, "192.0.2.1:1", url.Values{"topic": {"officer_conduct"}, "message": {"Petugas membentak saya."}})
	p.now = start.AddDate(0, 0, -11)
	soon := complain(t, p, "192.0.2.2:1", url.Values{"topic": {"response_time"}, "message": {"Lama sekali datangnya."}})
	p.now = start.AddDate(0, 0, -3)
	fresh := complain(t, p, "192.0.2.3:1", url.Values{"message": {"Telepon tidak diangkat."}})
	p.now = start.AddDate(0, 0, -2)
	answered := complain(t, p, "192.0.2.4:1", url.Values{"topic": {"response_time"}, "message": {"Kurang cepat."}})
	if rec := p.do("POST", "/pengaduan/4/jawab", "sari", url.Values{"answer": {"Sudah kami evaluasi."}}, ""); rec.Code != http.StatusSeeOther {
		t.Fatalf("answer: %d", rec.Code)
	}
	p.now = start

	body := p.do("GET", "/pengaduan", "sari", nil, "").Body.String()
	order := regexp.MustCompile(`data-due="([a-z_]+)" data-days-left="(-?\d+)"`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, m := range order {
		got = append(got, m[1]+":"+m[2])
	}
	if want := "overdue:-1 due_soon:3 open:11 answered:12"; strings.Join(got, " ") != want {
		t.Errorf("queue order (days left of 14) = %q, want %q", strings.Join(got, " "), want)
	}
	for _, want := range []string{`id="due-soon-count">1 `, `id="overdue-count">1 `, "LEWAT 14 HARI", "MENDEKATI BATAS", old, soon, fresh, answered} {
		if !strings.Contains(body, want) {
			t.Errorf("queue lacks %q", want)
		}
	}
	if !strings.Contains(p.do("GET", "/piagam/aduan/"+old, "", nil, "").Body.String(), "Melewati batas 14 hari, belum dijawab") {
		t.Error("the overdue complaint's status page must say so")
	}

	from := start.AddDate(0, 0, -20).Format("2006-01-02")
	rec := p.do("GET", "/api/v1/reports/complaints?from="+from+"&to="+start.Format("2006-01-02"), "oki", nil, "")
	var r hotline.ComplaintReport
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("report: %d %s", rec.Code, rec.Body)
	}
	// Outcome known for 2 (one answered in time, one overdue): 50 %.
	if r.Received != 4 || r.Answered != 1 || r.AnsweredInTime != 1 || r.Overdue != 1 || r.DueSoon != 1 || r.Open != 3 ||
		r.AnsweredInTimePct != 50 {
		t.Errorf("complaint report: %+v", r)
	}
	topics := map[string]int{}
	for _, tc := range r.ByTopic {
		topics[tc.Topic] = tc.Received
	}
	if topics["response_time"] != 2 || topics["officer_conduct"] != 1 || topics[""] != 1 {
		t.Errorf("by topic: %+v", r.ByTopic)
	}
	if rec := p.do("GET", "/api/v1/reports/complaints", "psc", nil, ""); rec.Code != http.StatusForbidden {
		t.Errorf("an agency user reads other agencies' complaints: %d", rec.Code)
	}
	page := p.do("GET", "/laporan?from="+from+"&to="+start.Format("2006-01-02"), "oki", nil, "").Body.String()
	for _, want := range []string{`id="cr-received">4<`, `id="cr-overdue">1<`, `id="cr-due-soon">1<`, `id="cr-in-time-pct">50 %<`, "Sikap atau perilaku petugas"} {
		if !strings.Contains(page, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
}

func TestComplaintBySMS(t *testing.T) {
	const token, public = "test-auth-token", "https://112.example.go.id"
	p := newPagesWith(t, hotline.Config{Durable: true, TwilioAuthToken: token, PublicURL: public})
	send := func(sid, from, body string) (int, string) {
		form := url.Values{"MessageSid": {sid}, "From": {from}, "To": {"+6261112"}, "Body": {body}}
		req := httptest.NewRequest("POST", "/webhooks/twilio/sms", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", twiliotest.Sign(token, public+"/webhooks/twilio/sms", form))
		rec := httptest.NewRecorder()
		p.handler.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	code, body := send("SM1", "+6281299990000", "aduan: petugas tidak datang ke Jl. Mawar")
	m := regexp.MustCompile(`nomor tanda terima (ADU-20261122-0001-[0-9A-Z]{8})\. Dijawab paling lambat 2026-12-06\. Status: https://112\.example\.go\.id/piagam/aduan/(ADU-[0-9A-Z-]+)</Message>`).FindStringSubmatch(body)
	if code != http.StatusOK || m == nil || m[1] != m[2] || !strings.Contains(body, "diterima 2026-11-22 10:00 WIB via SMS") {
		t.Fatalf("receipt SMS: %d %s", code, body)
	}
	// Twilio delivers the same message again: one complaint, the same receipt.
	if _, again := send("SM1", "+6281299990000", "aduan: petugas tidak datang ke Jl. Mawar"); !strings.Contains(again, m[1]) {
		t.Errorf("redelivery: %s", again)
	}
	if _, usage := send("SM2", "+6281299990000", "ADUAN"); !strings.Contains(usage, "kirim: ADUAN (spasi) isi pengaduan") {
		t.Errorf("empty complaint: %s", usage)
	}
	status := p.do("GET", "/piagam/aduan/"+m[1], "", nil, "").Body.String()
	if !strings.Contains(status, "SMS ke nomor Pusat Panggilan 112 Kota Tebing Tinggi") || !strings.Contains(status, "petugas tidak datang ke Jl. Mawar") ||
		strings.Contains(status, "81299990000") {
		t.Errorf("status of an SMS complaint:\n%s", status)
	}
	queue := p.do("GET", "/pengaduan", "sari", nil, "").Body.String()
	if strings.Count(queue, `class="card complaint`) != 1 || !strings.Contains(queue, "kontak: &#43;6281299990000") {
		t.Errorf("the supervisor sees one complaint with the number to answer to:\n%s", queue)
	}
}

// IKM on a set of answers worked out by hand (PermenPANRB 14/2017):
//
//	           U1 U2 U3 U4 U5 U6 U7 U8 U9
//	R1          4  4  3  4  3  3  4  4  3
//	R2          3  3  3  4  3  3  3  3  3
//	R3          4  3  2  4  3  4  4  3  3
//	R4          3  3  3  4  4  3  4  3  2
//	sum        14 13 11 16 13 13 15 13 11
//	NRR      3.50 3.25 2.75 4.00 3.25 3.25 3.75 3.25 2.75   (Σ NRR = 29.75)
//	Σ NRR tertimbang = 29.75 × 1/9 = 3.30556 → IKM unit = 3.30556 × 25 = 82.64 → B (76.61–88.30), "baik"
//	(with the printed 0.111: 29.75 × 0.111 × 25 = 82.56, also B)
func TestIKMAsTheRegulationComputesIt(t *testing.T) {
	answers := [][hotline.IKMElements]int{
		{4, 4, 3, 4, 3, 3, 4, 4, 3},
		{3, 3, 3, 4, 3, 3, 3, 3, 3},
		{4, 3, 2, 4, 3, 4, 4, 3, 3},
		{3, 3, 3, 4, 4, 3, 4, 3, 2},
	}
	k := hotline.ComputeIKM(answers)
	wantNRR := [hotline.IKMElements]float64{3.5, 3.25, 2.75, 4, 3.25, 3.25, 3.75, 3.25, 2.75}
	if k.Respondents != 4 || k.NRR != wantNRR || k.Index != 82.64 || k.Grade != "B" {
		t.Errorf("IKM = %+v, want NRR %v, 82.64, B", k, wantNRR)
	}
	if d := k.Interval - 29.75/9; d > 1e-12 || d < -1e-12 {
		t.Errorf("Σ NRR tertimbang = %v, want %v", k.Interval, 29.75/9)
	}
	tests := []struct {
		name   string
		every  int
		index  float64
		grade  string
		people int
	}{
		{"all very good", 4, 100, "A", 3}, {"all good", 3, 75, "C", 2}, {"all fair", 2, 50, "D", 1}, {"all poor", 1, 25, "D", 5},
	}
	for _, tt := range tests {
		var a [][hotline.IKMElements]int
		for i := 0; i < tt.people; i++ {
			var r [hotline.IKMElements]int
			for j := range r {
				r[j] = tt.every
			}
			a = append(a, r)
		}
		if k := hotline.ComputeIKM(a); k.Index != tt.index || k.Grade != tt.grade || k.Respondents != tt.people {
			t.Errorf("%s: %+v", tt.name, k)
		}
	}
	if k := hotline.ComputeIKM(nil); k.Respondents != 0 || k.Grade != "" || k.Index != 0 {
		t.Errorf("no answers: %+v", k)
	}
}

func TestSurveyLinkWorksOnce(t *testing.T) {
	p := newPages(t)
	issuer := hredis.NewSurveys(p.rdb, "")
	tok, err := issuer.IssueSurvey(context.Background(), []agencies.AgencyID{agencies.Damkar, agencies.Dinkes})
	if err != nil {
		t.Fatal(err)
	}
	page := p.do("GET", "/survei/"+tok, "", nil, "")
	if page.Code != http.StatusOK || strings.Count(page.Body.String(), `<fieldset class="sv-q`) != 9 ||
		strings.Count(page.Body.String(), `type="radio"`) != 36 || page.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("survey page: %d\n%.1500s", page.Code, page.Body)
	}
	var cookie *http.Cookie
	for _, c := range page.Result().Cookies() {
		if c.Name == "sigap_public_csrf" {
			cookie = c
		}
	}
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page.Body.String())[1]
	form := url.Values{"_csrf": {csrf}}
	for i, k := range []string{"requirements", "procedure", "time", "cost", "product", "competence", "conduct", "complaints"} {
		form.Set(k, []string{"4", "3", "2", "4", "3", "4", "4", "3"}[i])
	}
	rec := p.do("POST", "/survei/"+tok, "", form, "", cookie)
	if rec.Code != http.StatusBadRequest || strings.Count(rec.Body.String(), "Pilih salah satu angka.") != 1 ||
		!strings.Contains(rec.Body.String(), `id="time-2" value="2" checked`) {
		t.Fatalf("a missing element: %d\n%.2000s", rec.Code, rec.Body)
	}
	form.Set("facilities", "3")
	if rec := p.do("POST", "/survei/"+tok, "", form, "", cookie); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/survei/selesai" {
		t.Fatalf("submit: %d", rec.Code)
	}
	if rec := p.do("POST", "/survei/"+tok, "", form, "", cookie); rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "sudah dipakai") {
		t.Errorf("second submit: %d", rec.Code)
	}
	if rec := p.do("GET", "/survei/"+tok, "", nil, ""); rec.Code != http.StatusGone {
		t.Errorf("the used link opens: %d", rec.Code)
	}

	// Two people with one link at the same moment: one answer is kept.
	tok2, _ := issuer.IssueSurvey(context.Background(), []agencies.AgencyID{agencies.Damkar})
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes[i] = p.do("POST", "/survei/"+tok2, "", form, "", cookie).Code
		}(i)
	}
	wg.Wait()
	accepted := 0
	for _, c := range codes {
		switch c {
		case http.StatusSeeOther:
			accepted++
		case http.StatusGone:
		default:
			t.Errorf("concurrent submit: %d", c)
		}
	}
	if accepted != 1 {
		t.Errorf("%d of %d concurrent submits accepted, want 1", accepted, len(codes))
	}

	// Anonymous: the stored answers hold agencies, day and scores only.
	keys, _ := p.rdb.Keys(context.Background(), "sigap:survey:*").Result()
	if len(keys) != 1 || keys[0] != "sigap:survey:resp:2026-11-22" {
		t.Errorf("survey keys left: %v", keys)
	}
	stored, _ := p.rdb.LRange(context.Background(), "sigap:survey:resp:2026-11-22", 0, -1).Result()
	if strings.Join(stored, " ") != "damkar,dinkes|432434433 damkar|432434433" {
		t.Errorf("stored answers: %q", stored)
	}

	// Both answers count for damkar and the centre, one for dinkes.
	rec = p.do("GET", "/api/v1/reports/ikm?period=month&date=2026-11-22", "oki", nil, "")
	var r hotline.IKMReport
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("ikm report: %d %s", rec.Code, rec.Body)
	}
	got := map[string]int{}
	for _, u := range r.Units {
		got[u.Unit] = u.IKM.Respondents
		if u.Unit == "centre" && (u.IKM.Index != 83.33 || u.IKM.Grade != "B") {
			t.Errorf("centre IKM: %+v", u.IKM) // (4+3+2+4+3+4+4+3+3)/9 × 25 = 30/9 × 25 = 83.33
		}
	}
	if got["centre"] != 2 || got["damkar"] != 2 || got["dinkes"] != 1 || got["bpbd"] != 0 {
		t.Errorf("respondents per unit: %v", got)
	}
	rec = p.do("GET", "/api/v1/reports/ikm?period=month&date=2026-11-22", "psc", nil, "")
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || len(r.Units) != 1 || r.Units[0].Unit != "dinkes" || r.Units[0].IKM.Respondents != 1 {
		t.Errorf("an agency user gets its own unit: %s", rec.Body)
	}
	public := p.do("GET", "/piagam", "", nil, "").Body.String()
	if !strings.Contains(public, "Indeks Kepuasan Masyarakat (IKM)") || !strings.Contains(public, "83.33") {
		t.Errorf("the public page shows the month's IKM")
	}
}

func TestSurveyIsLimitedPerAddress(t *testing.T) {
	p := newPages(t)
	for i := 0; i < hotline.SurveyRequestsPerWindow; i++ {
		if rec := p.do("GET", "/survei/unknown-token", "", nil, "192.0.2.5:1"); rec.Code != http.StatusGone {
			t.Fatalf("request %d: %d", i+1, rec.Code)
		}
	}
	if rec := p.do("GET", "/survei/unknown-token", "", nil, "192.0.2.5:1"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("one too many: %d", rec.Code)
	}
}

func TestPublicPageStatesRightsObligationsAndChannels(t *testing.T) {
	p := newPages(t)
	for lang, wants := range map[string][]string{
		"id": {"Hak dan kewajiban", "Dijawab petugas dan laporan darurat Anda diteruskan ke instansi dalam 1 menit.",
			"Tidak melakukan panggilan iseng", "Dasar hukum:", "UU 1/2023", "Visi", "Misi", "Ombudsman Republik Indonesia",
			"DPRD Kota Tebing Tinggi", "SP4N-LAPOR!", "SMS 1708", "perlu dikonfirmasi Pemerintah Kota", "Cek status pengaduan", "ADUAN (spasi)"},
		"en": {"Rights and obligations", "Not to make prank calls", "Legal basis:", "Vision", "Other complaint channels",
			"to be confirmed by the city", "Check a complaint"},
	} {
		body := p.do("GET", "/piagam?lang="+lang, "", nil, "").Body.String()
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s: public page lacks %q", lang, w)
			}
		}
	}
}

func TestSurveyInEnglish(t *testing.T) {
	p := newPages(t)
	tok, _ := hredis.NewSurveys(p.rdb, "").IssueSurvey(context.Background(), []agencies.AgencyID{agencies.Dinkes})
	rec := p.do("GET", "/survei/"+tok+"?lang=en", "", nil, "")
	body := rec.Body.String()
	for _, want := range []string{"How did 112 serve you?", "Cost: 112 is free", "Very good", `lang="id"`} {
		if !strings.Contains(body, want) {
			t.Errorf("English survey lacks %q", want)
		}
	}
	var lang *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "lang" {
			lang = c
		}
	}
	if lang == nil || lang.Value != "en" {
		t.Fatal("the language choice must hold for the form's POST")
	}
	if rec := p.do("POST", "/survei/"+tok, "", url.Values{"_csrf": {"x"}}, "", lang); !strings.Contains(rec.Body.String(), "The form expired") {
		t.Errorf("the POST answers in English: %d", rec.Code)
	}
}
