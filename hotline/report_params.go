package hotline

import (
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/report"
	"github.com/sigap112/sigap/geo"
)

// reportParams are the query parameters a report takes; any other is an
// error naming it (a misspelt filter must not silently report everything).
var reportParams = []string{"period", "date", "from", "to", "group_by", "agency", "station", "category",
	"kecamatan", "priority", "kind", "lang", "print"}

// reportFilterOf validates the report's filters against the deployment: a
// value out of range is a field error, never a silent fallback (priority=257
// used to filter as P1).
func (s *Server) reportFilterOf(c *gin.Context, fields map[string]dispatch.FieldError) report.Filter {
	for name := range c.Request.URL.Query() {
		if isAPI(c) && !slices.Contains(reportParams, name) {
			fields[name] = dispatch.FieldError{Code: "unknown_field", Message: bodyText(langOf(c), "unknown_field", name)}
		}
	}
	f := report.Filter{Agency: c.Query("agency"), Station: c.Query("station"), Category: c.Query("category"),
		Kecamatan: c.Query("kecamatan")}
	if k := c.Query("kind"); k != "" && k != "assignments" && k != "aggregates" {
		fields["kind"] = dispatch.FieldError{Code: "invalid", Message: "kind must be assignments or aggregates"}
	}
	switch period := c.DefaultQuery("period", "custom"); period {
	case "day", "week", "month", "custom":
	default:
		fields["period"] = dispatch.FieldError{Code: "invalid", Message: "period must be day, week, month or custom"}
	}
	if v := c.Query("priority"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 3 {
			fields["priority"] = dispatch.FieldError{Code: "out_of_range", Message: "priority must be 1, 2 or 3"}
		}
		f.Priority = uint8(max(0, min(p, 3)))
	}
	if s.dep == nil {
		return f
	}
	if f.Agency != "" {
		if _, ok := s.dep.Directory.Agency(agencies.AgencyID(f.Agency)); !ok {
			fields["agency"] = dispatch.FieldError{Code: "unknown", Message: "unknown agency " + strconv.Quote(f.Agency)}
		}
	}
	if f.Station != "" {
		if _, ok := s.dep.Directory.Station(agencies.StationID(f.Station)); !ok {
			fields["station"] = dispatch.FieldError{Code: "unknown", Message: "unknown station " + strconv.Quote(f.Station)}
		}
	}
	if f.Category != "" {
		if _, ok := s.dep.Taxonomy.Category(classify.CategoryID(f.Category)); !ok {
			fields["category"] = dispatch.FieldError{Code: "unknown", Message: "unknown category " + strconv.Quote(f.Category)}
		}
	}
	if f.Kecamatan != "" && !slices.ContainsFunc(s.dep.Atlas.Districts(), func(d *geo.Area) bool { return d.Code == f.Kecamatan }) {
		fields["kecamatan"] = dispatch.FieldError{Code: "unknown", Message: "unknown kecamatan code " + strconv.Quote(f.Kecamatan)}
	}
	return f
}
