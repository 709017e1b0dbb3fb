package agencies

import (
	"strings"
	"testing"
)

// A kelurahan chosen from a list is sent as its centre: the SMS must say
// the location is approximate and carry no precise-looking link.
func TestComposeSaysWhenTheLocationIsApproximate(t *testing.T) {
	cases := []struct {
		precision, near string
		lang            Lang
		want            string
		link            bool
	}{
		{"", "", Indonesian, "", true},
		{"point", "", Indonesian, "", true},
		{"kelurahan_centre", "", Indonesian, "Lokasi perkiraan: pusat Kel. Bandar Sono", false},
		{"kelurahan_centre", "", English, "Approx. location: centre of Kel. Bandar Sono", false},
		{"street", "Jl. Sudirman", Indonesian, "Lokasi perkiraan: sepanjang Jl. Sudirman", false},
		{"landmark", "Masjid Raya Nur Addin", Indonesian, "Lokasi perkiraan: dekat Masjid Raya Nur Addin", true},
		{"landmark", "Masjid Raya Nur Addin", English, "Approx. location: near Masjid Raya Nur Addin", true},
	}
	for _, c := range cases {
		t.Run(c.precision+"/"+string(c.lang), func(t *testing.T) {
			n := realisticNotice()
			n.Precision, n.Near = c.precision, c.near
			msg := ComposeAssignment(n, c.lang)
			if c.want != "" && !strings.Contains(msg, c.want) {
				t.Errorf("SMS lacks %q:\n%s", c.want, msg)
			}
			if c.want == "" && strings.Contains(msg, "perkiraan") {
				t.Errorf("an exact point is called approximate:\n%s", msg)
			}
			if got := strings.Contains(msg, "maps.google.com"); got != c.link {
				t.Errorf("map link present = %v, want %v:\n%s", got, c.link, msg)
			}
			if Segments(msg) > composeMaxSegments {
				t.Errorf("%d segments, want at most %d:\n%s", Segments(msg), composeMaxSegments, msg)
			}
		})
	}
}
