package dispatch

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sigap112/sigap/agencies"
)

// Metrics counts what a 112 centre's operations staff watch: SMS sent and
// failed, entries given up on. A nil *Metrics counts nothing.
type Metrics struct {
	SMSSent     *prometheus.CounterVec
	SMSFailed   *prometheus.CounterVec
	DeadLetters *prometheus.CounterVec
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
	reg.MustRegister(m.SMSSent, m.SMSFailed, m.DeadLetters)
	return m
}

func (m *Metrics) smsSent(a agencies.AgencyID) {
	if m != nil {
		m.SMSSent.WithLabelValues(string(a)).Inc()
	}
}

func (m *Metrics) smsFailed(a agencies.AgencyID) {
	if m != nil {
		m.SMSFailed.WithLabelValues(string(a)).Inc()
	}
}

func (m *Metrics) deadLetter(a agencies.AgencyID) {
	if m != nil {
		m.DeadLetters.WithLabelValues(string(a)).Inc()
	}
}
