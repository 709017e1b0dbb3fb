package dispatch_test

import (
	"os"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPolresExampleFollowsShippedTaxonomy: the example deployment's
// taxonomy is Tebing Tinggi's plus its police categories, questions and
// aliases, so that a change to the shipped word lists cannot leave the
// example behind (it had drifted: regenerate it with the lines the police
// add, see configs/examples/polres/taxonomy.yaml's header).
func TestPolresExampleFollowsShippedTaxonomy(t *testing.T) {
	shipped, example := readYAML(t, "../configs/tebingtinggi/taxonomy.yaml"), readYAML(t, "../configs/examples/polres/taxonomy.yaml")
	for key, want := range shipped {
		got := example[key]
		switch key {
		case "categories":
			got = keep(got, func(m map[string]any) bool { return m["lead"] != "polres" })
		case "questions":
			ids := map[any]bool{}
			for _, q := range want.([]any) {
				ids[q.(map[string]any)["id"]] = true
			}
			got = keep(got, func(m map[string]any) bool { return ids[m["id"]] })
		case "aliases":
			g := map[string]any{}
			for k, v := range got.(map[string]any) {
				if _, ok := want.(map[string]any)[k]; ok {
					g[k] = v
				}
			}
			got = g
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs between configs/tebingtinggi and configs/examples/polres (beyond the police additions)", key)
		}
	}
}

func readYAML(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

func keep(list any, ok func(map[string]any) bool) []any {
	var out []any
	for _, x := range list.([]any) {
		if ok(x.(map[string]any)) {
			out = append(out, x)
		}
	}
	return out
}
