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
	"github.com/sigap112/sigap/dispatch/intake"
)

// HandleLogCall records a call that is not an emergency.
func (s *Server) HandleLogCall() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Type        string         `json:"type"`
			CallerPhone string         `json:"caller_phone"`
			Note        string         `json:"note"`
			Cues        []dispatch.Cue `json:"cues"`
		}
		if !s.readJSON(c, &req) || !s.callerGiven(c, req.CallerPhone) {
			return
		}
		call, err := s.intake.LogCall(c.Request.Context(), dispatch.Call{Type: dispatch.CallType(req.Type),
			CallerPhone: req.CallerPhone, Note: req.Note, Cues: req.Cues, Actor: actorOf(c)})
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
		assessment, standing, events, err := s.hoax.AssessCaller(c.Request.Context(), c.Param("phone"))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"calls": calls, "counts": counts, "hoax": assessment, "standing": standing,
			"standing_events": events, "phone": phoneOf(c.Param("phone"))})
	}
}

// HandlePreview classifies, locates, scores and finds possible duplicates
// of what the call-taker has typed so far; nothing is stored.
func (s *Server) HandlePreview() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Description string            `json:"description"`
			Address     string            `json:"address"`
			Category    string            `json:"category"`
			Answers     map[string]string `json:"answers"`
			CallerPhone string            `json:"caller_phone"`
			Cues        []dispatch.Cue    `json:"cues"`
			Credible    bool              `json:"credible"`
			Handset     *dispatch.Point   `json:"handset"`
			Location    *struct {
				Lat *float64 `json:"lat"`
				Lon *float64 `json:"lon"`
			} `json:"location"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		in := intake.PreviewInput{Description: req.Description, Address: req.Address, Category: classify.CategoryID(req.Category), Answers: req.Answers,
			CallerPhone: req.CallerPhone, Cues: req.Cues, Credible: req.Credible, Handset: req.Handset}
		if req.Location != nil {
			in.Lat, in.Lon = req.Location.Lat, req.Location.Lon
		}
		p, err := s.intake.Preview(c.Request.Context(), in)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, p)
	}
}

// HandleLink records another caller as reporting an incident (no new dispatch).
func (s *Server) HandleLink() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			CallerPhone     string `json:"caller_phone"`
			Description     string `json:"description"`
			Address         string `json:"address"`
			ClientRequestID string `json:"client_request_id"`
			// Needed to link a caller beyond the category's radius, or one
			// describing another kind of emergency.
			ConfirmFar           bool `json:"confirm_far"`
			ConfirmDifferentKind bool `json:"confirm_different_kind"`
			// …or one naming another street than the incident's callers.
			ConfirmDifferentPlace bool `json:"confirm_different_place"`
			Location              *struct {
				Lat float64 `json:"lat"`
				Lon float64 `json:"lon"`
			} `json:"location"`
		}
		if !s.readJSON(c, &req) || !s.callerGiven(c, req.CallerPhone) {
			return
		}
		lc := dispatch.LinkedCaller{Phone: req.CallerPhone, Description: req.Description, Address: req.Address, Actor: actorOf(c),
			ConfirmFar: req.ConfirmFar, ConfirmKind: req.ConfirmDifferentKind, ConfirmPlace: req.ConfirmDifferentPlace}
		if req.Location != nil {
			lc.Lat, lc.Lon = req.Location.Lat, req.Location.Lon
		}
		key := c.GetHeader("Idempotency-Key")
		if key == "" {
			key = req.ClientRequestID
		}
		inc, err := s.linking.Link(c.Request.Context(), c.Param("id"), lc, key)
		s.respond(c, inc, err)
	}
}

// HandleUnlink undoes a link.
func (s *Server) HandleUnlink() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			CallerPhone string `json:"caller_phone"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		inc, err := s.linking.Unlink(c.Request.Context(), c.Param("id"), req.CallerPhone, actorOf(c))
		s.respond(c, inc, err)
	}
}

// HandleCredible marks the caller credible.
func (s *Server) HandleCredible() gin.HandlerFunc {
	return func(c *gin.Context) {
		inc, err := s.linking.MarkCredible(c.Request.Context(), c.Param("id"), actorOf(c))
		s.respond(c, inc, err)
	}
}

// HandleConfirmFalse is a supervisor confirming a false report.
func (s *Server) HandleConfirmFalse() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Note string `json:"note"`
			// Required when other callers were linked to the incident.
			ReviewedLinkedCallers bool `json:"reviewed_linked_callers"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		inc, err := s.manage.ConfirmFalseReviewed(c.Request.Context(), c.Param("id"), req.Note, actorOf(c), req.ReviewedLinkedCallers)
		s.respond(c, inc, err)
	}
}

// HandleCallerClear clears a number (appeal granted).
func (s *Server) HandleCallerClear() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Note string `json:"note"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		if err := s.hoax.ClearCaller(c.Request.Context(), c.Param("phone"), req.Note, actorOf(c)); err != nil {
			s.fail(c, err)
			return
		}
		s.HandleCallerHistory()(c)
	}
}

// HandleCallerWatch puts a number on or off the watch list.
func (s *Server) HandleCallerWatch() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			On   bool   `json:"on"`
			Note string `json:"note"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		if err := s.hoax.Watch(c.Request.Context(), c.Param("phone"), req.On, req.Note, actorOf(c)); err != nil {
			s.fail(c, err)
			return
		}
		s.HandleCallerHistory()(c)
	}
}

// respond answers with an incident or the error.
func (s *Server) respond(c *gin.Context, inc *dispatch.Incident, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.view(c, inc))
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
		inc, err := s.manage.AddNote(c.Request.Context(), c.Param("id"), req.Text, actorOf(c), dispatch.ChannelConsole)
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
		inc, err := s.manage.Reassign(c.Request.Context(), c.Param("id"), agencies.AgencyID(c.Param("agency")),
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
		ctx, release := s.auth.openStream(c) // ends at once when the user is disabled
		defer release()
		ch, err := s.changes.Subscribe(ctx)
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
		recheck := time.NewTicker(streamRecheck)
		defer recheck.Stop()
		closing := s.streams.closing()
		for {
			select {
			case <-ctx.Done():
				return
			case <-recheck.C:
				if !s.auth.stillValid(c) {
					return
				}
				continue
			case <-closing: // the server is shutting down: end now, the browser shows it is disconnected
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

// maskIncident hides every phone number in an incident: the caller's, the
// linked callers' and the responders'.
func maskIncident(inc *dispatch.Incident) {
	if inc.CallerPhone != dispatch.Withheld {
		inc.CallerPhone = agencies.MaskPhone(inc.CallerPhone)
	}
	for i := range inc.Callers {
		inc.Callers[i].Phone = agencies.MaskPhone(inc.Callers[i].Phone)
	}
	for i := range inc.Assignments {
		maskNotified(inc.Assignments[i].Notified)
	}
}

func maskNotified(ns []dispatch.Notification) {
	for i := range ns {
		ns[i].Phone = agencies.MaskPhone(ns[i].Phone)
	}
}

// maskEvents hides phone numbers in an incident's log.
func maskEvents(evs []dispatch.Event) {
	for i := range evs {
		if evs[i].Incident != nil {
			maskIncident(evs[i].Incident)
		}
		if evs[i].Caller != nil {
			evs[i].Caller.Phone = agencies.MaskPhone(evs[i].Caller.Phone)
		}
		maskNotified(evs[i].Notified)
	}
}

// phoneOf shows the number as Sigap stores it (E.164), or what was typed.
func phoneOf(raw string) string {
	if p, err := agencies.NormalizePhone(raw); err == nil {
		return p
	}
	return raw
}
