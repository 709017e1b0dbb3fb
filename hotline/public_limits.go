package hotline

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"
)

// PublicLimiter counts what one address does on the public pages (the
// complaint status lookup, the survey), so a script cannot hammer them.
type PublicLimiter interface {
	// Allow counts one request from ip in bucket. Returns ErrRateLimited
	// when ip already made limit requests within window, or an error
	// wrapping dispatch.ErrUnavailable when storage is down.
	Allow(ctx context.Context, bucket, ip string, limit int, window time.Duration) error
}

// publicSource is an account store that also keeps the public's limits
// and survey answers (the Redis one does): the server finds them there.
type publicSource interface {
	PublicLimits() PublicLimiter
	Surveys() Surveys
}

// publicLimiter returns where public limits are counted; nil when nowhere.
func (s *Server) publicLimiter() PublicLimiter {
	if src, ok := s.auth.accounts.(publicSource); ok {
		return src.PublicLimits()
	}
	return nil
}

// surveyStore returns where survey answers are kept; nil when nowhere.
func (s *Server) surveyStore() Surveys {
	if src, ok := s.auth.accounts.(publicSource); ok {
		return src.Surveys()
	}
	return nil
}

// allowPublic counts a request on a public page against its address.
// Without a limiter (no storage) the page itself is closed anyway.
func (s *Server) allowPublic(c *gin.Context, bucket string, limit int, window time.Duration) error {
	l := s.publicLimiter()
	if l == nil {
		return nil
	}
	return l.Allow(c.Request.Context(), bucket, c.ClientIP(), limit, window)
}
