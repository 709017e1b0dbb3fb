package gazetteer_test

import (
	"strings"
	"testing"

	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/geo/gazetteer"
)

func example(t testing.TB) *gazetteer.Gazetteer {
	t.Helper()
	f, err := configs.FS.Open("tebingtinggi/geo/gazetteer.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gazetteer.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSearchAsTheCallTakerTypes(t *testing.T) {
	g := example(t)
	cases := []struct {
		query, kelurahan, first string
		nearStreet              string
	}{
		{"masjid raya", "", "Masjid Raya Nur Addin", ""},
		{"mas", "", "Masjid Taqwa", ""}, // prefix: shortest name first among equals
		{"nur add", "", "Masjid Raya Nur Addin", ""},
		{"Jl. Sudirman", "", "Jalan Jenderal Sudirman", ""},
		{"jln sudirman", "", "Jalan Jenderal Sudirman", ""},
		{"sudirmn", "", "Jalan Jenderal Sudirman", ""}, // one typo
		{"pasar gambir", "", "Pasar Gambir", ""},       // the market, not the kelurahan
		{"rsud", "", "RSUD dr. Kumpulan Pane", ""},
		{"kumpulan pane", "", "RSUD dr. Kumpulan Pane", ""},
		{"SD 163084", "", "SD Negeri 163084", ""},
		{"gg mawar", "", "Gang Mawar", ""},
		{"Jalan Sudirman dekat masjid", "", "Masjid Raya Nur Addin", "Jalan Jenderal Sudirman"},
		{"masjid diponegoro", "", "Masjid Al-Ikhlas", "Jalan Diponegoro"},
		{"puskesmas", "12.76.02.1004", "Puskesmas Rantau Laban", ""},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			got := g.Search(c.query, c.kelurahan, 5)
			if len(got) == 0 || got[0].Name != c.first {
				t.Fatalf("Search(%q) = %v; want %q first", c.query, names(got), c.first)
			}
			if got[0].NearStreet != c.nearStreet {
				t.Errorf("Search(%q): near street %q, want %q", c.query, got[0].NearStreet, c.nearStreet)
			}
		})
	}
}

func TestSearchFindsNothingForNoise(t *testing.T) {
	g := example(t)
	for _, q := range []string{"", "   ", "jalan", "dekat depan", "xyzzy", "ab"} {
		if got := g.Search(q, "", 5); len(got) != 0 {
			t.Errorf("Search(%q) = %v; want nothing", q, names(got))
		}
	}
	if got := g.Search("masjid raya", "12.76.02.1004", 5); len(got) != 0 {
		t.Errorf("kelurahan filter ignored: %v", names(got))
	}
}

func TestReadRejectsBadFiles(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown field":  `{"source":"x","places":[],"extra":1}`,
		"misspelt field": `{"source":"x","places":[{"nama":"Masjid","kind":"landmark","lat":3.3,"lon":99.1}]}`,
		"no name":        `{"source":"x","places":[{"name":" ","kind":"landmark","lat":3.3,"lon":99.1}]}`,
		"bad kind":       `{"source":"x","places":[{"name":"Masjid","kind":"mosque","lat":3.3,"lon":99.1}]}`,
		"bad point":      `{"source":"x","places":[{"name":"Masjid","kind":"landmark","lat":300,"lon":99.1}]}`,
		"not json":       `places: []`,
	} {
		if _, err := gazetteer.Read(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	g := example(b)
	for b.Loop() {
		g.Search("jalan sudirman dekat masjid", "", 8)
	}
}

func names(ms []gazetteer.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

// BenchmarkSearchLargeCity searches 5,000 places, the size of a city's
// OpenStreetMap streets and landmarks; run as the call-taker types.
func BenchmarkSearchLargeCity(b *testing.B) {
	words := []string{"Sudirman", "Merdeka", "Pahlawan", "Diponegoro", "Kartini", "Melati", "Mawar", "Kenanga", "Cempaka", "Anggrek",
		"Sisingamangaraja", "Imam", "Bonjol", "Yani", "Gatot", "Subroto", "Thamrin", "Veteran", "Pemuda", "Baru"}
	kinds := []string{"Jalan", "Gang", "Masjid", "SD Negeri", "Gereja", "Pasar", "Klinik", "Lorong"}
	var places []gazetteer.Place
	for i := 0; len(places) < 5000; i++ {
		name := kinds[i%len(kinds)] + " " + words[(i/7)%len(words)] + " " + words[(i/3)%len(words)] + " " + string(rune('A'+i%26))
		kind := gazetteer.Landmark
		var lines [][][2]float64
		if i%len(kinds) == 0 || i%len(kinds) == 1 || i%len(kinds) == 7 {
			kind = gazetteer.Street
			lines = [][][2]float64{{{99.15 + float64(i%50)*1e-3, 3.32}, {99.15 + float64(i%50)*1e-3, 3.33}}}
		}
		places = append(places, gazetteer.Place{Name: name, Kind: kind, Lat: 3.32 + float64(i%100)*1e-4, Lon: 99.15, Lines: lines})
	}
	g, err := gazetteer.New(gazetteer.File{Places: places})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		g.Search("jl sudirman dekat masjid", "", 8)
	}
}
