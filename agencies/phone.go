package agencies

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrInvalidPhone is returned for a number that cannot be a real phone number.
var ErrInvalidPhone = errors.New("invalid phone number")

// DefaultRegion is the region assumed for numbers written without a country
// code (0812…): callers and responders of an Indonesian city.
const DefaultRegion = "ID"

// NormalizePhone turns the ways Indonesians write a number (0812-3456-7890,
// 62812…, +62 812 …, (061) 123456) into E.164 (+62812…). It uses libphonenumber's
// metadata rather than hand-written rules, so length and prefix checks follow
// the numbering plan.
func NormalizePhone(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", ErrInvalidPhone
	}
	// "62812…" without the plus is common in Indonesia; libphonenumber would
	// read it as a national number.
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if !strings.HasPrefix(s, "+") && strings.HasPrefix(digits, "62") && len(digits) >= 10 {
		s = "+" + digits
	}
	num, err := phonenumbers.Parse(s, DefaultRegion)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", ErrInvalidPhone
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// LocalPhone formats an E.164 number the way it is dialled in Indonesia
// (0812…), shorter in an SMS and familiar to responders.
func LocalPhone(e164 string) string {
	if strings.HasPrefix(e164, "+62") {
		return "0" + e164[3:]
	}
	return e164
}

// MaskPhone hides all but the last four digits: for logs and for people who
// have no need to see a caller's number.
func MaskPhone(p string) string {
	if len(p) <= 4 {
		return strings.Repeat("•", len(p))
	}
	return strings.Repeat("•", len(p)-4) + p[len(p)-4:]
}
