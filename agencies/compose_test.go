package agencies

import (
	"math"
	"strings"
	"testing"
	"time"
)

var composeWIB = time.FixedZone("WIB", 7*3600)

// realisticNotice is a fire in Bandar Sono reported from a mobile phone.
func realisticNotice() Notice {
	return Notice{
		Code:        "TT-0427",
		Category:    "Kebakaran",
		Priority:    P1,
		Village:     "Bandar Sono",
		Address:     "Jl. Sudirman No. 12, dekat Masjid Raya",
		Lat:         3.328517,
		Lon:         99.162514,
		CallerPhone: "+6281234567890",
		AckBy:       time.Date(2025, 3, 1, 14, 32, 0, 0, composeWIB),
		Location:    composeWIB,
	}
}

func TestComposeAssignmentRealistic(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		want string
	}{
		{"indonesian", Indonesian, "112 TT-0427 P1 GAWAT\nKEBAKARAN\n" +
			"Kel. Bandar Sono, Jl. Sudirman No. 12, dekat Masjid Raya\n" +
			"maps.google.com/?q=3.32852,99.16251\nPelapor: 081234567890\n" +
			"Balas: TERIMA TT-0427 sebelum 14:32 WIB"},
		{"english", English, "112 TT-0427 P1 CRITICAL\nKEBAKARAN\n" +
			"Kel. Bandar Sono, Jl. Sudirman No. 12, dekat Masjid Raya\n" +
			"maps.google.com/?q=3.32852,99.16251\nCaller: 081234567890\n" +
			"Reply: TERIMA TT-0427 by 14:32 WIB"},
		{"unknown language falls back to indonesian", Lang("fr"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == "" {
				want = ComposeAssignment(realisticNotice(), Indonesian)
			}
			got := ComposeAssignment(realisticNotice(), tt.lang)
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			assertComposed(t, got, 2)
		})
	}
}

func TestComposeAssignmentVariants(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*Notice)
		contains []string
		absent   []string
	}{
		{"support role", func(n *Notice) { n.Support = true },
			[]string{"KEBAKARAN (BANTUAN)"}, nil},
		{"priority labels", func(n *Notice) { n.Priority = P3 }, []string{"P3 BIASA"}, []string{"GAWAT"}},
		{"village prefix not doubled", func(n *Notice) { n.Village = "Kelurahan Bandar Sono" },
			[]string{"\nKel. Bandar Sono, "}, []string{"Kel. Kel", "Kelurahan"}},
		{"unknown location has no link", func(n *Notice) { n.Lat, n.Lon = 0, 0 }, nil, []string{"maps."}},
		{"NaN location has no link", func(n *Notice) { n.Lat = math.NaN() }, nil, []string{"maps."}},
		{"negative coordinates", func(n *Notice) { n.Lat, n.Lon = -6.2, 106.816666 },
			[]string{"maps.google.com/?q=-6.20000,106.81667"}, nil},
		{"no caller", func(n *Notice) { n.CallerPhone = "" }, nil, []string{"Pelapor"}},
		{"foreign caller stays international", func(n *Notice) { n.CallerPhone = "+60123456789" },
			[]string{"Pelapor: +60123456789"}, nil},
		{"caller written locally", func(n *Notice) { n.CallerPhone = "0812-3456-7890" },
			[]string{"Pelapor: 081234567890"}, nil},
		{"no deadline", func(n *Notice) { n.AckBy = time.Time{} },
			[]string{"Balas: TERIMA TT-0427"}, []string{"sebelum"}},
		{"deadline given in UTC shown in WIB", func(n *Notice) {
			n.AckBy, n.Location = time.Date(2025, 3, 1, 23, 5, 0, 0, time.UTC), nil
		}, []string{"sebelum 06:05 WIB"}, nil},
		{"central Indonesia zone", func(n *Notice) { n.Location = time.FixedZone("", 8*3600) },
			[]string{"sebelum 15:32 WITA"}, nil},
		{"no village", func(n *Notice) { n.Village = "" },
			[]string{"\nJl. Sudirman No. 12, dekat Masjid Raya\n"}, []string{"Kel."}},
		{"code upper-cased", func(n *Notice) { n.Code = "tt-0427" }, []string{"TERIMA TT-0427"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := realisticNotice()
			tt.edit(&n)
			got := ComposeAssignment(n, Indonesian)
			for _, s := range tt.contains {
				if !strings.Contains(got, s) {
					t.Errorf("missing %q in\n%s", s, got)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(got, s) {
					t.Errorf("unexpected %q in\n%s", s, got)
				}
			}
			assertComposed(t, got, 2)
		})
	}
}

func TestComposeAssignmentShortening(t *testing.T) {
	long := strings.Repeat("Jalan Lintas Sumatera Km 7 ", 20)
	tests := []struct {
		name     string
		edit     func(*Notice)
		contains []string
		absent   []string
	}{
		{"overlong address truncated", func(n *Notice) { n.Address = long },
			[]string{"Kel. Bandar Sono, Jalan Lintas Sumatera", "..\nmaps.", "TERIMA TT-0427 sebelum"}, nil},
		{"every field overlong", func(n *Notice) {
			n.Code, n.Category, n.Village = strings.Repeat("TT-", 20), long, long
			n.Address, n.CallerPhone, n.Support = long, strings.Repeat("9", 40), true
		}, []string{"(BANTUAN)", "sebelum 14:32 WIB"}, nil},
		{"non-GSM address", func(n *Notice) {
			n.Address = "“Gg. Mawar” No. 5 🔥🔥 depan Café Ñusantara — RT 01 [RW 02] €"
			n.Category = "Kebakaran 🚒"
		}, []string{`"Gg. Mawar" No. 5 depan Cafe Nusantara - RT 01 (RW 02) EUR`, "\nKEBAKARAN\n"}, nil},
		{"newlines in address flattened", func(n *Notice) { n.Address = "Jl. Sudirman\nNo. 12\r\n" },
			[]string{"Kel. Bandar Sono, Jl. Sudirman No. 12\nmaps."}, nil},
		{"unbroken address cut", func(n *Notice) { n.Address = strings.Repeat("x", 400) },
			[]string{"Sono, xxxxxxxxxx", "xxxxxxxxxx..\nmaps."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := realisticNotice()
			tt.edit(&n)
			for _, lang := range []Lang{Indonesian, English} {
				got := ComposeAssignment(n, lang)
				assertComposed(t, got, 2)
				if lang != Indonesian {
					continue
				}
				for _, s := range tt.contains {
					if !strings.Contains(got, s) {
						t.Errorf("missing %q in\n%s", s, got)
					}
				}
				for _, s := range tt.absent {
					if strings.Contains(got, s) {
						t.Errorf("unexpected %q in\n%s", s, got)
					}
				}
			}
		})
	}
}

// assertComposed checks the invariants of every assignment SMS: plain GSM-7
// only, within maxSeg parts (never more than 3), and the reply instruction
// intact.
func assertComposed(t *testing.T, msg string, maxSeg int) {
	t.Helper()
	assertPlainGSM(t, msg)
	if seg := Segments(msg); seg > maxSeg || seg > 3 {
		t.Errorf("%d segments (%d chars), want <= %d:\n%s", seg, len(msg), maxSeg, msg)
	}
	if !strings.Contains(msg, ": "+AckKeyword+" ") {
		t.Errorf("no reply instruction in\n%s", msg)
	}
}
