package locate_test

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/geo/locate"
)

// Tebing Tinggi's centre, {lon, lat}.
var tebingTinggi = orb.Point{99.16, 3.33}

func TestParseReadsEveryCommonForm(t *testing.T) {
	p := locate.NewParser(tebingTinggi)
	cases := []struct {
		name     string
		in       string
		lat, lon float64
		format   locate.Format
		swapped  bool
	}{
		{"decimal comma", "3.3285, 99.1625", 3.3285, 99.1625, locate.Decimal, false},
		{"decimal no space", "3.3285,99.1625", 3.3285, 99.1625, locate.Decimal, false},
		{"decimal spaces", "  3.3285   99.1625 ", 3.3285, 99.1625, locate.Decimal, false},
		{"decimal semicolon", "3.3285;99.1625", 3.3285, 99.1625, locate.Decimal, false},
		{"decimal in brackets", "(3.3285, 99.1625)", 3.3285, 99.1625, locate.Decimal, false},
		{"lon first (lat cannot be 99)", "99.1625, 3.3285", 3.3285, 99.1625, locate.Decimal, true},
		{"Indonesian decimal commas", "3,3285 99,1625", 3.3285, 99.1625, locate.Decimal, false},
		{"southern hemisphere", "-6.2001, 106.8166", -6.2001, 106.8166, locate.Decimal, false},
		{"DMS with N/E", `3°19'42.6"N 99°09'45.0"E`, 3.328500, 99.1625, locate.DMS, false},
		{"DMS typographic marks", "3°19′42.6″N, 99°9′45″E", 3.3285, 99.1625, locate.DMS, false},
		{"DMS Indonesian LU/BT", `3° 19' 42.6" LU 99° 9' 45" BT`, 3.3285, 99.1625, locate.DMS, false},
		{"DMS hemisphere first", `N 3°19'42.6" E 99°09'45"`, 3.3285, 99.1625, locate.DMS, false},
		{"DMS lon first", `99°09'45"E 3°19'42.6"N`, 3.3285, 99.1625, locate.DMS, false},
		{"decimal minutes", "N 3°19.71' E 99°9.75'", 3.3285, 99.1625, locate.DMS, false},
		{"decimal degrees with LU/BT", "3.3285 LU 99.1625 BT", 3.3285, 99.1625, locate.DMS, false},
		{"DMS south/west", `6°12'0"S 106°49'0"E`, -6.2, 106.816667, locate.DMS, false},
		{"WhatsApp share", "https://maps.google.com/?q=3.3285,99.1625", 3.3285, 99.1625, locate.MapsLink, false},
		{"WhatsApp share with text", "Lokasi saya: https://maps.google.com/maps?q=3.3285%2C99.1625&z=17&hl=id", 3.3285, 99.1625, locate.MapsLink, false},
		{"q=loc:", "https://www.google.com/maps?q=loc:3.3285,99.1625", 3.3285, 99.1625, locate.MapsLink, false},
		{"place with viewport", "https://www.google.com/maps/place/Masjid+Raya/@3.3285,99.1625,17z", 3.3285, 99.1625, locate.MapsLink, false},
		{"place pin wins over viewport", "https://www.google.com/maps/place/Masjid/@3.3300,99.1600,15z/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2!3d3.3285!4d99.1625!16s", 3.3285, 99.1625, locate.MapsLink, false},
		{"search path", "https://www.google.com/maps/search/3.3285,+99.1625", 3.3285, 99.1625, locate.MapsLink, false},
		{"api=1 query", "https://www.google.com/maps/search/?api=1&query=3.3285,99.1625", 3.3285, 99.1625, locate.MapsLink, false},
		{"google.co.id", "https://www.google.co.id/maps/@3.3285,99.1625,18z", 3.3285, 99.1625, locate.MapsLink, false},
		{"no scheme", "maps.google.com/?q=3.3285,99.1625", 3.3285, 99.1625, locate.MapsLink, false},
		{"OpenStreetMap marker", "https://www.openstreetmap.org/?mlat=3.3285&mlon=99.1625#map=17/3.3285/99.1625", 3.3285, 99.1625, locate.MapsLink, false},
		{"OpenStreetMap view", "https://www.openstreetmap.org/#map=17/3.3285/99.1625", 3.3285, 99.1625, locate.MapsLink, false},
		{"geo URI", "geo:3.3285,99.1625", 3.3285, 99.1625, locate.GeoURI, false},
		{"geo URI with uncertainty", "geo:3.3285,99.1625;u=35", 3.3285, 99.1625, locate.GeoURI, false},
		{"geo URI Android query", "geo:0,0?q=3.3285,99.1625(Rumah%20Pelapor)", 3.3285, 99.1625, locate.GeoURI, false},
		{"full Plus Code", "6MMX85H7+C2", 3.3285, 99.1625, locate.PlusCode, false},
		{"short Plus Code with locality", "85H7+C2 Tebing Tinggi, Sumatera Utara", 3.3285, 99.1625, locate.PlusCode, false},
		{"short Plus Code lower case", "85h7+c2", 3.3285, 99.1625, locate.PlusCode, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := p.Parse(c.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			// 0.0001° ≈ 11 m: a Plus Code's cell centre is within that.
			if math.Abs(got.Lat-c.lat) > 1e-4 || math.Abs(got.Lon-c.lon) > 1e-4 {
				t.Errorf("Parse(%q) = %.6f, %.6f; want %.6f, %.6f", c.in, got.Lat, got.Lon, c.lat, c.lon)
			}
			if got.Format != c.format || got.Swapped != c.swapped {
				t.Errorf("Parse(%q) format %s swapped %v; want %s %v", c.in, got.Format, got.Swapped, c.format, c.swapped)
			}
		})
	}
}

// Both orders are valid coordinates when both numbers are within ±90: the
// parser picks the one that lands nearer the city.
func TestParseOrderCheckedAgainstTheCity(t *testing.T) {
	near := locate.NewParser(orb.Point{3.4, 50.0}) // a city at lat 50, lon 3.4
	got, err := near.Parse("3.3285, 50.1")
	if err != nil || got.Lat != 50.1 || got.Lon != 3.3285 || !got.Swapped {
		t.Fatalf("near a city at 50N 3E: got %+v, %v; want lat 50.1 lon 3.3285 swapped", got, err)
	}
	tt := locate.NewParser(tebingTinggi)
	got, err = tt.Parse("3.3285, 50.1")
	if err != nil || got.Lat != 3.3285 || got.Swapped {
		t.Fatalf("near Tebing Tinggi: got %+v, %v; want lat 3.3285 as typed", got, err)
	}
}

func TestParseSaysWhyNot(t *testing.T) {
	p := locate.NewParser(tebingTinggi)
	cases := []struct{ in, code string }{
		{"", locate.CodeEmpty},
		{"   ", locate.CodeEmpty},
		{"https://maps.app.goo.gl/AbCdEf123", locate.CodeShortLink},
		{"https://goo.gl/maps/xyz", locate.CodeShortLink},
		{"cek https://maps.app.goo.gl/xyz ya", locate.CodeShortLink},
		{"https://www.google.com/maps/place/Masjid+Raya+Tebing+Tinggi", locate.CodeLinkNoPoint},
		{"https://maps.google.com/?q=Masjid+Raya", locate.CodeLinkNoPoint},
		{"geo:0,0?q=Jalan+Sudirman", locate.CodeLinkNoPoint},
		{"Jalan Sudirman dekat masjid", locate.CodeUnrecognised},
		{"3.3285", locate.CodeUnrecognised},
		{"3.3285, 99.1625, 12.5", locate.CodeUnrecognised},
		{"200, 300", locate.CodeOutOfRange},
		{"0, 0", locate.CodeUnrecognised},
		{`3°75'0"N 99°9'0"E`, locate.CodeUnrecognised},
		{"6MMX85H7+C", locate.CodePlusCode},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := p.Parse(c.in)
			var le *locate.Error
			if !errors.As(err, &le) {
				t.Fatalf("Parse(%q) = %v; want a *locate.Error %s", c.in, err, c.code)
			}
			if le.Code != c.code || le.Message == "" || le.MessageEN == "" {
				t.Errorf("Parse(%q): code %q (%q / %q); want %q with both messages", c.in, le.Code, le.Message, le.MessageEN, c.code)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"3.3, 99.1", `3°19'N 99°9'E`, "geo:1,2", "https://maps.google.com/?q=1,2", "85H7+C2"} {
		f.Add(s)
	}
	p := locate.NewParser(tebingTinggi)
	f.Fuzz(func(t *testing.T, s string) {
		pt, err := p.Parse(s)
		if err == nil && (math.Abs(pt.Lat) > 90 || math.Abs(pt.Lon) > 180) {
			t.Fatalf("Parse(%q) = %+v: out of range without an error", s, pt)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	p := locate.NewParser(tebingTinggi)
	in := []string{"3.3285, 99.1625", `3°19'42.6"N 99°09'45.0"E`, "https://www.google.com/maps/place/Masjid/@3.33,99.16,15z/data=!3d3.3285!4d99.1625", "85H7+C2 Tebing Tinggi"}
	for b.Loop() {
		for _, s := range in {
			if _, err := p.Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
