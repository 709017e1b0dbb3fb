package geo

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestLoadAtlasReal(t *testing.T) {
	a := loadRealAtlas(t)
	if c := a.City(); c.Code != "12.76" || c.Name != "KOTA TEBING TINGGI" || c.Level != LevelCity {
		t.Errorf("City() = %s %q %v, want 12.76 KOTA TEBING TINGGI city", c.Code, c.Name, c.Level)
	}
	counts := []struct {
		name  string
		areas []*Area
		want  int
		level Level
	}{
		{"districts", a.Districts(), 5, LevelDistrict},
		{"villages", a.Villages(), 35, LevelVillage},
		{"neighbours", a.Neighbours(), 1, LevelNeighbour},
	}
	for _, tt := range counts {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.areas) != tt.want {
				t.Fatalf("%d %s, want %d", len(tt.areas), tt.name, tt.want)
			}
			if !slices.IsSortedFunc(tt.areas, func(x, y *Area) int { return compareCode(x, y) }) {
				t.Errorf("%s not sorted by code", tt.name)
			}
			for _, ar := range tt.areas {
				if ar.Level != tt.level {
					t.Errorf("%s has level %v, want %v", ar.Code, ar.Level, tt.level)
				}
			}
		})
	}
}

func compareCode(x, y *Area) int {
	switch {
	case x.Code < y.Code:
		return -1
	case x.Code > y.Code:
		return 1
	}
	return 0
}

func TestAtlasAreaAndParent(t *testing.T) {
	a := loadRealAtlas(t)
	tests := []struct {
		code, name, parent string // parent "" = none
		found              bool
	}{
		{"12.76", "KOTA TEBING TINGGI", "", true},
		{"12.76.01", "Padang Hulu", "12.76", true},
		{"12.76.01.1001", "Pabatu", "12.76.01", true},
		{"12.76.05.1007", "Tebing Tinggi Lama", "12.76.05", true},
		{"12.18", "KABUPATEN SERDANG BEDAGAI", "", true},
		{"12.76.09", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			ar, ok := a.Area(tt.code)
			if ok != tt.found || (ok && ar.Name != tt.name) {
				t.Fatalf("Area(%s) = %v, %v; want name %q, %v", tt.code, ar, ok, tt.name, tt.found)
			}
			p, ok := a.Parent(tt.code)
			if got := ""; ok {
				got = p.Code
				if got != tt.parent {
					t.Errorf("Parent(%s) = %s, want %q", tt.code, got, tt.parent)
				}
			} else if tt.parent != "" {
				t.Errorf("Parent(%s) not found, want %s", tt.code, tt.parent)
			}
		})
	}
}

// kelurahanCentroids are the area-weighted centroids from PROVENANCE.md,
// all marked inside their own kelurahan.
var kelurahanCentroids = []struct {
	code, name string
	lon, lat   float64
}{
	{"12.76.01.1001", "Pabatu", 99.125014, 3.300785},
	{"12.76.01.1002", "Lubuk Baru", 99.134519, 3.308977},
	{"12.76.01.1006", "Persiakan", 99.154450, 3.313528},
	{"12.76.01.1007", "Bandar Sono", 99.155676, 3.319242},
	{"12.76.01.1010", "Tualang", 99.149901, 3.310758},
	{"12.76.01.1011", "Padang Merbau", 99.133442, 3.291977},
	{"12.76.01.1012", "Lubuk Raya", 99.142015, 3.314327},
	{"12.76.02.1004", "Rantau Laban", 99.163796, 3.368458},
	{"12.76.02.1007", "Karya Jaya", 99.151449, 3.341279},
	{"12.76.02.1009", "Lalang", 99.164030, 3.361591},
	{"12.76.02.1010", "Tanjung Marulak", 99.162597, 3.345845},
	{"12.76.02.1011", "Sri Padang", 99.166044, 3.338984},
	{"12.76.02.1012", "Tanjung Marulak Hilir", 99.176743, 3.350061},
	{"12.76.02.1013", "Mekar Sentosa", 99.171165, 3.370187},
	{"12.76.03.1001", "Bagelen", 99.169772, 3.309793},
	{"12.76.03.1002", "Tambangan", 99.184944, 3.345507},
	{"12.76.03.1004", "Tebing Tinggi", 99.180217, 3.317086},
	{"12.76.03.1006", "Satria", 99.169456, 3.331048},
	{"12.76.03.1007", "Damar Sari", 99.175370, 3.329793},
	{"12.76.03.1008", "Tambangan Hulu", 99.175360, 3.340204},
	{"12.76.03.1009", "Deblod Sundoro", 99.163080, 3.314910},
	{"12.76.04.1001", "Durian", 99.147950, 3.325127},
	{"12.76.04.1002", "Pelita", 99.143154, 3.321274},
	{"12.76.04.1003", "Bulian", 99.137504, 3.326631},
	{"12.76.04.1004", "Berohol", 99.139960, 3.342440},
	{"12.76.04.1005", "Bandar Sakti", 99.152035, 3.331942},
	{"12.76.04.1006", "Pinang Mancung", 99.130278, 3.339602},
	{"12.76.04.1007", "Teluk Karang", 99.130552, 3.330930},
	{"12.76.05.1001", "Mandailing", 99.155329, 3.324003},
	{"12.76.05.1002", "Pasar Baru", 99.157613, 3.328163},
	{"12.76.05.1003", "Pasar Gambir", 99.159875, 3.323425},
	{"12.76.05.1004", "Badak Bejuang", 99.160794, 3.332261},
	{"12.76.05.1005", "Bandar Utama", 99.157215, 3.333869},
	{"12.76.05.1006", "Rambung", 99.165179, 3.322394},
	{"12.76.05.1007", "Tebing Tinggi Lama", 99.164827, 3.329160},
}

// TestLocateKelurahanCentroids: the centroid of every kelurahan (from
// PROVENANCE.md, all inside their polygon) locates to that kelurahan and
// its kecamatan, inside the city and not in Serdang Bedagai.
func TestLocateKelurahanCentroids(t *testing.T) {
	a := loadRealAtlas(t)
	for _, tt := range kelurahanCentroids {
		t.Run(tt.code+" "+tt.name, func(t *testing.T) {
			pl := a.Locate(orb.Point{tt.lon, tt.lat})
			if !pl.InCity || pl.Village == nil || pl.District == nil {
				t.Fatalf("Locate = %s, want in city, kelurahan %s", describe(pl), tt.code)
			}
			if pl.Village.Code != tt.code || pl.Village.Name != tt.name {
				t.Errorf("kelurahan %s %q, want %s %q", pl.Village.Code, pl.Village.Name, tt.code, tt.name)
			}
			if want := tt.code[:len("12.76.0X")]; pl.District.Code != want {
				t.Errorf("kecamatan %s, want %s", pl.District.Code, want)
			}
			if pl.Neighbour != nil {
				t.Errorf("also in neighbour %s: the city hole in 12.18 is not honoured", pl.Neighbour.Code)
			}
		})
	}
}

// TestLocateOutside covers points outside the city: a few hundred metres
// beyond each side of the city's bounding box is Serdang Bedagai, Jakarta
// and Medan are nowhere.
func TestLocateOutside(t *testing.T) {
	a := loadRealAtlas(t)
	// City bbox: west 99.114298, south 3.273885, east 99.193861, north 3.378152.
	tests := []struct {
		name      string
		p         orb.Point
		neighbour string // "" = nowhere
	}{
		{"330 m west of bbox", orb.Point{99.1113, 3.3300}, "12.18"},
		{"330 m east of bbox", orb.Point{99.1969, 3.3300}, "12.18"},
		{"330 m south of bbox", orb.Point{99.1500, 3.2709}, "12.18"},
		{"330 m north of bbox", orb.Point{99.1650, 3.3812}, "12.18"},
		{"Jakarta", orb.Point{106.8, -6.2}, ""},
		{"Medan", orb.Point{98.67, 3.59}, ""},
		{"null island", orb.Point{0, 0}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl := a.Locate(tt.p)
			if pl.InCity || pl.Village != nil || pl.District != nil {
				t.Errorf("Locate(%v) = %s, want not in city", tt.p, describe(pl))
			}
			got := ""
			if pl.Neighbour != nil {
				got = pl.Neighbour.Code
			}
			if got != tt.neighbour {
				t.Errorf("Locate(%v) neighbour = %q, want %q", tt.p, got, tt.neighbour)
			}
		})
	}
}

// TestLocatePartition samples the city's surroundings: a point in the city
// is in exactly one kelurahan and one kecamatan (its parent) and never in
// Serdang Bedagai; a point outside the city but inside its bbox is in
// Serdang Bedagai, which surrounds the city.
func TestLocatePartition(t *testing.T) {
	a := loadRealAtlas(t)
	sbd, _ := a.Area("12.18")
	var inCity int
	for _, p := range randomPoints(a.City().Shape.Bound(), 20000, 11) {
		pl := a.Locate(p)
		if !pl.InCity {
			if pl.Neighbour == nil || pl.Neighbour.Code != "12.18" {
				t.Fatalf("Locate(%v) = %s, want Serdang Bedagai", p, describe(pl))
			}
			continue
		}
		inCity++
		villages, districts := a.villageIx.Containing(p), a.districtIx.Containing(p)
		if len(villages) != 1 || len(districts) != 1 || sbd.Shape.Contains(p) {
			t.Fatalf("%v in city: kelurahan %q, kecamatan %q, in 12.18 %v; want one, one, false",
				p, villages, districts, sbd.Shape.Contains(p))
		}
		if pl.Village == nil || pl.Village.Code != villages[0] || pl.District.Code != districts[0] {
			t.Fatalf("Locate(%v) = %s, want kelurahan %s kecamatan %s", p, describe(pl), villages[0], districts[0])
		}
	}
	if inCity < 1000 {
		t.Errorf("only %d sample points in the city", inCity)
	}
}

// TestLocateOnVertices: polygon vertices lie on boundaries, where the
// half-open rule decides. Every kelurahan vertex must be in exactly one
// kelurahan when the city claims it and in none otherwise, and every city
// boundary vertex must be in exactly one of the city and Serdang Bedagai
// (whose hole is the city ring): no point falls between the cracks.
func TestLocateOnVertices(t *testing.T) {
	a := loadRealAtlas(t)
	city := a.City().Shape
	sbd, _ := a.Area("12.18")
	var vertices []orb.Point
	for _, v := range a.Villages() {
		r := v.Shape.Geometry().(orb.Polygon)[0]
		vertices = append(vertices, r[:len(r)-1]...)
	}
	var inCity int
	for _, p := range vertices {
		want := 0
		if city.Contains(p) {
			want = 1
			inCity++
		}
		if got := a.villageIx.Containing(p); len(got) != want {
			t.Errorf("vertex %v: in city %v, in kelurahan %q; want %d kelurahan", p, want == 1, got, want)
		}
	}
	if inCity < len(vertices)/2 {
		t.Errorf("only %d of %d kelurahan vertices inside the city", inCity, len(vertices))
	}
	cityRing := city.Geometry().(orb.Polygon)[0]
	for _, p := range cityRing {
		if city.Contains(p) == sbd.Shape.Contains(p) {
			t.Errorf("city vertex %v: in city %v, in 12.18 %v; want exactly one", p, city.Contains(p), sbd.Shape.Contains(p))
		}
	}
}

// describe renders a Placement for failure messages.
func describe(pl Placement) string {
	code := func(a *Area) string {
		if a == nil {
			return "-"
		}
		return a.Code
	}
	s := "elsewhere"
	if pl.InCity {
		s = "in city"
	}
	return s + " kelurahan=" + code(pl.Village) + " kecamatan=" + code(pl.District) + " neighbour=" + code(pl.Neighbour)
}

// TestLocateAllocs: Locate runs for every call and must not allocate.
func TestLocateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under -race")
	}
	a := loadRealAtlas(t)
	tests := []struct {
		name string
		p    orb.Point
	}{
		{"in city", orb.Point{99.157613, 3.328163}},
		{"in neighbour", orb.Point{99.1113, 3.3300}},
		{"elsewhere", orb.Point{106.8, -6.2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, func() { a.Locate(tt.p) }); n != 0 {
				t.Errorf("Locate allocates %v times, want 0", n)
			}
		})
	}
}
