package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// FuzzClassify checks that any text classifies without panicking into a
// well-formed result.
func FuzzClassify(f *testing.F) {
	for _, c := range readCalls(f, "calls.jsonl") {
		f.Add(c.Text)
	}
	for _, s := range []string{"", "-", "a-", "-a-b-c-d-e-f", "2222", "kejang2-2", "tidak", "tidak ada",
		"korban tidak ada", "haha-haha", "\xff\xfe", "ÉÉÉ tolooong!!!", strings.Repeat("kebakaran ", 200)} {
		f.Add(s)
	}
	tx := testTaxonomy(f)
	f.Fuzz(func(t *testing.T, text string) {
		r := tx.Classify(text)
		checkResult(t, tx, text, r)
		for _, c := range tx.cats[:3] {
			o, err := tx.ClassifyAs(text, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, tx, text, o)
		}
	})
}

func checkResult(t *testing.T, tx *Taxonomy, text string, r Result) {
	t.Helper()
	if r.Confidence < 0 || r.Confidence > 1 {
		t.Fatalf("confidence %v", r.Confidence)
	}
	if r.Category == "" {
		if r.Lead != "" || len(r.Agencies) != 0 || r.Confidence != 0 || r.Emergency {
			t.Fatalf("no category but %+v", r)
		}
		return
	}
	c, ok := tx.Category(r.Category)
	if !ok {
		t.Fatalf("unknown category %q", r.Category)
	}
	if !r.Priority.Valid() || r.Lead != c.Lead || r.Emergency != c.Emergency {
		t.Fatalf("result %+v disagrees with category %+v", r, c)
	}
	if c.Emergency != (len(r.Agencies) > 0) || len(r.Agencies) > 0 && r.Agencies[0] != r.Lead {
		t.Fatalf("agencies %v, lead %q", r.Agencies, r.Lead)
	}
	seen := map[agencies.AgencyID]bool{}
	for _, a := range r.Agencies {
		if !slices.Contains(fourAgencies, a) || seen[a] {
			t.Fatalf("agencies %v: unknown or repeated %q", r.Agencies, a)
		}
		seen[a] = true
	}
	for _, x := range r.Reasons {
		if x.Word == "" || !strings.Contains(text, x.Word) || x.Means == "" {
			t.Fatalf("reason %+v does not quote %q", x, text)
		}
		if (x.Category == "") == (x.Signal == "") {
			t.Fatalf("reason %+v: want a category or a signal", x)
		}
	}
	if slices.ContainsFunc(r.Reasons, func(x Reason) bool { return x.Weight < 0 }) {
		t.Fatalf("negative weight in %+v", r.Reasons)
	}
}
