package hotline

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/report"
)

// reportQuery reads a report request: a period (?period=day|week|month&date=
// or ?from=&to=, whole days, inclusive, in the city's time zone), the
// grouping and the filters. An agency user is kept to its agency.
func (s *Server) reportQuery(c *gin.Context) (report.Query, error) {
	loc := s.reports.Location()
	ve := &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{}}
	day := func(name, v string) time.Time {
		t, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			ve.Fields[name] = dispatch.FieldError{Code: "invalid", Message: name + " must be a date YYYY-MM-DD"}
		}
		return t
	}
	var q report.Query
	now := s.intake.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	switch period := c.DefaultQuery("period", "custom"); period {
	case "day", "week", "month":
		d := today
		if v := c.Query("date"); v != "" {
			d = day("date", v)
		}
		q.From, q.To = periodOf(period, d)
	default:
		q.From, q.To = today.AddDate(0, 0, -29), today.AddDate(0, 0, 1)
		if v := c.Query("from"); v != "" {
			q.From = day("from", v)
		}
		if v := c.Query("to"); v != "" {
			q.To = day("to", v).AddDate(0, 0, 1)
		}
	}
	if len(ve.Fields) == 0 && (!q.From.Before(q.To) || q.To.Sub(q.From) > 400*24*time.Hour) {
		ve.Fields["to"] = dispatch.FieldError{Code: "out_of_range", Message: "to must be on or after from, at most 400 days later"}
	}
	q.GroupBy = report.Dim(c.DefaultQuery("group_by", "agency"))
	if !q.GroupBy.Valid() {
		ve.Fields["group_by"] = dispatch.FieldError{Code: "invalid", Message: "group_by must be agency, station, category, kecamatan or priority"}
	}
	q.Filter = s.reportFilterOf(c, ve.Fields)
	if u := currentUser(c); u != nil && u.Role == RoleAgency {
		q.Filter.Agency = string(u.Agency)
	}
	if len(ve.Fields) > 0 {
		return q, ve
	}
	return q, nil
}

// periodOf returns the day, ISO week (Monday first) or month holding d.
func periodOf(period string, d time.Time) (time.Time, time.Time) {
	switch period {
	case "week":
		off := (int(d.Weekday()) + 6) % 7
		from := d.AddDate(0, 0, -off)
		return from, from.AddDate(0, 0, 7)
	case "month":
		from := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, d.Location())
		return from, from.AddDate(0, 1, 0)
	}
	return d, d.AddDate(0, 0, 1)
}

// HandleComplianceReport answers GET /api/v1/reports/compliance.
func (s *Server) HandleComplianceReport() gin.HandlerFunc {
	return func(c *gin.Context) {
		q, err := s.reportQuery(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		r, err := s.reports.Compliance(c.Request.Context(), q)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, r)
	}
}

// HandleComplianceCSV exports a report: ?kind=assignments (one row per
// incident-assignment with every timestamp and interval) or ?kind=aggregates.
func (s *Server) HandleComplianceCSV() gin.HandlerFunc {
	return func(c *gin.Context) {
		q, err := s.reportQuery(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		kind := c.DefaultQuery("kind", "aggregates")
		name := fmt.Sprintf("sigap-%s-%s-%s.csv", kind, q.From.Format("20060102"), q.To.AddDate(0, 0, -1).Format("20060102"))
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
		w := csv.NewWriter(c.Writer)
		if kind == "assignments" {
			err = s.assignmentsCSV(c, q, w)
		} else {
			err = s.aggregatesCSV(c, q, w)
		}
		if err != nil {
			s.log.Error("csv export: " + err.Error())
		}
		w.Flush()
	}
}

func (s *Server) aggregatesCSV(c *gin.Context, q report.Query, w *csv.Writer) error {
	r, err := s.reports.Compliance(c.Request.Context(), q)
	if err != nil {
		return err
	}
	head := []string{string(q.GroupBy), "incidents", "assignments"}
	for _, iv := range report.Intervals() {
		head = append(head, iv.String()+"_n", iv.String()+"_median_s", iv.String()+"_p90_s", iv.String()+"_within_pct")
	}
	_ = w.Write(head)
	for _, g := range append(r.Groups, withKey(r.Overall, "TOTAL")) {
		row := []string{g.Key, strconv.Itoa(g.Incidents), strconv.Itoa(g.Assignments)}
		for _, iv := range report.Intervals() {
			st := g.Intervals[iv.String()]
			row = append(row, strconv.Itoa(st.N), seconds(st.Median), seconds(st.P90), pct(st.WithinPct))
		}
		_ = w.Write(row)
	}
	return nil
}

func withKey(g *report.Group, k string) *report.Group {
	cp := *g
	cp.Key = k
	return &cp
}

func seconds(ms int64) string {
	if ms < 0 {
		return ""
	}
	return strconv.FormatFloat(float64(ms)/1000, 'f', 1, 64)
}

func pct(p float64) string {
	if p < 0 {
		return ""
	}
	return strconv.FormatFloat(p, 'f', 1, 64)
}

// assignmentsCSV writes one row per assignment, timestamps rebuilt from the
// received time and the intervals.
func (s *Server) assignmentsCSV(c *gin.Context, q report.Query, w *csv.Writer) error {
	facts, err := s.reports.Facts(c.Request.Context(), q)
	if err != nil {
		return err
	}
	head := []string{"code", "agency", "station", "category", "priority", "kecamatan", "received_at", "dispatched_at",
		"acknowledged_at", "en_route_at", "on_scene_at", "resolved_at"}
	for _, iv := range report.Intervals() {
		head = append(head, iv.String()+"_s", iv.String()+"_within_target")
	}
	_ = w.Write(head)
	loc := s.reports.Location()
	for i := range facts {
		f := &facts[i]
		_ = w.Write(s.factRow(f, loc))
	}
	return nil
}

func (s *Server) factRow(f *report.Fact, loc *time.Location) []string {
	stamp := func(t time.Time, ok bool) string {
		if !ok {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	disp := f.Received.Add(f.Dur[report.CallProcessing])
	ack := disp.Add(f.Dur[report.Acknowledge])
	enr := ack.Add(f.Dur[report.Turnout])
	scene := enr.Add(f.Dur[report.Travel])
	done := f.Received.Add(f.Dur[report.Total])
	row := []string{fmt.Sprintf("%s-%04d", s.dep.City.IncidentPrefix, f.Seq), f.Agency, f.Station, f.Category, strconv.Itoa(int(f.Priority)),
		f.Kecamatan, stamp(f.Received, true), stamp(disp, f.Reached(report.CallProcessing)), stamp(ack, f.Reached(report.Acknowledge)),
		stamp(enr, f.Reached(report.Turnout)), stamp(scene, f.Reached(report.Travel)), stamp(done, f.Reached(report.Total))}
	for _, iv := range report.Intervals() {
		within := ""
		if f.HasTarget(iv) {
			within = strconv.FormatBool(f.Met(iv))
		}
		dur := ""
		if f.Reached(iv) {
			dur = strconv.FormatFloat(f.Dur[iv].Seconds(), 'f', 1, 64)
		}
		row = append(row, dur, within)
	}
	return row
}
