package classify

import "testing"

func TestFuzzyBoundaries(t *testing.T) {
	tx := miniTaxonomy(t)
	tests := []struct {
		name, in, want string
	}{
		{"exact", "darah", "darah"},
		{"5 letters, one extra letter", "darahh", "darah"},
		{"5 letters, adjacent-key substitution", "dsrah", "darah"},
		{"5 letters, far-key substitution", "dmrah", ""},
		{"5 letters, two edits", "dsrahh", ""},
		{"first letter differs", "sarah", ""},
		{"ordinary word listed as common", "parah", "parah"},
		{"4 letters, a letter of a 5-letter keyword missing", "darh", "darah"},
		{"4 letters, SMS without the vowel", "kjng", "kejang"}, // too far for edit distance; the SMS skeleton (sms.go) reads it
		{"4 letters, substitution never corrected", "dsra", ""},
		{"4-letter keyword never fuzzy", "lukq", ""},
		{"3 letters never fuzzy", "drh", "darah"}, // not by edit distance: the SMS skeleton
		{"transposition", "kejnag", "kejang"},
		{"deletion", "kjang", "kejang"},
		{"9+ letters, two edits", "kclakaan", "kecelakaan"},
		{"9+ letters, one edit", "kebakran", "bakar"},
		{"9+ letters, three edits", "kclkaan", "kecelakaan"}, // vowels dropped: the SMS skeleton
		{"vowel substitution", "kejung", "kejang"},
		{"neighbouring key", "kecelakaam", "kecelakaan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := resolveWord(tx, tt.in)
			if got != tt.want {
				t.Errorf("%q resolves to %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
