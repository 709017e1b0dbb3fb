package hotline

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// formView is what a form page gets back after a failed submit: the values
// to refill and every error in the page's language.
type formView struct {
	Next   string
	Values map[string]string
	Errors map[string]string // field → message
	Error  string            // about the whole form
	Notice string
}

// register adds the sign-in, password and user-admin pages to r.
func (a *auth) register(r gin.IRouter) {
	r.GET("/login", a.handleLoginPage)
	r.POST("/login", limitForm(), a.handleLogin)
	self := a.authn(false, true) // a user with a one-time password may change it or leave
	r.POST("/logout", limitForm(), self, a.csrf(), a.handleLogout)
	r.GET("/password", self, a.sessionOnly(), a.handlePasswordPage)
	r.POST("/password", limitForm(), self, a.sessionOnly(), a.csrf(), a.handlePassword)
	admin := r.Group("/admin/users", limitForm(), a.authenticate(false), a.csrf(), a.requireRole(RoleAdmin))
	admin.GET("", a.handleUsersPage)
	admin.POST("", a.handleAddUser)
	admin.POST("/:name/token", a.handleIssueToken)
	admin.POST("/:name/disable", a.handleDisableUser)
	admin.POST("/:name/enable", a.handleEnableUser)
	admin.POST("/:name/unlock", a.handleUnlockUser)
	admin.POST("/:name/tokens/:id/revoke", a.handleRevokeToken)
	a.registerAPI(r)
}

// sessionOnly keeps API tokens off the password page: a leaked token must
// not become the account's password.
func (a *auth) sessionOnly() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetString(viaKey) != viaSession {
			a.forbid(c, "forbidden")
			return
		}
		c.Next()
	}
}

// limitForm caps form bodies: the largest form here is well under 16 KiB.
func limitForm() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 16<<10)
		c.Next()
	}
}

func (a *auth) handleLoginPage(c *gin.Context) {
	if q := c.Query("lang"); q == "id" || q == "en" {
		http.SetCookie(c.Writer, &http.Cookie{Name: "lang", Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
			Secure: a.secureCookies, SameSite: http.SameSiteLaxMode})
	}
	a.renderLogin(c, http.StatusOK, formView{Next: safeNext(c.Query("next"))})
}

// renderLogin shows the login form with a fresh double-submit token: the
// form is posted before any session (and its CSRF token) exists.
func (a *auth) renderLogin(c *gin.Context, status int, v formView) {
	token, err := c.Cookie(loginCSRFCookie)
	if err != nil || len(token) != 43 {
		token = NewSecret(32)
		a.setCookie(c, loginCSRFCookie, token, 3600)
	}
	c.Set(csrfKey, token)
	c.Header("Cache-Control", "no-store")
	a.render(c, status, "login", "title_login", v)
}

// loginErrors maps what stops a login to the status and the message shown.
// Wrong name and wrong password share one message: never say which.
var loginErrors = []struct {
	err    error
	status int
	key    string
}{
	{ErrRateLimited, http.StatusTooManyRequests, "login_rate_limited"},
	{ErrBadCredentials, http.StatusUnauthorized, "login_bad_credentials"},
	{ErrUserDisabled, http.StatusForbidden, "login_disabled"},
}

func (a *auth) handleLogin(c *gin.Context) {
	lang := uiLang(c)
	name := strings.ToLower(strings.TrimSpace(c.PostForm("name")))
	password := c.PostForm("password")
	v := formView{Next: safeNext(c.PostForm("next")), Values: map[string]string{"name": name}, Errors: map[string]string{}}
	if cookie, _ := c.Cookie(loginCSRFCookie); !sameSecret(c.PostForm("_csrf"), cookie) {
		v.Error = uiText(lang, "login_form_expired")
		a.renderLogin(c, http.StatusForbidden, v)
		return
	}
	if name == "" {
		v.Errors["name"] = uiText(lang, "field_name_required")
	}
	if password == "" {
		v.Errors["password"] = uiText(lang, "field_password_required")
	}
	if len(v.Errors) > 0 {
		a.renderLogin(c, http.StatusBadRequest, v)
		return
	}
	u, err := a.login(c, name, password)
	if err != nil {
		a.loginFailed(c, v, err)
		return
	}
	next := v.Next
	if u.MustChangePassword {
		next = "/password?next=" + url.QueryEscape(v.Next)
	}
	c.Redirect(http.StatusSeeOther, next)
}

// login checks the limiter and the password, then starts a session in place
// of any the browser had (no session fixation).
func (a *auth) login(c *gin.Context, name, password string) (*User, error) {
	ctx, ip := c.Request.Context(), c.ClientIP()
	// The attempt is counted before bcrypt runs: parallel guesses cannot
	// get more than the limit checked.
	if err := a.accounts.BeginLogin(ctx, name, ip); err != nil {
		if errors.Is(err, ErrRateLimited) {
			a.log.Warn("login locked", zap.String("user", name), zap.String("ip", ip))
		}
		return nil, err
	}
	u, err := a.accounts.VerifyPassword(ctx, name, password)
	if errors.Is(err, ErrBadCredentials) {
		a.log.Info("login failed", zap.String("user", name), zap.String("ip", ip))
	}
	if err != nil {
		return nil, err
	}
	if err := a.accounts.LoginSucceeded(ctx, name, ip); err != nil {
		a.log.Error("reset failed logins", zap.Error(err))
	}
	s, err := a.accounts.CreateSession(ctx, u.Name)
	if err != nil {
		return nil, err
	}
	if old, cerr := c.Cookie(sessionCookie); cerr == nil {
		_ = a.accounts.DeleteSession(ctx, old) // best effort: it expires anyway
	}
	a.setCookie(c, sessionCookie, s.ID, 0)
	a.setCookie(c, loginCSRFCookie, "", -1)
	a.log.Info("login", zap.String("user", u.Name), zap.String("ip", ip))
	return u, nil
}

func (a *auth) loginFailed(c *gin.Context, v formView, err error) {
	lang := uiLang(c)
	v.Values["password"] = ""
	for _, e := range loginErrors {
		if errors.Is(err, e.err) {
			if e.status == http.StatusTooManyRequests {
				c.Header("Retry-After", strconv.Itoa(int(LoginWindow.Seconds())))
			}
			v.Error = uiText(lang, e.key)
			a.renderLogin(c, e.status, v)
			return
		}
	}
	a.log.Error("login", zap.Error(err))
	v.Error = uiText(lang, "err_unavailable")
	a.renderLogin(c, http.StatusServiceUnavailable, v)
}

func (a *auth) handleLogout(c *gin.Context) {
	if s, ok := c.Get(sessionKey); ok {
		if err := a.accounts.DeleteSession(c.Request.Context(), s.(*Session).ID); err != nil {
			a.log.Error("logout", zap.Error(err))
		}
	}
	a.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}

func (a *auth) handlePasswordPage(c *gin.Context) {
	v := formView{Next: safeNext(c.Query("next"))}
	if u := currentUser(c); u != nil && u.MustChangePassword {
		v.Notice = uiText(uiLang(c), "password_one_time")
	}
	c.Header("Cache-Control", "no-store")
	a.render(c, http.StatusOK, "password", "title_password", v)
}

// handlePassword changes the signed-in user's password. The current one is
// asked (a borrowed, unlocked console must not become a taken account) and
// counted like a sign-in; every other session of the user ends.
func (a *auth) handlePassword(c *gin.Context) {
	lang, u := uiLang(c), currentUser(c)
	current, password, confirm := c.PostForm("current"), c.PostForm("password"), c.PostForm("confirm")
	v := formView{Next: safeNext(c.PostForm("next")), Errors: a.checkNewPassword(c, u, current, password, confirm)}
	status := http.StatusBadRequest
	if len(v.Errors) == 0 {
		err := a.changePassword(c, u, current, password)
		switch {
		case err == nil:
			a.log.Info("password changed; other sessions ended", zap.String("user", u.Name))
			c.Redirect(http.StatusSeeOther, v.Next)
			return
		case errors.Is(err, ErrRateLimited):
			status, v.Error = http.StatusTooManyRequests, uiText(lang, "login_rate_limited")
		case errors.Is(err, ErrBadCredentials):
			v.Errors["current"] = uiText(lang, "field_current_wrong")
		default:
			a.log.Error("set password", zap.String("user", u.Name), zap.Error(err))
			status, v.Error = http.StatusServiceUnavailable, uiText(lang, "err_unavailable")
		}
	}
	if u.MustChangePassword {
		v.Notice = uiText(lang, "password_one_time")
	}
	a.render(c, status, "password", "title_password", v)
}

// changePassword counts the check of the current password like a sign-in.
func (a *auth) changePassword(c *gin.Context, u *User, current, password string) error {
	ctx, ip := c.Request.Context(), c.ClientIP()
	if err := a.accounts.BeginLogin(ctx, u.Name, ip); err != nil {
		return err
	}
	keep := ""
	if s, ok := c.Get(sessionKey); ok {
		keep = s.(*Session).ID
	}
	if err := a.accounts.ChangePassword(ctx, u.Name, current, password, keep); err != nil {
		return err
	}
	if err := a.accounts.LoginSucceeded(ctx, u.Name, ip); err != nil {
		a.log.Error("reset failed logins", zap.Error(err))
	}
	return nil
}

// checkNewPassword returns the field errors of a new password, in the page's language.
func (a *auth) checkNewPassword(c *gin.Context, u *User, current, password, confirm string) map[string]string {
	lang, errs := uiLang(c), map[string]string{}
	if current == "" {
		errs["current"] = uiText(lang, "field_current_required")
	}
	switch err := CheckPassword(u.Name, password); {
	case password == "":
		errs["password"] = uiText(lang, "field_password_required")
	case errors.Is(err, errPasswordShort):
		errs["password"] = uiText(lang, "field_password_short")
	case errors.Is(err, errPasswordName):
		errs["password"] = uiText(lang, "field_password_name")
	}
	if confirm != password {
		errs["confirm"] = uiText(lang, "field_confirm_mismatch")
	}
	if len(errs) == 0 && password == current {
		errs["password"] = uiText(lang, "field_password_same")
	}
	return errs
}

// usersView is the admin page: the users, the add form, and a secret just
// created (shown once, never stored in the clear).
type usersView struct {
	formView
	Users    []User
	Roles    []Role
	Agencies []agencies.AgencyID
	Me       string
	Secret   string // one-time password or API token just made
	SecretOf string // message above Secret
	Tokens   map[string][]TokenInfo
}

func (a *auth) handleUsersPage(c *gin.Context) { a.renderUsers(c, http.StatusOK, usersView{}) }

// renderUsers shows the admin page; secrets on it must never be cached.
func (a *auth) renderUsers(c *gin.Context, status int, v usersView) {
	users, err := a.accounts.Users(c.Request.Context())
	if err != nil {
		a.log.Error("list users", zap.Error(err))
		a.page(c, http.StatusServiceUnavailable, "err_unavailable")
		return
	}
	v.Users, v.Roles, v.Agencies, v.Me = users, Roles, a.agencies, currentUser(c).Name
	v.Tokens = map[string][]TokenInfo{}
	for _, u := range users {
		if u.Disabled {
			continue
		}
		if v.Tokens[u.Name], err = a.accounts.Tokens(c.Request.Context(), u.Name); err != nil {
			a.log.Error("list tokens", zap.String("user", u.Name), zap.Error(err))
		}
	}
	c.Header("Cache-Control", "no-store")
	a.render(c, status, "admin_users", "title_users", v)
}

func (a *auth) handleAddUser(c *gin.Context) {
	lang := uiLang(c)
	name, role, agency := strings.TrimSpace(c.PostForm("name")), Role(c.PostForm("role")), agencies.AgencyID(c.PostForm("agency"))
	v := usersView{formView: formView{Values: map[string]string{"name": name, "role": string(role), "agency": string(agency)},
		Errors: map[string]string{}}}
	password, err := a.accounts.CreateUser(c.Request.Context(), name, role, agency)
	var ve *dispatch.ValidationError
	switch {
	case err == nil:
		a.log.Info("user created", zap.String("user", name), zap.String("role", string(role)), zap.String("by", currentUser(c).Name))
		v.Values, v.Secret = nil, password
		v.SecretOf = fmt.Sprintf(uiText(lang, "users_created"), name)
		a.renderUsers(c, http.StatusCreated, v)
		return
	case errors.As(err, &ve):
		for field, fe := range ve.Fields {
			v.Errors[field] = uiText(lang, "field_"+field+"_"+fe.Code)
		}
	case errors.Is(err, ErrUserExists):
		v.Errors["name"] = uiText(lang, "field_name_exists")
	default:
		a.log.Error("create user", zap.String("user", name), zap.Error(err))
		v.Error = uiText(lang, "err_unavailable")
		a.renderUsers(c, http.StatusServiceUnavailable, v)
		return
	}
	a.renderUsers(c, http.StatusBadRequest, v)
}

func (a *auth) handleIssueToken(c *gin.Context) {
	name := c.Param("name")
	token, err := a.accounts.IssueToken(c.Request.Context(), name)
	if err != nil {
		a.userActionFailed(c, "issue token", name, err)
		return
	}
	a.log.Info("api token issued", zap.String("user", name), zap.String("by", currentUser(c).Name))
	v := usersView{Secret: token, SecretOf: fmt.Sprintf(uiText(uiLang(c), "users_token_issued"), name)}
	a.renderUsers(c, http.StatusCreated, v)
}

func (a *auth) handleDisableUser(c *gin.Context) {
	name := c.Param("name")
	if name == currentUser(c).Name {
		a.renderUsers(c, http.StatusConflict, usersView{formView: formView{Error: uiText(uiLang(c), "users_not_self")}})
		return
	}
	if err := a.accounts.DisableUser(c.Request.Context(), name); err != nil {
		a.userActionFailed(c, "disable user", name, err)
		return
	}
	a.streams.close(name)
	a.log.Info("user disabled", zap.String("user", name), zap.String("by", currentUser(c).Name))
	a.renderUsers(c, http.StatusOK, usersView{formView: formView{Notice: fmt.Sprintf(uiText(uiLang(c), "users_disabled_ok"), name)}})
}

// userActionFailed shows why a token or disable action did nothing.
func (a *auth) userActionFailed(c *gin.Context, op, name string, err error) {
	status, key := http.StatusServiceUnavailable, "err_unavailable"
	switch {
	case errors.Is(err, ErrUserNotFound):
		status, key = http.StatusNotFound, "users_not_found"
	case errors.Is(err, ErrUserDisabled):
		status, key = http.StatusConflict, "users_is_disabled"
	case errors.Is(err, ErrTokenNotFound):
		status, key = http.StatusNotFound, "users_token_not_found"
	default:
		a.log.Error(op, zap.String("user", name), zap.Error(err))
	}
	a.renderUsers(c, status, usersView{formView: formView{Error: uiText(uiLang(c), key)}})
}
