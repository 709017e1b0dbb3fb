package classify

import (
	"encoding/json"
	"maps"
	"os"
	"sync"
	"testing"
)

// taxonomyPath is the city's taxonomy, the file this package is built for.
const taxonomyDir = "../../configs/tebingtinggi"

var (
	loadOnce sync.Once
	loaded   *Taxonomy
	loadErr  error
)

// testTaxonomy loads the real Tebing Tinggi taxonomy once per test binary.
func testTaxonomy(tb testing.TB) *Taxonomy {
	tb.Helper()
	loadOnce.Do(func() { loaded, loadErr = Load(os.DirFS(taxonomyDir), "taxonomy.yaml") })
	if loadErr != nil {
		tb.Fatal(loadErr)
	}
	return loaded
}

// miniTaxonomy loads testdata/mini.yaml, a small taxonomy for testing the
// mechanisms independently of the city's data.
func miniTaxonomy(tb testing.TB) *Taxonomy {
	tb.Helper()
	tx, err := Load(os.DirFS("testdata"), "mini.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return tx
}

// resolveWord returns the root a single written word resolves to ("" when
// it means nothing to the taxonomy) and whether a typo correction was used.
func resolveWord(tx *Taxonomy, w string) (string, bool) {
	s := tx.pool.Get().(*scratch)
	defer tx.pool.Put(s)
	s.tokenize(&tx.lex, w)
	if len(s.toks) != 1 || s.toks[0].lex < 0 {
		return "", false
	}
	return tx.lex.names[s.toks[0].lex], s.toks[0].fuzzy
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// sameAfterRoundTrip stores m as Redis keeps it (JSON) and reads it back:
// the predictions for texts must not change. It returns the stored bytes.
func sameAfterRoundTrip(t *testing.T, m *Model, texts ...string) []byte {
	t.Helper()
	data, err := MarshalModel(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range texts {
		if a, b := m.Predict(s), back.Predict(s); a != b {
			t.Errorf("%q after a round trip %+v != %+v", s, b, a)
		}
	}
	return data
}

// jsonEditor decodes a saved model once and returns a function that
// marshals a copy of it with f's change: the tests that feed
// UnmarshalModel one broken model at a time.
func jsonEditor(t *testing.T, data []byte) func(f func(map[string]any)) []byte {
	t.Helper()
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	return func(f func(map[string]any)) []byte {
		c := maps.Clone(raw)
		f(c)
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}
