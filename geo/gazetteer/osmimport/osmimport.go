// Package osmimport builds a city's gazetteer from an OpenStreetMap extract
// (.osm.pbf, read with github.com/paulmach/osm): the named streets and the
// named landmarks (mosques, churches, schools, markets, hospitals, offices…)
// inside the city boundary, each with the kelurahan it lies in.
package osmimport

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"

	"github.com/sigap112/sigap/geo"
	"github.com/sigap112/sigap/geo/gazetteer"
)

// Stats says what an import read and kept.
type Stats struct {
	Nodes, Ways          int // read
	Streets, Landmarks   int // kept
	OutsideCity, Unnamed int // dropped
}

// Import reads a PBF extract and keeps the named streets and landmarks
// inside atlas's city. Nodes are expected before ways, as every PBF writer
// orders them.
func Import(ctx context.Context, r io.Reader, atlas *geo.Atlas, source string) (gazetteer.File, Stats, error) {
	im := importer{atlas: atlas, bound: atlas.City().Shape.Bound().Pad(0.01), nodes: map[osm.NodeID]orb.Point{},
		streets: map[string]*gazetteer.Place{}}
	sc := osmpbf.New(ctx, r, 1)
	defer sc.Close()
	sc.SkipRelations = true
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Node:
			im.node(o)
		case *osm.Way:
			im.way(o)
		}
	}
	if err := sc.Err(); err != nil {
		return gazetteer.File{}, im.stats, fmt.Errorf("osmimport: read extract: %w", err)
	}
	f := gazetteer.File{Source: source, Places: im.places()}
	return f, im.stats, nil
}

type importer struct {
	atlas     *geo.Atlas
	bound     orb.Bound
	nodes     map[osm.NodeID]orb.Point
	landmarks []gazetteer.Place
	streets   map[string]*gazetteer.Place // by normalised name
	stats     Stats
}

func (im *importer) node(n *osm.Node) {
	im.stats.Nodes++
	p := orb.Point{n.Lon, n.Lat}
	if !im.bound.Contains(p) {
		if _, ok := landmarkType(n.Tags); ok && n.Tags.Find("name") != "" {
			im.stats.OutsideCity++
		}
		return
	}
	im.nodes[n.ID] = p
	if kind, ok := landmarkType(n.Tags); ok {
		im.landmark(n.Tags.Find("name"), kind, p)
	}
}

func (im *importer) landmark(name, kind string, p orb.Point) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		im.stats.Unnamed++
	case !im.atlas.City().Shape.Contains(p):
		im.stats.OutsideCity++
	default:
		pl := gazetteer.Place{Name: name, Kind: gazetteer.Landmark, Type: kind, Lat: round5(p[1]), Lon: round5(p[0])}
		if v := im.atlas.Locate(p).Village; v != nil {
			pl.Kelurahan = []string{v.Code}
		}
		im.landmarks = append(im.landmarks, pl)
	}
}

func (im *importer) way(w *osm.Way) {
	im.stats.Ways++
	var line orb.LineString
	for _, wn := range w.Nodes {
		if p, ok := im.nodes[wn.ID]; ok {
			line = append(line, p)
		}
	}
	if len(line) == 0 {
		if w.Tags.Find("name") != "" {
			im.stats.OutsideCity++
		}
		return
	}
	if kind, ok := landmarkType(w.Tags); ok {
		im.landmark(w.Tags.Find("name"), kind, centre(line))
		return
	}
	if highway := w.Tags.Find("highway"); isStreet(highway) {
		im.street(w.Tags.Find("name"), highway, line)
	}
}

func (im *importer) street(name, highway string, line orb.LineString) {
	name = strings.TrimSpace(name)
	if name == "" {
		im.stats.Unnamed++
		return
	}
	city := im.atlas.City().Shape
	inside := slices.ContainsFunc(line, city.Contains)
	if !inside {
		im.stats.OutsideCity++
		return
	}
	key := strings.Join(gazetteer.Words(name), " ")
	st, ok := im.streets[key]
	if !ok {
		st = &gazetteer.Place{Name: name, Kind: gazetteer.Street, Type: highway}
		im.streets[key] = st
	}
	line = simplify.DouglasPeucker(0.00002).Simplify(line.Clone()).(orb.LineString)
	var out [][2]float64
	for i, p := range line {
		out = append(out, [2]float64{round5(p[0]), round5(p[1])})
		if i > 0 {
			im.kelurahanAlong(st, line[i-1], p)
		}
	}
	if len(line) == 1 {
		im.kelurahanAlong(st, line[0], line[0])
	}
	st.Lines = append(st.Lines, out)
}

// kelurahanAlong adds the kelurahan a segment crosses, sampled about
// every 30 m, to the street's list.
func (im *importer) kelurahanAlong(st *gazetteer.Place, a, b orb.Point) {
	const step = 0.0003 // degrees, about 30 m
	n := int(math.Ceil(math.Max(math.Abs(b[0]-a[0]), math.Abs(b[1]-a[1])) / step))
	for i := 0; i <= n; i++ {
		f := 0.0
		if n > 0 {
			f = float64(i) / float64(n)
		}
		p := orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
		if v := im.atlas.Locate(p).Village; v != nil && !slices.Contains(st.Kelurahan, v.Code) {
			st.Kelurahan = append(st.Kelurahan, v.Code)
		}
	}
}

// places lists the landmarks and streets, sorted for stable files. A
// street's point is the middle vertex of its longest piece.
func (im *importer) places() []gazetteer.Place {
	out := im.landmarks
	for _, st := range im.streets {
		longest := st.Lines[0]
		for _, l := range st.Lines {
			if len(l) > len(longest) {
				longest = l
			}
		}
		mid := halfway(longest)
		st.Lon, st.Lat = round5(mid[0]), round5(mid[1])
		slices.Sort(st.Kelurahan)
		out = append(out, *st)
	}
	im.stats.Landmarks, im.stats.Streets = len(im.landmarks), len(im.streets)
	slices.SortFunc(out, func(a, b gazetteer.Place) int {
		if a.Kind != b.Kind {
			return strings.Compare(string(a.Kind), string(b.Kind))
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// landmarkTags are the OSM tags whose named features callers give as
// landmarks; the value names the type shown to the call-taker.
var landmarkTags = map[string]map[string]bool{
	"amenity": {"place_of_worship": true, "school": true, "college": true, "university": true, "kindergarten": true,
		"hospital": true, "clinic": true, "doctors": true, "marketplace": true, "police": true, "fire_station": true,
		"townhall": true, "bank": true, "fuel": true, "pharmacy": true, "bus_station": true, "community_centre": true,
		"library": true, "post_office": true, "courthouse": true, "prison": true},
	"shop":       {"supermarket": true, "mall": true, "department_store": true},
	"leisure":    {"stadium": true, "park": true, "sports_centre": true},
	"railway":    {"station": true},
	"tourism":    {"hotel": true},
	"office":     {"government": true},
	"healthcare": {"hospital": true, "clinic": true, "centre": true},
	"building":   {"mosque": true, "church": true, "temple": true, "school": true, "hospital": true},
}

// landmarkType says whether tags mark a landmark, and which type: a place
// of worship is named by its religion (mosque, church, temple).
func landmarkType(tags osm.Tags) (string, bool) {
	for _, key := range []string{"amenity", "shop", "leisure", "railway", "tourism", "office", "healthcare", "building"} {
		v := tags.Find(key)
		if !landmarkTags[key][v] {
			continue
		}
		if v == "place_of_worship" {
			switch tags.Find("religion") {
			case "muslim":
				return "mosque", true
			case "christian":
				return "church", true
			case "buddhist", "hindu", "confucian":
				return "temple", true
			}
		}
		return v, true
	}
	return "", false
}

// isStreet keeps the ways a vehicle or a walker gives as an address.
func isStreet(highway string) bool {
	switch highway {
	case "", "footway", "path", "steps", "cycleway", "corridor", "platform", "proposed", "construction", "bridleway", "elevator":
		return false
	}
	return true
}

// halfway is the point half-way along a line (in degrees: true enough
// for choosing where a street's search result points).
func halfway(line [][2]float64) [2]float64 {
	total := 0.0
	for i := 1; i < len(line); i++ {
		total += math.Hypot(line[i][0]-line[i-1][0], line[i][1]-line[i-1][1])
	}
	left := total / 2
	for i := 1; i < len(line); i++ {
		d := math.Hypot(line[i][0]-line[i-1][0], line[i][1]-line[i-1][1])
		if d >= left && d > 0 {
			f := left / d
			return [2]float64{line[i-1][0] + f*(line[i][0]-line[i-1][0]), line[i-1][1] + f*(line[i][1]-line[i-1][1])}
		}
		left -= d
	}
	return line[len(line)/2]
}

func centre(line orb.LineString) orb.Point {
	b := line.Bound()
	return b.Center()
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }

// ExampleSource is the source line of the example gazetteer shipped with
// the default deployment.
const ExampleSource = "(contoh) made-up example extract (geo/gazetteer/osmimport/osmtest): real names, positions NOT surveyed; replace with `sigap geo import city.osm.pbf`"

// Encode writes a gazetteer file compactly: one place per line, so that a
// re-import shows as a readable diff.
func Encode(f gazetteer.File) ([]byte, error) {
	var b strings.Builder
	head, err := json.Marshal(struct {
		Source  string `json:"source"`
		Example bool   `json:"example,omitempty"`
	}{f.Source, f.Example})
	if err != nil {
		return nil, err
	}
	b.Write(head[:len(head)-1])
	b.WriteString(`,"places":[`)
	for i, p := range f.Places {
		line, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		b.Write(line)
	}
	b.WriteString("\n]}\n")
	return []byte(b.String()), nil
}
