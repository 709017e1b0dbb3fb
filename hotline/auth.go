package hotline

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// Cookie names and context keys of the auth middleware.
const (
	sessionCookie   = "sigap_session"
	loginCSRFCookie = "sigap_login_csrf" // double-submit token of the login form, before any session exists
	csrfKey         = "sigap.csrf"
	sessionKey      = "sigap.session"
	viaKey          = "sigap.via" // viaToken or viaSession
	viaToken        = "token"
	viaSession      = "session"
)

// renderFunc writes a console page (Server.render).
type renderFunc func(c *gin.Context, status int, name, title string, data any)

// authConfig is what the auth middleware and the account pages need.
type authConfig struct {
	Accounts Accounts
	// Agencies are offered on the admin page for agency users.
	Agencies []agencies.AgencyID
	// SecureCookies marks cookies Secure; true when SIGAP_PUBLIC_URL is https.
	SecureCookies bool
	Log           *zap.Logger
	Render        renderFunc
}

// auth signs people (session cookie) and integrations (API token) in, and
// guards routes by role and against cross-site requests.
type auth struct {
	accounts      Accounts
	agencies      []agencies.AgencyID
	secureCookies bool
	log           *zap.Logger
	render        renderFunc
	streams       streamRegistry
}

func newAuth(cfg authConfig) *auth {
	return &auth{accounts: cfg.Accounts, agencies: cfg.Agencies, secureCookies: cfg.SecureCookies,
		log: cfg.Log.Named("auth"), render: cfg.Render}
}

// csrfToken is the session's CSRF token for forms and fetch calls.
func csrfToken(c *gin.Context) string { return c.GetString(csrfKey) }

// authenticate requires a signed-in user: an API token (Authorization:
// Bearer sgp_…) or a session cookie. api selects how a refusal looks: 401
// JSON, or a redirect to the login page. A user still holding a one-time
// password is sent to /password first.
func (a *auth) authenticate(api bool) gin.HandlerFunc { return a.authn(api, false) }

// authn is authenticate; allowOneTime lets a user with a one-time password
// through, for the pages that let them change it or sign out.
func (a *auth) authn(api, allowOneTime bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, err := a.identify(c)
		if err != nil {
			a.deny(c, api, err)
			return
		}
		// An API token is its own credential, not derived from the one-time
		// password: integrations never sign in to the console to change it.
		if u.MustChangePassword && !allowOneTime && c.GetString(viaKey) == viaSession {
			if api {
				apiFail(c, http.StatusForbidden, "password_change_required")
				return
			}
			c.Redirect(http.StatusSeeOther, "/password?next="+url.QueryEscape(nextOf(c)))
			c.Abort()
			return
		}
		c.Next()
	}
}

// identify finds the user of the request and puts it, the CSRF token and
// how the user signed in on the context.
func (a *auth) identify(c *gin.Context) (*User, error) {
	ctx := c.Request.Context()
	if h := c.GetHeader("Authorization"); h != "" {
		if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
			return nil, ErrBadCredentials
		}
		u, err := a.accounts.TokenUser(ctx, strings.TrimSpace(h[7:]))
		if err != nil {
			return nil, err
		}
		c.Set(userKey, u)
		c.Set(viaKey, viaToken)
		return u, nil
	}
	id, err := c.Cookie(sessionCookie)
	if err != nil || id == "" {
		return nil, ErrBadCredentials
	}
	s, err := a.accounts.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	u, err := a.accounts.User(ctx, s.User)
	switch {
	case errors.Is(err, ErrUserNotFound):
		return nil, ErrBadCredentials
	case err != nil:
		return nil, err
	case u.Disabled:
		return nil, ErrUserDisabled
	}
	c.Set(userKey, u)
	c.Set(csrfKey, s.CSRF)
	c.Set(sessionKey, s)
	c.Set(viaKey, viaSession)
	return u, nil
}

// deny answers a request without valid credentials, or one that could not
// be checked because storage is down (503: never pretend it is the user's fault).
func (a *auth) deny(c *gin.Context, api bool, err error) {
	credential := errors.Is(err, ErrBadCredentials) || errors.Is(err, ErrUserDisabled) || errors.Is(err, ErrUserNotFound)
	if !credential {
		a.log.Error("authenticate", zap.String("path", c.FullPath()), zap.Error(err))
		if api {
			apiFail(c, http.StatusServiceUnavailable, "unavailable")
			return
		}
		a.page(c, http.StatusServiceUnavailable, "err_unavailable")
		return
	}
	if _, cerr := c.Cookie(sessionCookie); cerr == nil {
		a.setCookie(c, sessionCookie, "", -1)
	}
	if api {
		c.Header("WWW-Authenticate", `Bearer realm="sigap"`)
		apiFail(c, http.StatusUnauthorized, "unauthorized")
		return
	}
	c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(nextOf(c)))
	c.Abort()
}

// requireRole lets only the given roles through: 403 JSON on /api paths,
// the forbidden page elsewhere. It runs after authenticate.
func (a *auth) requireRole(roles ...Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		if u := currentUser(c); u != nil && slices.Contains(roles, u.Role) {
			c.Next()
			return
		}
		a.forbid(c, "forbidden")
	}
}

// csrf refuses a state-changing request made with the session cookie unless
// it carries the session's token (header X-CSRF-Token or form field _csrf):
// another site can make the browser send the cookie, never the token.
// Requests with an API token are exempt: a browser never adds that header.
func (a *auth) csrf() gin.HandlerFunc {
	return func(c *gin.Context) {
		switch c.Request.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			c.Next()
			return
		}
		if c.GetString(viaKey) == viaToken {
			c.Next()
			return
		}
		got := c.GetHeader("X-CSRF-Token")
		if got == "" {
			got = c.PostForm("_csrf")
		}
		if !sameSecret(got, csrfToken(c)) {
			a.forbid(c, "csrf")
			return
		}
		c.Next()
	}
}

func (a *auth) forbid(c *gin.Context, code string) {
	if isAPI(c) {
		apiFail(c, http.StatusForbidden, code)
		return
	}
	a.page(c, http.StatusForbidden, "err_"+code)
}

// page shows the forbidden page with one message and stops the chain.
func (a *auth) page(c *gin.Context, status int, msgKey string) {
	a.render(c, status, "forbidden", "title_forbidden", uiText(uiLang(c), msgKey))
	c.Abort()
}

// apiFail writes the API error body in the request's language.
func apiFail(c *gin.Context, status int, code string) {
	c.AbortWithStatusJSON(status, gin.H{"error": apiError{Code: code, Message: uiText(langOf(c), "err_"+code)}})
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// sameSecret compares in constant time; an empty expected value never matches.
func sameSecret(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// nextOf is where to return after signing in: the page asked for, when it
// can be asked for again with GET.
func nextOf(c *gin.Context) string {
	if c.Request.Method != http.MethodGet {
		return "/"
	}
	return c.Request.URL.RequestURI()
}

// safeNext keeps a redirect target on this site: a local path, never
// "//host" or "/\host" (browsers read both as another site).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

// setCookie writes an HttpOnly, SameSite=Lax cookie for the whole site;
// maxAge 0 makes it end with the browser, -1 deletes it.
func (a *auth) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: a.secureCookies, SameSite: http.SameSiteLaxMode})
}

// authTexts are the strings of the sign-in pages, the admin page and the
// auth errors: key → {id, en}.
var authTexts = map[string][2]string{
	"title_login":     {"Masuk", "Sign in"},
	"title_password":  {"Ganti kata sandi", "Change password"},
	"title_users":     {"Pengguna", "Users"},
	"title_forbidden": {"Tidak diizinkan", "Not allowed"},

	"err_unauthorized":             {"Silakan masuk terlebih dahulu (sesi atau token API tidak sah).", "Sign in first (no valid session or API token)."},
	"err_forbidden":                {"Peran Anda tidak diizinkan membuka halaman atau melakukan tindakan ini.", "Your role is not allowed to open this page or do this."},
	"err_csrf":                     {"Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.", "The form has expired or is not valid. Reload the page and try again."},
	"err_password_change_required": {"Ganti kata sandi sementara Anda terlebih dahulu di /password.", "Change your one-time password first at /password."},
	"err_unavailable":              {"Penyimpanan data tidak tersedia. Laporan BELUM tersimpan — coba lagi atau catat manual.", "Storage is unavailable. Nothing was saved: retry or record it on paper."},
	"back_home":                    {"Kembali ke beranda", "Back to the start page"},

	"login_heading":         {"Masuk ke Sigap 112", "Sign in to Sigap 112"},
	"login_submit":          {"Masuk", "Sign in"},
	"login_bad_credentials": {"Nama pengguna atau kata sandi salah.", "Wrong user name or password."},
	"login_rate_limited":    {"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit atau hubungi admin.", "Too many failed sign-in attempts. Try again in 15 minutes or call an admin."},
	"login_disabled":        {"Akun ini dinonaktifkan. Hubungi admin.", "This account is disabled. Call an admin."},
	"login_form_expired":    {"Formulir masuk kedaluwarsa. Silakan coba lagi.", "The sign-in form expired. Please try again."},
	"other_language":        {"English", "Bahasa Indonesia"},

	"field_name":     {"Nama pengguna", "User name"},
	"field_password": {"Kata sandi", "Password"},
	"field_new":      {"Kata sandi baru", "New password"},
	"field_confirm":  {"Ulangi kata sandi baru", "Repeat the new password"},
	"field_role":     {"Peran", "Role"},
	"field_agency":   {"Instansi", "Agency"},

	"field_name_required":         {"Nama pengguna wajib diisi.", "User name is required."},
	"field_name_invalid":          {"2–32 karakter: huruf kecil a–z, angka, titik, tanda hubung atau garis bawah.", "2–32 characters: lower-case a–z, digits, dot, dash or underscore."},
	"field_name_exists":           {"Nama pengguna ini sudah dipakai.", "This user name is taken."},
	"field_password_required":     {"Kata sandi wajib diisi.", "Password is required."},
	"field_password_short":        {"Kata sandi minimal 10 karakter.", "The password needs at least 10 characters."},
	"field_password_name":         {"Kata sandi tidak boleh memuat nama pengguna.", "The password must not contain the user name."},
	"field_password_same":         {"Pilih kata sandi yang berbeda dari yang sekarang.", "Choose a password different from the current one."},
	"field_confirm_mismatch":      {"Kedua kata sandi tidak sama.", "The two passwords differ."},
	"field_role_required":         {"Pilih peran.", "Choose a role."},
	"field_role_invalid":          {"Pilih peran.", "Choose a role."},
	"field_agency_required":       {"Pengguna instansi harus memilih instansi.", "An agency user needs an agency."},
	"field_agency_unknown":        {"Instansi tidak dikenal.", "Unknown agency."},
	"field_agency_not_applicable": {"Instansi hanya untuk peran instansi (agency).", "Only agency users have an agency."},

	"password_heading":  {"Ganti kata sandi", "Change your password"},
	"password_one_time": {"Anda masuk dengan kata sandi sementara. Buat kata sandi Anda sendiri (minimal 10 karakter) sebelum melanjutkan.", "You signed in with a one-time password. Choose your own (at least 10 characters) before you continue."},
	"password_hint":     {"Minimal 10 karakter dan tidak memuat nama pengguna. Kalimat pendek mudah diingat dan sulit ditebak.", "At least 10 characters, not containing your user name. A short sentence is easy to remember and hard to guess."},
	"password_submit":   {"Simpan kata sandi", "Save password"},

	"role_calltaker":  {"Petugas penerima panggilan", "Call-taker"},
	"role_supervisor": {"Supervisor", "Supervisor"},
	"role_agency":     {"Operator instansi", "Agency dispatcher"},
	"role_official":   {"Pejabat (hanya baca)", "Official (read-only)"},
	"role_admin":      {"Admin", "Admin"},

	"users_heading":      {"Pengguna", "Users"},
	"users_add":          {"Tambah pengguna", "Add a user"},
	"users_add_submit":   {"Tambah", "Add"},
	"users_none_agency":  {"— tidak ada —", "— none —"},
	"users_status":       {"Status", "Status"},
	"users_active":       {"aktif", "active"},
	"users_disabled":     {"nonaktif", "disabled"},
	"users_must_change":  {"belum ganti kata sandi", "one-time password"},
	"users_actions":      {"Tindakan", "Actions"},
	"users_token":        {"Buat token API", "Issue API token"},
	"users_disable":      {"Nonaktifkan", "Disable"},
	"users_created":      {"Pengguna %s dibuat. Kata sandi sementara (hanya ditampilkan sekali, wajib diganti saat masuk pertama):", "User %s created. One-time password (shown once, must be changed at the first sign-in):"},
	"users_token_issued": {"Token API untuk %s (hanya ditampilkan sekali; simpan di sistem yang memakainya):", "API token for %s (shown once; store it in the system that uses it):"},
	"users_disabled_ok":  {"Pengguna %s dinonaktifkan: sesi dan tokennya langsung berhenti.", "User %s is disabled: their sessions and tokens stopped at once."},
	"users_not_found":    {"Pengguna tidak ditemukan.", "User not found."},
	"users_is_disabled":  {"Pengguna ini sudah dinonaktifkan.", "This user is disabled."},
	"users_not_self":     {"Anda tidak dapat menonaktifkan akun Anda sendiri.", "You cannot disable your own account."},
}
