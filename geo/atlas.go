package geo

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// Files says where the boundary files of one city are inside an fs.FS, so
// the same loader serves the embedded config, a directory on disk and test
// fixtures. Paths are fs paths (slash-separated, unrooted); Districts,
// Villages and each Neighbours entry may be glob patterns (fs.Glob) and
// must match at least one file, except that Neighbours may be empty.
type Files struct {
	City       string   // e.g. "regency/12.76.geojson"
	Districts  string   // e.g. "districts/*.geojson"
	Villages   string   // e.g. "villages/*.geojson"
	Neighbours []string // e.g. {"regency/12.18.geojson"}
}

// Atlas is the loaded, validated set of boundaries of one city: the city,
// its kecamatan and kelurahan, and neighbouring regencies. It answers
// "where is this caller" for every 112 call. An Atlas is immutable and
// safe for concurrent use.
type Atlas struct {
	city       *Area
	districts  []*Area
	villages   []*Area
	neighbours []*Area
	byCode     map[string]*Area
	parent     map[string]*Area // district code -> city, village code -> district

	districtIx  Index
	villageIx   Index
	neighbourIx Index
}

// Placement is where a point lies. Village and District are set when the
// point is in the city; Village is nil only if the point is in the city
// polygon but in no kelurahan (gaps in the data), and District then comes
// from the kecamatan polygons (nil if none holds the point). Neighbour is
// set when the point is in a neighbouring regency. All nil and InCity
// false means "elsewhere".
type Placement struct {
	InCity    bool
	Village   *Area
	District  *Area
	Neighbour *Area
}

// loaded remembers which file an area came from, for error messages.
type loaded struct {
	path string
	area *Area
}

// LoadAtlas reads and validates the boundary files of one city. Errors
// name the file and the reason. It checks that every kecamatan code starts
// with the city code + ".", every kelurahan code with an existing
// kecamatan code + ".", that no code appears twice, and that there is at
// least one kecamatan and one kelurahan: a misplaced file would otherwise
// send ambulances to the wrong post.
func LoadAtlas(fsys fs.FS, f Files) (*Atlas, error) {
	if f.City == "" {
		return nil, errors.New("geo: atlas: no city file given")
	}
	city, err := loadFile(fsys, f.City, LevelCity)
	if err != nil {
		return nil, err
	}
	districts, err := loadGlob(fsys, f.Districts, LevelDistrict)
	if err != nil {
		return nil, err
	}
	villages, err := loadGlob(fsys, f.Villages, LevelVillage)
	if err != nil {
		return nil, err
	}
	var neighbours []loaded
	for _, pattern := range f.Neighbours {
		ns, err := loadGlob(fsys, pattern, LevelNeighbour)
		if err != nil {
			return nil, err
		}
		neighbours = append(neighbours, ns...)
	}
	return newAtlas(city, districts, villages, neighbours)
}

func loadFile(fsys fs.FS, path string, level Level) (loaded, error) {
	file, err := fsys.Open(path)
	if err != nil {
		return loaded{}, fmt.Errorf("geo: %w", err) // a *fs.PathError names the file
	}
	defer file.Close()
	a, err := ReadArea(file, level)
	if err != nil {
		return loaded{}, fmt.Errorf("geo: %s: %s", path, strings.TrimPrefix(err.Error(), "geo: "))
	}
	return loaded{path: path, area: a}, nil
}

// loadGlob loads every file matching pattern, in lexical path order.
func loadGlob(fsys fs.FS, pattern string, level Level) ([]loaded, error) {
	if pattern == "" {
		return nil, fmt.Errorf("geo: atlas: no %s files given", level)
	}
	paths, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, fmt.Errorf("geo: %s files %q: %w", level, pattern, err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("geo: %s files %q: no file matches", level, pattern)
	}
	out := make([]loaded, 0, len(paths))
	for _, p := range paths {
		l, err := loadFile(fsys, p, level)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func newAtlas(city loaded, districts, villages, neighbours []loaded) (*Atlas, error) {
	a := &Atlas{
		city:   city.area,
		byCode: map[string]*Area{},
		parent: map[string]*Area{},
	}
	from := map[string]string{} // code -> path, to name both duplicates
	all := append(append(append([]loaded{city}, districts...), villages...), neighbours...)
	for _, l := range all {
		if prev, dup := from[l.area.Code]; dup {
			return nil, fmt.Errorf("geo: %s: code %q already defined in %s", l.path, l.area.Code, prev)
		}
		from[l.area.Code] = l.path
		a.byCode[l.area.Code] = l.area
	}
	for _, d := range districts {
		if !strings.HasPrefix(d.area.Code, city.area.Code+".") {
			return nil, fmt.Errorf("geo: %s: kecamatan code %q does not start with city code %q + \".\"",
				d.path, d.area.Code, city.area.Code)
		}
		a.parent[d.area.Code] = city.area
		a.districts = append(a.districts, d.area)
		a.districtIx.Insert(d.area.Code, d.area.Shape)
	}
	for _, v := range villages {
		d := a.districtOf(v.area.Code)
		if d == nil {
			return nil, fmt.Errorf("geo: %s: kelurahan code %q does not start with any kecamatan code + \".\"",
				v.path, v.area.Code)
		}
		a.parent[v.area.Code] = d
		a.villages = append(a.villages, v.area)
		a.villageIx.Insert(v.area.Code, v.area.Shape)
	}
	for _, n := range neighbours {
		a.neighbours = append(a.neighbours, n.area)
		a.neighbourIx.Insert(n.area.Code, n.area.Shape)
	}
	for _, s := range [][]*Area{a.districts, a.villages, a.neighbours} {
		slices.SortFunc(s, func(x, y *Area) int { return strings.Compare(x.Code, y.Code) })
	}
	return a, nil
}

// districtOf returns the loaded kecamatan whose code + "." is the longest
// prefix of code, or nil.
func (a *Atlas) districtOf(code string) *Area {
	var best *Area
	for i := strings.Index(code, "."); i >= 0; {
		if d := a.byCode[code[:i]]; d != nil && d.Level == LevelDistrict {
			best = d
		}
		j := strings.Index(code[i+1:], ".")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return best
}

// City returns the city area.
func (a *Atlas) City() *Area { return a.city }

// Districts returns the kecamatan sorted by code. The slice is shared: do
// not modify it.
func (a *Atlas) Districts() []*Area { return a.districts }

// Villages returns the kelurahan sorted by code. The slice is shared: do
// not modify it.
func (a *Atlas) Villages() []*Area { return a.villages }

// Neighbours returns the neighbouring regencies sorted by code. The slice
// is shared: do not modify it.
func (a *Atlas) Neighbours() []*Area { return a.neighbours }

// Area returns the area with the given code, at any level, so stored codes
// (in incidents, in agency configs) can be resolved to names and shapes.
func (a *Atlas) Area(code string) (*Area, bool) {
	ar, ok := a.byCode[code]
	return ar, ok
}

// Parent returns the kecamatan of a kelurahan code, or the city of a
// kecamatan code; false for the city, neighbours and unknown codes.
func (a *Atlas) Parent(code string) (*Area, bool) {
	p, ok := a.parent[code]
	return p, ok
}

// Locate says where p ({lon, lat}) lies. It does not allocate.
func (a *Atlas) Locate(p orb.Point) Placement {
	var pl Placement
	if a.city.Shape.Contains(p) {
		pl.InCity = true
		if code, ok := a.villageIx.first(p); ok {
			pl.Village = a.byCode[code]
			pl.District = a.parent[code]
		} else if code, ok := a.districtIx.first(p); ok {
			pl.District = a.byCode[code]
		}
	}
	if code, ok := a.neighbourIx.first(p); ok {
		pl.Neighbour = a.byCode[code]
	}
	return pl
}
