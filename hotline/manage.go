package hotline

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/manage"
)

// withIntervals fills the derived lifecycle intervals of each assignment.
func withIntervals(inc *dispatch.Incident) *dispatch.Incident {
	for i := range inc.Assignments {
		iv := inc.Intervals(&inc.Assignments[i])
		inc.Assignments[i].Intervals = &iv
	}
	return inc
}

// HandleEvents returns an incident's log.
func (s *Server) HandleEvents() gin.HandlerFunc {
	return func(c *gin.Context) {
		inc, err := s.store.Get(c.Request.Context(), c.Param("id"))
		if err == nil && !mayseeIncident(currentUser(c), inc) {
			err = dispatch.ErrIncidentNotFound
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		evs, err := s.store.Events(c.Request.Context(), inc.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		if u := currentUser(c); u != nil && !u.SeesPersonalData() {
			maskEvents(evs)
		}
		if evs == nil {
			evs = []dispatch.Event{}
		}
		fillLists(evs)
		c.JSON(http.StatusOK, gin.H{"events": evs})
	}
}

// HandleAssignmentStatus records a status on a responder's behalf.
func (s *Server) HandleAssignmentStatus() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Status    string `json:"status"`
			Reason    string `json:"reason"`
			Responder string `json:"responder"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		inc, err := s.manage.UpdateStatus(c.Request.Context(), c.Param("id"), manage.StatusUpdate{
			Agency: agencies.AgencyID(c.Param("agency")), Status: dispatch.AssignmentStatus(req.Status), Reason: req.Reason,
			Responder: agencies.ResponderID(req.Responder), Actor: actorOf(c), Channel: dispatch.ChannelAPI})
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, s.view(c, inc))
	}
}

// HandleClose closes an incident with a disposition.
func (s *Server) HandleClose() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Disposition      string `json:"disposition"`
			Note             string `json:"note"`
			CancelUnfinished bool   `json:"cancel_unfinished"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		inc, err := s.manage.CloseIncident(c.Request.Context(), c.Param("id"), manage.Closing{Disposition: dispatch.Disposition(req.Disposition),
			Note: req.Note, CancelUnfinished: req.CancelUnfinished, Actor: actorOf(c), Channel: dispatch.ChannelAPI})
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, s.view(c, inc))
	}
}

// HandleBreachReason records a supervisor's explanation of a breach.
func (s *Server) HandleBreachReason() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Reason string `json:"reason"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		inc, err := s.manage.ExplainBreach(c.Request.Context(), c.Param("id"), agencies.AgencyID(c.Param("agency")),
			dispatch.Milestone(c.Param("milestone")), req.Reason, actorOf(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, s.view(c, inc))
	}
}

// actorOf names who made a request, for the event log.
func actorOf(c *gin.Context) string {
	if u := currentUser(c); u != nil {
		return "user:" + u.Name
	}
	return "api"
}
