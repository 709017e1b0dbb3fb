package hotline

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/dispatch"
)

// Config of the HTTP side.
type Config struct {
	// BodyLimit caps request bodies; default 64 KiB (a description is at most 2,000 characters).
	BodyLimit int64
	// Durable is false when the server runs on the in-process demo Redis: every
	// response carries a warning header so nobody mistakes it for production.
	Durable bool
	// PublicURL is how Twilio reaches this server; webhook signatures are
	// checked against it, never against the request's Host.
	PublicURL string
	// TwilioAuthToken verifies webhook signatures; empty disables the webhooks.
	TwilioAuthToken string
}

// Outbox lists the SMS that would have been sent (no Twilio configured).
type Outbox interface {
	List(ctx context.Context, limit int, incidentID string) ([]redisstore.OutboxMessage, error)
}

// Server holds what the handlers need.
type Server struct {
	cfg      Config
	intake   *dispatch.Service
	inbox    *dispatch.Inbox
	store    dispatch.Store
	outbox   Outbox // nil when SMS go to a real provider
	ready    func(ctx context.Context) error
	log      *zap.Logger
	gatherer prometheus.Gatherer
	metrics  *httpMetrics
}

// Deps are the server's collaborators.
type Deps struct {
	Intake   *dispatch.Service
	Inbox    *dispatch.Inbox
	Store    dispatch.Store
	Outbox   Outbox
	Ready    func(ctx context.Context) error // nil error when Redis answers and config is loaded
	Log      *zap.Logger
	Registry *prometheus.Registry
}

// New builds the server and registers its metrics.
func New(cfg Config, d Deps) *Server {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = 64 << 10
	}
	return &Server{cfg: cfg, intake: d.Intake, inbox: d.Inbox, store: d.Store, outbox: d.Outbox, ready: d.Ready,
		log: d.Log.Named("http"), gatherer: d.Registry, metrics: newHTTPMetrics(d.Registry)}
}

// Handler returns the HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(s.recoverer(), s.requestLog())
	if !s.cfg.Durable {
		r.Use(func(c *gin.Context) { c.Header("X-Sigap-Demo", "data is not kept: in-process Redis") })
	}
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.handleReady)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{})))

	api := r.Group("/api/v1", s.limitBody())
	api.POST("/incidents", s.requireJSON(), s.HandleCreateIncident())
	api.GET("/incidents", s.HandleListIncidents())
	api.GET("/incidents/:id", s.HandleGetIncident())
	api.GET("/incidents/:id/events", s.HandleEvents())
	api.POST("/incidents/:id/assignments/:agency/status", s.requireJSON(), s.HandleAssignmentStatus())
	api.POST("/incidents/:id/assignments/:agency/breaches/:milestone/reason", s.requireJSON(), s.HandleBreachReason())
	api.POST("/incidents/:id/close", s.requireJSON(), s.HandleClose())
	api.POST("/classify", s.requireJSON(), s.HandleClassify())
	hooks := r.Group("/webhooks/twilio", s.limitBody())
	hooks.POST("/sms", s.verifyTwilio("/webhooks/twilio/sms"), s.HandleInboundSMS())
	hooks.POST("/status", s.verifyTwilio("/webhooks/twilio/status"), s.HandleStatusCallback())
	api.GET("/outbox", s.HandleOutbox())
	r.NoRoute(func(c *gin.Context) {
		c.JSON(http.StatusNotFound, gin.H{"error": apiError{Code: "not_found", Message: "no such endpoint"}})
	})
	return r
}

func (s *Server) handleReady(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "reason": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "durable": s.cfg.Durable})
}

type httpMetrics struct {
	intake        *prometheus.CounterVec
	intakeLatency prometheus.Histogram
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		intake: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sigap_intake_total", Help: "Incident intake requests by outcome (created, replayed, invalid, error).",
		}, []string{"outcome"}),
		intakeLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "sigap_intake_seconds", Help: "Time from request to incident stored and queued.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
	}
	reg.MustRegister(m.intake, m.intakeLatency)
	return m
}
