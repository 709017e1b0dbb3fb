package agencies_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
)

func TestSuspectedHoaxIsOneShortLineAndStillAsksToRespond(t *testing.T) {
	n := agencies.Notice{Code: "TT-0427", Category: "Kebakaran", Priority: agencies.P1, Village: "Bandar Sono",
		Address: "Jl. Gunung Leuser gg. Mawar no. 5, dekat masjid", Lat: 3.319242, Lon: 99.155676,
		CallerPhone: "+6281234567890", AckBy: time.Date(2026, 11, 22, 7, 31, 0, 0, time.UTC), Location: wib, Suspected: true}
	for lang, want := range map[agencies.Lang]string{agencies.Indonesian: "CEK: dugaan palsu, tetap datang", agencies.English: "CHECK: suspected hoax, still respond"} {
		body := agencies.ComposeAssignment(n, lang)
		if !strings.Contains(body, want) || agencies.Segments(body) > 2 || !strings.Contains(body, "TERIMA TT-0427") {
			t.Errorf("%s: %q (%d segments)", lang, body, agencies.Segments(body))
		}
	}
	n.Suspected = false
	if strings.Contains(agencies.ComposeAssignment(n, agencies.Indonesian), "CEK") {
		t.Error("an ordinary assignment carries no doubt")
	}
}

func TestSupervisorAlert(t *testing.T) {
	due := time.Date(2026, 11, 22, 7, 31, 0, 0, time.UTC)
	tests := []struct {
		a    agencies.Alert
		lang agencies.Lang
		want []string
	}{
		{agencies.Alert{Code: "TT-0427", Agency: "DAMKAR", Station: "Pos Damkar Padang Hulu", Category: "Kebakaran", Milestone: "acknowledge", Deadline: due, Location: wib},
			agencies.Indonesian, []string{"PERINGATAN TT-0427 DAMKAR", "belum TERIMA", "14:31 WIB", "Pos Damkar Padang Hulu"}},
		{agencies.Alert{Code: "TT-0427", Agency: "DINKES", Milestone: "arrive", Deadline: due, Location: wib},
			agencies.English, []string{"ALERT TT-0427 DINKES", "not on scene", "14:31 WIB"}},
		{agencies.Alert{Code: "TT-0427", Agency: "BPBD", Station: "Pusdalops"}, agencies.Indonesian, []string{"tidak ada petugas yang bisa dihubungi"}},
	}
	for _, tt := range tests {
		body := agencies.ComposeAlert(tt.a, tt.lang)
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("alert %q lacks %q", body, w)
			}
		}
		if agencies.Segments(body) > 1 {
			t.Errorf("an alert should fit one SMS: %q", body)
		}
	}
}
