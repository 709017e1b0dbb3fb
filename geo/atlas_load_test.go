package geo

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
)

// synthFiles is the layout of synthFS.
var synthFiles = Files{
	City:       "city.geojson",
	Districts:  "districts/*.geojson",
	Villages:   "villages/*.geojson",
	Neighbours: []string{"neighbours/*.geojson"},
}

// synthFS is a 4×4 city "99.01" split into two kecamatan (west, east) and
// three kelurahan; its north-east quarter has no kelurahan. Neighbour
// "99.02" surrounds it, with the city as a hole; neighbour "99.00" is bad
// data overlapping both the city's south-east corner and "99.02".
func synthFS(t *testing.T) fstest.MapFS {
	t.Helper()
	file := func(code string, g orb.Geometry) *fstest.MapFile {
		return &fstest.MapFile{Data: featureJSON(t, code, "Area "+code, g)}
	}
	return fstest.MapFS{
		"city.geojson":                       file("99.01", orb.Polygon{rect(0, 0, 4, 4)}),
		"districts/99.01.01.geojson":         file("99.01.01", orb.Polygon{rect(0, 0, 2, 4)}),
		"districts/99.01.02.geojson":         file("99.01.02", orb.Polygon{rect(2, 0, 4, 4)}),
		"villages/99.01.01.1001.geojson":     file("99.01.01.1001", orb.Polygon{rect(0, 0, 2, 2)}),
		"villages/99.01.01.1002.geojson":     file("99.01.01.1002", orb.Polygon{rect(0, 2, 2, 4)}),
		"villages/99.01.02.1001.geojson":     file("99.01.02.1001", orb.Polygon{rect(2, 0, 4, 2)}),
		"neighbours/99.02.geojson":           file("99.02", orb.Polygon{rect(-2, -2, 6, 6), reversed(rect(0, 0, 4, 4))}),
		"neighbours/z-overlap.geojson":       file("99.00", orb.Polygon{rect(3, 0, 8, 1)}),
		"neighbours/readme.txt":              &fstest.MapFile{Data: []byte("not matched by the glob")},
		"villages/notes/99.01.01.9.geojson":  &fstest.MapFile{Data: []byte("not matched either")},
		"districts/subdir/ignored.geojson.x": &fstest.MapFile{Data: []byte("nor this")},
	}
}

func TestLocateSynthetic(t *testing.T) {
	a, err := LoadAtlas(synthFS(t), synthFiles)
	if err != nil {
		t.Fatalf("LoadAtlas: %v", err)
	}
	tests := []struct {
		name                         string
		p                            orb.Point
		inCity                       bool
		village, district, neighbour string // "-" = nil
	}{
		{"kelurahan", orb.Point{1, 1}, true, "99.01.01.1001", "99.01.01", "-"},
		{"east kelurahan", orb.Point{3, 1}, true, "99.01.02.1001", "99.01.02", "-"},
		{"no kelurahan, kecamatan fallback", orb.Point{3, 3}, true, "-", "99.01.02", "-"},
		{"neighbour ring", orb.Point{5, 5}, false, "-", "-", "99.02"},
		{"city overlapped by a neighbour reports both", orb.Point{3.5, 0.5}, true, "99.01.02.1001", "99.01.02", "99.00"},
		{"overlapping neighbours, lowest code wins", orb.Point{5, 0.5}, false, "-", "-", "99.00"},
		{"elsewhere", orb.Point{10, 10}, false, "-", "-", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := a.Locate(tt.p)
			want := describe(Placement{InCity: tt.inCity})
			want = strings.Replace(want, "kelurahan=-", "kelurahan="+tt.village, 1)
			want = strings.Replace(want, "kecamatan=-", "kecamatan="+tt.district, 1)
			want = strings.Replace(want, "neighbour=-", "neighbour="+tt.neighbour, 1)
			if got := describe(pl); got != want {
				t.Errorf("Locate(%v) = %s, want %s", tt.p, got, want)
			}
		})
	}
}

func TestLoadAtlasWithoutNeighbours(t *testing.T) {
	f := synthFiles
	f.Neighbours = nil
	a, err := LoadAtlas(synthFS(t), f)
	if err != nil {
		t.Fatalf("LoadAtlas: %v", err)
	}
	if len(a.Neighbours()) != 0 || a.Locate(orb.Point{5, 5}).Neighbour != nil {
		t.Errorf("neighbours %v, want none", a.Neighbours())
	}
}

// loadAtlasErrorCases each break synthFS or synthFiles in one way; the
// error must contain every want string (file, code, reason).
var loadAtlasErrorCases = []struct {
	name   string
	change func(fstest.MapFS, *Files)
	want   []string // all must appear in the error
}{
	{"village with unknown kecamatan", func(m fstest.MapFS, _ *Files) {
		m["villages/99.01.03.1001.geojson"] = synthFile(m, "99.01.03.1001")
	}, []string{"villages/99.01.03.1001.geojson", `kelurahan code "99.01.03.1001"`, "any kecamatan code"}},
	{"village code without dot after kecamatan", func(m fstest.MapFS, _ *Files) {
		m["villages/x.geojson"] = synthFile(m, "99.01.011001")
	}, []string{"villages/x.geojson", `"99.01.011001"`}},
	{"kecamatan outside city", func(m fstest.MapFS, _ *Files) {
		m["districts/98.01.01.geojson"] = synthFile(m, "98.01.01")
	}, []string{"districts/98.01.01.geojson", `kecamatan code "98.01.01"`, `city code "99.01"`}},
	{"duplicate code", func(m fstest.MapFS, _ *Files) {
		m["villages/copy.geojson"] = synthFile(m, "99.01.01.1001")
	}, []string{"villages/copy.geojson", `code "99.01.01.1001" already defined in villages/99.01.01.1001.geojson`}},
	{"neighbour reusing city code", func(m fstest.MapFS, _ *Files) {
		m["neighbours/99.01.geojson"] = synthFile(m, "99.01")
	}, []string{"neighbours/99.01.geojson", `code "99.01" already defined in city.geojson`}},
	{"bad JSON in a kecamatan", func(m fstest.MapFS, _ *Files) {
		m["districts/99.01.02.geojson"] = &fstest.MapFile{Data: []byte(`{"type":`)}
	}, []string{"districts/99.01.02.geojson", "invalid GeoJSON"}},
	{"missing code in a kelurahan", func(m fstest.MapFS, _ *Files) {
		m["villages/99.01.01.1002.geojson"] = &fstest.MapFile{Data: []byte(
			`{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`)}
	}, []string{"villages/99.01.01.1002.geojson", `property "code" missing`}},
	{"missing city file", func(m fstest.MapFS, _ *Files) {
		delete(m, "city.geojson")
	}, []string{"city.geojson", "file does not exist"}},
	{"no city given", func(_ fstest.MapFS, f *Files) { f.City = "" }, []string{"no city file given"}},
	{"no kecamatan match", func(_ fstest.MapFS, f *Files) {
		f.Districts = "kecamatan/*.geojson"
	}, []string{"kecamatan files", `"kecamatan/*.geojson"`, "no file matches"}},
	{"no kelurahan given", func(_ fstest.MapFS, f *Files) { f.Villages = "" }, []string{"no kelurahan files given"}},
	{"bad glob", func(_ fstest.MapFS, f *Files) { f.Villages = "villages/[" }, []string{`"villages/["`, "syntax error"}},
	{"missing neighbour", func(_ fstest.MapFS, f *Files) {
		f.Neighbours = append(f.Neighbours, "regency/12.18.geojson")
	}, []string{"neighbour files", "regency/12.18.geojson", "no file matches"}},
}

func TestLoadAtlasErrors(t *testing.T) {
	for _, tt := range loadAtlasErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			m, f := synthFS(t), synthFiles
			f.Neighbours = append([]string(nil), f.Neighbours...)
			tt.change(m, &f)
			a, err := LoadAtlas(m, f)
			if err == nil {
				t.Fatalf("LoadAtlas = %v, want error", a)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadAtlasNotExistIsWrapped(t *testing.T) {
	_, err := LoadAtlas(fstest.MapFS{}, synthFiles)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want it to wrap fs.ErrNotExist", err)
	}
}

// synthFile is a valid boundary file with the given code (a small square
// inside the synthetic city; geometry does not matter to code checks).
func synthFile(m fstest.MapFS, code string) *fstest.MapFile {
	data := strings.Replace(string(m["villages/99.01.01.1001.geojson"].Data), `"99.01.01.1001"`, `"`+code+`"`, 1)
	return &fstest.MapFile{Data: []byte(data)}
}
