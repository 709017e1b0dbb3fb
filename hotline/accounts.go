package hotline

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// Errors of Accounts. Storage failures wrap dispatch.ErrUnavailable.
var (
	ErrUserNotFound = errors.New("user not found")
	ErrUserExists   = errors.New("user already exists")
	// ErrBadCredentials covers an unknown name, a wrong password, and an
	// unknown or expired token or session: callers never learn which.
	ErrBadCredentials = errors.New("bad credentials")
	ErrRateLimited    = errors.New("too many failed logins")
	ErrWeakPassword   = errors.New("weak password")
	// ErrUserDisabled is returned only to someone who proved the password or
	// holds a token: a stranger cannot probe which accounts exist.
	ErrUserDisabled = errors.New("user disabled")
	// ErrTokenNotFound: no API token of the user has that id (revoked or expired).
	ErrTokenNotFound = errors.New("API token not found")
)

// Password rules: long beats complex for people who type it on a shift.
const MinPasswordLength = 10

var (
	errPasswordShort = fmt.Errorf("%w: shorter than %d characters", ErrWeakPassword, MinPasswordLength)
	errPasswordName  = fmt.Errorf("%w: contains the user name", ErrWeakPassword)
)

// Login limits. Every attempt is counted before its password is checked and
// taken back when it succeeds. A name is locked from one address after
// LoginMaxFailures within LoginWindow (a guesser locks out only their own
// address); from everywhere after LoginMaxFailuresPerName within
// LoginNameWindow (an admin can unlock it); an address after
// LoginMaxFailuresPerIP within LoginWindow, whatever the names.
const (
	LoginMaxFailures        = 5
	LoginWindow             = 15 * time.Minute
	LoginMaxFailuresPerName = 20
	LoginNameWindow         = time.Hour
	LoginMaxFailuresPerIP   = 50
	// TokenTTL is the lifetime of an API token issued without one;
	// MaxTokenTTL the longest an admin may choose.
	TokenTTL    = 90 * 24 * time.Hour
	MaxTokenTTL = 2 * 365 * 24 * time.Hour
	// SessionTTL is how long a console session lives without a request; each
	// request renews it, so a shift is never logged out mid-call.
	SessionTTL = 12 * time.Hour
	// TokenPrefix starts every API token, so a leaked one is recognisable in
	// logs and by secret scanners.
	TokenPrefix = "sgp_"
)

// Session is a signed-in browser. CSRF is sent back with every form and
// fetch that changes something.
type Session struct {
	ID   string
	User string
	CSRF string
}

// TokenInfo describes an API token without revealing it: ID is the start of
// its SHA-256, enough to name it for revocation.
type TokenInfo struct {
	ID      string    `json:"id"`
	Label   string    `json:"label,omitempty"`
	Created time.Time `json:"created,omitzero"`
	// Expires is zero for a token issued before tokens expired.
	Expires time.Time `json:"expires,omitzero"`
}

// Accounts keeps users, their credentials and sessions. Every method may
// also return an error wrapping dispatch.ErrUnavailable when storage is down.
type Accounts interface {
	// CreateUser adds a user with a one-time password, returned once; the user
	// must change it at the first login. Errors: *dispatch.ValidationError
	// (fields name, role, agency; see CheckNewUser), ErrUserExists.
	CreateUser(ctx context.Context, name string, role Role, agency agencies.AgencyID) (password string, err error)
	// User returns ErrUserNotFound.
	User(ctx context.Context, name string) (*User, error)
	// Users lists every user, disabled ones included, sorted by name.
	Users(ctx context.Context) ([]User, error)
	// CountUsers lets start-up create the first admin on an empty store.
	CountUsers(ctx context.Context) (int, error)
	// VerifyPassword takes constant time whether or not the user exists.
	// Errors: ErrBadCredentials, ErrUserDisabled (right password only).
	VerifyPassword(ctx context.Context, name, password string) (*User, error)
	// SetPassword replaces the password and clears MustChangePassword.
	// Errors: ErrWeakPassword (see CheckPassword), ErrUserNotFound.
	SetPassword(ctx context.Context, name, password string) error
	// ChangePassword is the user's own change: current must be right
	// (ErrBadCredentials), the new one pass CheckPassword (ErrWeakPassword).
	// Every session of the user except keepSession ends.
	ChangePassword(ctx context.Context, name, current, password, keepSession string) error
	// DisableUser stops the user at once: sessions and tokens are deleted,
	// login is refused. Errors: ErrUserNotFound.
	DisableUser(ctx context.Context, name string) error
	// EnableUser lets a disabled user sign in again (with the password they
	// had; tokens stay revoked) and clears their sign-in locks. Errors: ErrUserNotFound.
	EnableUser(ctx context.Context, name string) error
	// IssueToken returns a new API token (TokenPrefix + 43 characters) valid
	// for TokenTTL, shown once; only its SHA-256 is kept. Errors:
	// ErrUserNotFound, ErrUserDisabled.
	IssueToken(ctx context.Context, name string) (string, error)
	// IssueTokenFor is IssueToken with a label and a lifetime (0: TokenTTL).
	IssueTokenFor(ctx context.Context, name, label string, ttl time.Duration) (string, TokenInfo, error)
	// Tokens lists the user's live tokens, oldest first.
	Tokens(ctx context.Context, name string) ([]TokenInfo, error)
	// RevokeToken ends one token at once. Errors: ErrTokenNotFound.
	RevokeToken(ctx context.Context, name, id string) error
	// TokenUser resolves an API token. Errors: ErrBadCredentials, ErrUserDisabled.
	TokenUser(ctx context.Context, token string) (*User, error)
	// CreateSession starts a session of SessionTTL with a fresh CSRF token.
	// Errors: ErrUserNotFound, ErrUserDisabled.
	CreateSession(ctx context.Context, name string) (*Session, error)
	// Session returns a live session and renews its TTL. Errors: ErrBadCredentials.
	Session(ctx context.Context, id string) (*Session, error)
	// DeleteSession ends a session; ending an unknown one is not an error.
	DeleteSession(ctx context.Context, id string) error
	// BeginLogin counts an attempt of name from ip before its password is
	// checked, atomically with the limit check; ErrRateLimited (nothing
	// counted) while the name+address, the name or the address is locked.
	BeginLogin(ctx context.Context, name, ip string) error
	// LoginSucceeded takes back the attempt BeginLogin counted and clears the
	// name+address failures (never the address's: one valid account must not
	// reset the count of guesses against others).
	LoginSucceeded(ctx context.Context, name, ip string) error
	// UnlockLogin clears every lock on a name (an admin's action).
	UnlockLogin(ctx context.Context, name string) error
}

// Roles lists every role in the order the admin page offers them.
var Roles = []Role{RoleCallTaker, RoleSupervisor, RoleAgency, RoleOfficial, RoleAdmin}

// ValidUserName reports whether name has 2–32 of a–z, 0–9, '.', '-', '_':
// safe in Redis keys, URLs, logs and SMS without escaping.
func ValidUserName(name string) bool {
	if len(name) < 2 || len(name) > 32 {
		return false
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}

// CheckNewUser validates a user before it is stored, listing every bad
// field at once. known are the deployment's agencies; an agency user needs one.
func CheckNewUser(name string, role Role, agency agencies.AgencyID, known []agencies.AgencyID) error {
	fields := map[string]dispatch.FieldError{}
	switch {
	case name == "":
		fields["name"] = dispatch.FieldError{Code: "required", Message: "a user name is required"}
	case !ValidUserName(name):
		fields["name"] = dispatch.FieldError{Code: "invalid", Message: "2–32 of a-z, 0-9, '.', '-', '_'"}
	}
	switch {
	case role == "":
		fields["role"] = dispatch.FieldError{Code: "required", Message: "a role is required: " + roleList()}
	case !role.Valid():
		fields["role"] = dispatch.FieldError{Code: "invalid", Message: fmt.Sprintf("unknown role %q: %s", role, roleList())}
	}
	switch {
	case role == RoleAgency && agency == "":
		fields["agency"] = dispatch.FieldError{Code: "required", Message: "an agency user needs an agency"}
	case role == RoleAgency && !slices.Contains(known, agency):
		fields["agency"] = dispatch.FieldError{Code: "unknown", Message: fmt.Sprintf("unknown agency %q", agency)}
	case role != RoleAgency && agency != "":
		fields["agency"] = dispatch.FieldError{Code: "not_applicable", Message: "only agency users have an agency"}
	}
	if len(fields) > 0 {
		return &dispatch.ValidationError{Fields: fields}
	}
	return nil
}

func roleList() string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return "one of " + strings.Join(names, ", ")
}

// CheckPassword enforces the password rules; the error wraps ErrWeakPassword.
func CheckPassword(name, password string) error {
	if len([]rune(password)) < MinPasswordLength {
		return errPasswordShort
	}
	if name != "" && strings.Contains(strings.ToLower(password), strings.ToLower(name)) {
		return errPasswordName
	}
	return nil
}

// NewSecret returns n random bytes, base64url: session ids, CSRF tokens.
func NewSecret(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewToken returns a new API token and the hash under which it is stored.
func NewToken() (token, hash string) {
	token = TokenPrefix + NewSecret(32)
	return token, HashToken(token)
}

// HashToken is the stored form of an API token: a database dump does not
// give anyone a working token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// otpAlphabet leaves out look-alikes (0/O, 1/l/I) because the one-time
// password is read aloud or copied from a screen by hand.
const otpAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewOneTimePassword returns 14 characters (about 80 bits) of otpAlphabet.
func NewOneTimePassword() string {
	var b strings.Builder
	buf := make([]byte, 1)
	for b.Len() < 14 {
		_, _ = rand.Read(buf)
		if int(buf[0]) >= 256-256%len(otpAlphabet) { // reject to stay uniform
			continue
		}
		b.WriteByte(otpAlphabet[int(buf[0])%len(otpAlphabet)])
	}
	return b.String()
}
