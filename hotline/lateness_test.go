package hotline

import (
	"testing"
	"time"

	"github.com/sigap112/sigap/dispatch/report"
)

// "Terlambat" shows how late a milestone came; never "belum" alone.
func TestLatenessIsShownEvenWhenNotReached(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	deadline := now.Add(-12*time.Minute - 30*time.Second)
	cases := []struct {
		b    report.Breach
		lang Lang
		want string
	}{
		{report.Breach{Deadline: deadline, Late: 3 * time.Minute}, langID, "3:00"},
		{report.Breach{Deadline: deadline, Late: -1}, langID, "≥ 12:30 · belum tercapai"},
		{report.Breach{Deadline: deadline, Late: -1, Until: deadline.Add(20 * time.Minute)}, langID, "≥ 20:00 · tidak tercapai"},
		{report.Breach{Deadline: deadline, Late: -1}, langEN, "≥ 12:30 · not reached yet"},
	}
	for _, c := range cases {
		if got := lateness(c.b, now, c.lang); got != c.want {
			t.Errorf("lateness(%+v) = %q, want %q", c.b, got, c.want)
		}
	}
}
