package classify

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// call is one labelled description of a jsonl fixture.
type call struct {
	Text     string              `json:"text"`
	Lead     agencies.AgencyID   `json:"lead"`
	Agencies []agencies.AgencyID `json:"agencies"`
}

func readCalls(t testing.TB, name string) []call {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []call
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var c call
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", name, line, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAgencies compares agency sets; the lead is checked separately.
func sameAgencies(a, b []agencies.AgencyID) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// accuracy classifies every call of a fixture, logs each result and returns
// the lead-agency and exact-agency-set accuracies.
func accuracy(t *testing.T, tx *Taxonomy, name string) (lead, exact float64) {
	calls := readCalls(t, name)
	var okLead, okSet int
	for i, c := range calls {
		r := tx.Classify(c.Text)
		l, s := r.Lead == c.Lead, sameAgencies(r.Agencies, c.Agencies)
		if l {
			okLead++
		}
		if s {
			okSet++
		}
		mark := "ok  "
		switch {
		case !l:
			mark = "LEAD"
		case !s:
			mark = "SET "
		}
		t.Logf("%s %s:%d %-18s %-24v want %-6s %-24v conf %.2f | %s",
			mark, name, i+1, r.Category, r.Agencies, c.Lead, c.Agencies, r.Confidence, c.Text)
	}
	n := float64(len(calls))
	lead, exact = float64(okLead)/n, float64(okSet)/n
	t.Logf("%s: %d calls, lead-agency accuracy %.1f%%, exact agency set %.1f%%", name, len(calls), 100*lead, 100*exact)
	return lead, exact
}

func TestAccuracy(t *testing.T) {
	tx := testTaxonomy(t)
	for _, name := range []string{"calls.jsonl", "heldout.jsonl", "heldout2.jsonl"} {
		t.Run(name, func(t *testing.T) {
			lead, _ := accuracy(t, tx, name)
			if lead < 0.9 {
				t.Errorf("lead-agency accuracy %.1f%% < 90%%", 100*lead)
			}
		})
	}
}
