package hotline

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
)

// HandleLogCall records a call that is not an emergency.
func (s *Server) HandleLogCall() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Type        string `json:"type"`
			CallerPhone string `json:"caller_phone"`
			Note        string `json:"note"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		call, err := s.intake.LogCall(c.Request.Context(), dispatch.Call{Type: dispatch.CallType(req.Type),
			CallerPhone: req.CallerPhone, Note: req.Note, Actor: actorOf(c)})
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusCreated, call)
	}
}

// HandleCallerHistory lists a number's previous calls and their outcomes
// (only for roles that may see personal data).
func (s *Server) HandleCallerHistory() gin.HandlerFunc {
	return func(c *gin.Context) {
		calls, err := s.intake.CallerHistory(c.Request.Context(), c.Param("phone"))
		if err != nil {
			s.fail(c, err)
			return
		}
		counts := map[dispatch.CallType]int{}
		for _, cl := range calls {
			counts[cl.Type]++
		}
		c.JSON(http.StatusOK, gin.H{"calls": calls, "counts": counts})
	}
}

// HandlePreview classifies and routes what the call-taker has typed so far.
func (s *Server) HandlePreview() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Description string `json:"description"`
			Category    string `json:"category"`
			Location    *struct {
				Lat *float64 `json:"lat"`
				Lon *float64 `json:"lon"`
			} `json:"location"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		var lat, lon *float64
		if req.Location != nil {
			lat, lon = req.Location.Lat, req.Location.Lon
		}
		p, err := s.intake.Preview(req.Description, classify.CategoryID(req.Category), lat, lon)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, p)
	}
}

// HandleNote appends a note to an incident.
func (s *Server) HandleNote() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Text string `json:"text"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		inc, err := s.intake.AddNote(c.Request.Context(), c.Param("id"), req.Text, actorOf(c), dispatch.ChannelConsole)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, s.view(c, inc))
	}
}

// HandleReassign moves an assignment to another station.
func (s *Server) HandleReassign() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Station string `json:"station"`
			Reason  string `json:"reason"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		inc, err := s.intake.Reassign(c.Request.Context(), c.Param("id"), agencies.AgencyID(c.Param("agency")),
			agencies.StationID(req.Station), req.Reason, actorOf(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, s.view(c, inc))
	}
}

// HandleStream pushes incident changes to the console as Server-Sent
// Events. The browser's EventSource reconnects by itself; the page reloads
// its list when it does, so nothing missed stays missed.
func (s *Server) HandleStream() gin.HandlerFunc {
	return func(c *gin.Context) {
		ch, err := s.changes.Subscribe(c.Request.Context())
		if err != nil {
			s.fail(c, err)
			return
		}
		u := currentUser(c)
		c.Header("Content-Type", "text/event-stream")
		c.Header("Cache-Control", "no-cache")
		c.Header("X-Accel-Buffering", "no")
		c.Status(http.StatusOK)
		fmt.Fprintf(c.Writer, "retry: 2000\n: connected\n\n")
		c.Writer.Flush()
		beat := time.NewTicker(20 * time.Second)
		defer beat.Stop()
		for {
			select {
			case <-c.Request.Context().Done():
				return
			case <-beat.C:
				fmt.Fprintf(c.Writer, ": keep-alive\n\n")
			case ch1, ok := <-ch:
				if !ok {
					return
				}
				if !mayseeAgencies(u, ch1.Agencies) {
					continue
				}
				b, _ := json.Marshal(ch1)
				fmt.Fprintf(c.Writer, "event: incident\ndata: %s\n\n", b)
			}
			c.Writer.Flush()
		}
	}
}

// mayseeAgencies reports whether a user may see an incident sent to these
// agencies: an agency's dispatcher sees only its own agency's incidents.
func mayseeAgencies(u *User, ags []agencies.AgencyID) bool {
	if u == nil || u.Role != RoleAgency {
		return true
	}
	for _, a := range ags {
		if a == u.Agency {
			return true
		}
	}
	return false
}

// mayseeIncident applies mayseeAgencies to an incident.
func mayseeIncident(u *User, inc *dispatch.Incident) bool {
	ags := make([]agencies.AgencyID, 0, len(inc.Assignments))
	for _, a := range inc.Assignments {
		ags = append(ags, a.Agency)
	}
	return mayseeAgencies(u, ags)
}

// view prepares an incident for a user: intervals derived, the caller's
// number hidden from roles without a need to see it.
func (s *Server) view(c *gin.Context, inc *dispatch.Incident) *dispatch.Incident {
	withIntervals(inc)
	if u := currentUser(c); u != nil && !u.SeesPersonalData() && inc.CallerPhone != dispatch.Withheld {
		inc.CallerPhone = agencies.MaskPhone(inc.CallerPhone)
	}
	return inc
}
