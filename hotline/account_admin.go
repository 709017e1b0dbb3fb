package hotline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
)

// streamRecheck is how often an open event stream checks that its session
// or token is still valid: a user disabled on another instance, a revoked
// token or a session ended by a password change stops receiving within it.
// A user disabled on this instance is cut off at once (streamRegistry).
const streamRecheck = 5 * time.Second

// streamRegistry holds the cancel functions of the open event streams per
// user, so that disabling a user closes their streams at once.
type streamRegistry struct {
	mu   sync.Mutex
	open map[string]map[*context.CancelFunc]struct{}
}

// track registers a stream of user; the returned context ends when the
// user is disabled here or the request ends; release unregisters it.
func (r *streamRegistry) track(parent context.Context, user string) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.open == nil {
		r.open = map[string]map[*context.CancelFunc]struct{}{}
	}
	if r.open[user] == nil {
		r.open[user] = map[*context.CancelFunc]struct{}{}
	}
	r.open[user][&cancel] = struct{}{}
	return ctx, func() {
		cancel()
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.open[user], &cancel)
		if len(r.open[user]) == 0 {
			delete(r.open, user)
		}
	}
}

// close ends every open stream of user and reports how many there were.
func (r *streamRegistry) close(user string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for cancel := range r.open[user] {
		(*cancel)()
		n++
	}
	return n
}

// openStream registers the request's stream; see HandleStream.
func (a *auth) openStream(c *gin.Context) (context.Context, func()) {
	u := currentUser(c)
	return a.streams.track(c.Request.Context(), u.Name)
}

// stillValid checks again the credential a stream was opened with.
func (a *auth) stillValid(c *gin.Context) bool {
	_, err := a.identify(c)
	if err != nil && !errors.Is(err, ErrBadCredentials) && !errors.Is(err, ErrUserDisabled) && !errors.Is(err, ErrUserNotFound) {
		return true // storage down: the stream carries nothing new anyway; do not cut people off for it
	}
	return err == nil
}

func (a *auth) handleEnableUser(c *gin.Context) {
	name := c.Param("name")
	if err := a.accounts.EnableUser(c.Request.Context(), name); err != nil {
		a.userActionFailed(c, "enable user", name, err)
		return
	}
	a.log.Info("user enabled", zap.String("user", name), zap.String("by", currentUser(c).Name))
	a.renderUsers(c, http.StatusOK, usersView{formView: formView{Notice: fmt.Sprintf(uiText(uiLang(c), "users_enabled_ok"), name)}})
}

func (a *auth) handleUnlockUser(c *gin.Context) {
	name := c.Param("name")
	if err := a.accounts.UnlockLogin(c.Request.Context(), name); err != nil {
		a.userActionFailed(c, "unlock user", name, err)
		return
	}
	a.log.Info("sign-in unlocked", zap.String("user", name), zap.String("by", currentUser(c).Name))
	a.renderUsers(c, http.StatusOK, usersView{formView: formView{Notice: fmt.Sprintf(uiText(uiLang(c), "users_unlocked_ok"), name)}})
}

func (a *auth) handleRevokeToken(c *gin.Context) {
	name, id := c.Param("name"), c.Param("id")
	if err := a.accounts.RevokeToken(c.Request.Context(), name, id); err != nil {
		a.userActionFailed(c, "revoke token", name, err)
		return
	}
	a.log.Info("api token revoked", zap.String("user", name), zap.String("token", id), zap.String("by", currentUser(c).Name))
	a.renderUsers(c, http.StatusOK, usersView{formView: formView{Notice: fmt.Sprintf(uiText(uiLang(c), "users_token_revoked"), id, name)}})
}

// registerAPI adds the JSON account routes: tokens listed, issued and
// revoked one by one; enable and unlock. A user may list and revoke their
// own tokens; everything else is an admin's.
func (a *auth) registerAPI(r gin.IRouter) {
	api := r.Group("/api/v1/users", limitForm(), a.authenticate(true), a.csrf())
	admin := a.requireRole(RoleAdmin)
	api.GET("/:name/tokens", a.selfOrAdmin(), a.apiListTokens)
	api.POST("/:name/tokens", admin, a.apiIssueToken)
	api.DELETE("/:name/tokens/:id", a.selfOrAdmin(), a.apiRevokeToken)
	api.POST("/:name/enable", admin, a.apiUserAction(a.accounts.EnableUser, "enabled"))
	api.POST("/:name/disable", admin, a.apiDisable)
	api.POST("/:name/unlock", admin, a.apiUserAction(a.accounts.UnlockLogin, "unlocked"))
}

func (a *auth) selfOrAdmin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if u := currentUser(c); u != nil && (u.Role == RoleAdmin || u.Name == c.Param("name")) {
			c.Next()
			return
		}
		a.forbid(c, "forbidden")
	}
}

func (a *auth) apiListTokens(c *gin.Context) {
	name := c.Param("name")
	if _, err := a.accounts.User(c.Request.Context(), name); err != nil {
		a.apiAccountError(c, err)
		return
	}
	tokens, err := a.accounts.Tokens(c.Request.Context(), name)
	if err != nil {
		a.apiAccountError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": name, "tokens": tokens})
}

// tokenRequest is the body of POST /api/v1/users/{name}/tokens.
type tokenRequest struct {
	Label string `json:"label"`
	Days  int    `json:"days"`
}

func (a *auth) apiIssueToken(c *gin.Context) {
	var req tokenRequest
	if !bindJSON(c, &req) {
		return
	}
	fields := map[string]dispatch.FieldError{}
	if req.Days < 0 || time.Duration(req.Days)*24*time.Hour > MaxTokenTTL {
		fields["days"] = dispatch.FieldError{Code: "out_of_range", Message: fmt.Sprintf(uiText(langOf(c), "field_days_range"), int(MaxTokenTTL.Hours()/24))}
	}
	if len(req.Label) > 64 {
		fields["label"] = dispatch.FieldError{Code: "too_long", Message: uiText(langOf(c), "field_label_long")}
	}
	if len(fields) > 0 {
		failWith(c, http.StatusBadRequest, "invalid", fields)
		return
	}
	name := c.Param("name")
	token, info, err := a.accounts.IssueTokenFor(c.Request.Context(), name, req.Label, time.Duration(req.Days)*24*time.Hour)
	if err != nil {
		a.apiAccountError(c, err)
		return
	}
	a.log.Info("api token issued", zap.String("user", name), zap.String("token", info.ID), zap.String("by", currentUser(c).Name))
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, gin.H{"token": token, "id": info.ID, "label": info.Label, "created": info.Created, "expires": info.Expires})
}

func (a *auth) apiRevokeToken(c *gin.Context) {
	name, id := c.Param("name"), c.Param("id")
	if err := a.accounts.RevokeToken(c.Request.Context(), name, id); err != nil {
		a.apiAccountError(c, err)
		return
	}
	a.log.Info("api token revoked", zap.String("user", name), zap.String("token", id), zap.String("by", currentUser(c).Name))
	c.Status(http.StatusNoContent)
}

func (a *auth) apiDisable(c *gin.Context) {
	name := c.Param("name")
	if name == currentUser(c).Name {
		apiFail(c, http.StatusConflict, "not_self")
		return
	}
	if err := a.accounts.DisableUser(c.Request.Context(), name); err != nil {
		a.apiAccountError(c, err)
		return
	}
	n := a.streams.close(name)
	a.log.Info("user disabled", zap.String("user", name), zap.Int("streams_closed", n), zap.String("by", currentUser(c).Name))
	c.JSON(http.StatusOK, gin.H{"user": name, "status": "disabled"})
}

func (a *auth) apiUserAction(fn func(context.Context, string) error, status string) gin.HandlerFunc {
	return func(c *gin.Context) {
		name := c.Param("name")
		if _, err := a.accounts.User(c.Request.Context(), name); err != nil {
			a.apiAccountError(c, err)
			return
		}
		if err := fn(c.Request.Context(), name); err != nil {
			a.apiAccountError(c, err)
			return
		}
		a.log.Info("user "+status, zap.String("user", name), zap.String("by", currentUser(c).Name))
		c.JSON(http.StatusOK, gin.H{"user": name, "status": status})
	}
}

// apiAccountError maps account errors to the API's status codes.
func (a *auth) apiAccountError(c *gin.Context, err error) {
	switch {
	case errors.Is(err, ErrUserNotFound):
		apiFail(c, http.StatusNotFound, "user_not_found")
	case errors.Is(err, ErrTokenNotFound):
		apiFail(c, http.StatusNotFound, "token_not_found")
	case errors.Is(err, ErrUserDisabled):
		apiFail(c, http.StatusConflict, "user_disabled")
	default:
		a.log.Error("account action", zap.String("path", c.FullPath()), zap.Error(err))
		apiFail(c, http.StatusServiceUnavailable, "unavailable")
	}
}

// accountTexts are the strings of the account hardening: key → {id, en}.
var accountTexts = map[string][2]string{
	"field_current":          {"Kata sandi sekarang", "Current password"},
	"field_current_required": {"Kata sandi sekarang wajib diisi.", "Enter your current password."},
	"field_current_wrong":    {"Kata sandi sekarang salah.", "The current password is wrong."},
	"field_days_range":       {"Masa berlaku 1–%d hari (0: bawaan 90 hari).", "Lifetime 1–%d days (0: the default 90 days)."},
	"field_label_long":       {"Label maksimal 64 karakter.", "A label has at most 64 characters."},
	"password_others_end":    {"Sesi Anda di perangkat lain akan berakhir.", "Your sessions on other devices will end."},
	"users_enable":           {"Aktifkan", "Enable"},
	"users_unlock":           {"Buka kunci masuk", "Unlock sign-in"},
	"users_revoke":           {"Cabut", "Revoke"},
	"users_tokens":           {"Token API", "API tokens"},
	"users_expires":          {"berlaku s.d.", "expires"},
	"users_enabled_ok":       {"Pengguna %s diaktifkan kembali (token lama tetap dicabut).", "User %s is enabled again (old tokens stay revoked)."},
	"users_unlocked_ok":      {"Kunci masuk untuk %s dibuka.", "Sign-in of %s is unlocked."},
	"users_token_revoked":    {"Token %s milik %s dicabut.", "Token %s of %s is revoked."},
	"users_token_not_found":  {"Token tidak ditemukan (sudah dicabut atau kedaluwarsa).", "Token not found (revoked or expired)."},
	"err_user_not_found":     {"Pengguna tidak ditemukan.", "User not found."},
	"err_token_not_found":    {"Token tidak ditemukan (sudah dicabut atau kedaluwarsa).", "Token not found (revoked or expired)."},
	"err_user_disabled":      {"Pengguna ini dinonaktifkan.", "This user is disabled."},
	"err_not_self":           {"Anda tidak dapat menonaktifkan akun Anda sendiri.", "You cannot disable your own account."},
}
