package hotline

import (
	"errors"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/report"
)

// reportPages registers the officials' report page and the supervisors'
// complaints pages (console, signed in).
func (s *Server) reportPages(pages *gin.RouterGroup) {
	readers := s.auth.requireRole(RoleOfficial, RoleSupervisor, RoleAdmin, RoleAgency)
	pages.GET("/laporan", readers, s.HandleReportPage())
	supervisors := s.auth.requireRole(RoleSupervisor, RoleAdmin)
	box := s.complaintStore()
	pages.GET("/pengaduan", supervisors, s.HandleComplaintsPage(box))
	pages.POST("/pengaduan/:id/jawab", supervisors, limitForm(), s.HandleComplaintAnswer(box))
	pages.POST("/pengaduan/:id/tindak-lanjut", supervisors, limitForm(), s.HandleComplaintUpdate(box))
}

// maxBreachRows bounds the breach list on the page; the CSV has them all.
const maxBreachRows = 300

// reportPage is what reports.html gets.
type reportPage struct {
	Filter reportFilter
	Errors []string    // invalid filters, in the page's language
	Error  string      // the report could not be computed
	Report *reportView // nil when there is nothing to show
	// Citizen: complaints against the 14-day limit and the survey index (citizen_report.go).
	Citizen *citizenReport
}

// option is one entry of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// reportFilter is the filter form, refilled from the query.
type reportFilter struct {
	Period, Date, From, To                                                  string
	Periods, GroupBy, Agencies, Stations, Categories, Priorities, Kecamatan []option
}

// reportView is a computed report as the page shows it.
type reportView struct {
	Period, Summary, GroupLabel, Generated string
	Intervals                              []string
	Rows                                   []reportRow
	Overall                                reportRow
	Breaches                               []breachRow
	BreachesMore                           int
	Calls                                  callStats
	Charts                                 []template.HTML
	CSVAggregates, CSVAssignments          string
}

// reportRow is one group: counts, then per interval median, p90 and share.
type reportRow struct {
	Label                  string
	Incidents, Assignments int
	Cells                  []statCell
}

type statCell struct{ Median, P90, Within string }

type breachRow struct{ Code, Agency, Station, Interval, Deadline, Late, Reason string }

// HandleReportPage shows the compliance report (GET /laporan): the same
// query parameters as GET /api/v1/reports/compliance.
func (s *Server) HandleReportPage() gin.HandlerFunc {
	return func(c *gin.Context) {
		lang := uiLang(c)
		p := reportPage{Filter: s.reportFilter(c, lang)}
		q, err := s.reportQuery(c)
		var ve *dispatch.ValidationError
		if errors.As(err, &ve) {
			p.Errors = filterErrors(lang, ve)
			s.render(c, http.StatusBadRequest, "reports", "rp_title", p)
			return
		}
		if p.Filter.Period == "custom" {
			p.Filter.From, p.Filter.To = q.From.Format("2006-01-02"), q.To.AddDate(0, 0, -1).Format("2006-01-02")
		}
		r, err := s.reports.Compliance(c.Request.Context(), q)
		if err != nil {
			s.log.Error("report page", zap.Error(err))
			p.Error = uiText(lang, "err_unavailable")
			s.render(c, http.StatusServiceUnavailable, "reports", "rp_title", p)
			return
		}
		p.Report = s.reportView(c, r, q, lang)
		p.Citizen = s.citizenReport(c, q, lang)
		s.render(c, http.StatusOK, "reports", "rp_title", p)
	}
}

// filterErrors words the invalid filters, one line per field.
func filterErrors(lang Lang, ve *dispatch.ValidationError) []string {
	var out []string
	for _, f := range []string{"date", "from", "to", "group_by"} {
		if fe, ok := ve.Fields[f]; ok {
			out = append(out, uiText(lang, "rp_err_"+f+"_"+fe.Code))
		}
	}
	return out
}

// options builds a select from value/label pairs.
func options(selected string, pairs [][2]string) []option {
	out := make([]option, len(pairs))
	for i, p := range pairs {
		out[i] = option{Value: p[0], Label: p[1], Selected: p[0] == selected}
	}
	return out
}

// reportFilter fills the form's selects from the deployment; an agency
// user is offered its own agency only (reportQuery enforces it).
func (s *Server) reportFilter(c *gin.Context, lang Lang) reportFilter {
	t := func(k string) string { return uiText(lang, k) }
	f := reportFilter{Period: c.DefaultQuery("period", "custom"), Date: c.Query("date"), From: c.Query("from"), To: c.Query("to")}
	f.Periods = options(f.Period, [][2]string{{"day", t("rp_period_day")}, {"week", t("rp_period_week")},
		{"month", t("rp_period_month")}, {"custom", t("rp_period_custom")}})
	var dims [][2]string
	for _, d := range []report.Dim{report.ByAgency, report.ByStation, report.ByCategory, report.ByKecamatan, report.ByPriority} {
		dims = append(dims, [2]string{string(d), t("rp_by_" + string(d))})
	}
	f.GroupBy = options(c.DefaultQuery("group_by", "agency"), dims)
	agency, all := c.Query("agency"), [2]string{"", t("rp_all")}
	ags, sts := [][2]string{all}, [][2]string{all}
	u := currentUser(c)
	own := u != nil && u.Role == RoleAgency
	if own {
		ags, agency = nil, string(u.Agency)
	}
	for _, a := range s.dep.Directory.Agencies() {
		if own && string(a.ID) != agency {
			continue
		}
		ags = append(ags, [2]string{string(a.ID), a.ShortName})
		for _, st := range s.dep.Directory.Stations(a.ID) {
			sts = append(sts, [2]string{string(st.ID), st.Name})
		}
	}
	f.Agencies, f.Stations = options(agency, ags), options(c.Query("station"), sts)
	cats := [][2]string{all}
	for _, cat := range s.dep.Taxonomy.Categories() {
		if cat.Emergency {
			cats = append(cats, [2]string{string(cat.ID), categoryName(cat, lang)})
		}
	}
	f.Categories = options(c.Query("category"), cats)
	f.Priorities = options(c.Query("priority"), [][2]string{all, {"1", "P1 · " + t("p1")}, {"2", "P2 · " + t("p2")}, {"3", "P3 · " + t("p3")}})
	kecs := [][2]string{all}
	for _, d := range s.dep.Atlas.Districts() {
		kecs = append(kecs, [2]string{d.Code, d.Name})
	}
	f.Kecamatan = options(c.Query("kecamatan"), kecs)
	return f
}

// categoryName is a category's label in the page's language.
func categoryName(cat classify.Category, lang Lang) string {
	if lang == langEN && cat.NameEN != "" {
		return cat.NameEN
	}
	return cat.Name
}

// dimLabel names a group key for people: the agency's short name, the
// station's name, the category's label, the kecamatan's name, "P1 · gawat".
func (s *Server) dimLabel(dim report.Dim, key string, lang Lang) string {
	switch dim {
	case report.ByAgency:
		if a, ok := s.dep.Directory.Agency(agencies.AgencyID(key)); ok {
			return a.ShortName
		}
	case report.ByStation:
		if st, ok := s.dep.Directory.Station(agencies.StationID(key)); ok {
			return st.Name
		}
	case report.ByCategory:
		if cat, ok := s.dep.Taxonomy.Category(classify.CategoryID(key)); ok {
			return categoryName(cat, lang)
		}
	case report.ByKecamatan:
		if key == "" {
			return uiText(lang, "rp_outside_city")
		}
		if a, ok := s.dep.Atlas.Area(key); ok {
			return a.Name
		}
	case report.ByPriority:
		return key + " · " + uiText(lang, strings.ToLower(key))
	}
	return key
}

// reportView turns a report into the page's rows, lists and charts.
func (s *Server) reportView(c *gin.Context, r *report.Report, q report.Query, lang Lang) *reportView {
	v := &reportView{Period: r.From + " – " + r.To, GroupLabel: uiText(lang, "rp_by_"+string(q.GroupBy)),
		Generated:     r.Generated.In(s.dep.Location).Format("2006-01-02 15:04 MST"),
		CSVAggregates: csvLink(c, "aggregates"), CSVAssignments: csvLink(c, "assignments")}
	v.Summary = s.filterSummary(q, lang)
	for _, iv := range report.Intervals() {
		v.Intervals = append(v.Intervals, uiText(lang, "iv_"+iv.String()))
	}
	for _, g := range r.Groups {
		v.Rows = append(v.Rows, reportRowOf(g, s.dimLabel(q.GroupBy, g.Key, lang), lang))
	}
	v.Overall = reportRowOf(r.Overall, uiText(lang, "rp_overall"), lang)
	v.Breaches, v.BreachesMore = s.breachRows(r.Breaches, lang)
	v.Calls = callStatsOf(r.Calls, s.dep.Taxonomy, lang)
	v.Charts = []template.HTML{s.trendSVG(r, lang), s.shareSVG(r, q.GroupBy, lang)}
	return v
}

// filterSummary says in one line what the report covers (the form does not print).
func (s *Server) filterSummary(q report.Query, lang Lang) string {
	parts := []string{uiText(lang, "rp_grouped") + " " + uiText(lang, "rp_by_"+string(q.GroupBy))}
	f := q.Filter
	for _, d := range []struct {
		dim report.Dim
		val string
	}{{report.ByAgency, f.Agency}, {report.ByStation, f.Station}, {report.ByCategory, f.Category}, {report.ByKecamatan, f.Kecamatan}} {
		if d.val != "" {
			parts = append(parts, uiText(lang, "rp_by_"+string(d.dim))+": "+s.dimLabel(d.dim, d.val, lang))
		}
	}
	if f.Priority > 0 {
		parts = append(parts, s.dimLabel(report.ByPriority, "P"+strconv.Itoa(int(f.Priority)), lang))
	}
	return strings.Join(parts, " · ")
}

// csvLink is the export of the same report (the session cookie goes along).
func csvLink(c *gin.Context, kind string) string {
	v := c.Request.URL.Query()
	v.Del("lang")
	v.Set("kind", kind)
	return "/api/v1/reports/compliance.csv?" + v.Encode()
}

func reportRowOf(g *report.Group, label string, lang Lang) reportRow {
	row := reportRow{Label: label, Incidents: g.Incidents, Assignments: g.Assignments}
	for _, iv := range report.Intervals() {
		st := g.Intervals[iv.String()]
		cell := statCell{Median: mmss(st.Median), P90: mmss(st.P90)}
		if st.WithinPct >= 0 {
			cell.Within = pctLabel(lang, st.WithinPct)
		}
		row.Cells = append(row.Cells, cell)
	}
	return row
}

// mmss writes a duration in ms as m:ss, or h:mm:ss from an hour; "" when negative (none).
func mmss(ms int64) string {
	if ms < 0 {
		return ""
	}
	sec := ms / 1000
	h, m, r := sec/3600, sec%3600/60, sec%60
	pad := func(x int64) string {
		if x < 10 {
			return "0" + strconv.FormatInt(x, 10)
		}
		return strconv.FormatInt(x, 10)
	}
	if h > 0 {
		return strconv.FormatInt(h, 10) + ":" + pad(m) + ":" + pad(r)
	}
	return strconv.FormatInt(m, 10) + ":" + pad(r)
}

// lateness says how late a milestone came; for one never reached, how
// late it is so far (still open) or was when the assignment ended.
func lateness(b report.Breach, now time.Time, lang Lang) string {
	if b.Late >= 0 {
		return mmss(b.Late.Milliseconds())
	}
	until, key := b.Until, "rp_late_never"
	if until.IsZero() {
		until, key = now, "rp_late_open"
	}
	return "≥ " + mmss(max(0, until.Sub(b.Deadline).Milliseconds())) + " · " + uiText(lang, key)
}

func (s *Server) breachRows(bs []report.Breach, lang Lang) ([]breachRow, int) {
	more := 0
	if len(bs) > maxBreachRows {
		bs, more = bs[:maxBreachRows], len(bs)-maxBreachRows
	}
	out := make([]breachRow, 0, len(bs))
	for _, b := range bs {
		late := lateness(b, s.intake.Now(), lang)
		out = append(out, breachRow{Code: b.Code, Agency: s.dimLabel(report.ByAgency, b.Agency, lang),
			Station: s.dimLabel(report.ByStation, b.Station, lang), Interval: uiText(lang, "iv_"+b.Interval),
			Deadline: b.Deadline.In(s.dep.Location).Format("2006-01-02 15:04 MST"), Late: late, Reason: b.Reason})
	}
	return out, more
}

// callStats are the period's call counters, labelled.
type callStats struct {
	Total                     int64
	ByType, ByCategory, Close []countRow
	False, Linked, Referred   int64
	// Satisfaction is the callers' average rating (1–5) per agency.
	Satisfaction []ratingRow
}

type ratingRow struct {
	Agency  string
	N       int64
	Average string
}

type countRow struct {
	Label string
	N     int64
}

func callStatsOf(calls map[string]int64, tax *classify.Taxonomy, lang Lang) callStats {
	cs := callStats{False: calls["false_confirmed"], Linked: calls["linked"], Referred: calls["referred"]}
	for _, t := range []dispatch.CallType{dispatch.CallEmergency, dispatch.CallInformation, dispatch.CallNonEmergency,
		dispatch.CallSilent, dispatch.CallPrank, dispatch.CallDropped} {
		n := calls["calls:"+string(t)]
		cs.Total += n
		cs.ByType = append(cs.ByType, countRow{uiText(lang, "type_"+string(t)), n})
	}
	for k, n := range calls {
		switch {
		case strings.HasPrefix(k, "category:") && n > 0:
			label := strings.TrimPrefix(k, "category:")
			if cat, ok := tax.Category(classify.CategoryID(label)); ok {
				label = categoryName(cat, lang)
			}
			cs.ByCategory = append(cs.ByCategory, countRow{label, n})
		case strings.HasPrefix(k, "closed:") && n > 0:
			cs.Close = append(cs.Close, countRow{uiText(lang, "disp_"+strings.TrimPrefix(k, "closed:")), n})
		case strings.HasPrefix(k, "rating:") && strings.HasSuffix(k, ":n") && n > 0:
			ag := strings.TrimSuffix(strings.TrimPrefix(k, "rating:"), ":n")
			avg := float64(calls["rating:"+ag+":sum"]) / float64(n)
			cs.Satisfaction = append(cs.Satisfaction, ratingRow{Agency: strings.ToUpper(ag), N: n, Average: strconv.FormatFloat(avg, 'f', 2, 64)})
		}
	}
	sort.Slice(cs.Satisfaction, func(i, j int) bool { return cs.Satisfaction[i].Agency < cs.Satisfaction[j].Agency })
	byCount := func(rows []countRow) {
		sort.Slice(rows, func(i, j int) bool {
			if rows[i].N != rows[j].N {
				return rows[i].N > rows[j].N
			}
			return rows[i].Label < rows[j].Label
		})
	}
	byCount(cs.ByCategory)
	byCount(cs.Close)
	return cs
}

// trendSVG charts incidents per day and the share acknowledged in time.
func (s *Server) trendSVG(r *report.Report, lang Lang) template.HTML {
	t := func(k string) string { return uiText(lang, k) }
	c := trendChart{Title: t("rp_chart_trend"), Desc: t("rp_chart_trend_desc"), XLabel: t("rp_axis_day"),
		BarLabel: t("rp_axis_incidents"), LineLabel: t("rp_axis_ack_pct"), Empty: t("rp_no_data"), Lang: lang}
	for _, p := range r.Trend {
		c.Days = append(c.Days, p.Day[8:10]+"/"+p.Day[5:7])
		c.Bars = append(c.Bars, float64(p.Incidents))
		c.Line = append(c.Line, p.AckWithinPct)
	}
	return c.SVG()
}

// shareSVG charts each group's share acknowledged, arrived and resolved in time.
func (s *Server) shareSVG(r *report.Report, dim report.Dim, lang Lang) template.HTML {
	t := func(k string) string { return uiText(lang, k) }
	c := shareChart{Title: t("rp_chart_share") + " " + t("rp_by_"+string(dim)), Desc: t("rp_chart_share_desc"),
		XLabel: t("rp_axis_within"), Empty: t("rp_no_data"), NoValue: t("rp_not_judged"), Lang: lang,
		Series: []string{t("rp_series_ack"), t("rp_series_arrive"), t("rp_series_resolve")}}
	for _, g := range r.Groups {
		c.Groups = append(c.Groups, shareGroup{Label: s.dimLabel(dim, g.Key, lang), Values: withinOf(g)})
	}
	return c.SVG()
}

// withinOf is a group's share within target of acknowledge, arrive (travel
// ends on scene) and resolve (total).
func withinOf(g *report.Group) []float64 {
	return []float64{g.Intervals[report.Acknowledge.String()].WithinPct, g.Intervals[report.Travel.String()].WithinPct,
		g.Intervals[report.Total.String()].WithinPct}
}
