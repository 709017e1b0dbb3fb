package hotline

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
)

// incidentRequest is the body of POST /api/v1/incidents. Fields are decoded
// one by one so that a wrong type is reported on its own field.
type incidentRequest struct {
	CallerPhone     json.RawMessage `json:"caller_phone"`
	Description     json.RawMessage `json:"description"`
	Location        json.RawMessage `json:"location"`
	Address         json.RawMessage `json:"address"`
	Category        json.RawMessage `json:"category"`
	Priority        json.RawMessage `json:"priority"`
	ClientRequestID json.RawMessage `json:"client_request_id"`
	Cues            []dispatch.Cue  `json:"cues"`
	Credible        bool            `json:"credible"`
	Handset         *dispatch.Point `json:"handset"`
	// LocationText: coordinates, a share link or a Plus Code instead of location.
	LocationText json.RawMessage `json:"location_text"`
	Precision    json.RawMessage `json:"location_precision"`
	PlaceName    json.RawMessage `json:"place_name"`
	AnsweredAt   json.RawMessage `json:"answered_at"`
	Answers      json.RawMessage `json:"answers"` // key questions: {"korban": "2", "terjebak": "t"}
}

// HandleCreateIncident logs an emergency and dispatches it.
func (s *Server) HandleCreateIncident() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		var req incidentRequest
		if !s.readJSON(c, &req) {
			s.metrics.intake.WithLabelValues("invalid").Inc()
			return
		}
		rep, clientID, fields := req.report()
		s.applyLocationText(req.LocationText, &rep, fields)
		if len(fields) > 0 {
			mergeFields(fields, s.intake.Validate(rep))
			s.metrics.intake.WithLabelValues("invalid").Inc()
			s.fail(c, &dispatch.ValidationError{Fields: fields})
			return
		}
		rep.Actor, rep.Channel = actorOf(c), channelOf(c)
		key := c.GetHeader("Idempotency-Key")
		if key == "" {
			key = clientID
		}
		inc, created, err := s.intake.Intake(c.Request.Context(), rep, key)
		if err != nil {
			s.metrics.intake.WithLabelValues(outcome(err)).Inc()
			s.fail(c, err)
			return
		}
		if created {
			s.metrics.intake.WithLabelValues("created").Inc()
		} else {
			s.metrics.intake.WithLabelValues("replayed").Inc()
			c.Header("Idempotent-Replayed", "true")
		}
		s.metrics.intakeLatency.Observe(time.Since(start).Seconds())
		if created {
			s.learnAddress(c.Request.Context(), inc)
		}
		c.Header("Location", "/api/v1/incidents/"+string(inc.ID))
		c.JSON(http.StatusCreated, s.view(c, inc))
	}
}

// mergeFields adds the semantic errors of fields that decoded fine to the
// decoding errors, so that the call-taker sees every problem at once.
func mergeFields(fields map[string]dispatch.FieldError, err error) {
	ve, ok := err.(*dispatch.ValidationError)
	if !ok {
		return
	}
	_, latBad := fields["location.lat"]
	_, lonBad := fields["location.lon"]
	_, textBad := fields["location_text"]
	lonBad = lonBad || textBad
	for name, fe := range ve.Fields {
		if _, seen := fields[name]; seen || (name == "location" && (latBad || lonBad)) {
			continue
		}
		if name == "category" && fields["description"].Code != "" {
			continue
		}
		fields[name] = fe
	}
}

// channelOf tells a console session from an integration's API token.
func channelOf(c *gin.Context) dispatch.Channel {
	if _, err := c.Cookie(sessionCookie); err == nil && c.GetHeader("Authorization") == "" {
		return dispatch.ChannelConsole
	}
	return dispatch.ChannelAPI
}

func outcome(err error) string {
	if _, ok := err.(*dispatch.ValidationError); ok {
		return "invalid"
	}
	return "error"
}

// readJSON decodes the body into dst strictly (see bindJSON), answering
// 413/400 itself on failure.
func (s *Server) readJSON(c *gin.Context, dst any) bool { return bindJSON(c, dst) }

// report decodes each field; fields collects type errors by field name.
func (r incidentRequest) report() (dispatch.Report, string, map[string]dispatch.FieldError) {
	var rep dispatch.Report
	fields := map[string]dispatch.FieldError{}
	str := func(name string, raw json.RawMessage, dst *string) {
		if len(raw) == 0 || string(raw) == "null" {
			return
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			fields[name] = dispatch.FieldError{Code: "type", Message: name + " must be a string"}
		}
	}
	str("caller_phone", r.CallerPhone, &rep.CallerPhone)
	str("description", r.Description, &rep.Description)
	str("address", r.Address, &rep.Address)
	var cat, clientID string
	str("category", r.Category, &cat)
	str("client_request_id", r.ClientRequestID, &clientID)
	rep.Category = classify.CategoryID(cat)
	if len(r.Answers) > 0 && string(r.Answers) != "null" {
		if err := json.Unmarshal(r.Answers, &rep.Answers); err != nil {
			fields["answers"] = dispatch.FieldError{Code: "type", Message: "answers must be an object {question: answer}"}
		}
	}
	if len(r.Priority) > 0 && string(r.Priority) != "null" {
		var p int
		if err := json.Unmarshal(r.Priority, &p); err != nil {
			fields["priority"] = dispatch.FieldError{Code: "type", Message: "priority must be the number 1, 2 or 3"}
		}
		rep.Priority = agencies.Priority(p)
	}
	decodeLocation(r.Location, &rep, fields)
	rep.Cues, rep.Credible, rep.Handset = r.Cues, r.Credible, r.Handset
	var precision, answered string
	str("location_precision", r.Precision, &precision)
	str("place_name", r.PlaceName, &rep.PlaceName)
	str("answered_at", r.AnsweredAt, &answered)
	rep.Precision = dispatch.Precision(precision)
	if answered != "" {
		t, err := time.Parse(time.RFC3339Nano, answered)
		if err != nil {
			fields["answered_at"] = dispatch.FieldError{Code: "type", Message: "answered_at must be an RFC 3339 time"}
		}
		rep.AnsweredAt = t
	}
	return rep, clientID, fields
}

func decodeLocation(raw json.RawMessage, rep *dispatch.Report, fields map[string]dispatch.FieldError) {
	if len(raw) == 0 || string(raw) == "null" {
		fields["location"] = dispatch.FieldError{Code: "required", Message: "location {lat, lon} is required"}
		return
	}
	var loc struct {
		Lat json.RawMessage `json:"lat"`
		Lon json.RawMessage `json:"lon"`
	}
	if err := json.Unmarshal(raw, &loc); err != nil {
		fields["location"] = dispatch.FieldError{Code: "required", Message: "location must be an object {lat, lon}"}
		return
	}
	num := func(name string, v json.RawMessage, dst *float64) {
		if len(v) == 0 || string(v) == "null" {
			fields["location."+name] = dispatch.FieldError{Code: "required", Message: name + " is required"}
			return
		}
		if err := json.Unmarshal(v, dst); err != nil {
			fields["location."+name] = dispatch.FieldError{Code: "type", Message: name + " must be a number"}
		}
	}
	num("lat", loc.Lat, &rep.Lat)
	num("lon", loc.Lon, &rep.Lon)
}

// HandleGetIncident returns one incident by id or code.
func (s *Server) HandleGetIncident() gin.HandlerFunc {
	return func(c *gin.Context) {
		inc, err := s.store.Get(c.Request.Context(), c.Param("id"))
		if err == nil && !mayseeIncident(currentUser(c), inc) {
			err = dispatch.ErrIncidentNotFound // an agency's dispatcher does not learn of other agencies' incidents
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, s.view(c, inc))
	}
}

// HandleListIncidents lists incidents, newest first; ?status=open for the open ones.
func (s *Server) HandleListIncidents() gin.HandlerFunc {
	return func(c *gin.Context) {
		f := dispatch.ListFilter{Agency: agencies.AgencyID(c.Query("agency"))}
		if u := currentUser(c); u != nil && u.Role == RoleAgency {
			f.Agency = u.Agency
		}
		switch c.Query("status") {
		case "", "all":
		case "open":
			f.OpenOnly = true
		default:
			s.fail(c, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{
				"status": {Code: "invalid", Message: "status must be open or all"}}})
			return
		}
		if l := c.Query("limit"); l != "" {
			n, err := strconv.Atoi(l)
			if err != nil || n < 1 || n > 1000 {
				s.fail(c, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{
					"limit": {Code: "out_of_range", Message: "limit must be 1..1000"}}})
				return
			}
			f.Limit = n
		}
		var incs []*dispatch.Incident
		var err error
		if c.Query("all") == "true" && f.OpenOnly {
			incs, err = s.allOpen(c.Request.Context(), f.Agency)
		} else {
			incs, err = s.store.List(c.Request.Context(), f)
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		views := make([]incidentView, 0, len(incs))
		for _, inc := range incs {
			views = append(views, s.view(c, inc))
		}
		c.JSON(http.StatusOK, gin.H{"incidents": views, "total": len(views), "now": s.intake.Now().UTC()})
	}
}

// HandleClassify suggests a category and agencies for a description.
func (s *Server) HandleClassify() gin.HandlerFunc {
	return func(c *gin.Context) {
		var req struct {
			Description *string           `json:"description"`
			Answers     map[string]string `json:"answers"`
		}
		if !s.readJSON(c, &req) {
			return
		}
		if req.Description == nil || *req.Description == "" {
			s.fail(c, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{
				"description": {Code: "required", Message: "description is required"}}})
			return
		}
		tax := s.intake.Taxonomy()
		res, err := tax.WithAnswers(*req.Description, tax.Classify(*req.Description), req.Answers)
		if err != nil {
			s.fail(c, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{
				"answers": {Code: "invalid", Message: err.Error()}}})
			return
		}
		if res.Agencies == nil {
			res.Agencies = []agencies.AgencyID{}
		}
		c.JSON(http.StatusOK, res)
	}
}

// HandleOutbox lists the SMS that would have been sent (outbox mode only).
func (s *Server) HandleOutbox() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.outbox == nil {
			failWith(c, http.StatusNotFound, "no_outbox", nil)
			return
		}
		limit, _ := strconv.Atoi(c.DefaultQuery("limit", "100"))
		msgs, err := s.outbox.List(c.Request.Context(), limit, c.Query("incident_id"))
		if err != nil {
			s.fail(c, err)
			return
		}
		if msgs == nil {
			msgs = []agencies.OutboxMessage{}
		}
		c.JSON(http.StatusOK, gin.H{"messages": msgs})
	}
}
