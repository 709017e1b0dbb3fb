package locate

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

var (
	// decimalRe: two signed decimals separated by a comma, semicolon or spaces.
	decimalRe = regexp.MustCompile(`^\s*\(?\s*([-+]?\d{1,3}(?:\.\d+)?)\s*(?:[,;/]\s*|\s+)([-+]?\d{1,3}(?:\.\d+)?)\s*\)?\s*$`)
	// commaDecimalRe: "3,3285 99,1625" as typed on an Indonesian keyboard.
	commaDecimalRe = regexp.MustCompile(`^\s*([-+]?\d{1,3},\d+)\s*[;/ ]\s*([-+]?\d{1,3},\d+)\s*$`)
	plusCodeRe     = regexp.MustCompile(`(?:^|[^0-9A-Z+])([23456789CFGHJMPQRVWX0]{2,8}\+[23456789CFGHJMPQRVWX]{0,4})(?:$|[^0-9A-Z+])`)
	pinRe          = regexp.MustCompile(`!3d(-?\d+(?:\.\d+)?)!4d(-?\d+(?:\.\d+)?)`)
	viewportRe     = regexp.MustCompile(`/@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)`)
	osmFragmentRe  = regexp.MustCompile(`map=\d+(?:\.\d+)?/(-?\d+(?:\.\d+)?)/(-?\d+(?:\.\d+)?)`)
)

// decimalPair reads "lat, lon" (or lon, lat: the caller decides) in decimal degrees.
func decimalPair(s string) (float64, float64, bool) {
	if m := commaDecimalRe.FindStringSubmatch(s); m != nil {
		a, errA := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		b, errB := strconv.ParseFloat(strings.Replace(m[2], ",", ".", 1), 64)
		return a, b, errA == nil && errB == nil
	}
	m := decimalRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	a, errA := strconv.ParseFloat(m[1], 64)
	b, errB := strconv.ParseFloat(m[2], 64)
	return a, b, errA == nil && errB == nil
}

func isShortLink(lower string) bool {
	for _, h := range []string{"goo.gl/", "maps.app.goo.gl", "g.co/kgs", "g.page/"} {
		if strings.Contains(lower, h) {
			return true
		}
	}
	return false
}

func looksLikeLink(lower string) bool {
	return strings.Contains(lower, "http://") || strings.Contains(lower, "https://") || strings.HasPrefix(lower, "www.") ||
		strings.HasPrefix(lower, "maps.") || strings.Contains(lower, "google.") || strings.Contains(lower, "openstreetmap.org")
}

// link reads a Google Maps, WhatsApp (a Google Maps link), Apple Maps or
// OpenStreetMap link. The place pin (!3d…!4d…) wins over a query, which wins
// over the viewport centre (/@lat,lon,zoom).
func (p *Parser) link(s string) (Point, error) {
	raw := firstURL(s)
	if m := pinRe.FindStringSubmatch(raw); m != nil {
		return floats(m[1], m[2], MapsLink)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Point{}, fail(CodeUnrecognised)
	}
	q := u.Query()
	for _, k := range []string{"q", "query", "ll", "destination", "daddr", "center", "sll", "saddr"} {
		v := strings.TrimSpace(strings.TrimPrefix(q.Get(k), "loc:"))
		if v == "" {
			continue
		}
		if i := strings.IndexAny(v, "(@"); i > 0 {
			v = v[:i] // "3.32,99.16 (Rumah)"
		}
		if lat, lon, ok := decimalPair(v); ok {
			return Point{Lat: lat, Lon: lon, Format: MapsLink}, nil
		}
		if plusCodeRe.MatchString(strings.ToUpper(v)) {
			pt, err := p.plusCode(v)
			pt.Format = MapsLink
			return pt, err
		}
	}
	if q.Get("mlat") != "" {
		return floats(q.Get("mlat"), q.Get("mlon"), MapsLink)
	}
	path, _ := url.PathUnescape(u.EscapedPath())
	for _, marker := range []string{"/search/", "/place/", "/dir/"} {
		if i := strings.Index(path, marker); i >= 0 {
			seg := strings.SplitN(path[i+len(marker):], "/", 2)[0]
			if lat, lon, ok := decimalPair(strings.ReplaceAll(seg, "+", " ")); ok {
				return Point{Lat: lat, Lon: lon, Format: MapsLink}, nil
			}
		}
	}
	if m := viewportRe.FindStringSubmatch(path); m != nil {
		return floats(m[1], m[2], MapsLink)
	}
	if m := osmFragmentRe.FindStringSubmatch(u.Fragment); m != nil {
		return floats(m[1], m[2], MapsLink)
	}
	return Point{}, fail(CodeLinkNoPoint)
}

// firstURL picks the link out of a pasted message ("Lokasi saya: https://…").
func firstURL(s string) string {
	for _, f := range strings.Fields(s) {
		l := strings.ToLower(f)
		if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
			return f
		}
		if strings.HasPrefix(l, "www.") || strings.HasPrefix(l, "maps.") || strings.Contains(l, "google.") {
			return "https://" + f
		}
	}
	return s
}

func floats(a, b string, f Format) (Point, error) {
	lat, errA := strconv.ParseFloat(a, 64)
	lon, errB := strconv.ParseFloat(b, 64)
	if errA != nil || errB != nil {
		return Point{}, fail(CodeUnrecognised)
	}
	return Point{Lat: lat, Lon: lon, Format: f}, nil
}

// geoURI reads RFC 5870 geo: URIs as Android shares them:
// geo:3.32,99.16;u=20 and geo:0,0?q=3.32,99.16(Label).
func (p *Parser) geoURI(s string) (Point, error) {
	rest := s[len("geo:"):]
	query := ""
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query = rest[:i], rest[i+1:]
	}
	if i := strings.IndexByte(rest, ';'); i >= 0 {
		rest = rest[:i]
	}
	parts := strings.Split(rest, ",")
	if len(parts) >= 2 {
		lat, errA := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
		lon, errB := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
		if errA == nil && errB == nil && (lat != 0 || lon != 0) {
			return Point{Lat: lat, Lon: lon, Format: GeoURI}, nil
		}
	}
	if vals, err := url.ParseQuery(query); err == nil && vals.Get("q") != "" {
		v := vals.Get("q")
		if i := strings.IndexByte(v, '('); i > 0 {
			v = v[:i]
		}
		if lat, lon, ok := decimalPair(v); ok {
			return Point{Lat: lat, Lon: lon, Format: GeoURI}, nil
		}
		return Point{}, fail(CodeLinkNoPoint)
	}
	return Point{}, fail(CodeUnrecognised)
}

// plusCode reads a full Plus Code (6P9P8V9P+2C) or a short one (8V9P+2C,
// often followed by a locality) recovered nearest the city's centre.
func (p *Parser) plusCode(s string) (Point, error) {
	m := plusCodeRe.FindStringSubmatch(strings.ToUpper(s))
	if m == nil {
		return Point{}, fail(CodePlusCode)
	}
	code := m[1]
	switch {
	case olcCheckFull(code) == nil:
	case olcCheckShort(code) == nil:
		full, err := olcRecoverNearest(code, p.ref[1], p.ref[0])
		if err != nil {
			return Point{}, fail(CodePlusCode)
		}
		code = full
	default:
		return Point{}, fail(CodePlusCode)
	}
	area, err := olcDecode(code)
	if err != nil {
		return Point{}, fail(CodePlusCode)
	}
	lat, lon := area.center()
	return Point{Lat: lat, Lon: lon, Format: PlusCode}, nil
}

// dms reads degrees, minutes and seconds (or decimal minutes, or decimal
// degrees with a hemisphere): 3°19'43.2"N 99°09'45"E, LU 3 19 43 BT 99 9 45,
// 3.3285 LU 99.1625 BT, S 6° 10.5' E 106° 49.6'.
func (p *Parser) dms(s string) (Point, error) {
	groups, ok := dmsGroups(s)
	if !ok || len(groups) != 2 {
		return Point{}, fail(CodeUnrecognised)
	}
	var lat, lon *dmsGroup
	for i := range groups {
		g := &groups[i]
		switch g.hemi {
		case 'N', 'S':
			if lat != nil {
				return Point{}, fail(CodeUnrecognised)
			}
			lat = g
		case 'E', 'W':
			if lon != nil {
				return Point{}, fail(CodeUnrecognised)
			}
			lon = g
		}
	}
	a, okA := groups[0].value()
	b, okB := groups[1].value()
	if !okA || !okB {
		return Point{}, fail(CodeUnrecognised)
	}
	switch {
	case lat == nil && lon == nil:
		return p.order(a, b, DMS, false)
	case lat == &groups[1] || lon == &groups[0]:
		return Point{Lat: b, Lon: a, Format: DMS}, nil
	}
	return Point{Lat: a, Lon: b, Format: DMS}, nil
}

// dmsGroup is one coordinate: up to three numbers and a hemisphere.
type dmsGroup struct {
	nums [3]float64
	set  [3]bool
	neg  bool
	hemi byte // N, S, E, W or 0
}

func (g dmsGroup) value() (float64, bool) {
	if !g.set[0] || (g.set[1] && g.nums[1] >= 60) || (g.set[2] && g.nums[2] >= 60) {
		return 0, false
	}
	v := g.nums[0] + g.nums[1]/60 + g.nums[2]/3600
	if g.neg || g.hemi == 'S' || g.hemi == 'W' {
		v = -v
	}
	return v, true
}

func (g dmsGroup) empty() bool { return !g.set[0] && !g.set[1] && !g.set[2] }

var hemispheres = map[string]byte{"N": 'N', "S": 'S', "E": 'E', "W": 'W', "LU": 'N', "LS": 'S', "BT": 'E', "BB": 'W',
	"U": 'N', "T": 'E'}

// dmsGroups splits the text into coordinates. A hemisphere after numbers
// closes their group; before numbers it opens one; a degree mark on a
// group that has degrees opens the next.
func dmsGroups(s string) ([]dmsGroup, bool) {
	toks, ok := lexDMS(s)
	if !ok {
		return nil, false
	}
	var out []dmsGroup
	cur := dmsGroup{}
	closeCur := func() {
		if !cur.empty() || cur.hemi != 0 {
			out = append(out, cur)
		}
		cur = dmsGroup{}
	}
	for _, t := range toks {
		switch {
		case t.hemi != 0:
			if !cur.empty() && cur.hemi == 0 {
				cur.hemi = t.hemi
				closeCur()
			} else {
				closeCur()
				cur.hemi = t.hemi
			}
		case t.neg:
			closeCur()
			cur.neg = true
		default:
			slot := t.unit
			if slot < 0 {
				slot = 0
				for slot < 3 && cur.set[slot] {
					slot++
				}
			} else if cur.set[slot] || (slot == 0 && !cur.empty()) {
				closeCur()
			}
			if slot == 3 {
				closeCur()
				slot = 0
			}
			cur.nums[slot], cur.set[slot] = t.num, true
		}
	}
	closeCur()
	for _, g := range out {
		if g.empty() {
			return nil, false
		}
	}
	return out, true
}

type dmsToken struct {
	num  float64
	unit int // 0 degrees, 1 minutes, 2 seconds, -1 none
	hemi byte
	neg  bool
}

// lexDMS turns the text into numbers (with their unit mark), hemispheres
// and minus signs; any other word makes it unreadable.
func lexDMS(s string) ([]dmsToken, bool) {
	s = strings.NewReplacer("''", "″", "’’", "″", ",", " ", ";", " ").Replace(s)
	rs := []rune(strings.ToUpper(s))
	var out []dmsToken
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '-' || r == '−':
			out = append(out, dmsToken{neg: true, unit: -1})
			i++
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.') {
				j++
			}
			f, err := strconv.ParseFloat(string(rs[i:j]), 64)
			if err != nil {
				return nil, false
			}
			t := dmsToken{num: f, unit: -1}
			for j < len(rs) && rs[j] == ' ' {
				j++
			}
			if j < len(rs) {
				if u, ok := unitMark(rs[j]); ok {
					t.unit = u
					j++
				}
			}
			out = append(out, t)
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			h, ok := hemispheres[string(rs[i:j])]
			if !ok {
				return nil, false
			}
			out = append(out, dmsToken{hemi: h, unit: -1})
			i = j
		default:
			return nil, false
		}
	}
	return out, len(out) > 0
}

func unitMark(r rune) (int, bool) {
	switch r {
	case '°', 'º', '˚':
		return 0, true
	case '\'', '′', '’', '‘':
		return 1, true
	case '"', '″', '”', '“':
		return 2, true
	}
	return 0, false
}
