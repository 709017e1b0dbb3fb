package hotline

import (
	"errors"
	"mime"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"
)

// requestLog writes one line per request; bodies and caller numbers never reach the log.
func (s *Server) requestLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "(unmatched)"
		}
		lvl := zap.DebugLevel
		if c.Writer.Status() >= 500 {
			lvl = zap.WarnLevel
		} else if route != "/healthz" && route != "/metrics" && route != "/readyz" {
			lvl = zap.InfoLevel
		}
		s.log.Check(lvl, "request").Write(zap.String("method", c.Request.Method), zap.String("route", route),
			zap.Int("status", c.Writer.Status()), zap.Duration("took", time.Since(start)))
	}
}

// recoverer turns a panic into a 500 and a log line instead of a dropped connection.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic in handler", zap.Any("panic", v), zap.String("route", c.FullPath()), zap.Stack("stack"))
				c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": apiError{Code: "internal", Message: msg(langOf(c), "internal")}})
			}
		}()
		c.Next()
	}
}

// limitBody caps the request body; reading past it fails with *http.MaxBytesError.
func (s *Server) limitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > s.cfg.BodyLimit {
			failWith(c, http.StatusRequestEntityTooLarge, "too_large", nil)
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.BodyLimit)
		c.Next()
	}
}

// requireJSON rejects bodies that are not application/json with 415.
func (s *Server) requireJSON() gin.HandlerFunc {
	return func(c *gin.Context) {
		mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
		if err != nil || mt != "application/json" {
			failWith(c, http.StatusUnsupportedMediaType, "unsupported_media", nil)
			return
		}
		c.Next()
	}
}

func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
