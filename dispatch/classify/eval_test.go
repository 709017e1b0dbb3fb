package classify

import (
	"strings"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// TestEvalNeverShowsAMissAsTheTarget: 194 of 198 victim calls is 97.98 %,
// which one decimal would print as "98.0 %: NOT met"; a reader must see
// why it is missed. A figure that meets its target keeps one decimal.
func TestEvalNeverShowsAMissAsTheTarget(t *testing.T) {
	m := Metrics{N: 526, LeadOK: 506, Emergencies: 343, Victims: 198, DinkesOK: 194,
		NonEmergencies: 183, NonEmergSent: 2, PerAgency: map[agencies.AgencyID]*AgencyCount{}}
	var b strings.Builder
	m.Print(&b)
	out := b.String()
	for _, want := range []string{"97.98 %  (194/198)  target >= 98 %: NOT met", "96.2 %  (506/526)", "1.1 %  (2/183)"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	m.DinkesOK, m.Victims = 98, 100 // exactly 98 %: met, one decimal
	b.Reset()
	m.Print(&b)
	if !strings.Contains(b.String(), " 98.0 %  (98/100)  target >= 98 %: met") {
		t.Errorf("a met target at 98.0 %% should keep one decimal:\n%s", b.String())
	}
	m.NonEmergSent, m.NonEmergencies = 7, 230 // 3.04 %: NOT met
	b.Reset()
	m.Print(&b)
	if !strings.Contains(b.String(), "3.04 %  (7/230)  target <= 3 %: NOT met") {
		t.Errorf("a missed 3 %% target should show two decimals:\n%s", b.String())
	}
}
