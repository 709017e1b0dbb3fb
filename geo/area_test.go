package geo

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestLevelString(t *testing.T) {
	tests := []struct {
		level Level
		want  string
		valid bool
	}{
		{LevelCity, "city", true},
		{LevelDistrict, "kecamatan", true},
		{LevelVillage, "kelurahan", true},
		{LevelNeighbour, "neighbour", true},
		{Level(0), "Level(0)", false},
		{Level(9), "Level(9)", false},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.level.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.level.Valid(); got != tt.valid {
				t.Errorf("Valid() = %v, want %v", got, tt.valid)
			}
		})
	}
}

func TestReadArea(t *testing.T) {
	tests := []struct {
		file   string
		code   string
		name   string
		inside orb.Point
		out    orb.Point
	}{
		{"feature.geojson", "99.01", "Test Town", orb.Point{0.5, 0.5}, orb.Point{1.5, 0.5}},
		{"collection_one.geojson", "99.01", "Test Town", orb.Point{0.5, 0.5}, orb.Point{-0.5, 0.5}},
		{"multipolygon_hole.geojson", "99.02", "Ring Town", orb.Point{5, 5}, orb.Point{3.5, 3.5}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := ReadArea(openFixture(t, tt.file), LevelDistrict)
			if err != nil {
				t.Fatalf("ReadArea: %v", err)
			}
			if a.Code != tt.code || a.Name != tt.name || a.Level != LevelDistrict {
				t.Errorf("got code %q name %q level %v, want %q %q kecamatan", a.Code, a.Name, a.Level, tt.code, tt.name)
			}
			if !a.Shape.Contains(tt.inside) || a.Shape.Contains(tt.out) {
				t.Errorf("Contains(%v) = %v, Contains(%v) = %v; want true, false",
					tt.inside, a.Shape.Contains(tt.inside), tt.out, a.Shape.Contains(tt.out))
			}
		})
	}
}

func TestReadAreaErrors(t *testing.T) {
	tests := []struct {
		file  string
		level Level
		want  string
	}{
		{"bad_json.geojson", LevelVillage, "invalid GeoJSON"},
		{"bare_polygon.geojson", LevelVillage, `GeoJSON type "Polygon", want Feature or FeatureCollection`},
		{"missing_code.geojson", LevelVillage, `property "code" missing`},
		{"code_number.geojson", LevelVillage, `property "code" is a number, want string`},
		{"missing_name.geojson", LevelVillage, `property "name" missing`},
		{"empty_name.geojson", LevelVillage, `property "name" is empty`},
		{"null_properties.geojson", LevelVillage, `property "code" missing`},
		{"point.geojson", LevelVillage, "area 99.01: geometry type Point"},
		{"no_geometry.geojson", LevelVillage, "area 99.01: no geometry"},
		{"unclosed.geojson", LevelVillage, "area 99.01: polygon 0 ring 0: not closed"},
		{"collection_two.geojson", LevelVillage, "holds 2 features, want exactly 1"},
		{"collection_empty.geojson", LevelVillage, "holds 0 features, want exactly 1"},
		{"feature.geojson", Level(0), "invalid level Level(0)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := ReadArea(openFixture(t, tt.file), tt.level)
			if err == nil {
				t.Fatalf("ReadArea = %+v, want error containing %q", a, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadAreaReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ReadArea(io.MultiReader(strings.NewReader(`{"type":`), errReader{boom}), LevelCity)
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want it to wrap %v", err, boom)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// openFixture opens testdata/area/name, closed at the end of the test.
func openFixture(tb testing.TB, name string) io.Reader {
	tb.Helper()
	f, err := os.Open("testdata/area/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}
