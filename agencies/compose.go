package agencies

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Lang is the language a responder reads SMS in.
type Lang string

// Languages of responder SMS. Indonesian is the default: most responders read
// nothing else, and an unknown Lang falls back to it.
const (
	Indonesian Lang = "id"
	English    Lang = "en"
)

// Notice is what a responder must know to act on an assignment, already
// resolved to text and numbers by the caller (the dispatcher knows the
// incident, the directory knows the responder's language).
type Notice struct {
	Code        string // incident code, e.g. TT-0427; also the reply key
	Category    string // human label in the target language, e.g. "Kebakaran"
	Priority    Priority
	Village     string // kelurahan name
	Address     string
	Lat, Lon    float64 // 0,0 means unknown: no map link
	CallerPhone string  // E.164, e.g. +6281234567890
	AckBy       time.Time
	Location    *time.Location // for AckBy; nil means WIB
	Support     bool           // this agency supports another's lead
	Suspected   bool           // the 112 centre suspects a hoax: said in one short line, the agency still responds
	// Precision of Lat/Lon: "" or "point" (a map link), "landmark" (near
	// Near, with a link), "street" (along Near) or "kelurahan_centre" (the
	// kelurahan's centre): the last two say so instead of a precise-looking link.
	Precision string
	Near      string // the street or landmark
	// Details: what the key questions found, e.g. "2 korban, 1 tidak sadar".
	Details string
}

// AckKeyword is the word a responder replies with to accept an assignment.
// It is the same in every language so that the reply parser needs one word.
const AckKeyword = "TERIMA"

// A typical assignment must fit in two concatenated parts; every part of the
// composition below is capped so that even a pathological notice does.
const (
	composeMaxSegments = 2
	composeBudget      = composeMaxSegments * gsmPart // septets, all single-width
	maxCodeLen         = 16
	maxCategoryLen     = 24
	maxDetailsLen      = 60 // what the key questions found
	maxVillageLen      = 30
	minAddressLen      = 12 // shorter than this, an address is noise
)

type phrases struct {
	priority        map[Priority]string
	support, caller string
	reply, before   string
	suspected       string
	approx          string
	approxOf        map[string]string
}

var phrasesByLang = map[Lang]phrases{
	Indonesian: {
		priority: map[Priority]string{P1: "P1 GAWAT", P2: "P2 MENDESAK", P3: "P3 BIASA"},
		support:  "BANTUAN", caller: "Pelapor", reply: "Balas", before: "sebelum",
		suspected: "CEK: dugaan palsu, tetap datang",
		approx:    "Lokasi perkiraan:",
		approxOf:  map[string]string{"kelurahan_centre": "pusat", "street": "sepanjang", "landmark": "dekat"},
	},
	English: {
		priority: map[Priority]string{P1: "P1 CRITICAL", P2: "P2 URGENT", P3: "P3 ROUTINE"},
		support:  "SUPPORT", caller: "Caller", reply: "Reply", before: "by",
		suspected: "CHECK: suspected hoax, still respond",
		approx:    "Approx. location:",
		approxOf:  map[string]string{"kelurahan_centre": "centre of", "street": "along", "landmark": "near"},
	},
}

// ComposeAssignment writes the assignment SMS a tired responder reads on a
// feature phone: what, how urgent, where (with a map link), whom to call
// back, and how and by when to accept. It uses only plain GSM-7 characters
// and shortens the address so the text stays within two SMS parts.
//
//	112 TT-0427 P1 GAWAT
//	KEBAKARAN
//	Kel. Bandar Sono, Jl. Sudirman No. 12
//	maps.google.com/?q=3.32852,99.16251
//	Pelapor: 081234567890
//	Balas: TERIMA TT-0427 sebelum 14:32 WIB
func ComposeAssignment(n Notice, lang Lang) string {
	p, ok := phrasesByLang[lang]
	if !ok {
		p = phrasesByLang[Indonesian]
	}
	c := newComposition(n, p)
	msg := c.render()
	if Segments(msg) <= composeMaxSegments {
		return msg
	}
	keep := len(c.address) - (len(msg) - composeBudget) - len("..")
	if keep < minAddressLen {
		c.address = ""
	} else {
		c.address = strings.TrimRight(c.address[:keep], " ,.-/") + ".."
	}
	return c.render()
}

// composition holds the cleaned, capped pieces of one assignment SMS.
type composition struct {
	p                                phrases
	code, header, category           string
	village, address, link, caller   string
	deadline, doubt, approx, details string
}

func newComposition(n Notice, p phrases) composition {
	c := composition{p: p}
	c.code = strings.ToUpper(smsShorten(smsField(n.Code), maxCodeLen))
	c.header = strings.Join(nonEmpty("112", c.code, p.priorityLabel(n.Priority)), " ")
	c.category = strings.ToUpper(smsShorten(smsField(n.Category), maxCategoryLen))
	if n.Support {
		c.category = strings.TrimSpace(c.category + " (" + p.support + ")")
	}
	if v := smsShorten(trimVillagePrefix(smsField(n.Village)), maxVillageLen); v != "" {
		c.village = "Kel. " + v
	}
	c.address = smsField(n.Address)
	c.link = mapLink(n.Lat, n.Lon)
	c.approx = approxLine(n, p, c.village)
	if n.Precision == "street" || n.Precision == "kelurahan_centre" {
		c.link = ""
	}
	if ph := callbackNumber(n.CallerPhone); ph != "" {
		c.caller = p.caller + ": " + ph
	}
	if !n.AckBy.IsZero() {
		c.deadline = " " + p.before + " " + clockWithZone(n.AckBy, n.Location)
	}
	if n.Suspected {
		c.doubt = p.suspected
	}
	c.details = smsShorten(smsField(n.Details), maxDetailsLen)
	return c
}

func (c composition) render() string {
	where := c.village
	if c.address != "" {
		where = strings.TrimPrefix(where+", "+c.address, ", ")
	}
	reply := strings.Join(nonEmpty(c.p.reply+":", AckKeyword, c.code), " ") + c.deadline
	return strings.Join(nonEmpty(c.header, c.category, c.details, c.doubt, where, c.approx, c.link, c.caller, reply), "\n")
}

// approxLine says what an inexact point stands for ("Lokasi perkiraan:
// pusat Kel. Bagelen"); "" for an exact point.
func approxLine(n Notice, p phrases, village string) string {
	of, ok := p.approxOf[n.Precision]
	if !ok {
		return ""
	}
	what := smsShorten(smsField(n.Near), maxVillageLen)
	if n.Precision == "kelurahan_centre" || what == "" {
		what = village
	}
	if what == "" {
		return p.approx
	}
	return p.approx + " " + of + " " + what
}

func nonEmpty(parts ...string) []string {
	kept := parts[:0]
	for _, s := range parts {
		if s != "" {
			kept = append(kept, s)
		}
	}
	return kept
}

func (p phrases) priorityLabel(pr Priority) string {
	if s, ok := p.priority[pr]; ok {
		return s
	}
	return pr.String()
}

// smsField makes s GSM-safe and collapses all whitespace (including
// newlines pasted into an address) to single spaces.
func smsField(s string) string { return strings.Join(strings.Fields(gsmSafe(s)), " ") }

// smsShorten cuts a field made by smsField to at most n characters,
// marking the cut.
func smsShorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimRight(s[:n-2], " ,.-/") + ".."
}

// trimVillagePrefix drops a "Kelurahan"/"Kel." the caller may have included,
// since the composition adds its own.
func trimVillagePrefix(v string) string {
	for _, prefix := range []string{"kelurahan ", "kel. ", "kel "} {
		if len(v) > len(prefix) && strings.EqualFold(v[:len(prefix)], prefix) {
			return strings.TrimSpace(v[len(prefix):])
		}
	}
	return v
}

// mapLink is the shortest link feature phones still recognise; 5 decimals
// is about a metre.
func mapLink(lat, lon float64) string {
	if math.IsNaN(lat) || math.IsNaN(lon) || (lat == 0 && lon == 0) ||
		math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return ""
	}
	return fmt.Sprintf("maps.google.com/?q=%.5f,%.5f", lat, lon)
}

// callbackNumber gives the caller's number as dialled locally (0812…), so a
// responder can call back with one press on any handset.
func callbackNumber(raw string) string {
	if e164, err := NormalizePhone(raw); err == nil {
		return LocalPhone(e164)
	}
	digits := strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || r == '+' {
			return r
		}
		return -1
	}, raw)
	if len(digits) > 16 {
		return ""
	}
	return LocalPhone(digits)
}

// clockWithZone formats t as HH:MM with the Indonesian zone name responders
// know (WIB, WITA, WIT).
func clockWithZone(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.FixedZone("WIB", 7*3600)
	}
	t = t.In(loc)
	zone, offset := t.Zone()
	switch {
	case offset == 7*3600:
		zone = "WIB"
	case offset == 8*3600:
		zone = "WITA"
	case offset == 9*3600:
		zone = "WIT"
	case zone == "" || zone[0] == '+' || zone[0] == '-':
		zone = "UTC" + t.Format("-07:00")
	}
	return t.Format("15:04") + " " + zone
}
