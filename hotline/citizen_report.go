package hotline

import (
	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch/report"
)

// citizenReport is the officials' report's part about citizens: the
// complaints received in the period against the 14-day limit, and the
// survey index (IKM) of the period per agency and for the centre.
type citizenReport struct {
	Complaints     ComplaintReport
	InTimePct      string
	ComplaintsDown bool
	IKM            []ikmRow
	IKMDown        bool
}

// citizenReport computes it for the report's period; a part whose store is
// down says so and the rest of the report still shows.
func (s *Server) citizenReport(c *gin.Context, q report.Query, lang Lang) *citizenReport {
	out := &citizenReport{InTimePct: "–"}
	if box := s.complaintStore(); box == nil {
		out.ComplaintsDown = true
	} else if list, err := box.List(c.Request.Context(), complaintsScan); err != nil {
		s.log.Error("report complaints", zap.Error(err))
		out.ComplaintsDown = true
	} else {
		out.Complaints = complaintReport(list, q.From, q.To, s.intake.Now(), lang)
		if p := out.Complaints.AnsweredInTimePct; p >= 0 {
			out.InTimePct = pctLabel(lang, p)
		}
	}
	rows, err := s.ikmOf(c, q.From, q.To, lang)
	if err != nil {
		s.log.Error("report survey", zap.Error(err))
		out.IKMDown = true
	}
	out.IKM = ikmFor(rows, q.Filter.Agency)
	return out
}

// ikmFor keeps an agency's own unit when the report is filtered by agency
// (an agency user's always is); otherwise the centre and every agency.
func ikmFor(rows []ikmRow, agency string) []ikmRow {
	if agency == "" {
		return rows
	}
	var out []ikmRow
	for _, r := range rows {
		if r.Unit == agency {
			out = append(out, r)
		}
	}
	return out
}
