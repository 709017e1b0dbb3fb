package classify

import "testing"

// SMS spelling drops vowels; the skeleton match reads the word when one
// keyword fits, and does not guess otherwise.
func TestSMSSkeleton(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct{ in, want string }{
		{"tbrkn", "tabrak"},  // tabrakan
		{"pngsn", "pingsan"}, // pingsan
		{"lngsr", "longsor"}, // longsor
		{"bnjr", "banjir"},   // a keyword wins over banjar, an ordinary word
		{"tnggelam", "tenggelam"},
		{"ulr", "ular"},
		{"xyz", ""}, // nothing fits
		{"qwrtp", ""},
	}
	for _, tt := range tests {
		got, _ := resolveWord(tx, tt.in)
		if got != tt.want {
			t.Errorf("%q resolves to %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSMSCallsClassified(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		text string
		cat  CategoryID
	}{
		{"tbrkn d jln lintas", "kecelakaan_korban"},
		{"ank sy pngsn gk sadar2", "tidak_sadar"},
		{"ulr msk rmh", "hewan"},
	}
	for _, tt := range tests {
		if r := tx.ClassifyLexicon(tt.text); r.Category != tt.cat {
			t.Errorf("%q: category %q, want %q (%+v)", tt.text, r.Category, tt.cat, r.Reasons)
		}
	}
}
