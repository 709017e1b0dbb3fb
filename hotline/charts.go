package hotline

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// The charts of the report and charter pages are inline SVG drawn here by
// hand: no chart library, nothing fetched, and they print like the rest of
// the page. Every text goes through esc and every number through num, so
// the result is safe to hand to html/template as template.HTML. Colours are
// presentation attributes (the CSP forbids inline styles).

// Chart colours: bars and series, then axes and grid lines.
var (
	seriesColours = []string{"#0b5cad", "#1e7b34", "#b86e00", "#6a3d9a"}
	lineColour    = "#b3261e"
	axisColour    = "#5b6470"
	gridColour    = "#d5d9de"
)

// esc makes a text safe inside an SVG element or a quoted attribute.
func esc(s string) string { return template.HTMLEscapeString(s) }

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// svgDoc accumulates one SVG element; w and h are its viewBox size.
type svgDoc struct {
	b    strings.Builder
	w, h float64
}

// open starts the document with its accessible name (aria-label and <title>).
func (d *svgDoc) open(class, title, desc string) {
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %s %s" role="img" aria-label="%s" font-family="system-ui, sans-serif" font-size="12">`,
		esc(class), num(d.w), num(d.h), esc(title))
	fmt.Fprintf(&d.b, `<title>%s</title>`, esc(title))
	if desc != "" {
		fmt.Fprintf(&d.b, `<desc>%s</desc>`, esc(desc))
	}
	fmt.Fprintf(&d.b, `<text class="chart-title" x="%s" y="18" text-anchor="middle" font-size="14" font-weight="700" fill="#1b1f24">%s</text>`,
		num(d.w/2), esc(title))
}

// text writes a label; anchor is start, middle or end; rotate in degrees.
func (d *svgDoc) text(x, y float64, anchor, s string, rotate float64, extra string) {
	tr := ""
	if rotate != 0 {
		tr = fmt.Sprintf(` transform="rotate(%s %s %s)"`, num(rotate), num(x), num(y))
	}
	if !strings.Contains(extra, " fill=") {
		extra += ` fill="#1b1f24"`
	}
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" text-anchor="%s"%s%s>%s</text>`, num(x), num(y), anchor, tr, extra, esc(s))
}

func (d *svgDoc) line(x1, y1, x2, y2 float64, colour string) {
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, num(x1), num(y1), num(x2), num(y2), colour)
}

// legend draws coloured keys in a row ending at the right edge.
func (d *svgDoc) legend(y float64, labels, colours []string) {
	x := d.w - 8
	for i := len(labels) - 1; i >= 0; i-- {
		x -= float64(len([]rune(labels[i])))*6.5 + 6
		d.text(x+16, y+9, "start", labels[i], 0, "")
		fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="12" height="10" fill="%s"/>`, num(x), num(y), colours[i%len(colours)])
		x -= 22
	}
}

func (d *svgDoc) html() template.HTML {
	d.b.WriteString(`</svg>`)
	return template.HTML(d.b.String()) // every text went through esc, every number through num
}

// niceMax rounds v up to 1, 2 or 5 × 10^k steps; it returns the axis top
// and the step between ticks (at most 5 ticks above zero).
func niceMax(v float64) (top, step float64) {
	if v <= 0 || math.IsNaN(v) {
		return 1, 1
	}
	raw := v / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * mag; raw <= step {
			break
		}
	}
	if step < 1 {
		step = 1 // counts: whole ticks
	}
	return math.Ceil(v/step) * step, step
}

// pctLabel writes a share as "87,5 %" (Bahasa) or "87.5%" (English).
func pctLabel(lang Lang, p float64) string {
	s := strconv.FormatFloat(p, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if lang == langEN {
		return s + "%"
	}
	return strings.ReplaceAll(s, ".", ",") + " %"
}

// trendChart is the period day by day: a count as bars (left axis) and a
// share in percent as a line (right axis, 0–100).
type trendChart struct {
	Title, Desc         string
	XLabel              string // the axis under the days
	BarLabel, LineLabel string // legend and axis titles
	Empty               string // shown instead of bars when the period has no data
	Lang                Lang
	Days                []string  // labels under the bars
	Bars                []float64 // one per day
	Line                []float64 // one per day, percent; negative: nothing judged that day
}

// Geometry of the trend chart: viewBox and plot margins.
const (
	trendW, trendH                     = 720.0, 290.0
	trendL, trendR, trendTop, trendBot = 56.0, 56.0, 44.0, 58.0
)

// SVG draws the chart.
func (c trendChart) SVG() template.HTML {
	d := &svgDoc{w: trendW, h: trendH}
	d.open("trend", c.Title, c.Desc)
	plotW, plotH := trendW-trendL-trendR, trendH-trendTop-trendBot
	base := trendTop + plotH
	top, step := niceMax(maxOf(c.Bars))
	for v := 0.0; v <= top+step/2; v += step { // left axis: counts, with grid lines
		y := base - v/top*plotH
		d.line(trendL, y, trendL+plotW, y, gridColour)
		d.text(trendL-6, y+4, "end", num(v), 0, "")
	}
	for _, p := range []float64{0, 50, 100} { // right axis: percent
		d.text(trendL+plotW+6, base-p/100*plotH+4, "start", pctLabel(c.Lang, p), 0, "")
	}
	d.line(trendL, trendTop, trendL, base, axisColour)
	d.line(trendL+plotW, trendTop, trendL+plotW, base, axisColour)
	d.line(trendL, base, trendL+plotW, base, axisColour)
	d.text(14, trendTop+plotH/2, "middle", c.BarLabel, -90, "")
	d.text(trendW-10, trendTop+plotH/2, "middle", c.LineLabel, 90, "")
	d.text(trendL+plotW/2, trendH-8, "middle", c.XLabel, 0, "")
	d.legend(26, []string{c.BarLabel, c.LineLabel}, []string{seriesColours[0], lineColour})
	if len(c.Days) == 0 || (maxOf(c.Bars) <= 0 && maxOf(c.Line) < 0) {
		d.text(trendL+plotW/2, trendTop+plotH/2, "middle", c.Empty, 0, ` class="chart-empty"`)
		return d.html()
	}
	slot := plotW / float64(len(c.Days))
	c.drawBars(d, slot, top, plotH, base)
	c.drawLine(d, slot, plotH, base)
	return d.html()
}

// drawBars draws one bar per day and every k-th day's label.
func (c trendChart) drawBars(d *svgDoc, slot, top, plotH, base float64) {
	every := int(math.Ceil(float64(len(c.Days)) / 12))
	for i, day := range c.Days {
		x := trendL + float64(i)*slot
		if i%every == 0 {
			d.text(x+slot/2, base+16, "middle", day, 0, "")
		}
		v := 0.0
		if i < len(c.Bars) {
			v = c.Bars[i]
		}
		h := v / top * plotH
		fmt.Fprintf(&d.b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s" data-value="%s"><title>%s: %s</title></rect>`,
			num(x+slot*0.15), num(base-h), num(slot*0.7), num(h), seriesColours[0], num(v), esc(day), num(v))
	}
}

// drawLine draws the share as a polyline, broken where a day has no value,
// with a dot per value.
func (c trendChart) drawLine(d *svgDoc, slot, plotH, base float64) {
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			fmt.Fprintf(&d.b, `<polyline class="line" points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(seg, " "), lineColour)
		}
		seg = seg[:0]
	}
	for i, p := range c.Line {
		if i >= len(c.Days) || p < 0 {
			flush()
			continue
		}
		x, y := trendL+(float64(i)+0.5)*slot, base-math.Min(p, 100)/100*plotH
		seg = append(seg, num(x)+","+num(y))
		fmt.Fprintf(&d.b, `<circle class="point" cx="%s" cy="%s" r="3" fill="%s" data-value="%s"><title>%s: %s</title></circle>`,
			num(x), num(y), lineColour, num(p), esc(c.Days[i]), esc(pctLabel(c.Lang, p)))
	}
	flush()
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	if math.IsInf(m, -1) {
		return -1
	}
	return m
}

// shareChart compares groups by their share within target, one bar per
// series (e.g. acknowledged, arrived, resolved in time), 0–100 %.
type shareChart struct {
	Title, Desc string
	XLabel      string // under the percent axis
	Empty       string // shown when there is no group
	NoValue     string // beside a series with nothing judged
	Lang        Lang
	Series      []string // legend, one per value
	Groups      []shareGroup
}

// shareGroup is one group's shares; negative: nothing judged.
type shareGroup struct {
	Label  string
	Values []float64
}

// Geometry of the share chart: width, margins, bar thickness.
const (
	shareW, shareL, shareR, shareTop, shareBot = 720.0, 200.0, 60.0, 44.0, 44.0
	shareBar, shareGap                         = 13.0, 12.0
)

// SVG draws the chart; its height grows with the groups.
func (c shareChart) SVG() template.HTML {
	rowH := float64(max(len(c.Series), 1))*shareBar + shareGap
	plotH := math.Max(float64(len(c.Groups))*rowH, 40)
	d := &svgDoc{w: shareW, h: shareTop + plotH + shareBot}
	d.open("share", c.Title, c.Desc)
	plotW := shareW - shareL - shareR
	base := shareTop + plotH
	for _, p := range []float64{0, 25, 50, 75, 100} {
		x := shareL + p/100*plotW
		d.line(x, shareTop, x, base, gridColour)
		d.text(x, base+16, "middle", pctLabel(c.Lang, p), 0, "")
	}
	d.line(shareL, shareTop, shareL, base, axisColour)
	d.line(shareL, base, shareL+plotW, base, axisColour)
	d.text(shareL+plotW/2, d.h-8, "middle", c.XLabel, 0, "")
	d.legend(26, c.Series, seriesColours)
	if len(c.Groups) == 0 {
		d.text(shareL+plotW/2, shareTop+plotH/2+4, "middle", c.Empty, 0, ` class="chart-empty"`)
		return d.html()
	}
	for i, g := range c.Groups {
		y := shareTop + float64(i)*rowH + shareGap/2
		d.text(shareL-8, y+rowH/2, "end", shorten(g.Label, 26), 0, ` font-size="11"`)
		for j, v := range g.Values {
			c.drawBar(d, g.Label, j, v, y+float64(j)*shareBar, plotW)
		}
	}
	return d.html()
}

// drawBar draws one share with its value written at its end.
func (c shareChart) drawBar(d *svgDoc, group string, series int, v, y, plotW float64) {
	name := ""
	if series < len(c.Series) {
		name = c.Series[series]
	}
	if v < 0 {
		d.text(shareL+4, y+shareBar-3, "start", c.NoValue, 0, ` font-size="10" fill-opacity="0.7"`)
		return
	}
	w := math.Min(v, 100) / 100 * plotW
	fmt.Fprintf(&d.b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s" data-value="%s"><title>%s — %s: %s</title></rect>`,
		num(shareL), num(y+1), num(w), num(shareBar-2), seriesColours[series%len(seriesColours)], num(v),
		esc(group), esc(name), esc(pctLabel(c.Lang, v)))
	d.text(shareL+w+4, y+shareBar-3, "start", pctLabel(c.Lang, v), 0, ` font-size="10"`)
}

// shorten cuts a label to n characters with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// flowDiagram is a row of numbered steps joined by arrows.
type flowDiagram struct {
	Title string
	Steps []string
}

// Geometry of the flow diagram.
const (
	flowW, flowH, flowBoxH, flowArrow = 960.0, 190.0, 118.0, 26.0
)

// SVG draws the diagram; its accessible name lists the steps in order.
func (c flowDiagram) SVG() template.HTML {
	d := &svgDoc{w: flowW, h: flowH}
	d.open("flow", c.Title, strings.Join(c.Steps, " → "))
	n := float64(max(len(c.Steps), 1))
	boxW := (flowW - 16 - (n-1)*flowArrow) / n
	y := 40.0
	for i, step := range c.Steps {
		x := 8 + float64(i)*(boxW+flowArrow)
		fmt.Fprintf(&d.b, `<g class="step"><rect x="%s" y="%s" width="%s" height="%s" rx="8" fill="#e8eef6" stroke="#0b5cad" stroke-width="1.5"/>`,
			num(x), num(y), num(boxW), num(flowBoxH))
		fmt.Fprintf(&d.b, `<circle cx="%s" cy="%s" r="11" fill="#0b5cad"/>`, num(x+16), num(y+16))
		d.text(x+16, y+20, "middle", strconv.Itoa(i+1), 0, ` fill="#fff" font-weight="700"`)
		lines := wrapWords(step, int(boxW/7))
		top := y + 28 + (flowBoxH-28)/2 - float64(len(lines)-1)*8 // centred below the number
		for k, ln := range lines {
			d.text(x+boxW/2, top+float64(k)*16, "middle", ln, 0, ` font-size="13"`)
		}
		d.b.WriteString(`</g>`)
		if i < len(c.Steps)-1 {
			ax := x + boxW + 3
			ay := y + flowBoxH/2
			fmt.Fprintf(&d.b, `<polygon class="arrow" points="%s,%s %s,%s %s,%s" fill="%s"/>`,
				num(ax), num(ay-8), num(ax+flowArrow-6), num(ay), num(ax), num(ay+8), axisColour)
		}
	}
	return d.html()
}

// wrapWords splits s into lines of at most width characters (a longer word
// keeps its own line).
func wrapWords(s string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
