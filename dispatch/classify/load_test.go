package classify

import (
	"os"

	"github.com/sigap112/sigap/agencies"
	"strings"
	"testing"
	"testing/fstest"
)

func miniYAML(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// replaceOnce edits the fixture, failing the test if old is not there.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("fixture lacks %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestParseUnknownAgencyMessage(t *testing.T) {
	data := replaceOnce(t, miniYAML(t), "lead: dinkes\n    priority: 2", "lead: damkr\n    priority: 2")
	_, err := Parse([]byte(data), "taxonomy.yaml", fourAgencies...)
	want := `taxonomy.yaml: categories[3].lead: unknown agency "damkr"`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestParseValidation(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"duplicate category", "id: kecelakaan\n", "id: kebakaran\n", `categories[1].id: duplicate category "kebakaran"`},
		{"bad id", "id: medis", "id: Medis!", `categories[3].id: id "Medis!" must use only`},
		{"empty keyword", "words: [kejang,", `words: ["", kejang,`, `categories[3].keywords[0].words[0]: empty keyword ""`},
		{"punctuation keyword", "words: [kejang,", `words: ["!!", kejang,`, `categories[3].keywords[0].words[0]: empty keyword "!!"`},
		{"duplicate keyword", "words: [kejang,", "words: [kejang, Kejang,", `categories[3].keywords[0].words[1]: duplicate keyword "Kejang" (first at categories[3].keywords[0].words[0])`},
		{"same meaning twice", "words: [kebakaran]", "words: [kebakaran, terbakar]", `categories[0].keywords[0].words[1]: "terbakar" means the same as the keyword at categories[0].keywords[0].words[0] ("kebakaran")`},
		{"invalid priority", "priority: 1\n    tier: 1\n", "priority: 4\n    tier: 1\n", "categories[0].priority: invalid priority 4"},
		{"missing priority", "priority: 2\n    tier: 3", "tier: 3", "categories[3].priority: invalid priority 0"},
		{"unknown support", "support: [dishub]", "support: [polisi]", `categories[2].support[0]: unknown agency "polisi"`},
		{"support repeats lead", "support: [dishub]", "support: [dinkes]", `categories[2].support[0]: duplicate agency "dinkes"`},
		{"missing tier", "priority: 2\n    tier: 3", "priority: 2", "categories[3].tier: tier must be 1, 2 or 3"},
		{"non-emergency with lead", "priority: 3\n    emergency: false", "lead: dinkes\n    priority: 3\n    emergency: false", "categories[4].lead: a non-emergency category dispatches no agency"},
		{"zero weight", "weight: 0.6\n        words: [api]", "weight: 0\n        words: [api]", "categories[0].keywords[1].weight: weight must be in (0, 5]"},
		{"synonym in two groups", "words: [ka]", "words: [ka, motor]", `synonyms[1].words[1]: duplicate word "motor" (first at synonyms[0].words[1])`},
		{"unknown signal agency", "adds: [damkar]", "adds: [pmi]", `signals[1].adds[0]: unknown agency "pmi"`},
		{"unknown implied signal", "implies: [korban]", "implies: [korbn]", `signals[1].implies[0]: unknown signal "korbn"`},
		{"rule to unknown category", "then: kecelakaan_korban}", "then: laka}", `rules[0].then: unknown category "laka"`},
		{"rule on unknown signal", "signal: korban, then", "signal: luka, then", `rules[0].signal: unknown signal "luka"`},
		{"rule to non-emergency", "then: kecelakaan_korban}", "then: informasi}", `rules[0].then: category "informasi" is not an emergency`},
		{"unknown field", "name_en: Fire", "name_en: Fire\n    leed: damkar", "field leed not found"},
		{"duplicate alias", "  nafas: napas\n", "  nafas: napas\n  gak: enggak\n", `mapping key "gak" already defined`},
		{"bad version", "version: 1", "version: 2", "version: unsupported version 2"},
		{"bad min_score", "min_score: 0.4", "min_score: 0", "min_score: must be in (0, 10]"},
		{"bad tier_ratio", "tier_ratio: 2", "tier_ratio: 0.5", "tier_ratio: must be at least 1"},
		{"syntax error", "categories:", "categories: [", "did not find expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := replaceOnce(t, miniYAML(t), tt.old, tt.new)
			_, err := Parse([]byte(data), "mini.yaml", fourAgencies...)
			if err == nil {
				t.Fatalf("Parse accepted the file; want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "mini.yaml:") {
				t.Errorf("err = %v\nwant it to start with the file name and contain %q", err, tt.want)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	data := replaceOnce(t, miniYAML(t), "lead: damkar", "lead: damkr")
	data = replaceOnce(t, data, "priority: 3\n    emergency", "priority: 9\n    emergency")
	_, err := Parse([]byte(data), "x.yaml", fourAgencies...)
	if err == nil || strings.Count(err.Error(), "x.yaml: ") != 2 {
		t.Errorf("err = %v, want both problems", err)
	}
}

// fourAgencies are Tebing Tinggi's agencies, as agencies.yaml would list them.
var fourAgencies = []agencies.AgencyID{agencies.BPBD, agencies.Damkar, agencies.Dinkes, agencies.Dishub}

// TestParseAgenciesFromDeployment: the taxonomy may name any agency the
// deployment configures (a fifth, polres), and only those.
func TestParseAgenciesFromDeployment(t *testing.T) {
	data := replaceOnce(t, miniYAML(t), "lead: damkar", "lead: polres")
	if _, err := Parse([]byte(data), "x.yaml", fourAgencies...); err == nil || !strings.Contains(err.Error(), `unknown agency "polres"`) {
		t.Errorf("polres without the deployment listing it: err = %v", err)
	}
	tx, err := Parse([]byte(data), "x.yaml", append(fourAgencies, "polres")...)
	if err != nil {
		t.Fatal(err)
	}
	if r := tx.Classify("ada kebakaran"); r.Lead != "polres" {
		t.Errorf("lead = %q, want polres", r.Lead)
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"cfg/taxonomy.yaml": {Data: []byte(miniYAML(t))},
		"cfg/empty.yaml":    {Data: nil},
	}
	tx, err := Load(fsys, "cfg/taxonomy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r := tx.Classify("ada kebakaran"); r.Category != "kebakaran" {
		t.Errorf("loaded taxonomy classifies %q as %q", "ada kebakaran", r.Category)
	}
	if _, err := Load(fsys, "cfg/missing.yaml"); err == nil {
		t.Error("Load of a missing file: want an error")
	}
	if _, err := Load(fsys, "cfg/empty.yaml"); err == nil || !strings.Contains(err.Error(), "cfg/empty.yaml: empty taxonomy") {
		t.Errorf("Load of an empty file: err = %v", err)
	}
}

// TestCityTaxonomyLoads guards the shipped file itself.
func TestCityTaxonomyLoads(t *testing.T) {
	tx := testTaxonomy(t)
	if n := len(tx.Categories()); n < 20 {
		t.Errorf("%d categories, want the full taxonomy", n)
	}
}
