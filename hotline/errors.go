package hotline

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
)

// apiError is the body of every error response:
// {"error": {"code": "...", "message": "...", "fields": {"lat": {...}}}}.
type apiError struct {
	Code    string                         `json:"code"`
	Message string                         `json:"message"`
	Fields  map[string]dispatch.FieldError `json:"fields,omitempty"`
}

// errorStatus maps domain errors to HTTP status and an error code. The first
// match wins; anything not listed is an internal error, logged once.
var errorStatus = []struct {
	err    error
	status int
	code   string
}{
	{dispatch.ErrIncidentNotFound, http.StatusNotFound, "not_found"},
	{dispatch.ErrIdempotencyConflict, http.StatusUnprocessableEntity, "idempotency_conflict"},
	{dispatch.ErrInvalidEvent, http.StatusConflict, "conflict"},
	{dispatch.ErrUnavailable, http.StatusServiceUnavailable, "unavailable"},
}

// fail writes err as a JSON error in the request's language.
func (s *Server) fail(c *gin.Context, err error) {
	lang := langOf(c)
	var ve *dispatch.ValidationError
	if errors.As(err, &ve) {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": apiError{
			Code: "invalid", Message: msg(lang, "invalid"), Fields: localizeFields(lang, ve.Fields)}})
		return
	}
	for _, e := range errorStatus {
		if errors.Is(err, e.err) {
			if e.status >= 500 {
				s.log.Error("request failed", zap.String("path", c.FullPath()), zap.Error(err))
			}
			c.AbortWithStatusJSON(e.status, gin.H{"error": apiError{Code: e.code, Message: msg(lang, e.code)}})
			return
		}
	}
	s.log.Error("internal error", zap.String("path", c.FullPath()), zap.Error(err))
	c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": apiError{Code: "internal", Message: msg(lang, "internal")}})
}

// failWith writes a transport-level error (415, 413, bad JSON).
func failWith(c *gin.Context, status int, code string, fields map[string]dispatch.FieldError) {
	lang := langOf(c)
	c.AbortWithStatusJSON(status, gin.H{"error": apiError{Code: code, Message: msg(lang, code), Fields: localizeFields(lang, fields)}})
}
