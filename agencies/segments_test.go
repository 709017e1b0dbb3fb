package agencies

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		body string
		want int
	}{
		{"empty", "", 0},
		{"one char", "a", 1},
		{"160 GSM fits one", a(160), 1},
		{"161 GSM needs two", a(161), 2},
		{"306 GSM fits two", a(306), 2},
		{"307 GSM needs three", a(307), 3},
		{"GSM accented letters are basic", strings.Repeat("é", 160), 1},
		{"extension chars count double", "€[]{}", 1},
		{"158 plus euro is 160", a(158) + "€", 1},
		{"159 plus euro is 161", a(159) + "€", 2},
		{"80 brackets are 160 septets", strings.Repeat("[", 80), 1},
		{"81 braces are 162 septets", strings.Repeat("}", 81), 2},
		{"escape not split across parts", a(152) + "€" + a(152), 3},
		{"escape fitting a part exactly", a(151) + "€" + a(153), 2},
		{"newline is basic", a(159) + "\n", 1},
		{"70 UCS-2 fits one", strings.Repeat("ā", 70), 1},
		{"71 UCS-2 needs two", strings.Repeat("ā", 71), 2},
		{"134 UCS-2 fits two", strings.Repeat("ā", 134), 2},
		{"135 UCS-2 needs three", strings.Repeat("ā", 135), 3},
		{"one non-GSM char forces UCS-2", a(69) + "’", 1},
		{"curly quote in long text", a(70) + "’", 2},
		{"emoji are two UTF-16 units", strings.Repeat("🚒", 35), 1},
		{"36 emoji need two parts", strings.Repeat("🚒", 36), 2},
		{"surrogate pair not split", a(66) + "🚒" + a(66), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Segments(tt.body); got != tt.want {
				t.Errorf("Segments(%d runes) = %d, want %d", len([]rune(tt.body)), got, tt.want)
			}
		})
	}
}

func TestGSMSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII kept", "Jl. Sudirman No. 12", "Jl. Sudirman No. 12"},
		{"curly quotes", "“Gg. Mawar” ‘A’", "\"Gg. Mawar\" 'A'"},
		{"accents stripped", "Café Ñusantara Ōtomo Łódź", "Cafe Nusantara Otomo Lodz"},
		{"ligatures expanded", "Straße Æ", "Strasse AE"},
		{"dashes and ellipsis", "Blok A–C — dst…", "Blok A-C - dst.."},
		{"extension chars replaced", "[RT 01]{x}|a\\b~^", "(RT 01)(x)/a/b-"},
		{"emoji dropped", "Rumah 🏠 hijau 🔥", "Rumah  hijau "},
		{"nbsp and tab become spaces", "a\u00a0b\tc", "a b c"},
		{"non-Latin dropped", "Jl. 中文 Merdeka", "Jl.  Merdeka"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gsmSafe(tt.in)
			if got != tt.want {
				t.Errorf("gsmSafe(%q) = %q, want %q", tt.in, got, tt.want)
			}
			assertPlainGSM(t, got)
		})
	}
}

// assertPlainGSM fails unless s uses only single-septet GSM-7 characters.
func assertPlainGSM(t *testing.T, s string) {
	t.Helper()
	w, ok := gsmWeights(s)
	if !ok {
		t.Fatalf("%q needs UCS-2", s)
	}
	for i, n := range w {
		if n != 1 {
			t.Fatalf("%q: rune %d is a GSM-7 extension character", s, i)
		}
	}
}
