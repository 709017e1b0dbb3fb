package classify

import (
	"slices"
	"testing"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"case and punctuation", "Tolong, PAK!!", []string{"tolong", "pak"}},
		{"held-down letters", "tolooong apiii", []string{"tolong", "api"}},
		{"genuine doubles kept", "maaf tunggu", []string{"maaf", "tunggu"}},
		{"hyphenated reduplication", "kejang-kejang", []string{"kejang"}},
		{"reduplication with prefix", "berdarah-darah", []string{"berdarah"}},
		{"reduplication with suffix", "sakit-sakitan", []string{"sakitan"}},
		{"different halves", "kedap-kedip", []string{"kedap", "kedip"}},
		{"sms reduplication", "anak2 kejang2", []string{"anak", "kejang"}},
		{"numbers stay", "lantai 3", []string{"lantai", "3"}},
		{"laughter", "wkwkwk hahaha Hihihi", []string{"haha", "haha", "hehe"}},
		{"not laughter", "hari hati", []string{"hari", "hati"}},
		{"apostrophe", "jum'at", []string{"jumat"}},
		{"lone dash", "api - asap", []string{"api", "asap"}},
		{"unicode", "KÉBAKARAN", []string{"kébakaran"}},
		{"empty", " ,.!? ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitWords(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("splitWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWordScannerBreaks(t *testing.T) {
	text := "tidak ada korban, tapi macet. tolong"
	sc := wordScanner{text: text}
	var got []bool
	for {
		_, _, brk, ok := sc.next()
		if !ok {
			break
		}
		got = append(got, brk)
	}
	want := []bool{false, false, false, true, false, true}
	if !slices.Equal(got, want) {
		t.Errorf("breaks = %v, want %v", got, want)
	}
}

func TestResolveNormalisation(t *testing.T) {
	tx := miniTaxonomy(t)
	tests := []struct{ in, want string }{
		{"KEBAKARAN", "bakar"},
		{"kebakaraaan", "bakar"},
		{"gak", "tidak"},
		{"nafasnya", "napas"},
		{"Kejang-kejang", "kejang"},
		{"kejang2", "kejang"},
		{"tidur", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, _ := resolveWord(tx, tt.in); got != tt.want {
				t.Errorf("%q resolves to %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
