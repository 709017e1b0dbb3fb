package hotline

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/geo/gazetteer"
)

// drawStreets adds the gazetteer's streets to the city map, each named on
// hover, and the landmarks as small marks, so that a call-taker can place
// "behind the mosque on Jl. Sudirman" without online tiles. Streets do not
// take clicks: a click still lands on the kelurahan under them.
func drawStreets(b *strings.Builder, p projection, g *gazetteer.Gazetteer) {
	if g == nil {
		return
	}
	b.WriteString(`<g class="streets">`)
	for _, st := range g.Streets() {
		var d strings.Builder
		for _, line := range st.Lines {
			for i, v := range line {
				x, y := p.xy(orb.Point{v[0], v[1]})
				cmd := "L"
				if i == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%.1f %.1f", cmd, x, y)
			}
		}
		fmt.Fprintf(b, `<path class="street st-%s" d="%s"><title>%s</title></path>`,
			template.HTMLEscapeString(st.Type), d.String(), template.HTMLEscapeString(st.Name))
	}
	for _, pl := range g.Places() {
		if pl.Kind != gazetteer.Landmark {
			continue
		}
		x, y := p.xy(orb.Point{pl.Lon, pl.Lat})
		fmt.Fprintf(b, `<circle class="landmark" cx="%.1f" cy="%.1f" r="4"><title>%s</title></circle>`,
			x, y, template.HTMLEscapeString(pl.Name))
	}
	b.WriteString(`</g>`)
}
