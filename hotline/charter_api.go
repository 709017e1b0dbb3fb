package hotline

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// HandleCharter lists every version of the charter (maklumat pelayanan).
func (s *Server) HandleCharter() gin.HandlerFunc {
	return func(c *gin.Context) {
		var docs []agencies.CharterDoc
		for _, v := range s.intake.Charters(c.Request.Context()) {
			docs = append(docs, v.Doc())
		}
		c.JSON(http.StatusOK, gin.H{"versions": docs})
	}
}

// HandleChangeStandard sets one standard from a date on (admin).
func (s *Server) HandleChangeStandard() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Agency      string `json:"agency"`
			Category    string `json:"category"`
			Priority    int    `json:"priority"` // 0 = any
			Acknowledge string `json:"acknowledge"`
			Arrive      string `json:"arrive"`
			Resolve     string `json:"resolve"`
			ValidFrom   string `json:"valid_from"` // YYYY-MM-DD, city time; empty = now
		}
		if !s.readJSON(c, &req) {
			return
		}
		st := agencies.Standard{Agency: agencies.AgencyID(req.Agency), Category: req.Category, Priority: agencies.Priority(req.Priority)}
		fields := map[string]dispatch.FieldError{}
		for name, dst := range map[string]*time.Duration{"acknowledge": &st.Targets.Acknowledge, "arrive": &st.Targets.Arrive, "resolve": &st.Targets.Resolve} {
			v := map[string]string{"acknowledge": req.Acknowledge, "arrive": req.Arrive, "resolve": req.Resolve}[name]
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				fields[name] = dispatch.FieldError{Code: "invalid", Message: name + " must be a duration like 2m or 1h30m"}
			}
			*dst = d
		}
		var from time.Time
		if req.ValidFrom != "" {
			t, err := time.ParseInLocation("2006-01-02", req.ValidFrom, s.dep.Location)
			if err != nil {
				fields["valid_from"] = dispatch.FieldError{Code: "invalid", Message: "valid_from must be a date YYYY-MM-DD"}
			}
			from = t
		}
		if len(fields) > 0 {
			s.fail(c, &dispatch.ValidationError{Fields: fields})
			return
		}
		v, err := s.intake.ChangeStandard(c.Request.Context(), st, from, actorOf(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusCreated, v.Doc())
	}
}
