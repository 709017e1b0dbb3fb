package hotline

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MetricsHandler is the Prometheus endpoint, for a separate listener
// (SIGAP_METRICS_LISTEN) that only the monitoring network reaches.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{})
}

// metricsGuard keeps /metrics from strangers: the figures tell how busy the
// centre is and how long its queues are. With SIGAP_METRICS_TOKEN set,
// Prometheus sends it as a bearer token; without it, a signed-in user's
// session or API token is needed.
func (s *Server) metricsGuard() gin.HandlerFunc {
	if s.cfg.MetricsToken == "" {
		return s.auth.authenticate(true)
	}
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") && sameSecret(strings.TrimSpace(h[7:]), s.cfg.MetricsToken) {
			c.Next()
			return
		}
		c.Header("WWW-Authenticate", `Bearer realm="sigap-metrics"`)
		apiFail(c, http.StatusUnauthorized, "unauthorized")
	}
}
