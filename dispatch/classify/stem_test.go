package classify

import (
	"slices"
	"testing"
)

func TestStemCandidates(t *testing.T) {
	tests := []struct{ word, root string }{
		{"terbakar", "bakar"},
		{"kebakaran", "bakar"},
		{"dibakar", "bakar"},
		{"membakar", "bakar"},
		{"kebanjiran", "banjir"},
		{"menabrak", "tabrak"},
		{"nabrak", "tabrak"},
		{"ketabrak", "tabrak"},
		{"bertabrakan", "tabrak"},
		{"apinya", "api"},
		{"terendam", "rendam"},
		{"menyengat", "sengat"},
		{"nyangkut", "sangkut"},
		{"berdarah", "darah"},
		{"pendarahan", "darah"},
		{"melahirkan", "lahir"},
		{"lahiran", "lahir"},
		{"dievakuasi", "evakuasi"},
		{"keracunan", "racun"},
		{"menelan", "telan"},
		{"nelan", "telan"},
		{"ngetes", "tes"},
		{"beterbangan", "terbang"},
		{"menerbangkan", "terbang"},
		{"memukul", "pukul"},
		{"sadarkan", "sadar"},
		{"tolonglah", "tolong"},
		{"diperbaiki", "baik"},
	}
	var st stemmer
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			var got []string
			for _, c := range st.candidates([]byte(tt.word)) {
				got = append(got, string(c))
			}
			if !slices.Contains(got, tt.root) {
				t.Errorf("candidates(%q) = %q, missing %q", tt.word, got, tt.root)
			}
		})
	}
}

func TestStemCandidatesBounds(t *testing.T) {
	var st stemmer
	for _, w := range []string{"", "api", "kaki", "ku"} {
		for _, c := range st.candidates([]byte(w)) {
			if len(c) < minRoot {
				t.Errorf("candidates(%q) yields %q, shorter than %d", w, c, minRoot)
			}
		}
	}
}

// TestAffixesReachKeywords checks, on the city's taxonomy, that inflected
// forms reach the keyword's root and that protected words stay themselves.
func TestAffixesReachKeywords(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct{ word, root string }{
		{"terbakar", "bakar"},
		{"kebakaran", "bakar"},
		{"dibakar", "bakar"},
		{"kebakarannya", "bakar"},
		{"kebanjiran", "banjir"},
		{"ditabrak", "tabrak"},
		{"bertabrakan", "tabrak"},
		{"terjepit", "jepit"},
		{"kejepit", "jepit"},
		{"dievakuasi", "evakuasi"},
		{"bernafas", "napas"},
		{"meninggal", "meninggal"}, // kept: not "tinggal"
		{"tertinggal", "tertinggal"},
		{"dahan", "dahan"}, // not "dah" (sudah)
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got, fz := resolveWord(tx, tt.word); got != tt.root || fz {
				t.Errorf("%q resolves to %q (fuzzy %v), want %q", tt.word, got, fz, tt.root)
			}
		})
	}
}
