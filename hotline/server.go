package hotline

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/hoax"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/linking"
	"github.com/sigap112/sigap/dispatch/manage"
	"github.com/sigap112/sigap/dispatch/report"
	"github.com/sigap112/sigap/dispatch/smsreply"
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
	// Outbox is true when SMS go to the outbox instead of a provider.
	Outbox bool
	// SelfURL is how this process reaches its own listener (the demo's
	// responder simulator posts signed replies to it).
	SelfURL string
	// Simulator serves the responder simulator although Redis is durable
	// (SIGAP_SIMULATOR=1: a training or acceptance system). In demo mode
	// (in-process Redis) it is always on; on a production system never by default.
	Simulator bool
	// MetricsToken, when set, is the bearer token /metrics requires
	// (SIGAP_METRICS_TOKEN); otherwise /metrics needs a signed-in user.
	MetricsToken string
	// MetricsElsewhere takes /metrics off this handler: cmd serves
	// MetricsHandler on its own listen address (SIGAP_METRICS_LISTEN).
	MetricsElsewhere bool
}

// SimulatorOn reports whether the responder simulator is served.
func (c Config) SimulatorOn() bool { return !c.Durable || c.Simulator }

// Demo reports whether this server is a demonstration: nothing is kept, or
// no SMS reaches a phone. The console says so on every page.
func (c Config) Demo() bool { return !c.Durable || c.Outbox }

// Outbox lists the SMS that would have been sent (no Twilio configured).
type Outbox interface {
	List(ctx context.Context, limit int, incidentID string) ([]agencies.OutboxMessage, error)
}

// Server holds what the handlers need.
type Server struct {
	cfg        Config
	intake     *intake.Service
	linking    *linking.Service
	hoax       *hoax.Service
	manage     *manage.Service
	inbox      *smsreply.Inbox
	store      dispatch.Store
	changes    dispatch.Changes
	reports    *report.Service
	complaints Complaints
	auth       *auth
	dep        *deployment.Deployment
	cityMap    cityMap
	outbox     Outbox // nil when SMS go to a real provider
	ready      func(ctx context.Context) error
	health     func(ctx context.Context) map[string]any
	log        *zap.Logger
	gatherer   prometheus.Gatherer
	metrics    *httpMetrics
	console    *console

	// streams are the open SSE streams, ended at once on shutdown.
	streams streams
	places  PlaceMemory // nil: no learned addresses
	signer  WebhookSigner
}

// Deps are the server's collaborators.
type Deps struct {
	// Dispatch is the shared base of the use cases (intake, linking, hoax,
	// manage), which the server builds on it.
	Dispatch   *dispatch.Service
	Inbox      *smsreply.Inbox
	Store      dispatch.Store
	Changes    dispatch.Changes
	Deployment *deployment.Deployment
	Accounts   Accounts
	Outbox     Outbox
	Ready      func(ctx context.Context) error // nil error when Redis answers and config is loaded
	// Health, when set, adds details to /healthz?detail=1 (the SMS provider's state).
	Health     func(ctx context.Context) map[string]any
	Log        *zap.Logger
	Registry   *prometheus.Registry
	Reports    *report.Service
	Complaints Complaints // the public's complaints (/piagam)
	// Places remembers addresses confirmed on past incidents; nil: none.
	Places PlaceMemory
	// Signer signs the demo simulator's replies as the SMS provider signs
	// its webhooks; nil: the simulator cannot reply.
	Signer WebhookSigner
}

// New builds the server and registers its metrics.
func New(cfg Config, d Deps) *Server {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = 64 << 10
	}
	con, err := newConsole()
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a build defect
	}
	s := &Server{cfg: cfg, intake: intake.NewService(d.Dispatch), linking: linking.NewService(d.Dispatch), hoax: hoax.NewService(d.Dispatch), manage: manage.NewService(d.Dispatch), inbox: d.Inbox, store: d.Store, changes: d.Changes, dep: d.Deployment, reports: d.Reports,
		complaints: d.Complaints,
		places:     d.Places,
		cityMap:    renderMap(d.Deployment.Atlas, d.Deployment.Directory, d.Deployment.Gazetteer), outbox: d.Outbox, ready: d.Ready, health: d.Health,
		log: d.Log.Named("http"), gatherer: d.Registry, metrics: newHTTPMetrics(d.Registry), console: con, signer: d.Signer}
	var ids []agencies.AgencyID
	for _, ag := range d.Deployment.Directory.Agencies() {
		ids = append(ids, ag.ID)
	}
	s.auth = newAuth(authConfig{Accounts: d.Accounts, Agencies: ids,
		SecureCookies: strings.HasPrefix(cfg.PublicURL, "https://"), Log: s.log, Render: s.render})
	return s
}

// SetSelfURL says how the process reaches its own listener, once bound.
func (s *Server) SetSelfURL(u string) { s.cfg.SelfURL = u }

// Handler returns the HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	_ = r.SetTrustedProxies(nil) // ClientIP is the TCP peer; list a reverse proxy here when there is one
	r.Use(s.recoverer(), s.requestLog())
	if !s.cfg.Durable {
		r.Use(func(c *gin.Context) { c.Header("X-Sigap-Demo", "data is not kept: in-process Redis") })
	}
	r.GET("/healthz", s.handleHealth)
	r.GET("/readyz", s.handleReady)
	if !s.cfg.MetricsElsewhere {
		r.GET("/metrics", s.metricsGuard(), gin.WrapH(s.MetricsHandler()))
	}
	r.StaticFS("/static", staticFS())
	hooks := r.Group("/webhooks/twilio", s.limitBody())
	hooks.POST("/sms", s.verifyTwilio("/webhooks/twilio/sms"), s.HandleInboundSMS())
	hooks.POST("/status", s.verifyTwilio("/webhooks/twilio/status"), s.HandleStatusCallback())
	s.auth.register(r)
	s.publicRoutes(r)
	s.apiRoutes(r.Group("/api/v1", s.limitBody(), s.auth.authenticate(true), s.auth.csrf()))
	s.pageRoutes(r.Group("", s.limitBody(), s.auth.authenticate(false), s.auth.csrf()))
	r.NoRoute(func(c *gin.Context) {
		c.JSON(http.StatusNotFound, gin.H{"error": apiError{Code: "not_found", Message: "no such endpoint"}})
	})
	return r
}

// apiRoutes are the JSON API; every route needs a session or an API token.
func (s *Server) apiRoutes(api *gin.RouterGroup) {
	dispatchers := s.auth.requireRole(RoleCallTaker, RoleSupervisor, RoleAdmin)
	withAgency := s.auth.requireRole(RoleCallTaker, RoleSupervisor, RoleAdmin, RoleAgency)
	personal := s.auth.requireRole(RoleCallTaker, RoleSupervisor, RoleAdmin)
	api.POST("/incidents", dispatchers, s.requireJSON(), s.HandleCreateIncident())
	api.GET("/incidents", s.HandleListIncidents())
	api.GET("/incidents/:id", s.HandleGetIncident())
	api.GET("/incidents/:id/events", s.HandleEvents())
	api.POST("/incidents/:id/notes", dispatchers, s.requireJSON(), s.HandleNote())
	api.POST("/incidents/:id/assignments/:agency/status", withAgency, s.ownAgency(), s.requireJSON(), s.HandleAssignmentStatus())
	api.POST("/incidents/:id/assignments/:agency/reassign", dispatchers, s.requireJSON(), s.HandleReassign())
	api.POST("/incidents/:id/assignments/:agency/breaches/:milestone/reason", s.auth.requireRole(RoleSupervisor, RoleAdmin),
		s.requireJSON(), s.HandleBreachReason())
	api.POST("/incidents/:id/close", dispatchers, s.requireJSON(), s.HandleClose())
	supervisors := s.auth.requireRole(RoleSupervisor, RoleAdmin)
	api.POST("/incidents/:id/callers", dispatchers, s.requireJSON(), s.HandleLink())
	api.POST("/incidents/:id/callers/unlink", dispatchers, s.requireJSON(), s.HandleUnlink())
	api.POST("/incidents/:id/credible", dispatchers, s.HandleCredible())
	api.POST("/incidents/:id/confirm-false", supervisors, s.requireJSON(), s.HandleConfirmFalse())
	api.POST("/calls", dispatchers, s.requireJSON(), s.HandleLogCall())
	api.GET("/callers/:phone", personal, s.HandleCallerHistory())
	api.POST("/callers/:phone/clear", supervisors, s.requireJSON(), s.HandleCallerClear())
	api.POST("/callers/:phone/watch", supervisors, s.requireJSON(), s.HandleCallerWatch())
	api.POST("/classify", dispatchers, s.requireJSON(), s.HandleClassify())
	api.POST("/preview", dispatchers, s.requireJSON(), s.HandlePreview())
	api.POST("/locate", dispatchers, s.requireJSON(), s.HandleLocate())
	api.GET("/places", dispatchers, s.HandlePlaces())
	api.GET("/outbox", dispatchers, s.HandleOutbox())
	api.GET("/stream", s.HandleStream())
	readers := s.auth.requireRole(RoleOfficial, RoleSupervisor, RoleAdmin, RoleAgency)
	api.GET("/charter", s.HandleCharter())
	api.POST("/charter/standards", s.auth.requireRole(RoleAdmin), s.requireJSON(), s.HandleChangeStandard())
	api.GET("/reports/compliance", readers, s.HandleComplianceReport())
	api.GET("/reports/compliance.csv", readers, s.HandleComplianceCSV())
	api.GET("/reports/complaints", s.auth.requireRole(RoleOfficial, RoleSupervisor, RoleAdmin), s.HandleComplaintReport())
	api.GET("/reports/ikm", readers, s.HandleIKMReport())
}

// pageRoutes are the console's pages.
func (s *Server) pageRoutes(pages *gin.RouterGroup) {
	dispatchers := s.auth.requireRole(RoleCallTaker, RoleSupervisor, RoleAdmin)
	pages.GET("/", func(c *gin.Context) {
		if u := currentUser(c); u == nil || !u.Dispatches() {
			c.Redirect(http.StatusSeeOther, "/board")
			c.Abort()
		}
	}, s.HandleIntakePage())
	pages.GET("/board", s.HandleBoardPage())
	pages.GET("/incidents/:id", s.HandleIncidentPage())
	s.reportPages(pages)
	if s.cfg.Demo() {
		pages.GET("/outbox", dispatchers, s.HandleOutboxPage())
	}
	if s.cfg.SimulatorOn() {
		pages.GET("/simulator", dispatchers, s.HandleSimulatorPage())
		pages.POST("/simulator/reply", dispatchers, s.requireJSON(), s.HandleSimulatorReply())
	}
}

// ownAgency keeps an agency's dispatcher to its own agency's assignments.
func (s *Server) ownAgency() gin.HandlerFunc {
	return func(c *gin.Context) {
		if u := currentUser(c); u != nil && u.Role == RoleAgency && string(u.Agency) != c.Param("agency") {
			c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": apiError{Code: "forbidden", Message: msg(langOf(c), "forbidden")}})
		}
	}
}

// handleHealth is liveness; with ?detail=1 it also says what is degraded
// (always 200: a degraded SMS provider is no reason to restart Sigap).
func (s *Server) handleHealth(c *gin.Context) {
	out := gin.H{"status": "ok"}
	if c.Query("detail") == "1" && s.health != nil {
		for k, v := range s.health(c.Request.Context()) {
			out[k] = v
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) handleReady(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.log.Warn("not ready", zap.Error(err))
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "reason": "storage unreachable"})
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
