package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies/twiliosms"
)

// Options is the whole process configuration: flags, each defaulting to an
// environment variable.
type Options struct {
	Listen    string // SIGAP_LISTEN
	RedisURL  string // REDIS_URL; empty: embedded redis-server (durable) or in-process demo
	DataDir   string // SIGAP_DATA_DIR: where the embedded redis-server keeps its files
	ConfigDir string // SIGAP_CONFIG_DIR; empty: the embedded configs/tebingtinggi
	PublicURL string // SIGAP_PUBLIC_URL: how Twilio reaches this server (webhooks)
	LogFormat string // SIGAP_LOG_FORMAT: json or console
	Twilio    twiliosms.Config
	// Resilience (issue 9): see resilience_config.go.
	Resilience Resilience
	// ClassifyTrainEvery (SIGAP_CLASSIFY_TRAIN_EVERY): how often the
	// classifier's model is retrained from the corpus and the dispatched
	// incidents; 0 = no learned model (word lists alone).
	ClassifyTrainEvery time.Duration
	// MetricsToken (SIGAP_METRICS_TOKEN) is the bearer token /metrics needs;
	// MetricsListen (SIGAP_METRICS_LISTEN) serves /metrics on its own
	// address instead. With neither, /metrics needs a signed-in user.
	MetricsToken  string
	MetricsListen string
	// Simulator (SIGAP_SIMULATOR=1) serves the responder simulator on
	// durable Redis; demo mode (in-process Redis) always has it.
	Simulator bool
	// Sentinel, MinReplicas: see redisconn.go.
	Sentinels   string // SIGAP_REDIS_SENTINELS: host:port,host:port,…
	RedisMaster string // SIGAP_REDIS_MASTER: the monitored master's name
	MinReplicas int    // SIGAP_REDIS_MIN_REPLICAS: replicas that must hold an incident before 201
	// Retention (retention.go): closed incidents older than RetentionDays
	// (SIGAP_RETENTION_DAYS, 400) go to ArchiveDir (SIGAP_ARCHIVE_DIR, default
	// DATA_DIR/archive) every RetentionEvery (SIGAP_RETENTION_EVERY, 6h; "off": never here).
	RetentionDays  int
	ArchiveDir     string
	RetentionEvery time.Duration

	// Not flags: tests shorten these to exercise redelivery quickly.
	QueueClaimIdle time.Duration // how long an unacknowledged entry waits before another worker takes it; default 60s
	SendLease      time.Duration // how long a send claim is held; default 30s
	RetryBackoff   []time.Duration
	EscalateEvery  time.Duration
	Instance       string // names this process's queue consumers; default hostname-pid
}

func parseOptions(args []string, getenv func(string) string, stderr io.Writer) (Options, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var o Options
	fs := flag.NewFlagSet("sigap serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Listen, "listen", env("SIGAP_LISTEN", ":8080"), "HTTP listen address (SIGAP_LISTEN)")
	fs.StringVar(&o.RedisURL, "redis-url", env("REDIS_URL", ""), "Redis URL; empty starts an embedded server (REDIS_URL)")
	fs.StringVar(&o.DataDir, "data-dir", env("SIGAP_DATA_DIR", "sigap-data"), "data directory of the embedded Redis (SIGAP_DATA_DIR)")
	fs.StringVar(&o.ConfigDir, "config-dir", env("SIGAP_CONFIG_DIR", ""), "deployment config directory; empty = embedded Tebing Tinggi (SIGAP_CONFIG_DIR)")
	fs.StringVar(&o.PublicURL, "public-url", env("SIGAP_PUBLIC_URL", ""), "public base URL for webhooks (SIGAP_PUBLIC_URL); default http://localhost:PORT")
	fs.StringVar(&o.LogFormat, "log-format", env("SIGAP_LOG_FORMAT", "json"), "json or console (SIGAP_LOG_FORMAT)")
	fs.StringVar(&o.Twilio.AccountSID, "twilio-account-sid", env("TWILIO_ACCOUNT_SID", ""), "Twilio account SID (TWILIO_ACCOUNT_SID)")
	fs.StringVar(&o.Twilio.AuthToken, "twilio-auth-token", env("TWILIO_AUTH_TOKEN", ""), "Twilio auth token (TWILIO_AUTH_TOKEN)")
	fs.StringVar(&o.Twilio.From, "twilio-from", env("TWILIO_FROM", ""), "sender number or messaging service (TWILIO_FROM)")
	fs.StringVar(&o.Twilio.APIURL, "twilio-api-url", env("TWILIO_API_URL", ""), "Twilio-compatible API base URL (TWILIO_API_URL)")
	o.Resilience.flags(fs, env)
	every, err := time.ParseDuration(env("SIGAP_CLASSIFY_TRAIN_EVERY", "6h"))
	if err != nil {
		return o, fmt.Errorf("SIGAP_CLASSIFY_TRAIN_EVERY: %w", err)
	}
	fs.DurationVar(&o.ClassifyTrainEvery, "classify-train-every", every, "retrain the classifier's model this often; 0 = word lists alone (SIGAP_CLASSIFY_TRAIN_EVERY)")
	fs.StringVar(&o.MetricsToken, "metrics-token", env("SIGAP_METRICS_TOKEN", ""), "bearer token /metrics requires (SIGAP_METRICS_TOKEN)")
	fs.StringVar(&o.MetricsListen, "metrics-listen", env("SIGAP_METRICS_LISTEN", ""), "serve /metrics on this address only, e.g. 127.0.0.1:9112 (SIGAP_METRICS_LISTEN)")
	simulator := fs.String("simulator", env("SIGAP_SIMULATOR", ""), "1: serve the responder simulator on durable Redis (SIGAP_SIMULATOR)")
	fs.StringVar(&o.Sentinels, "redis-sentinels", env("SIGAP_REDIS_SENTINELS", ""), "Redis Sentinel addresses host:port,… (SIGAP_REDIS_SENTINELS)")
	fs.StringVar(&o.RedisMaster, "redis-master", env("SIGAP_REDIS_MASTER", ""), "master name monitored by the sentinels (SIGAP_REDIS_MASTER)")
	minReplicas := fs.String("min-replicas", env("SIGAP_REDIS_MIN_REPLICAS", "0"), "replicas that must hold an incident before intake answers 201 (SIGAP_REDIS_MIN_REPLICAS)")
	retentionDays := fs.String("retention-days", env("SIGAP_RETENTION_DAYS", "400"), "closed incidents older than this many days are archived (SIGAP_RETENTION_DAYS)")
	fs.StringVar(&o.ArchiveDir, "archive-dir", env("SIGAP_ARCHIVE_DIR", ""), "archive of closed incidents; default DATA_DIR/archive (SIGAP_ARCHIVE_DIR)")
	retentionEvery := fs.String("retention-every", env("SIGAP_RETENTION_EVERY", "6h"), "how often retention runs, or off (SIGAP_RETENTION_EVERY)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var extra []error
	if err := o.Resilience.parse(); err != nil {
		extra = append(extra, err)
	}
	if n, err := strconv.Atoi(*retentionDays); err != nil || n < 30 || n > 36500 {
		extra = append(extra, fmt.Errorf("SIGAP_RETENTION_DAYS: %q must be a number of days, 30..36500", *retentionDays))
	} else {
		o.RetentionDays = n
	}
	if *retentionEvery == "off" {
		o.RetentionEvery = -1
	} else if d, err := time.ParseDuration(*retentionEvery); err != nil || d < time.Minute {
		extra = append(extra, fmt.Errorf("SIGAP_RETENTION_EVERY: %q must be a duration of at least 1m (e.g. 6h) or off", *retentionEvery))
	} else {
		o.RetentionEvery = d
	}
	switch *simulator {
	case "", "0", "false":
	case "1", "true":
		o.Simulator = true
	default:
		extra = append(extra, fmt.Errorf("SIGAP_SIMULATOR: %q must be 1 or 0", *simulator))
	}
	if n, err := strconv.Atoi(*minReplicas); err != nil || n < 0 || n > 16 {
		extra = append(extra, fmt.Errorf("SIGAP_REDIS_MIN_REPLICAS: %q must be a number 0..16", *minReplicas))
	} else {
		o.MinReplicas = n
	}
	if o.PublicURL == "" {
		o.PublicURL = "http://localhost:" + portOf(o.Listen)
	}
	return o, errors.Join(append(extra, o.validate())...)
}

// TwilioConfigured reports whether SMS go to Twilio (otherwise to the outbox).
func (o Options) TwilioConfigured() bool {
	return o.Twilio.AccountSID != "" || o.Twilio.AuthToken != "" || o.Twilio.From != ""
}

func (o Options) validate() error {
	var errs []error
	if o.LogFormat != "json" && o.LogFormat != "console" {
		errs = append(errs, fmt.Errorf("SIGAP_LOG_FORMAT: %q must be json or console", o.LogFormat))
	}
	if o.Listen == "" {
		errs = append(errs, errors.New("SIGAP_LISTEN: required"))
	}
	if !strings.HasPrefix(o.PublicURL, "http://") && !strings.HasPrefix(o.PublicURL, "https://") {
		errs = append(errs, fmt.Errorf("SIGAP_PUBLIC_URL: %q must start with http:// or https://", o.PublicURL))
	}
	if o.MetricsToken != "" && len(o.MetricsToken) < 16 {
		errs = append(errs, errors.New("SIGAP_METRICS_TOKEN: at least 16 characters"))
	}
	if o.MetricsListen != "" && o.MetricsListen == o.Listen {
		errs = append(errs, errors.New("SIGAP_METRICS_LISTEN: must differ from SIGAP_LISTEN"))
	}
	errs = append(errs, o.validateRedis()...)
	if o.TwilioConfigured() {
		if err := o.Twilio.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("twilio (set all of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, or none): %w", err))
		}
	}
	return errors.Join(errs...)
}

// logFields prints the configuration at start-up with secrets masked.
func (o Options) logFields() []zap.Field {
	mask := func(s string) string {
		if s == "" {
			return ""
		}
		return "****"
	}
	redisURL := maskRedisURL(o)
	return []zap.Field{
		zap.String("listen", o.Listen), zap.String("redis_url", redisURL), zap.String("data_dir", o.DataDir),
		zap.String("config_dir", o.ConfigDir), zap.String("public_url", o.PublicURL),
		zap.String("twilio_account_sid", o.Twilio.AccountSID), zap.String("twilio_auth_token", mask(o.Twilio.AuthToken)),
		zap.String("twilio_from", o.Twilio.From), zap.String("twilio_api_url", o.Twilio.APIURL),
		zap.Duration("classify_train_every", o.ClassifyTrainEvery),
		zap.String("metrics_token", mask(o.MetricsToken)), zap.String("metrics_listen", o.MetricsListen),
		zap.Bool("simulator", o.Simulator), zap.String("redis_sentinels", o.Sentinels), zap.String("redis_master", o.RedisMaster),
		zap.Int("min_replicas", o.MinReplicas), zap.Int("retention_days", o.RetentionDays),
		zap.String("archive_dir", o.archiveDir()), zap.Duration("retention_every", o.RetentionEvery),
	}
}

// portOf returns the port of a listen address (":8080" → "8080").
func portOf(listen string) string {
	if i := strings.LastIndex(listen, ":"); i >= 0 {
		return listen[i+1:]
	}
	return listen
}
