package hotline

import (
	"encoding/xml"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// svgNode is any element of a parsed chart.
type svgNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []svgNode  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n svgNode) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("%s %s=%q: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// find returns every element named tag whose class list holds class ("" any).
func (n svgNode) find(tag, class string) []svgNode {
	var out []svgNode
	if n.XMLName.Local == tag && (class == "" || strings.Contains(" "+n.attr("class")+" ", " "+class+" ")) {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.find(tag, class)...)
	}
	return out
}

// noDuplicateAttrs fails on an element that repeats an attribute (not
// well-formed XML; browsers keep the first).
func noDuplicateAttrs(t *testing.T, n svgNode) {
	t.Helper()
	seen := map[string]bool{}
	for _, a := range n.Attrs {
		if seen[a.Name.Local] {
			t.Fatalf("<%s> repeats %s", n.XMLName.Local, a.Name.Local)
		}
		seen[a.Name.Local] = true
	}
	for _, c := range n.Children {
		noDuplicateAttrs(t, c)
	}
}

// parseSVG checks that a chart is well-formed XML with an accessible name.
func parseSVG(t *testing.T, h template.HTML) svgNode {
	t.Helper()
	var root svgNode
	if err := xml.Unmarshal([]byte(h), &root); err != nil {
		t.Fatalf("not well-formed SVG: %v\n%s", err, h)
	}
	noDuplicateAttrs(t, root)
	if root.XMLName.Local != "svg" || root.attr("role") != "img" || root.attr("aria-label") == "" || root.attr("viewBox") == "" {
		t.Fatalf("root: %+v", root.Attrs)
	}
	if titles := root.find("title", ""); len(titles) == 0 || titles[0].Text != root.attr("aria-label") {
		t.Fatalf("the chart's <title> must repeat its aria-label")
	}
	return root
}

const hostile = `<script>alert("x")</script> & 'q'`

func TestTrendChartIsValidAndEscaped(t *testing.T) {
	tests := []struct {
		name  string
		chart trendChart
		bars  int
	}{
		{"month", trendChart{Title: "Tren", Days: []string{"01/11", "02/11", "03/11"}, Bars: []float64{3, 0, 7}, Line: []float64{100, -1, 50}}, 3},
		{"no days", trendChart{Title: "Tren", Empty: "Tidak ada data"}, 0},
		{"all zero", trendChart{Title: "Tren", Empty: "Tidak ada data", Days: []string{"01/11"}, Bars: []float64{0}, Line: []float64{-1}}, 0},
		{"hostile text", trendChart{Title: hostile, Desc: hostile, XLabel: hostile, BarLabel: hostile, LineLabel: hostile,
			Days: []string{hostile}, Bars: []float64{1}, Line: []float64{50}}, 1},
		{"fewer bars than days", trendChart{Title: "Tren", Days: []string{"01/11", "02/11"}, Bars: []float64{2}, Line: nil}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.chart.SVG()
			root := parseSVG(t, h)
			if strings.Contains(string(h), "<script") {
				t.Fatal("unescaped markup in the chart")
			}
			if got := len(root.find("rect", "bar")); got != tt.bars {
				t.Errorf("%d bars, want %d", got, tt.bars)
			}
			if tt.bars == 0 && !strings.Contains(string(h), "chart-empty") {
				t.Error("an empty chart must say so")
			}
		})
	}
}

func TestTrendChartDrawsValuesAtTheirHeights(t *testing.T) {
	c := trendChart{Title: "Tren", Days: []string{"a", "b", "c", "d"}, Bars: []float64{0, 5, 10, 2.5}, Line: []float64{50, -1, 100, 0}}
	root := parseSVG(t, c.SVG())
	plotH, base := trendH-trendTop-trendBot, trendH-trendBot // axis top is 10 for a maximum of 10
	bars := root.find("rect", "bar")
	if len(bars) != 4 {
		t.Fatalf("%d bars", len(bars))
	}
	for i, want := range []float64{0, 5, 10, 2.5} {
		h, y := bars[i].num(t, "height"), bars[i].num(t, "y")
		if math.Abs(h-want/10*plotH) > 0.1 || math.Abs(y+h-base) > 0.1 {
			t.Errorf("bar %d (value %v): y=%v height=%v, want height %v standing on %v", i, want, y, h, want/10*plotH, base)
		}
		if bars[i].attr("data-value") != num(want) {
			t.Errorf("bar %d data-value %q", i, bars[i].attr("data-value"))
		}
	}
	points := root.find("circle", "point")
	if len(points) != 3 {
		t.Fatalf("%d points, want 3 (a day without a value has none)", len(points))
	}
	for i, want := range []float64{50, 100, 0} {
		if cy := points[i].num(t, "cy"); math.Abs(cy-(base-want/100*plotH)) > 0.1 {
			t.Errorf("point %d (%v %%): cy=%v", i, want, cy)
		}
	}
	if n := len(root.find("polyline", "line")); n != 1 {
		t.Errorf("%d line segments, want 1 (broken where a day has no value)", n)
	}
}

func TestShareChartDrawsSharesAtTheirWidths(t *testing.T) {
	c := shareChart{Title: "Tepat waktu", NoValue: "belum dinilai", Series: []string{"a", "b", "c"},
		Groups: []shareGroup{{Label: "DAMKAR", Values: []float64{100, 50, -1}}, {Label: hostile, Values: []float64{0, 25, 120}}}}
	h := c.SVG()
	root := parseSVG(t, h)
	plotW := shareW - shareL - shareR
	bars := root.find("rect", "bar")
	want := []float64{100, 50, 0, 25, 100} // -1 draws no bar; above 100 is capped
	if len(bars) != len(want) {
		t.Fatalf("%d bars, want %d", len(bars), len(want))
	}
	for i, w := range want {
		if got := bars[i].num(t, "width"); math.Abs(got-w/100*plotW) > 0.1 {
			t.Errorf("bar %d: width %v, want %v", i, got, w/100*plotW)
		}
	}
	if !strings.Contains(string(h), "belum dinilai") || strings.Contains(string(h), "<script") {
		t.Error("a share with nothing judged must say so; labels must be escaped")
	}
	empty := shareChart{Title: "Tepat waktu", Empty: "Tidak ada data"}.SVG()
	if parseSVG(t, empty); !strings.Contains(string(empty), "Tidak ada data") {
		t.Error("an empty share chart must say so")
	}
}

func TestFlowDiagram(t *testing.T) {
	steps := []string{"Warga menelepon 112", "Petugas 112 mencatat & mengklasifikasi", "Sigap mengirim tugas ke instansi & pos terdekat",
		"Petugas menerima (TERIMA), berangkat, tiba, selesai", "Laporan & evaluasi"}
	h := flowDiagram{Title: "Alur pelayanan", Steps: steps}.SVG()
	root := parseSVG(t, h)
	if n := len(root.find("g", "step")); n != len(steps) {
		t.Errorf("%d steps drawn, want %d", n, len(steps))
	}
	if n := len(root.find("polygon", "arrow")); n != len(steps)-1 {
		t.Errorf("%d arrows, want %d", n, len(steps)-1)
	}
	desc := root.find("desc", "")
	if len(desc) != 1 || desc[0].Text != strings.Join(steps, " → ") {
		t.Errorf("the description must list the steps in order: %+v", desc)
	}
}

func TestNiceMax(t *testing.T) {
	tests := []struct{ in, top, step float64 }{
		{0, 1, 1}, {-3, 1, 1}, {1, 1, 1}, {3, 3, 1}, {7, 8, 2}, {10, 10, 2}, {23, 25, 5}, {480, 500, 100},
	}
	for _, tt := range tests {
		if top, step := niceMax(tt.in); top != tt.top || step != tt.step {
			t.Errorf("niceMax(%v) = %v, %v; want %v, %v", tt.in, top, step, tt.top, tt.step)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{mmss(-1), ""},
		{mmss(0), "0:00"},
		{mmss(59_999), "0:59"},
		{mmss(75_000), "1:15"},
		{mmss(3_725_000), "1:02:05"},
		{pctLabel(langID, 87.5), "87,5 %"},
		{pctLabel(langEN, 87.5), "87.5%"},
		{pctLabel(langID, 100), "100 %"},
		{humanDuration(time.Minute, langID), "1 menit"},
		{humanDuration(15*time.Minute, langEN), "15 minutes"},
		{humanDuration(90*time.Minute, langID), "1 jam 30 menit"},
		{humanDuration(3*time.Hour, langEN), "3 hours"},
		{humanDuration(time.Hour, langEN), "1 hour"},
		{humanDuration(60*time.Second, langEN), "1 minute"},
		{humanDuration(45*time.Second, langID), "45 detik"},
		{humanDuration(90*time.Second, langEN), "1 minute 30 seconds"},
		{humanDuration(0, langID), "0 detik"},
		{humanDuration(roughly(42*time.Minute+31*time.Second), langID), "43 menit"},
		{humanDuration(roughly(1499*time.Millisecond), langEN), "1 second"},
		{fill("{0} — {1}", "a", "b"), "a — b"},
		{wrapWords("Sigap mengirim tugas ke instansi", 12)[0], "Sigap"},
		{shorten("Ambulans Puskesmas Rambutan", 10), "Ambulans …"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestPublicCacheKeepsContentFiveMinutes(t *testing.T) {
	pc := &publicCache{ttl: publicCacheTTL}
	builds := 0
	build := func(down bool) func() *publicData {
		return func() *publicData { builds++; return &publicData{FiguresDown: down} }
	}
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	steps := []struct {
		at     time.Duration
		lang   Lang
		down   bool
		builds int
	}{
		{0, langID, true, 1},            // storage down: shown, not kept
		{time.Second, langID, false, 2}, // built again
		{4 * time.Minute, langID, false, 2},
		{4 * time.Minute, langEN, false, 3}, // each language its own
		{5*time.Minute + time.Second, langID, false, 4},
	}
	for i, st := range steps {
		pc.get(st.lang, t0.Add(st.at), build(st.down))
		if builds != st.builds {
			t.Fatalf("step %d: %d builds, want %d", i, builds, st.builds)
		}
	}
}
