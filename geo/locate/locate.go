// Package locate reads a location the way callers and call-takers give it:
// decimal coordinates in either order, degrees-minutes-seconds (with N/S/E/W
// or the Indonesian LU/LS/BT/BB), Google Maps and WhatsApp share links,
// geo: URIs and Plus Codes (full, or short relative to the city). Every
// answer is a point; a text that names no point gets an *Error saying why,
// in Bahasa Indonesia and English.
//
// Nothing here goes to the internet: a short link (maps.app.goo.gl) cannot
// be expanded offline, and the error says so.
package locate

import (
	"math"
	"strings"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/geo"
)

// Format says how a location was written.
type Format string

// Formats the parser reads.
const (
	Decimal  Format = "decimal"
	DMS      Format = "dms"
	MapsLink Format = "maps_link"
	GeoURI   Format = "geo_uri"
	PlusCode Format = "plus_code"
)

// Point is a parsed location.
type Point struct {
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Format Format  `json:"format"`
	// Swapped is set when the text gave longitude first (99.15, 3.32): the
	// parser took the order that lands nearer the city.
	Swapped bool `json:"swapped,omitempty"`
}

// Error codes of a text that names no point.
const (
	CodeEmpty        = "required"
	CodeUnrecognised = "unrecognised"
	CodeShortLink    = "short_link"
	CodeLinkNoPoint  = "link_no_point"
	CodeOutOfRange   = "out_of_range"
	CodePlusCode     = "plus_code"
)

// Error is why a text names no point, with the message for each language.
type Error struct {
	Code      string
	Message   string // Bahasa Indonesia
	MessageEN string
}

func (e *Error) Error() string { return "locate: " + e.MessageEN }

// Messages lists every error code with its messages {Indonesian, English},
// so that an API can localise field errors in one table.
var Messages = map[string][2]string{
	CodeEmpty: {"Isi lokasi: koordinat, tautan Google Maps/WhatsApp, geo: atau Plus Code.",
		"Give a location: coordinates, a Google Maps/WhatsApp link, a geo: URI or a Plus Code."},
	CodeUnrecognised: {"Lokasi tidak dikenali. Contoh: 3.3285, 99.1625 · 3°19'43\"LU 99°09'45\"BT · https://maps.google.com/?q=3.32,99.16 · 8V9P+2C",
		"Location not recognised. Examples: 3.3285, 99.1625 · 3°19'43\"N 99°09'45\"E · https://maps.google.com/?q=3.32,99.16 · 8V9P+2C"},
	CodeShortLink: {"Tautan pendek (goo.gl) tidak bisa dibuka tanpa internet. Minta pelapor membagikan lokasi lagi, atau buka tautan di ponsel lalu salin koordinatnya.",
		"A short link (goo.gl) cannot be opened offline. Ask the caller to share the location again, or open the link on a phone and copy its coordinates."},
	CodeLinkNoPoint: {"Tautan ini tidak memuat koordinat (hanya nama tempat). Cari nama tempatnya, atau minta koordinat.",
		"This link holds no coordinates (only a place name). Search the place name, or ask for coordinates."},
	CodeOutOfRange: {"Koordinat di luar jangkauan (lintang -90..90, bujur -180..180).",
		"Coordinates out of range (lat -90..90, lon -180..180)."},
	CodePlusCode: {"Plus Code tidak sah.", "Not a valid Plus Code."},
}

func fail(code string) *Error {
	m := Messages[code]
	return &Error{Code: code, Message: m[0], MessageEN: m[1]}
}

// Parser reads locations near one place: the city's centre breaks the tie
// between lat,lon and lon,lat and anchors short Plus Codes.
type Parser struct {
	ref orb.Point // {lon, lat}
}

// NewParser returns a parser for a city whose centre is ref ({lon, lat}).
func NewParser(ref orb.Point) *Parser { return &Parser{ref: ref} }

// Parse reads one location. The error is an *Error.
func (p *Parser) Parse(text string) (Point, error) {
	s := strings.TrimSpace(text)
	lower := strings.ToLower(s)
	var (
		pt  Point
		err error
	)
	switch {
	case s == "":
		return Point{}, fail(CodeEmpty)
	case isShortLink(lower):
		return Point{}, fail(CodeShortLink)
	case strings.HasPrefix(lower, "geo:"):
		pt, err = p.geoURI(s)
	case looksLikeLink(lower):
		pt, err = p.link(s)
	case plusCodeRe.MatchString(strings.ToUpper(s)):
		pt, err = p.plusCode(s)
	default:
		pt, err = p.coordinates(s)
	}
	if err != nil {
		return Point{}, err
	}
	if geo.ValidPoint(pt.Lat, pt.Lon) != nil || math.IsNaN(pt.Lat) || math.IsNaN(pt.Lon) {
		return Point{}, fail(CodeOutOfRange)
	}
	if pt.Lat == 0 && pt.Lon == 0 {
		return Point{}, fail(CodeUnrecognised)
	}
	pt.Lat, pt.Lon = round6(pt.Lat), round6(pt.Lon)
	return pt, nil
}

// coordinates reads decimal or DMS coordinates.
func (p *Parser) coordinates(s string) (Point, error) {
	if lat, lon, ok := decimalPair(s); ok {
		return p.order(lat, lon, Decimal, false)
	}
	return p.dms(s)
}

// order takes a, b as lat, lon, or as lon, lat when only that is valid or
// that lands nearer the city. fixed: the format says lat comes first.
func (p *Parser) order(a, b float64, f Format, fixed bool) (Point, error) {
	straight := Point{Lat: a, Lon: b, Format: f}
	if fixed {
		return straight, nil
	}
	swapped := Point{Lat: b, Lon: a, Format: f, Swapped: true}
	okStraight := geo.ValidPoint(a, b) == nil
	okSwapped := geo.ValidPoint(b, a) == nil
	switch {
	case okStraight && okSwapped:
		if geo.Distance(p.ref, orb.Point{b, a}) <= geo.Distance(p.ref, orb.Point{a, b}) {
			return straight, nil
		}
		return swapped, nil
	case okSwapped:
		return swapped, nil
	case okStraight:
		return straight, nil
	}
	return Point{}, fail(CodeOutOfRange)
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }
