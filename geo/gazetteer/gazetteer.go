// Package gazetteer finds the streets and landmarks of a city by the words a
// caller uses ("Jl. Sudirman dekat masjid", "SD 12", "pasar gambir"). The
// places come from a compact JSON file made from an OpenStreetMap extract
// (see osmimport) and live in the deployment; search is a prefix and
// typo-tolerant match over normalised words, fast enough to run as the
// call-taker types.
package gazetteer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sigap112/sigap/geo"
)

// Kind is what a place is to a responder.
type Kind string

// Kinds of places.
const (
	Street   Kind = "street"   // a named way: somewhere along it
	Landmark Kind = "landmark" // a named point: mosque, school, market, hospital…
)

// Place is one named street or landmark.
type Place struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Type is the OpenStreetMap tag value (mosque, school, marketplace,
	// residential…), shown to the call-taker.
	Type string `json:"type,omitempty"`
	// Lat, Lon: the landmark, or the street's middle vertex.
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	// Kelurahan codes the place lies in (a street may cross several).
	Kelurahan []string `json:"kelurahan,omitempty"`
	// Lines of a street, each [[lon, lat], …], simplified for the map.
	Lines [][][2]float64 `json:"lines,omitempty"`
}

// File is the gazetteer file of a deployment.
type File struct {
	// Source says where the places came from (an OSM extract and its date).
	Source string `json:"source"`
	// Example marks made-up data that a city must replace (contoh).
	Example bool    `json:"example,omitempty"`
	Places  []Place `json:"places"`
}

// Gazetteer is a loaded, searchable file. It is immutable and safe for
// concurrent use.
type Gazetteer struct {
	file    File
	entries []entry
}

type entry struct {
	place *Place
	words []string // normalised words of the name
	runes [][]rune // the same, as runes (typo matching)
}

// ErrInvalid wraps every problem found in a gazetteer file.
var ErrInvalid = errors.New("gazetteer: invalid file")

// maxFileBytes bounds a gazetteer: a city's streets and landmarks fit in a
// few megabytes; more means a wrong file.
const maxFileBytes = 64 << 20

// Read decodes and validates a gazetteer file; unknown fields are errors.
func Read(r io.Reader) (*Gazetteer, error) {
	dec := json.NewDecoder(io.LimitReader(r, maxFileBytes))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return New(f)
}

// New validates the places and prepares them for search.
func New(f File) (*Gazetteer, error) {
	g := &Gazetteer{file: f}
	for i := range g.file.Places {
		p := &g.file.Places[i]
		p.Name = strings.TrimSpace(p.Name)
		switch {
		case p.Name == "":
			return nil, fmt.Errorf("%w: places[%d].name: required", ErrInvalid, i)
		case p.Kind != Street && p.Kind != Landmark:
			return nil, fmt.Errorf("%w: places[%d].kind: %q is not street or landmark", ErrInvalid, i, p.Kind)
		case geo.ValidPoint(p.Lat, p.Lon) != nil || (p.Lat == 0 && p.Lon == 0):
			return nil, fmt.Errorf("%w: places[%d] (%s): lat/lon out of range", ErrInvalid, i, p.Name)
		}
		e := entry{place: p, words: Words(p.Name)}
		for _, w := range e.words {
			e.runes = append(e.runes, []rune(w))
		}
		g.entries = append(g.entries, e)
	}
	return g, nil
}

// Source says where the places came from; Example marks made-up data.
func (g *Gazetteer) Source() string { return g.file.Source }

// Example reports whether the file is example data (contoh).
func (g *Gazetteer) Example() bool { return g.file.Example }

// Places returns every place. The slice is shared: do not modify it.
func (g *Gazetteer) Places() []Place { return g.file.Places }

// Streets returns the streets (for drawing the map).
func (g *Gazetteer) Streets() []Place {
	var out []Place
	for _, p := range g.file.Places {
		if p.Kind == Street {
			out = append(out, p)
		}
	}
	return out
}

// Match is a place found for a query, best first.
type Match struct {
	Place
	Score float64 `json:"score"`
	// NearStreet is set for a landmark found next to a street the query
	// also named ("Jl. Sudirman dekat masjid").
	NearStreet string `json:"near_street,omitempty"`
}

// nearStreetMetres is how close a landmark must be to a street named in
// the same query to count as "on" it.
const nearStreetMetres = 150

// Search finds places whose names match the query's words (each a prefix,
// or a prefix with one typo for words of four letters or more), best first;
// words like "dekat" or "depan" are ignored. A landmark next to a street
// the query also names ranks above the others. kelurahan, when given,
// keeps the places in that kelurahan. At most limit results.
func (g *Gazetteer) Search(query, kelurahan string, limit int) []Match {
	q := queryWords(query)
	if len(q) == 0 || limit <= 0 {
		return nil
	}
	qr := make([][]rune, len(q))
	for i, w := range q {
		qr[i] = []rune(w)
	}
	var hits, streets []hit
	for i := range g.entries {
		e := &g.entries[i]
		if kelurahan != "" && !slices.Contains(e.place.Kelurahan, kelurahan) {
			continue
		}
		s, matched := score(q, qr, e)
		if s == 0 {
			continue
		}
		h := hit{e: e, score: s + float64(matched)/float64(len(q))} // completeness breaks ties
		hits = append(hits, h)
		if e.place.Kind == Street && matched < len(q) {
			streets = append(streets, h)
		}
	}
	for i := range hits {
		p := hits[i].e.place
		if p.Kind != Landmark {
			continue
		}
		bonus := 0.0
		for _, st := range streets {
			if st.score > bonus && distanceToLines(p.Lat, p.Lon, st.e.place.Lines) <= nearStreetMetres {
				bonus, hits[i].near = st.score, st.e.place.Name
			}
		}
		hits[i].score += bonus
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		return compareMatch(a.score, b.score, a.e.place, b.e.place)
	})
	out := make([]Match, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, Match{Place: *h.e.place, Score: h.score, NearStreet: h.near})
	}
	return out
}

// hit is a place matched by a search, before ranking.
type hit struct {
	e     *entry
	score float64
	near  string
}

// SortMatches orders matches best first: score, then landmarks before
// streets, then shorter names, then by name.
func SortMatches(m []Match) {
	slices.SortStableFunc(m, func(a, b Match) int { return compareMatch(a.Score, b.Score, &a.Place, &b.Place) })
}

func compareMatch(sa, sb float64, a, b *Place) int {
	switch {
	case sa != sb:
		if sa > sb {
			return -1
		}
		return 1
	case a.Kind != b.Kind:
		if a.Kind == Landmark {
			return -1
		}
		return 1
	case len(a.Name) != len(b.Name):
		return len(a.Name) - len(b.Name)
	}
	return strings.Compare(a.Name, b.Name)
}
