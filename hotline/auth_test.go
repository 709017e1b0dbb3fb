package hotline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// fakeAccounts keeps accounts in memory; hotline/redisstore has the real
// store and its own tests against redis-server.
type fakeAccounts struct {
	mu       sync.Mutex
	users    map[string]*User
	pw       map[string]string
	tokens   map[string]string // token → user
	sessions map[string]Session
	fails    map[string]int
	down     error // returned by every call when set
	checks   int   // passwords compared (bcrypt in the real store)
}

func newFakeAccounts() *fakeAccounts {
	return &fakeAccounts{users: map[string]*User{}, pw: map[string]string{}, tokens: map[string]string{},
		sessions: map[string]Session{}, fails: map[string]int{}}
}

func (f *fakeAccounts) CreateUser(_ context.Context, name string, role Role, agency agencies.AgencyID) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := CheckNewUser(name, role, agency, []agencies.AgencyID{agencies.Damkar}); err != nil {
		return "", err
	}
	if f.users[name] != nil {
		return "", ErrUserExists
	}
	f.users[name] = &User{Name: name, Role: role, Agency: agency, MustChangePassword: true}
	f.pw[name] = NewOneTimePassword()
	return f.pw[name], f.down
}

func (f *fakeAccounts) User(_ context.Context, name string) (*User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down != nil {
		return nil, f.down
	}
	if u := f.users[name]; u != nil {
		cp := *u
		return &cp, nil
	}
	return nil, ErrUserNotFound
}

func (f *fakeAccounts) Users(context.Context) ([]User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []User
	for _, u := range f.users {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.Name, b.Name) })
	return out, f.down
}

func (f *fakeAccounts) CountUsers(context.Context) (int, error) { return len(f.users), f.down }

func (f *fakeAccounts) VerifyPassword(ctx context.Context, name, password string) (*User, error) {
	f.mu.Lock()
	f.checks++
	f.mu.Unlock()
	time.Sleep(2 * time.Millisecond) // bcrypt takes time: requests overlap as in production
	u, err := f.User(ctx, name)
	switch {
	case err != nil && f.down != nil:
		return nil, err
	case err != nil || f.pw[name] != password:
		return nil, ErrBadCredentials
	case u.Disabled:
		return nil, ErrUserDisabled
	}
	return u, nil
}

func (f *fakeAccounts) SetPassword(_ context.Context, name, password string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := CheckPassword(name, password); err != nil {
		return err
	}
	f.pw[name] = password
	f.users[name].MustChangePassword = false
	return nil
}

func (f *fakeAccounts) DisableUser(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.users[name] == nil {
		return ErrUserNotFound
	}
	f.users[name].Disabled = true
	return nil
}

func (f *fakeAccounts) IssueToken(_ context.Context, name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch u := f.users[name]; {
	case u == nil:
		return "", ErrUserNotFound
	case u.Disabled:
		return "", ErrUserDisabled
	}
	tok, _ := NewToken()
	f.tokens[tok] = name
	return tok, nil
}

func (f *fakeAccounts) TokenUser(ctx context.Context, token string) (*User, error) {
	f.mu.Lock()
	name, ok := f.tokens[token]
	f.mu.Unlock()
	if !ok {
		return nil, ErrBadCredentials
	}
	u, err := f.User(ctx, name)
	if err == nil && u.Disabled {
		return nil, ErrUserDisabled
	}
	return u, err
}

func (f *fakeAccounts) CreateSession(_ context.Context, name string) (*Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := Session{ID: NewSecret(32), User: name, CSRF: NewSecret(32)}
	f.sessions[s.ID] = s
	return &s, f.down
}

func (f *fakeAccounts) Session(_ context.Context, id string) (*Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down != nil {
		return nil, f.down
	}
	s, ok := f.sessions[id]
	if !ok {
		return nil, ErrBadCredentials
	}
	return &s, nil
}

func (f *fakeAccounts) DeleteSession(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.sessions, id)
	return nil
}

// BeginLogin counts like the Redis store: pair, name and address, all
// checked and counted under one lock.
func (f *fakeAccounts) BeginLogin(_ context.Context, name, ip string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down != nil {
		return f.down
	}
	if f.fails["pair:"+name+"|"+ip] >= LoginMaxFailures || f.fails["name:"+name] >= LoginMaxFailuresPerName ||
		f.fails["ip:"+ip] >= LoginMaxFailuresPerIP {
		return ErrRateLimited
	}
	f.fails["pair:"+name+"|"+ip]++
	f.fails["name:"+name]++
	f.fails["ip:"+ip]++
	return nil
}

func (f *fakeAccounts) LoginSucceeded(_ context.Context, name, ip string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.fails, "pair:"+name+"|"+ip)
	f.fails["name:"+name]--
	f.fails["ip:"+ip]--
	return nil
}

func (f *fakeAccounts) UnlockLogin(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k := range f.fails {
		if k == "name:"+name || strings.HasPrefix(k, "pair:"+name+"|") {
			delete(f.fails, k)
		}
	}
	return nil
}

func (f *fakeAccounts) ChangePassword(_ context.Context, name, current, password, keep string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.users[name] == nil || f.pw[name] != current {
		return ErrBadCredentials
	}
	if err := CheckPassword(name, password); err != nil {
		return err
	}
	f.pw[name] = password
	f.users[name].MustChangePassword = false
	for id, s := range f.sessions {
		if s.User == name && id != keep {
			delete(f.sessions, id)
		}
	}
	return nil
}

func (f *fakeAccounts) EnableUser(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.users[name] == nil {
		return ErrUserNotFound
	}
	f.users[name].Disabled = false
	return nil
}

func (f *fakeAccounts) IssueTokenFor(ctx context.Context, name, label string, ttl time.Duration) (string, TokenInfo, error) {
	tok, err := f.IssueToken(ctx, name)
	if err != nil {
		return "", TokenInfo{}, err
	}
	if ttl == 0 {
		ttl = TokenTTL
	}
	now := time.Now().UTC()
	return tok, TokenInfo{ID: HashToken(tok)[:12], Label: label, Created: now, Expires: now.Add(ttl)}, nil
}

func (f *fakeAccounts) Tokens(_ context.Context, name string) ([]TokenInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []TokenInfo{}
	for tok, u := range f.tokens {
		if u == name {
			out = append(out, TokenInfo{ID: HashToken(tok)[:12]})
		}
	}
	return out, nil
}

func (f *fakeAccounts) RevokeToken(_ context.Context, name, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for tok, u := range f.tokens {
		if u == name && HashToken(tok)[:12] == id {
			delete(f.tokens, tok)
			return nil
		}
	}
	return ErrTokenNotFound
}

// add creates a user with a known password; oneTime keeps MustChangePassword.
func (f *fakeAccounts) add(t *testing.T, name string, role Role, password string, oneTime bool) {
	t.Helper()
	if _, err := f.CreateUser(context.Background(), name, role, ""); err != nil {
		t.Fatal(err)
	}
	f.pw[name] = password
	f.users[name].MustChangePassword = oneTime
}

// authFixture is a gin engine with the account pages and a few guarded
// routes standing in for the console and the API.
type authFixture struct {
	srv *httptest.Server
	acc *fakeAccounts
}

func newAuthFixture(t *testing.T, secure bool) *authFixture {
	t.Helper()
	con, err := newConsole()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{console: con, log: zap.NewNop(), cfg: Config{Durable: true}}
	acc := newFakeAccounts()
	a := newAuth(authConfig{Accounts: acc, Agencies: []agencies.AgencyID{agencies.Damkar}, SecureCookies: secure,
		Log: zap.NewNop(), Render: s.render})
	gin.SetMode(gin.TestMode)
	r := gin.New()
	a.register(r)
	ok := func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"user": currentUser(c).Name}) }
	api := r.Group("/api/v1", a.authenticate(true), a.csrf())
	api.GET("/me", ok)
	api.POST("/incidents", ok)
	api.GET("/admin-only", a.requireRole(RoleAdmin), ok)
	pages := r.Group("", a.authenticate(false), a.csrf())
	pages.GET("/board", ok)
	pages.POST("/board/note", ok)
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return &authFixture{srv: srv, acc: acc}
}

// browser is a client with cookies that does not follow redirects.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	lang string
}

func (f *authFixture) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: f.srv.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values, header ...string) response {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] != "" {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(data)}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf is the _csrf value of the first form on a page.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	m := csrfField.FindStringSubmatch(b.do("GET", path, nil).body)
	if m == nil {
		b.t.Fatalf("no _csrf on %s", path)
	}
	return m[1]
}

func (b *browser) login(name, password, next string) response {
	b.t.Helper()
	return b.do("POST", "/login", url.Values{"name": {name}, "password": {password}, "next": {next}, "_csrf": {b.csrf("/login")}})
}

func (r response) errorCode(t *testing.T) string {
	t.Helper()
	var body struct {
		Error apiError `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatalf("not a JSON error: %q", r.body)
	}
	return body.Error.Code
}

func TestLoginSetsSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("secure=%v", secure), func(t *testing.T) {
			f := newAuthFixture(t, secure)
			f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
			b := f.browser(t)
			r := b.login("Budi ", "kuda-lari-cepat", "/board?status=open")
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/board?status=open" {
				t.Fatalf("login: %d %q", r.status, r.header.Get("Location"))
			}
			var cookie *http.Cookie
			for _, c := range (&http.Response{Header: r.header}).Cookies() {
				if c.Name == sessionCookie && c.Value != "" {
					cookie = c
				}
			}
			if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.Secure != secure {
				t.Fatalf("session cookie: %+v", cookie)
			}
			if r := b.do("GET", "/board", nil); r.status != http.StatusOK || !strings.Contains(r.body, `"budi"`) {
				t.Errorf("board after login: %d %s", r.status, r.body)
			}
		})
	}
}

func TestNoCredentials(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	tests := []struct {
		name, lang, path, header, value string
		status                          int
		want                            string // message or Location
	}{
		{"API, nothing", "", "/api/v1/me", "", "", 401, "Silakan masuk"},
		{"API, English", "en", "/api/v1/me", "", "", 401, "Sign in first"},
		{"API, unknown token", "", "/api/v1/me", "Authorization", "Bearer sgp_nope", 401, "Silakan masuk"},
		{"API, not a bearer", "en", "/api/v1/me", "Authorization", "Basic YnVkaTp4", 401, "Sign in first"},
		{"API, forged cookie", "", "/api/v1/me", "Cookie", "sigap_session=forged", 401, "Silakan masuk"},
		{"console page", "", "/board?status=open", "", "", 303, "/login?next=%2Fboard%3Fstatus%3Dopen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := f.browser(t)
			b.lang = tt.lang
			r := b.do("GET", tt.path, nil, tt.header, tt.value)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status == 303 {
				if loc := r.header.Get("Location"); loc != tt.want {
					t.Errorf("Location %q, want %q", loc, tt.want)
				}
				return
			}
			if r.errorCode(t) != "unauthorized" || !strings.Contains(r.body, tt.want) {
				t.Errorf("body %s, want code unauthorized and %q", r.body, tt.want)
			}
		})
	}
}

func TestBearerToken(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "cad", RoleCallTaker, "", true) // an integration: never changes its one-time password
	tok, _ := f.acc.IssueToken(context.Background(), "cad")
	b := f.browser(t)
	for _, method := range []string{"GET", "POST"} { // POST: no CSRF token needed with a bearer token
		path := map[string]string{"GET": "/api/v1/me", "POST": "/api/v1/incidents"}[method]
		if r := b.do(method, path, nil, "Authorization", "Bearer "+tok); r.status != 200 || !strings.Contains(r.body, `"cad"`) {
			t.Errorf("%s with token: %d %s", method, r.status, r.body)
		}
	}
	form := url.Values{"password": {"token-jadi-sandi"}, "confirm": {"token-jadi-sandi"}}
	if r := b.do("POST", "/password", form, "Authorization", "Bearer "+tok); r.status != 403 {
		t.Errorf("password set with an API token: %d", r.status)
	}
	_ = f.acc.DisableUser(context.Background(), "cad")
	if r := b.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+tok); r.status != 401 {
		t.Errorf("token of a disabled user: %d", r.status)
	}
}

func TestCSRF(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	b := f.browser(t)
	b.login("budi", "kuda-lari-cepat", "/")
	token := b.csrf("/password")
	tests := []struct {
		name, path string
		form       url.Values
		header     string
		status     int
	}{
		{"API without token", "/api/v1/incidents", nil, "", 403},
		{"API with a wrong token", "/api/v1/incidents", nil, "wrong", 403},
		{"API with the header", "/api/v1/incidents", nil, token, 200},
		{"form without _csrf", "/board/note", url.Values{"note": {"x"}}, "", 403},
		{"form with _csrf", "/board/note", url.Values{"_csrf": {token}}, "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h []string
			if tt.header != "" {
				h = []string{"X-CSRF-Token", tt.header}
			}
			r := b.do("POST", tt.path, tt.form, h...)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status == 403 && strings.HasPrefix(tt.path, "/api/") && r.errorCode(t) != "csrf" {
				t.Errorf("code: %s", r.body)
			}
			if tt.status == 403 && !strings.HasPrefix(tt.path, "/api/") && !strings.Contains(r.body, "Formulir kedaluwarsa") {
				t.Errorf("forbidden page: %s", r.body)
			}
		})
	}
	if r := b.do("POST", "/login", url.Values{"name": {"budi"}, "password": {"kuda-lari-cepat"}}); r.status != 403 {
		t.Errorf("login form without its token: %d", r.status)
	}
}

func TestRequireRole(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	f.acc.add(t, "admin", RoleAdmin, "kunci-rahasia-kantor", false)
	tests := []struct {
		user, password, path string
		status               int
		want                 string
	}{
		{"budi", "kuda-lari-cepat", "/api/v1/admin-only", 403, `"code":"forbidden"`},
		{"budi", "kuda-lari-cepat", "/admin/users", 403, "Peran Anda tidak diizinkan"},
		{"admin", "kunci-rahasia-kantor", "/api/v1/admin-only", 200, `"admin"`},
		{"admin", "kunci-rahasia-kantor", "/admin/users", 200, "Tambah pengguna"},
	}
	for _, tt := range tests {
		t.Run(tt.user+" "+tt.path, func(t *testing.T) {
			b := f.browser(t)
			b.login(tt.user, tt.password, "/")
			if r := b.do("GET", tt.path, nil); r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Errorf("%d, want %d with %q: %s", r.status, tt.status, tt.want, r.body)
			}
		})
	}
}

func TestOneTimePasswordMustBeChanged(t *testing.T) {
	f := newAuthFixture(t, false)
	otp, _ := f.acc.CreateUser(context.Background(), "siti", RoleSupervisor, "")
	b := f.browser(t)
	if r := b.login("siti", otp, "/board"); r.header.Get("Location") != "/password?next=%2Fboard" {
		t.Fatalf("login with a one-time password: %d %q", r.status, r.header.Get("Location"))
	}
	if r := b.do("GET", "/board", nil); r.status != 303 || r.header.Get("Location") != "/password?next=%2Fboard" {
		t.Errorf("console before the change: %d %q", r.status, r.header.Get("Location"))
	}
	if r := b.do("GET", "/api/v1/me", nil); r.status != 403 || r.errorCode(t) != "password_change_required" {
		t.Errorf("API before the change: %d %s", r.status, r.body)
	}
	token := b.csrf("/password?next=%2Fboard")
	tests := []struct {
		name, password, confirm, want string
	}{
		{"short", "pendek", "pendek", "minimal 10 karakter"},
		{"contains the name", "siti-nurhaliza", "siti-nurhaliza", "tidak boleh memuat nama"},
		{"mismatch", "kuda-lari-cepat", "kuda-lari-cepet", "tidak sama"},
		{"the one-time password again", otp, otp, "berbeda dari yang sekarang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.do("POST", "/password", url.Values{"_csrf": {token}, "current": {otp}, "password": {tt.password}, "confirm": {tt.confirm}})
			if r.status != 400 || !strings.Contains(r.body, tt.want) {
				t.Errorf("%d, want 400 with %q", r.status, tt.want)
			}
		})
	}
	r := b.do("POST", "/password", url.Values{"_csrf": {token}, "current": {otp}, "password": {"kuda-lari-cepat"}, "confirm": {"kuda-lari-cepat"}, "next": {"/board"}})
	if r.status != 303 || r.header.Get("Location") != "/board" {
		t.Fatalf("change: %d %q %s", r.status, r.header.Get("Location"), r.body)
	}
	if r := b.do("GET", "/board", nil); r.status != 200 {
		t.Errorf("console after the change: %d", r.status)
	}
}

func TestLoginRefusesOpenRedirects(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	tests := []struct{ next, want string }{
		{"//evil.example", "/"},
		{"//evil.example/board", "/"},
		{"/\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"board", "/"},
		{"", "/"},
		{"/board?status=open", "/board?status=open"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			r := f.browser(t).login("budi", "kuda-lari-cepat", tt.next)
			if loc := r.header.Get("Location"); r.status != 303 || loc != tt.want {
				t.Errorf("%d Location %q, want %q", r.status, loc, tt.want)
			}
		})
	}
}

func TestLoginErrorsAndRateLimit(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	b := f.browser(t)
	for i, name := range []string{"budi", "budi", "budi", "budi", "budi"} {
		r := b.login(name, "salah-sekali", "/")
		if r.status != 401 || !strings.Contains(r.body, "Nama pengguna atau kata sandi salah") {
			t.Fatalf("attempt %d (%s): %d", i+1, name, r.status)
		}
	}
	r := b.login("budi", "kuda-lari-cepat", "/") // right password, but locked
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Terlalu banyak percobaan") {
		t.Errorf("after 5 failures: %d", r.status)
	}
	b.lang = "en"
	if r := b.do("POST", "/login?lang=en", url.Values{"_csrf": {b.csrf("/login")}}); r.status != 400 ||
		!strings.Contains(r.body, "User name is required.") || !strings.Contains(r.body, "Password is required.") {
		t.Errorf("empty form in English: %d %s", r.status, r.body)
	}
	_ = f.acc.DisableUser(context.Background(), "budi")
	f.acc.fails = map[string]int{}
	if r := b.login("budi", "kuda-lari-cepat", "/"); r.status != 403 || !strings.Contains(r.body, "Akun ini dinonaktifkan") {
		t.Errorf("disabled user: %d", r.status)
	}
}

func TestLogoutAndDisableEndSessions(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	b := f.browser(t)
	b.login("budi", "kuda-lari-cepat", "/")
	if r := b.do("POST", "/logout", url.Values{"_csrf": {b.csrf("/password")}}); r.status != 303 || r.header.Get("Location") != "/login" {
		t.Fatalf("logout: %d", r.status)
	}
	if len(f.acc.sessions) != 0 {
		t.Errorf("session kept after logout")
	}
	b.login("budi", "kuda-lari-cepat", "/")
	_ = f.acc.DisableUser(context.Background(), "budi")
	if r := b.do("GET", "/board", nil); r.status != 303 {
		t.Errorf("session of a disabled user: %d", r.status)
	}
}

func TestStorageDown(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "budi", RoleCallTaker, "kuda-lari-cepat", false)
	b := f.browser(t)
	b.login("budi", "kuda-lari-cepat", "/")
	f.acc.down = fmt.Errorf("redis: %w", dispatch.ErrUnavailable)
	if r := b.do("GET", "/api/v1/me", nil); r.status != 503 || r.errorCode(t) != "unavailable" {
		t.Errorf("API: %d %s", r.status, r.body)
	}
	if r := b.do("GET", "/board", nil); r.status != 503 {
		t.Errorf("console: %d", r.status)
	}
}

func TestAdminUsersPage(t *testing.T) {
	f := newAuthFixture(t, false)
	f.acc.add(t, "admin", RoleAdmin, "kunci-rahasia-kantor", false)
	b := f.browser(t)
	b.login("admin", "kunci-rahasia-kantor", "/")
	token := b.csrf("/admin/users")
	post := func(path string, form url.Values) response {
		form.Set("_csrf", token)
		return b.do("POST", path, form)
	}
	tests := []struct {
		name, path string
		form       url.Values
		status     int
		want       string
	}{
		{"add", "/admin/users", url.Values{"name": {"dewi"}, "role": {"agency"}, "agency": {"damkar"}}, 201, "Kata sandi sementara"},
		{"duplicate", "/admin/users", url.Values{"name": {"dewi"}, "role": {"calltaker"}}, 400, "sudah dipakai"},
		{"bad name", "/admin/users", url.Values{"name": {"Dewi Sartika"}, "role": {"calltaker"}}, 400, "huruf kecil"},
		{"agency user without agency", "/admin/users", url.Values{"name": {"eka"}, "role": {"agency"}}, 400, "harus memilih instansi"},
		{"token", "/admin/users/dewi/token", url.Values{}, 201, "sgp_"},
		{"token for nobody", "/admin/users/nobody/token", url.Values{}, 404, "tidak ditemukan"},
		{"disable self", "/admin/users/admin/disable", url.Values{}, 409, "akun Anda sendiri"},
		{"disable", "/admin/users/dewi/disable", url.Values{}, 200, "dewi dinonaktifkan"},
		{"token for a disabled user", "/admin/users/dewi/token", url.Values{}, 409, "sudah dinonaktifkan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(tt.path, tt.form)
			if r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Errorf("%d, want %d with %q", r.status, tt.status, tt.want)
			}
			if r.status == 201 && r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("a page with a secret may be cached")
			}
		})
	}
	if u, _ := f.acc.User(context.Background(), "dewi"); u == nil || u.Agency != agencies.Damkar || !u.Disabled {
		t.Errorf("dewi: %+v", u)
	}
}
