package agencies

import (
	"strings"
	"time"
)

// Alert tells a station supervisor that a charter promise was broken, or
// that nobody could be reached: the supervisor must act now.
type Alert struct {
	Code      string // incident code
	Agency    string // short agency name, e.g. DAMKAR
	Station   string
	Category  string
	Milestone string    // acknowledge, arrive or resolve; "" for an unreachable assignment
	Deadline  time.Time // the deadline that passed
	Location  *time.Location
}

var alertPhrases = map[Lang]map[string]string{
	Indonesian: {"head": "112 PERINGATAN", "acknowledge": "belum TERIMA", "arrive": "belum TIBA",
		"resolve": "belum SELESAI", "": "tidak ada petugas yang bisa dihubungi", "limit": "batas", "past": "terlewati",
		"act": "Mohon segera tindak lanjuti."},
	English: {"head": "112 ALERT", "acknowledge": "not acknowledged", "arrive": "not on scene",
		"resolve": "not resolved", "": "no responder could be reached", "limit": "deadline", "past": "passed",
		"act": "Please act now."},
}

// ComposeAlert writes the supervisor's alert in one SMS part where possible.
//
//	112 PERINGATAN TT-0427 DAMKAR
//	KEBAKARAN: belum TERIMA, batas 14:32 WIB terlewati.
//	Pos Damkar Padang Hulu. Mohon segera tindak lanjuti.
func ComposeAlert(a Alert, lang Lang) string {
	p, ok := alertPhrases[lang]
	if !ok {
		p = alertPhrases[Indonesian]
	}
	head := strings.Join(nonEmpty(p["head"], strings.ToUpper(smsField(a.Code)), strings.ToUpper(smsField(a.Agency))), " ")
	what := p[a.Milestone]
	if what == "" {
		what = p[""]
	}
	line := what
	if !a.Deadline.IsZero() && a.Milestone != "" {
		line += ", " + p["limit"] + " " + clockWithZone(a.Deadline, a.Location) + " " + p["past"]
	}
	if c := smsShorten(smsField(a.Category), maxCategoryLen); c != "" {
		line = strings.ToUpper(c) + ": " + line
	}
	tail := strings.Join(nonEmpty(smsShorten(smsField(a.Station), 40), p["act"]), ". ")
	return strings.Join(nonEmpty(head, line+".", tail), "\n")
}
