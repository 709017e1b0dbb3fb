package hotline

import (
	"testing"
	"time"
)

// The conversion table's edges (PermenPANRB 14/2017): 25.00–64.99 D,
// 65.00–76.60 C, 76.61–88.30 B, 88.31–100 A; a value between two printed
// edges is rounded to two decimals first.
func TestIKMGradeEdges(t *testing.T) {
	for _, tt := range []struct {
		index float64
		grade string
	}{{100, "A"}, {88.31, "A"}, {88.305, "A"}, {88.30, "B"}, {88.3049, "B"}, {76.61, "B"}, {76.60, "C"}, {76.605, "B"},
		{65.00, "C"}, {64.995, "C"}, {64.99, "D"}, {25, "D"}} {
		if g := ikmGrade(tt.index); g != tt.grade {
			t.Errorf("ikmGrade(%v) = %s, want %s", tt.index, g, tt.grade)
		}
	}
}

func TestComplaintDeadlineEdges(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, tt := range []struct {
		name  string
		c     Complaint
		now   time.Time
		state string
		left  int
	}{
		{"new", Complaint{At: at, Status: ComplaintOpen}, at, dueOpen, 14},
		{"day 9", Complaint{At: at, Status: ComplaintOpen}, at.Add(10*day - time.Second), dueOpen, 5},
		{"day 10", Complaint{At: at, Status: ComplaintOpen}, at.Add(10 * day), dueSoon, 4},
		{"11 days old", Complaint{At: at, Status: ComplaintOpen}, at.Add(11 * day), dueSoon, 3},
		{"exactly 14 days", Complaint{At: at, Status: ComplaintOpen}, at.Add(14 * day), dueSoon, 0},
		{"a second past 14 days", Complaint{At: at, Status: ComplaintOpen}, at.Add(14*day + time.Second), dueOverdue, 0},
		{"15 days old", Complaint{At: at, Status: ComplaintOpen}, at.Add(15 * day), dueOverdue, -1},
		{"answered on day 14", Complaint{At: at, Status: ComplaintAnswered, AnsweredAt: at.Add(14 * day)}, at.Add(30 * day), dueAnswered, -16},
		{"answered on day 15", Complaint{At: at, Status: ComplaintAnswered, AnsweredAt: at.Add(15 * day)}, at.Add(30 * day), dueAnsweredLate, -16},
	} {
		if d := dueOf(tt.c, tt.now); d.State != tt.state || d.DaysLeft != tt.left {
			t.Errorf("%s: %s, %d days left; want %s, %d", tt.name, d.State, d.DaysLeft, tt.state, tt.left)
		}
	}
}

func TestReceiptNumbers(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		s := ReceiptSuffix()
		if len(s) != 8 || seen[s] {
			t.Fatalf("suffix %q (repeat: %v)", s, seen[s])
		}
		seen[s] = true
	}
	for in, want := range map[string]bool{"ADU-20261206-0007-7KQ4M2XD": true, " adu-20261206-0007-7kq4m2xd ": true,
		"ADU-20261206-0007": false, "ADU-20261206-0007-7KQ4M2X": false, "../etc/passwd": false} {
		if _, ok := normalizeReceipt(in); ok != want {
			t.Errorf("normalizeReceipt(%q) ok = %v", in, ok)
		}
	}
}
