package dispatch

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sigap112/sigap/agencies"
)

// Metrics counts what a 112 centre's operations staff watch: SMS sent and
// failed, entries given up on. A nil *Metrics counts nothing.
type Metrics struct {
	SMSSent     *prometheus.CounterVec
	SMSFailed   *prometheus.CounterVec
	DeadLetters *prometheus.CounterVec
	Breaches    *prometheus.CounterVec
	// TimerLateness is how long after its due time a timer was handled.
	TimerLateness prometheus.Histogram
	// ProviderDegraded is 1 while the SMS provider fails (this instance's view).
	ProviderDegraded prometheus.Gauge
	// InvariantRepairs counts open assignments the reconciler found in no
	// safe state (no SMS accepted with a live timer, no retry, no flag) and repaired.
	InvariantRepairs *prometheus.CounterVec
}

// NewMetrics registers the dispatch metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		SMSSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sigap_sms_sent_total", Help: "Assignment SMS accepted by the provider, per agency.",
		}, []string{"agency"}),
		SMSFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sigap_sms_failed_total", Help: "Assignment SMS the provider refused or that failed to send, per agency.",
		}, []string{"agency"}),
		DeadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sigap_queue_dead_letters_total", Help: "Queue entries moved to the dead-letter stream, per agency.",
		}, []string{"agency"}),
	}
	m.Breaches = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sigap_charter_breaches_total", Help: "Charter deadlines missed, per agency and milestone.",
	}, []string{"agency", "milestone"})
	m.TimerLateness = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "sigap_timer_lateness_seconds", Help: "Delay between a timer's due time and its handling.",
		Buckets: []float64{.01, .05, .1, .25, .5, 1, 2, 5, 10},
	})
	m.ProviderDegraded = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "sigap_sms_provider_degraded", Help: "1 while the SMS provider does not accept messages (retries continue, assignments flagged).",
	})
	m.InvariantRepairs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sigap_invariant_repairs_total", Help: "Open assignments found with no SMS, retry or flag, and repaired, per problem.",
	}, []string{"problem"})
	reg.MustRegister(m.SMSSent, m.SMSFailed, m.DeadLetters, m.Breaches, m.TimerLateness, m.ProviderDegraded, m.InvariantRepairs)
	return m
}

func (m *Metrics) SetProviderDegraded(on bool) {
	if m != nil {
		v := 0.0
		if on {
			v = 1
		}
		m.ProviderDegraded.Set(v)
	}
}

func (m *Metrics) Repaired(problem string) {
	if m != nil {
		m.InvariantRepairs.WithLabelValues(problem).Inc()
	}
}

func (m *Metrics) SmsSent(a agencies.AgencyID) {
	if m != nil {
		m.SMSSent.WithLabelValues(string(a)).Inc()
	}
}

func (m *Metrics) SmsFailed(a agencies.AgencyID) {
	if m != nil {
		m.SMSFailed.WithLabelValues(string(a)).Inc()
	}
}

func (m *Metrics) DeadLetter(a agencies.AgencyID) {
	if m != nil {
		m.DeadLetters.WithLabelValues(string(a)).Inc()
	}
}

func (m *Metrics) Breach(a agencies.AgencyID, ms Milestone) {
	if m != nil {
		m.Breaches.WithLabelValues(string(a), string(ms)).Inc()
	}
}

func (m *Metrics) TimerFired(t *Timer, now time.Time) {
	if m != nil {
		m.TimerLateness.Observe(now.Sub(t.Due).Seconds())
	}
}
