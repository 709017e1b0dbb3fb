// Package twiliosms sends responder SMS through Twilio with the official
// twilio-go client. It implements agencies.Notifier and agencies.Finder.
package twiliosms

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"time"
)

// DefaultAPIURL is Twilio's production REST API.
const DefaultAPIURL = "https://api.twilio.com"

// DefaultTimeout bounds one HTTP request to Twilio, as twilio-go's own
// default client does; a dispatcher must not hang on a slow provider.
const DefaultTimeout = 10 * time.Second

// Config is what the service needs to send through one Twilio account.
type Config struct {
	AccountSID string // AC + 32 hex digits
	AuthToken  string
	From       string // the centre's Twilio number, E.164; replies come back to it
	// APIURL is the API base URL: DefaultAPIURL when empty, or any
	// Twilio-compatible server such as twiliotest's fake.
	APIURL string
	// StatusCallbackURL, when set, is where Twilio posts delivery receipts.
	StatusCallbackURL string
	// Timeout bounds each HTTP request; DefaultTimeout when zero.
	Timeout time.Duration
}

var (
	accountSIDPattern = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	// twilio-go refuses credentials with anything but letters and digits.
	alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	e164         = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// Validate reports every bad field by name, so that a misconfigured
// deployment fails at start-up rather than at the first emergency.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("twiliosms: Config.%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if !accountSIDPattern.MatchString(c.AccountSID) {
		bad("AccountSID", "must be AC followed by 32 hex digits")
	}
	if !alphanumeric.MatchString(c.AuthToken) {
		bad("AuthToken", "must be non-empty letters and digits")
	}
	if !e164.MatchString(c.From) {
		bad("From", "%q is not an E.164 number like +6281234567890", c.From)
	}
	if c.APIURL != "" {
		if err := checkURL(c.APIURL, false); err != nil {
			bad("APIURL", "%v", err)
		}
	}
	if c.StatusCallbackURL != "" {
		if err := checkURL(c.StatusCallbackURL, true); err != nil {
			bad("StatusCallbackURL", "%v", err)
		}
	}
	if c.Timeout < 0 {
		bad("Timeout", "must not be negative")
	}
	return errors.Join(errs...)
}

// checkURL accepts absolute http(s) URLs; a query string only where the URL
// is used as is (a callback), not where paths are appended to it.
func checkURL(raw string, queryOK bool) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a URL", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q must start with http:// or https://", raw)
	case u.Host == "":
		return fmt.Errorf("%q has no host", raw)
	case !queryOK && (u.RawQuery != "" || u.Fragment != ""):
		return fmt.Errorf("%q must not have a query or fragment", raw)
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}
