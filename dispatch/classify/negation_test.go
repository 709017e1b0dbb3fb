package classify

import (
	"slices"
	"testing"
)

// hasSignal reports whether r shows signal sig among its reasons.
func hasSignal(r Result, sig string) bool {
	return slices.ContainsFunc(r.Reasons, func(x Reason) bool { return x.Signal == sig })
}

func TestNegation(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		name, text string
		korban     bool
	}{
		{"tidak ada korban", "Tabrakan dua mobil, tidak ada korban", false},
		{"tanpa korban", "tabrakan mobil tanpa korban", false},
		{"belum ada yang luka", "tabrakan kereta, belum ada yang luka", false},
		{"informal negation", "tabrakan, gak ada yg luka", false},
		{"negation after", "tabrakan dua mobil, korbannya tidak ada", false},
		{"negation after with vocative", "tabrakan, korban tidak ada pak", false},
		{"nihil", "tabrakan dua mobil, korban nihil", false},
		{"scope ends at tapi", "tabrakan, tidak ada korban jiwa tapi dua orang luka", true},
		{"scope ends at comma", "tabrakan tidak parah, pengendara berdarah", true},
		{"negation too far", "tabrakan, tidak tahu kenapa pengendara berdarah", true},
		{"plain casualty", "tabrakan, pengendaranya berdarah", true},
		{"tidak sadarkan diri is a keyword", "tabrakan, pengendara tidak sadarkan diri", true},
		{"tidak bernapas is a keyword", "tabrakan, pengendara tidak bernapas", true},
		{"negation inside a keyword negates nothing after", "tabrakan, dia tidak sadar luka di kepala", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tx.Classify(tt.text)
			if got := hasSignal(r, "korban"); got != tt.korban {
				t.Errorf("%q: korban signal %v, want %v (result %+v)", tt.text, got, tt.korban, r)
			}
		})
	}
}

func TestNegationPhrasesStillMatch(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		text string
		want CategoryID
	}{
		{"Bapak saya tidak sadarkan diri", "tidak_sadar"},
		{"kakek tidak bernapas", "tidak_sadar"},
		{"Cincin di jari tidak bisa lepas", "penyelamatan"},
		{"anak saya gak bisa napas", "sesak_napas"},
		{"palang perlintasan tidak turun", "perlintasan"},
		{"anak saya tidak mau berhenti kejang", "kejang"},
		{"bukan kebakaran, cuma bakar sampah", "non_darurat"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if r := tx.Classify(tt.text); r.Category != tt.want {
				t.Errorf("Classify(%q) = %q, want %q (reasons %+v)", tt.text, r.Category, tt.want, r.Reasons)
			}
		})
	}
}
