package osmimport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/geo"
	"github.com/sigap112/sigap/geo/gazetteer"
	"github.com/sigap112/sigap/geo/gazetteer/osmimport"
	"github.com/sigap112/sigap/geo/gazetteer/osmimport/osmtest"
)

var update = flag.Bool("update", false, "rewrite configs/tebingtinggi/geo/gazetteer.json from the example extract")

func atlas(t *testing.T) *geo.Atlas {
	t.Helper()
	d, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	return d.Atlas
}

// examplePBF writes the example extract as a real .osm.pbf file.
func examplePBF(t *testing.T) []byte {
	t.Helper()
	nodes, ways := osmtest.TebingTinggiExample()
	var buf bytes.Buffer
	if err := osmtest.WritePBF(&buf, nodes, ways); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportKeepsNamedStreetsAndLandmarksInsideTheCity(t *testing.T) {
	a := atlas(t)
	f, stats, err := osmimport.Import(context.Background(), bytes.NewReader(examplePBF(t)), a, "test extract")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]gazetteer.Place{}
	for _, p := range f.Places {
		byName[p.Name] = p
	}
	for _, gone := range []string{"Masjid Luar Kota", "Jalan Lintas Sumatera", "Jalan Setapak Sungai", "Warung Kopi"} {
		if _, ok := byName[gone]; ok {
			t.Errorf("%q kept; it is outside the city, a footpath or not a landmark", gone)
		}
	}
	if stats.Streets != 8 || stats.Landmarks != 13 {
		t.Errorf("kept %d streets and %d landmarks, want 8 and 13 (stats %+v)", stats.Streets, stats.Landmarks, stats)
	}
	if stats.Unnamed != 1 || stats.OutsideCity != 2 {
		t.Errorf("dropped %d unnamed and %d outside, want 1 and 2", stats.Unnamed, stats.OutsideCity)
	}
	sud := byName["Jalan Jenderal Sudirman"]
	if sud.Kind != gazetteer.Street || len(sud.Lines) != 2 {
		t.Errorf("Sudirman: two ways of one name must make one street with two lines, got %+v", sud)
	}
	if !slices.Contains(sud.Kelurahan, "12.76.05.1002") {
		t.Errorf("Sudirman crosses Pasar Baru (12.76.05.1002); kelurahan %v", sud.Kelurahan)
	}
	masjid := byName["Masjid Raya Nur Addin"]
	if masjid.Kind != gazetteer.Landmark || masjid.Type != "mosque" || len(masjid.Kelurahan) != 1 {
		t.Fatalf("Masjid Raya: %+v", masjid)
	}
	if v := a.Locate([2]float64{masjid.Lon, masjid.Lat}).Village; v == nil || v.Code != masjid.Kelurahan[0] {
		t.Errorf("Masjid Raya kelurahan %v does not hold its point", masjid.Kelurahan)
	}
	if p := byName["Masjid Taqwa"]; p.Type != "mosque" || p.Lat < 3.3340 || p.Lat > 3.3344 {
		t.Errorf("a mosque mapped as an outline is placed at its centre: %+v", p)
	}
	if p := byName["Gereja HKBP Tebing Tinggi"]; p.Type != "church" {
		t.Errorf("church type %q", p.Type)
	}
	// What was imported is a valid gazetteer file.
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Search("masjid raya", "", 1); len(got) != 1 || got[0].Name != "Masjid Raya Nur Addin" {
		t.Errorf("search after import: %+v", got)
	}
}

func TestImportRejectsAFileThatIsNotPBF(t *testing.T) {
	_, _, err := osmimport.Import(context.Background(), bytes.NewReader([]byte("<osm>not pbf</osm>")), atlas(t), "x")
	if err == nil {
		t.Fatal("an XML file imported without error")
	}
}

// TestExampleGazetteerIsTheImportOfTheExampleExtract keeps the shipped
// example file honest: it is exactly what `sigap geo import` makes of the
// example extract (run with -update to rewrite it).
func TestExampleGazetteerIsTheImportOfTheExampleExtract(t *testing.T) {
	f, _, err := osmimport.Import(context.Background(), bytes.NewReader(examplePBF(t)), atlas(t), osmimport.ExampleSource)
	if err != nil {
		t.Fatal(err)
	}
	f.Example = true
	want, err := osmimport.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "..", "configs", "tebingtinggi", "geo", "gazetteer.json")
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the import of the example extract; run: go test ./geo/gazetteer/osmimport -run TestExample -update", path)
	}
}
