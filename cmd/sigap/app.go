package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/twiliosms"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/learning"
	"github.com/sigap112/sigap/dispatch/linking"
	"github.com/sigap112/sigap/dispatch/notify"
	"github.com/sigap112/sigap/dispatch/reconcile"
	dredis "github.com/sigap112/sigap/dispatch/redisstore"
	"github.com/sigap112/sigap/dispatch/report"
	"github.com/sigap112/sigap/dispatch/smsreply"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

// App is one running Sigap: its Redis, its HTTP server and its queue workers.
// End-to-end tests build it the same way main does.
type App struct {
	Options    Options
	Deployment *deployment.Deployment
	Store      *dredis.Store
	Outbox     *redisstore.Outbox // nil when Twilio is configured
	Service    *dispatch.Service
	Inbox      *smsreply.Inbox
	Workers    []*escalation.Worker
	Clock      *dispatch.Clock
	Reconciler *reconcile.Reconciler
	Health     *notify.ProviderHealth
	Accounts   *hredis.Accounts
	Durable    bool

	log      *zap.Logger
	embedded *redisstore.Embedded
	rdb      *redis.Client
	hotline  *hotline.Server
	server   *http.Server
	listener net.Listener
	// metricsAddr is where /metrics is served when SIGAP_METRICS_LISTEN is set.
	metricsAddr string

	// redisFatal fires when the embedded redis-server died and could not be restarted.
	redisFatal  <-chan error
	persistence Persistence
}

// NewApp loads the deployment, connects Redis and wires every part. It
// fails, naming the file and field, on an invalid configuration.
func NewApp(ctx context.Context, o Options, log *zap.Logger) (*App, error) {
	a := &App{Options: o, log: log}
	fsys, dir := deploymentFS(o.ConfigDir)
	dep, err := deployment.Load(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	a.Deployment = dep
	for _, w := range dep.Directory.Warnings {
		log.Warn("roster", zap.String("warning", w))
	}
	if err := a.connectRedis(ctx); err != nil {
		return nil, err
	}
	if err := a.wire(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func deploymentFS(dir string) (fs.FS, string) {
	if dir == "" {
		return configs.FS, configs.Default
	}
	return os.DirFS(dir), "."
}

// connectRedis uses REDIS_URL, else starts redis-server in the data
// directory, else the in-process demo server.
func (a *App) connectRedis(ctx context.Context) error {
	url := a.Options.RedisURL
	a.Durable = true
	if url == "" && !a.Options.usesSentinel() {
		e, err := redisstore.StartServer(ctx, redisstore.ServerOptions{Dir: a.Options.DataDir})
		switch {
		case errors.Is(err, redisstore.ErrNoRedisServer):
			if e, err = redisstore.StartDemo(); err != nil {
				return err
			}
			a.Durable = false
			a.log.Warn(demoBanner)
		case err != nil:
			return fmt.Errorf("embedded redis-server: %w", err)
		default:
			a.log.Info("embedded redis-server started", zap.String("dir", e.Dir), zap.String("url", e.URL))
			a.redisFatal = e.Supervise(context.Background(), redisstore.SuperviseOptions{}, a.log)
			// `sigap users` finds the running server's Redis here.
			if err := os.WriteFile(filepath.Join(e.Dir, redisURLFile), []byte(e.URL+"\n"), 0o600); err != nil {
				a.log.Warn("cannot write redis.url; `sigap users` will not find this server", zap.Error(err))
			}
		}
		a.embedded, url = e, e.URL
	}
	rdb, err := a.Options.newRedisClient(url)
	if err != nil {
		return err
	}
	a.rdb = rdb
	return a.checkPersistence(ctx)
}

const demoBanner = "DEMO MODE: no REDIS_URL and no redis-server on PATH — using an in-process Redis. " +
	"DATA IS NOT KEPT: every incident is lost when the process stops. Install redis-server or set REDIS_URL."

func (a *App) wire(ctx context.Context) error {
	dep := a.Deployment
	var ids []agencies.AgencyID
	for _, ag := range dep.Directory.Agencies() {
		ids = append(ids, ag.ID)
	}
	a.Store = dredis.New(a.rdb, dredis.Options{Agencies: ids, ClaimIdleMillis: a.claimIdle().Milliseconds(),
		Location: dep.Location, CallProcessing: dep.Charter.CallProcessing, MinReplicas: a.Options.MinReplicas, OnFewReplicas: a.fewReplicas})
	if err := a.Store.Init(ctx); err != nil {
		a.log.Error("redis not reachable at start; queues are created when it answers", zap.Error(err))
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(dredis.NewQueueCollector(a.Store, ids))
	notifier, err := a.notifier()
	if err != nil {
		return err
	}
	a.Service = dispatch.NewService(dispatch.Config{CodePrefix: dep.City.IncidentPrefix, Referrals: dep.Referrals(),
		FeedbackDelay: dep.City.FeedbackDelay, CityName: dep.City.Name},
		dispatch.ServiceDeps{Store: a.Store, Timers: a.Store, Calls: a.Store, Callers: a.Store, Nearby: a.Store, Hoax: dep.Hoax, Taxonomy: dep.Taxonomy, Directory: dep.Directory,
			Atlas: dep.Atlas, Charter: dep.Charter, Charters: redisstore.NewCharters(a.rdb, "sigap:"), Log: a.log})
	if _, err := linking.NewService(a.Service).IndexRecent(ctx); err != nil {
		a.log.Error("duplicate index not rebuilt; suggestions may miss incidents until the next start", zap.Error(err))
	}
	deps := escalation.WorkerDeps{Queue: a.Store, Store: a.Store, Ledger: a.Store, Timers: a.Store, Callers: a.Store, Calls: a.Store, SMS: notifier,
		Directory: dep.Directory, Taxonomy: dep.Taxonomy, Metrics: dispatch.NewMetrics(reg), Log: a.log,
		Surveys: hredis.NewSurveys(a.rdb, "sigap:")} // the feedback SMS links to the official survey (IKM)
	deps.Health = notify.NewProviderHealth(3, deps.Metrics, a.log)
	instance := a.Options.Instance
	if instance == "" {
		host, _ := os.Hostname()
		instance = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	for _, ag := range ids {
		cfg := escalation.WorkerConfig{Consumer: instance + "-" + string(ag), SendLease: a.Options.SendLease, OutageRetry: a.Options.Resilience.OutageRetry,
			RetryBackoff: a.Options.RetryBackoff, EscalateEvery: a.Options.EscalateEvery, CityName: dep.City.Name, TouchEvery: a.claimIdle() / 3,
			SurveyURL: strings.TrimRight(a.Options.PublicURL, "/") + "/survei/"}
		a.Workers = append(a.Workers, escalation.NewWorker(cfg, ag, deps))
	}
	a.Inbox = smsreply.NewInbox(smsreply.InboxConfig{CodePrefix: dep.City.IncidentPrefix,
		Consumer: instance + "-inbox", RetryBackoff: a.Options.RetryBackoff}, deps)
	a.Inbox.OnFalseReport(intake.NewService(a.Service).SplitAfterFalse)
	a.Clock = dispatch.NewClock(a.Store, 0, a.log)
	a.wireReconciler(deps, ids, instance)
	a.useCodeFile()
	var outbox hotline.Outbox
	if a.Outbox != nil {
		outbox = a.Outbox
	}
	token := a.Options.Twilio.AuthToken
	if token == "" {
		// Outbox mode: the webhooks still verify signatures, with a token only
		// this process knows (the demo's responder simulator signs with it).
		token = randomToken()
	}
	a.Accounts = hredis.New(a.rdb, hredis.Options{Agencies: ids})
	a.hotline = hotline.New(hotline.Config{Durable: a.Durable, PublicURL: a.Options.PublicURL, TwilioAuthToken: token,
		Outbox: a.Outbox != nil, Simulator: a.Options.Simulator, MetricsToken: a.Options.MetricsToken,
		MetricsElsewhere: a.Options.MetricsListen != ""}, hotline.Deps{
		Dispatch: a.Service, Inbox: a.Inbox, Store: a.Store, Changes: a.Store, Deployment: dep, Outbox: outbox, Accounts: a.Accounts,
		Complaints: hredis.NewComplaints(a.rdb, hredis.ComplaintOptions{}),
		Places:     hredis.NewPlaces(a.rdb, hredis.PlaceOptions{}),
		Ready:      a.ready, Health: a.healthDetail, Log: a.log, Registry: reg, Reports: report.NewService(a.Store, dep.Location, dep.City.IncidentPrefix),
		Signer: twiliosms.WebhookSigner{AuthToken: token},
	})
	a.server = &http.Server{Addr: a.Options.Listen, Handler: a.hotline.Handler(), ReadHeaderTimeout: 10 * time.Second}
	a.server.RegisterOnShutdown(a.hotline.CloseStreams) // SSE streams would hold shutdown for its whole grace period
	return nil
}

func (a *App) notifier() (agencies.Notifier, error) {
	if !a.Options.TwilioConfigured() {
		a.Outbox = redisstore.NewOutbox(a.rdb, "sigap:", 0)
		a.log.Warn("no Twilio credentials: SMS go to the outbox (GET /api/v1/outbox), nobody's phone rings")
		return a.Outbox, nil
	}
	cfg := a.Options.Twilio
	cfg.StatusCallbackURL = strings.TrimRight(a.Options.PublicURL, "/") + "/webhooks/twilio/status"
	primary, err := twiliosms.New(cfg, a.log)
	if err != nil || !a.Options.Resilience.FallbackConfigured() {
		return primary, err
	}
	return a.fallbackRoute(primary, cfg.StatusCallbackURL)
}

// SetClock makes every part of the app read time from now (tests run the
// rosters at a chosen hour; the clock must still move).
func (a *App) SetClock(now func() time.Time) {
	a.Service.SetClock(now)
	a.Inbox.SetClock(now)
	a.Clock.SetClock(now)
	a.Reconciler.SetClock(now)
	for _, w := range a.Workers {
		w.SetClock(now)
	}
}

// Handler is the HTTP handler (tests serve it on their own listener).
func (a *App) Handler() http.Handler { return a.server.Handler }

// Listen binds the HTTP port (so tests can learn the address before Run).
func (a *App) Listen() (string, error) {
	l, err := net.Listen("tcp", a.Options.Listen)
	if err != nil {
		return "", fmt.Errorf("listen %s: %w", a.Options.Listen, err)
	}
	a.listener = l
	a.hotline.SetSelfURL("http://" + l.Addr().String())
	return l.Addr().String(), nil
}

// Run serves HTTP and runs the queue workers until ctx is cancelled, then
// shuts down gracefully: no new requests, in-flight requests and deliveries finish.
func (a *App) Run(ctx context.Context) error {
	if a.listener == nil {
		if _, err := a.Listen(); err != nil {
			return err
		}
	}
	wctx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	for _, w := range a.Workers {
		wg.Add(1)
		go func() { defer wg.Done(); _ = w.Run(wctx) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); a.Clock.Run(wctx) }()
	wg.Add(1)
	go func() { defer wg.Done(); a.Reconciler.Run(wctx) }()
	wg.Add(1)
	go func() { defer wg.Done(); intake.NewService(a.Service).RunSplitPending(wctx, 0) }() // finishes split-offs a crash left undone
	if a.Options.ClassifyTrainEvery > 0 {
		l := learning.New(learning.Config{Every: a.Options.ClassifyTrainEvery}, a.Store, a.Store, a.Deployment.Taxonomy, a.log)
		wg.Add(1)
		go func() { defer wg.Done(); l.Run(wctx) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); a.retentionLoop(wctx) }()
	wg.Add(1)
	go func() { defer wg.Done(); a.watchRedis(wctx) }()
	stopMetrics, err := a.serveMetrics()
	if err != nil {
		stopWorkers()
		wg.Wait()
		return err
	}
	defer stopMetrics()
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(a.listener) }()
	a.log.Info("sigap serving", zap.String("addr", a.listener.Addr().String()), zap.Bool("durable", a.Durable))
	select {
	case <-ctx.Done():
	case err = <-errc:
	case err = <-a.redisFatal:
		err = fmt.Errorf("embedded redis-server: %w", err)
	}
	a.log.Info("shutting down: finishing in-flight requests and deliveries")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = a.server.Shutdown(sctx)
	stopWorkers()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Close releases Redis; an embedded redis-server is stopped cleanly.
func (a *App) Close() {
	if a.rdb != nil {
		_ = a.rdb.Close()
	}
	if a.embedded != nil {
		if a.embedded.Durable {
			_ = os.Remove(filepath.Join(a.embedded.Dir, redisURLFile))
		}
		_ = a.embedded.Close()
	}
}

func randomToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
