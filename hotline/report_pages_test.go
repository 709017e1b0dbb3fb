package hotline_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	aredis "github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/redisstore"
	"github.com/sigap112/sigap/dispatch/report"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

// pages is a server with reports, users of every role (API tokens) and a
// clock the test moves.
type pages struct {
	t       *testing.T
	handler http.Handler
	now     time.Time
	tokens  map[string]string // user → API token
	rdb     redis.UniversalClient
}

func newPages(t *testing.T) *pages {
	t.Helper()
	return newPagesWith(t, hotline.Config{Durable: true})
}

// newPagesWith is newPages with a server configuration (webhooks need a token).
func newPagesWith(t *testing.T, cfg hotline.Config) *pages {
	t.Helper()
	dep := loadDeployment(t)
	rdb := redistest.NewClient(t)
	var ids []agencies.AgencyID
	for _, a := range dep.Directory.Agencies() {
		ids = append(ids, a.ID)
	}
	store := redisstore.New(rdb, redisstore.Options{Agencies: ids, Location: dep.Location, CallProcessing: dep.Charter.CallProcessing})
	if err := store.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := &pages{t: t, now: time.Date(2026, 11, 22, 10, 0, 0, 0, dep.Location), tokens: map[string]string{}, rdb: rdb}
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: dep.Referrals()}, dispatch.ServiceDeps{
		Store: store, Timers: store, Calls: store, Taxonomy: dep.Taxonomy, Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter,
		Charters: aredis.NewCharters(rdb, "sigap:"), Log: zap.NewNop()})
	svc.SetClock(func() time.Time { return p.now })
	// The account store also keeps the complaints (hredis.Accounts.Complaints).
	accounts := hredis.New(rdb, hredis.Options{Agencies: ids, BcryptCost: 4})
	s := hotline.New(cfg, hotline.Deps{Dispatch: svc, Store: store, Changes: store, Deployment: dep,
		Accounts: accounts, Ready: store.Ping, Log: zap.NewNop(), Registry: prometheus.NewRegistry(),
		Reports: report.NewService(store, dep.Location, "TT")})
	p.handler = s.Handler()
	for _, u := range []struct {
		name   string
		role   hotline.Role
		agency agencies.AgencyID
	}{{"tari", hotline.RoleCallTaker, ""}, {"sari", hotline.RoleSupervisor, ""}, {"oki", hotline.RoleOfficial, ""},
		{"psc", hotline.RoleAgency, agencies.Dinkes}, {"admin", hotline.RoleAdmin, ""}} {
		if _, err := accounts.CreateUser(context.Background(), u.name, u.role, u.agency); err != nil {
			t.Fatal(err)
		}
		tok, err := accounts.IssueToken(context.Background(), u.name)
		if err != nil {
			t.Fatal(err)
		}
		p.tokens[u.name] = tok
	}
	return p
}

// do sends a request as a user ("" for nobody) from addr with cookies.
func (p *pages) do(method, path, user string, form url.Values, addr string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	p.t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+p.tokens[user])
	}
	if addr != "" {
		req.RemoteAddr = addr
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	return rec
}

// create logs an incident as the call-taker.
func (p *pages) create(body map[string]any) *dispatch.Incident {
	p.t.Helper()
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/incidents", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+p.tokens["tari"])
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		p.t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var inc dispatch.Incident
	_ = json.Unmarshal(rec.Body.Bytes(), &inc)
	return &inc
}

// acknowledge records an agency's TERIMA as the supervisor (radio).
func (p *pages) acknowledge(inc *dispatch.Incident, agency string) {
	p.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/api/v1/incidents/"+string(inc.ID)+"/assignments/"+agency+"/status",
		strings.NewReader(`{"status":"acknowledged","reason":"dilaporkan lewat radio"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+p.tokens["sari"])
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		p.t.Fatalf("acknowledge: %d %s", rec.Code, rec.Body)
	}
}

// The callers' personal data, which the public page must never show.
var (
	fireCall = map[string]any{"caller_phone": "0812-3456-7890", "description": "Rumah terbakar, ada nenek terjebak di dalam kamar",
		"location": map[string]float64{"lat": 3.319242, "lon": 99.155676}, "address": "Jl. Gunung Leuser gg. Mawar no. 5"}
	snakeCall = map[string]any{"caller_phone": "+62 813-7000-4321", "description": "ada ular kobra masuk ke kamar anak saya",
		"location": map[string]float64{"lat": 3.322394, "lon": 99.165179}, "address": "Jl. Sudirman no. 77"}
	personal = []string{"+6281234567890", "081234567890", "0812-3456-7890", "+6281370004321", "081370004321", "813-7000-4321",
		"Gunung Leuser", "Sudirman", "nenek terjebak", "ular kobra", "Bandar Sono", "Pos Damkar"}
)

func newPagesWithIncidents(t *testing.T) (*pages, []*dispatch.Incident) {
	t.Helper()
	p := newPages(t)
	fire, snake := p.create(fireCall), p.create(snakeCall)
	p.now = p.now.Add(40 * time.Second)
	p.acknowledge(fire, "damkar")
	return p, []*dispatch.Incident{fire, snake}
}

func TestReportPage(t *testing.T) {
	p, incs := newPagesWithIncidents(t)
	tests := []struct {
		name, user, query string
		status            int
		want, not         []string
	}{
		{"default period by agency", "oki", "", 200,
			[]string{`<th scope="row">DAMKAR</th><td class="num">2</td>`, `id="overall"`, "100 %", "kind=aggregates", "kind=assignments",
				"Kebakaran", "Hewan berbahaya", "Penanganan panggilan", "Persiapan berangkat", `id="print"`},
			append([]string{incs[0].Description}, personal[:6]...)},
		{"grouped by category", "oki", "?group_by=category", 200,
			[]string{`<th scope="row">Kebakaran</th>`, `<th scope="row">Hewan berbahaya / penyelamatan hewan</th>`, "group_by=category&amp;kind=aggregates"},
			[]string{`<th scope="row">DAMKAR</th>`}},
		{"a month", "sari", "?period=month&date=2026-11-05", 200, []string{"2026-11-01 – 2026-11-30"}, nil},
		{"filtered by agency and priority", "admin", "?agency=dishub&priority=1", 200,
			[]string{"Instansi: DISHUB", `<option value="dishub" selected>`, `<option value="1" selected>`}, []string{`<th scope="row">DAMKAR</th>`}},
		{"bad date", "oki", "?from=2026-13-01", 400, []string{"Tanggal awal harus berbentuk"}, []string{`id="groups"`}},
		{"bad grouping", "oki", "?group_by=kelurahan", 400, []string{"Pilih pengelompokan"}, nil},
		{"english", "oki", "?lang=en", 200, []string{"Charter compliance report", "Call processing", "Acknowledged in time"}, nil},
		{"agency user kept to its agency", "psc", "?agency=damkar&group_by=agency", 200,
			[]string{`<th scope="row">DINKES</th>`, `<option value="dinkes" selected>`},
			[]string{`<th scope="row">DAMKAR</th>`, `<option value="damkar"`, `>DAMKAR<`}},
		{"call-taker refused", "tari", "", 403, nil, []string{`id="groups"`}},
		{"signed out", "", "", 303, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := p.do("GET", "/laporan"+tt.query, tt.user, nil, "")
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%.2000s", rec.Code, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page shows %q", n)
				}
			}
			if tt.status == 200 && strings.Count(body, "<svg") < 2 {
				t.Error("want at least two charts")
			}
		})
	}
}

func TestPublicPageShowsTheCharterAndNoPersonalData(t *testing.T) {
	p, incs := newPagesWithIncidents(t)
	rec := p.do("GET", "/piagam", "", nil, "")
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	console := p.do("GET", "/laporan", "oki", nil, "")
	if csp := rec.Header().Get("Content-Security-Policy"); csp == "" || csp != console.Header().Get("Content-Security-Policy") {
		t.Errorf("CSP %q differs from the console's", csp)
	}
	for _, w := range []string{
		"DAMKAR — semua kejadian gawat (P1): diterima dalam 1 menit, tiba dalam 15 menit, selesai dalam 3 jam",
		"DINKES — semua kejadian (prioritas lainnya): diterima dalam 2 menit, tiba dalam 30 menit, selesai dalam 2 jam",
		`class="chart flow"`, "Warga menelepon 112", "Laporan &amp; evaluasi", "Oktober 2026", "November 2026",
		`<th scope="row">DAMKAR</th><td class="num">2</td><td class="num">100 %</td>`, `action="/piagam/pengaduan"`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("public page lacks %q", w)
		}
	}
	leaks := append([]string{"/board", "/outbox", "/laporan", incs[0].Description}, personal...)
	for _, inc := range incs {
		leaks = append(leaks, inc.Code, string(inc.ID))
	}
	for _, n := range leaks {
		if strings.Contains(body, n) {
			t.Errorf("public page shows %q", n)
		}
	}
	if regexp.MustCompile(`TT-\d+`).MatchString(body) {
		t.Error("public page shows an incident code")
	}
	en := p.do("GET", "/piagam?lang=en", "", nil, "").Body.String()
	if !strings.Contains(en, "DAMKAR — all incidents critical (P1): acknowledged within 1 minute, on scene within 15 minutes, resolved within 3 hours") {
		t.Error("English page lacks the standard in English")
	}
}

func TestPublicPageIsCachedFiveMinutes(t *testing.T) {
	p, _ := newPagesWithIncidents(t)
	row := func(n string) string { return `<th scope="row">DAMKAR</th><td class="num">` + n + `</td>` }
	tests := []struct {
		name    string
		advance time.Duration
		create  bool
		want    string
	}{
		{"first visit computes", 0, false, row("2")},
		{"a new incident is not shown yet", time.Minute, true, row("2")},
		{"after five minutes it is", 5 * time.Minute, false, row("3")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.create {
				p.create(fireCall)
			}
			p.now = p.now.Add(tt.advance)
			if body := p.do("GET", "/piagam", "", nil, "").Body.String(); !strings.Contains(body, tt.want) {
				t.Errorf("page lacks %q", tt.want)
			}
		})
	}
}

func TestPublicPageShowsTheCharterInForceAndAnnouncedChanges(t *testing.T) {
	p := newPages(t)
	change := func(body string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/charter/standards", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+p.tokens["admin"])
		rec := httptest.NewRecorder()
		p.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			t.Fatalf("change standard: %d %s", rec.Code, rec.Body)
		}
	}
	change(`{"agency":"dishub","priority":1,"acknowledge":"90s","arrive":"15m","resolve":"2h","valid_from":"2026-11-01"}`)
	change(`{"agency":"damkar","priority":1,"acknowledge":"30s","arrive":"10m","resolve":"3h","valid_from":"2026-12-01"}`)
	body := p.do("GET", "/piagam", "", nil, "").Body.String()
	for _, w := range []string{
		"DISHUB — semua kejadian gawat (P1): diterima dalam 1 menit 30 detik", // in force
		"DAMKAR — semua kejadian gawat (P1): diterima dalam 1 menit, tiba dalam 15 menit",
		"Standar baru berlaku mulai 2026-12-01",
		"DAMKAR — semua kejadian gawat (P1): diterima dalam 30 detik, tiba dalam 10 menit",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("public page lacks %q", w)
		}
	}
	if strings.Contains(body, "DISHUB — semua kejadian gawat (P1): diterima dalam 2 menit") {
		t.Error("the replaced standard is still shown")
	}
}

// publicForm opens the public page and returns its form token and cookie.
func publicForm(t *testing.T, p *pages) (string, *http.Cookie) {
	t.Helper()
	rec := p.do("GET", "/piagam", "", nil, "")
	var cookie *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "sigap_public_csrf" {
			cookie = c
		}
	}
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if cookie == nil || !cookie.HttpOnly || m == nil || m[1] != cookie.Value {
		t.Fatalf("the form's token must be the cookie's: %v %v", cookie, m)
	}
	return m[1], cookie
}

func TestComplaintForm(t *testing.T) {
	p := newPages(t)
	token, cookie := publicForm(t, p)
	form := func(csrf, name, contact, msg string) url.Values {
		return url.Values{"_csrf": {csrf}, "name": {name}, "contact": {contact}, "message": {msg}}
	}
	const addr = "192.0.2.10:5555"
	tests := []struct {
		name   string
		form   url.Values
		cookie *http.Cookie
		status int
		want   string
	}{
		{"no token", form("", "", "", "Lama sekali"), cookie, 403, "Formulir kedaluwarsa"},
		{"token without its cookie", form(token, "", "", "Lama sekali"), nil, 403, "Formulir kedaluwarsa"},
		{"another token", form(strings.Repeat("x", 43), "", "", "Lama sekali"), cookie, 403, "Formulir kedaluwarsa"},
		{"no message", form(token, "Budi", "", "   "), cookie, 400, "Pesan wajib diisi."},
		{"message too long", form(token, "", "", strings.Repeat("é", 1001)), cookie, 400, "Pesan paling banyak 1000 karakter (sekarang 1001)."},
		{"name too long", form(token, strings.Repeat("n", 101), "", "Lama"), cookie, 400, "Paling banyak 100 karakter."},
		{"hostile text kept as text", form(token, "<b>Budi</b>", "0812 9999 0000", "Telepon <script>x</script> lama diangkat"), cookie, 303, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cs []*http.Cookie
			if tt.cookie != nil {
				cs = append(cs, tt.cookie)
			}
			rec := p.do("POST", "/piagam/pengaduan", "", tt.form, addr, cs...)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
				t.Fatalf("status %d, want %d with %q\n%.1500s", rec.Code, tt.status, tt.want, rec.Body)
			}
		})
	}
	rec := p.do("POST", "/piagam/pengaduan", "", form(token, "", "", "Terima kasih"), addr, cookie)
	loc := rec.Header().Get("Location")
	if !regexp.MustCompile(`^/piagam/aduan/ADU-20261122-0002-[0-9A-Z]{8}\?baru=1$`).MatchString(loc) {
		t.Fatalf("after a complaint: %d %q", rec.Code, loc)
	}
	page := p.do("GET", loc, "", nil, "").Body.String()
	if !strings.Contains(page, "Pengaduan Anda sudah kami terima") || strings.Contains(page, "0812 9999 0000") || strings.Contains(page, "lama diangkat") {
		t.Error("the receipt must show, the other complaints must not")
	}
}

func TestComplaintLimitPerAddress(t *testing.T) {
	p := newPages(t)
	token, cookie := publicForm(t, p)
	send := func(addr string) *httptest.ResponseRecorder {
		return p.do("POST", "/piagam/pengaduan", "", url.Values{"_csrf": {token}, "message": {"lagi"}}, addr, cookie)
	}
	for i := 0; i < hotline.ComplaintsPerWindow; i++ {
		if rec := send("192.0.2.10:5555"); rec.Code != http.StatusSeeOther {
			t.Fatalf("complaint %d: %d", i+1, rec.Code)
		}
	}
	if rec := send("192.0.2.10:6666"); rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "Terlalu banyak pengaduan") {
		t.Errorf("one more within the hour: %d", rec.Code)
	}
	if rec := send("198.51.100.7:1"); rec.Code != http.StatusSeeOther {
		t.Errorf("another address: %d", rec.Code)
	}
}

func TestComplaintsPage(t *testing.T) {
	p := newPages(t)
	token, cookie := publicForm(t, p)
	p.do("POST", "/piagam/pengaduan", "", url.Values{"_csrf": {token}, "contact": {"budi@example.org"},
		"message": {"Telepon <script>x</script> lama diangkat"}}, "192.0.2.1:1", cookie)
	tests := []struct {
		name, user, method, path string
		form                     url.Values
		status                   int
		want                     []string
	}{
		{"official refused", "oki", "GET", "/pengaduan", nil, 403, nil},
		{"agency refused", "psc", "GET", "/pengaduan", nil, 403, nil},
		{"supervisor lists", "sari", "GET", "/pengaduan", nil, 200,
			[]string{"budi@example.org", "Telepon &lt;script&gt;x&lt;/script&gt; lama diangkat", "BELUM DIJAWAB", "tanpa nama", `action="/pengaduan/1/jawab"`}},
		{"empty answer", "sari", "POST", "/pengaduan/1/jawab", url.Values{"answer": {" "}}, 400, []string{"Jawaban wajib diisi."}},
		{"unknown complaint", "sari", "POST", "/pengaduan/99/jawab", url.Values{"answer": {"ok"}}, 404, []string{"Pengaduan tidak ditemukan."}},
		{"official cannot answer", "oki", "POST", "/pengaduan/1/jawab", url.Values{"answer": {"ok"}}, 403, nil},
		{"answer", "admin", "POST", "/pengaduan/1/jawab", url.Values{"answer": {"Sudah kami telepon balik."}}, 303, nil},
		{"answered", "sari", "GET", "/pengaduan?dijawab=1", nil, 200,
			[]string{"Jawaban untuk pengaduan #1 tersimpan.", "Sudah kami telepon balik.", "(admin, 2026-11-22 10:00 WIB)", "dijawab"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := p.do(tt.method, tt.path, tt.user, tt.form, "")
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%.1500s", rec.Code, tt.status, rec.Body)
			}
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}
