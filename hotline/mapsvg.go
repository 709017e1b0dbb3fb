package hotline

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/geo"
	"github.com/sigap112/sigap/geo/gazetteer"
)

// cityMap is the clickable map of the intake screen: the city's kelurahan
// and kecamatan drawn as SVG from the boundary files, stations marked. No
// online tiles: it works when the uplink is down.
type cityMap struct {
	SVG template.HTML
}

// projection maps lon/lat to SVG units (equirectangular, scaled by the
// cosine of the middle latitude: true enough for a city).
type projection struct {
	minLon, maxLat, k, kx float64
	w, h                  float64
}

func newProjection(b orb.Bound, width float64) projection {
	pad := 0.004 // degrees around the city, so a click just outside it can be referred
	b = orb.Bound{Min: orb.Point{b.Min[0] - pad, b.Min[1] - pad}, Max: orb.Point{b.Max[0] + pad, b.Max[1] + pad}}
	cos := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	k := width / ((b.Max[0] - b.Min[0]) * cos)
	return projection{minLon: b.Min[0], maxLat: b.Max[1], k: k, kx: k * cos, w: width, h: (b.Max[1] - b.Min[1]) * k}
}

func (p projection) xy(pt orb.Point) (float64, float64) {
	return (pt[0] - p.minLon) * p.kx, (p.maxLat - pt[1]) * p.k
}

func (p projection) path(g orb.Geometry) string {
	g = simplify.DouglasPeucker(0.00003).Simplify(orb.Clone(g))
	var b strings.Builder
	var polys []orb.Polygon
	switch v := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{v}
	case orb.MultiPolygon:
		polys = v
	}
	for _, poly := range polys {
		for _, ring := range poly {
			for i, pt := range ring {
				x, y := p.xy(pt)
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&b, "%s%.1f %.1f", cmd, x, y)
			}
			b.WriteString("Z")
		}
	}
	return b.String()
}

// renderMap draws the city once at start-up.
func renderMap(atlas *geo.Atlas, dir *agencies.Directory, gaz *gazetteer.Gazetteer) cityMap {
	p := newProjection(atlas.City().Shape.Bound(), 1000)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="citymap" class="citymap" viewBox="0 0 %.0f %.0f" role="img" aria-label="Peta %s"`+
		` data-minlon="%f" data-maxlat="%f" data-kx="%f" data-k="%f" xmlns="http://www.w3.org/2000/svg">`,
		p.w, p.h, template.HTMLEscapeString(atlas.City().Name), p.minLon, p.maxLat, p.kx, p.k)
	fmt.Fprintf(&b, `<rect class="outside" x="0" y="0" width="%.0f" height="%.0f"/>`, p.w, p.h)
	for _, v := range atlas.Villages() {
		fmt.Fprintf(&b, `<path class="kel" data-code="%s" d="%s"><title>%s</title></path>`,
			v.Code, p.path(v.Shape.Geometry()), template.HTMLEscapeString(v.Name))
	}
	for _, d := range atlas.Districts() {
		fmt.Fprintf(&b, `<path class="kec" d="%s"/>`, p.path(d.Shape.Geometry()))
	}
	drawStreets(&b, p, gaz)
	for _, d := range atlas.Districts() {
		x, y := p.xy(d.Shape.Centroid())
		fmt.Fprintf(&b, `<text class="kec-label" x="%.0f" y="%.0f">%s</text>`, x, y, template.HTMLEscapeString(d.Name))
	}
	for _, a := range dir.Agencies() {
		for _, st := range dir.Stations(a.ID) {
			x, y := p.xy(st.Location)
			fmt.Fprintf(&b, `<g class="station st-%s" data-station="%s"><circle cx="%.1f" cy="%.1f" r="15"/>`+
				`<text x="%.1f" y="%.1f">%s</text><title>%s</title></g>`,
				a.ID, st.ID, x, y, x, y+6.5, stationGlyph(a.ID), template.HTMLEscapeString(st.Name))
		}
	}
	b.WriteString(`<circle id="pin" class="pin" r="14" cx="-100" cy="-100"/></svg>`)
	return cityMap{SVG: template.HTML(b.String())}
}

// stationGlyph is a one-letter mark per agency, readable without colour.
func stationGlyph(a agencies.AgencyID) string {
	switch a {
	case agencies.Damkar:
		return "D"
	case agencies.Dinkes:
		return "A"
	case agencies.BPBD:
		return "B"
	case agencies.Dishub:
		return "H"
	}
	return "?"
}
