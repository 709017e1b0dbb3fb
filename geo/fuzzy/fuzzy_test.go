package fuzzy_test

import (
	"strings"
	"testing"

	"github.com/sigap112/sigap/geo/fuzzy"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"banjir", "banjir", 2, 0},
		{"banjr", "banjir", 2, 1},        // deletion
		{"kebakaarn", "kebakaran", 2, 1}, // adjacent swap counts once
		{"kbakran", "kebakaran", 2, 2},   // two vowels dropped
		{"terima", "tolak", 2, 3},        // beyond the limit: limit+1
		{"jalan", "jln", 1, 2},           // length gap alone exceeds the limit
		{"sélesai", "selesai", 1, 1},     // runes, not bytes
		{"", "otw", 3, 3},
		{"feedback_sms_aftr", "feedback_sms_after", 2, 1},
	} {
		if got := fuzzy.Distance(c.a, c.b, c.limit, nil); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
		if got := fuzzy.DistanceBytes([]byte(c.a), c.b, c.limit, nil); got != c.want {
			t.Errorf("DistanceBytes(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

func TestKeyboardCostRefusesImplausibleSubstitutions(t *testing.T) {
	// k/l are neighbours, so "tukang" → "tulang" is one plausible typo...
	if d := fuzzy.Distance("tukang", "tulang", 1, fuzzy.Keyboard); d != 1 {
		t.Errorf("tukang/tulang = %d, want 1 (neighbouring keys)", d)
	}
	// ...but j and d are not: "sejak" is not a typo of "sedak".
	if d := fuzzy.Distance("sejak", "sedak", 1, fuzzy.Keyboard); d <= 1 {
		t.Errorf("sejak/sedak = %d, want > 1", d)
	}
	if d := fuzzy.Distance("kebakaran", "kebakarsn", 1, fuzzy.Keyboard); d != 1 { // a/s neighbours
		t.Errorf("kebakarsn = %d, want 1", d)
	}
	if d := fuzzy.Distance("luka", "lupa", 1, fuzzy.Keyboard); d <= 1 {
		t.Errorf("luka/lupa = %d: k and p are far apart", d)
	}
}

func TestLongWordsAndClosest(t *testing.T) {
	long := strings.Repeat("a", 100)
	if d := fuzzy.Distance(long, long+"b", 2, nil); d != 1 {
		t.Errorf("long words: %d, want 1", d)
	}
	got, d := fuzzy.Closest("warnng_at", []string{"warning_at", "deadline", "warn"}, 2)
	if got != "warning_at" || d != 1 {
		t.Errorf("Closest = %q %d, want warning_at 1", got, d)
	}
	if got, _ := fuzzy.Closest("zzz", []string{"warning_at"}, 1); got != "" {
		t.Errorf("Closest found %q for an unrelated word", got)
	}
}

func TestDistanceDoesNotAllocate(t *testing.T) {
	w := []byte("kebakran")
	if n := testing.AllocsPerRun(100, func() { fuzzy.DistanceBytes(w, "kebakaran", 2, fuzzy.Keyboard) }); n != 0 {
		t.Errorf("DistanceBytes allocates %v times", n)
	}
}

func TestKeyboardDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"kejang", "kejang", 1, 0},
		{"kejnag", "kejang", 1, 1},
		{"kejan", "kejang", 1, 1},
		{"kebakran", "kebakaran", 2, 1},
		{"kbkrn", "kebakaran", 2, 3},
		{"sejak", "sedak", 1, 2}, // j and d are far apart on the keyboard
		{"nafas", "napas", 1, 1}, // f for p
		{"kecelakaan", "kecelakaan", 2, 0},
	}
	for _, tt := range tests {
		if got := fuzzy.DistanceBytes([]byte(tt.a), tt.b, tt.max, fuzzy.Keyboard); got != tt.want {
			t.Errorf("DistanceBytes(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}
