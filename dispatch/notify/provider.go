package notify

import (
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
)

// ProviderState is what /healthz?detail=1 tells about the SMS provider.
type ProviderState struct {
	State     string    `json:"state"` // ok or degraded
	Since     time.Time `json:"since"`
	LastError string    `json:"last_error,omitempty"`
	Failures  int       `json:"consecutive_failures"`
}

// Provider states.
const (
	ProviderOK       = "ok"
	ProviderDegraded = "degraded"
)

// ProviderHealth follows whether the SMS provider accepts messages, from
// every send of this instance. It turns degraded after DegradedAfter
// failures in a row and ok at the first accepted message. A nil
// *ProviderHealth tracks nothing.
type ProviderHealth struct {
	mu            sync.Mutex
	st            ProviderState
	degradedAfter int
	metrics       *dispatch.Metrics
	log           *zap.Logger
}

// NewProviderHealth starts in state ok.
func NewProviderHealth(degradedAfter int, m *dispatch.Metrics, log *zap.Logger) *ProviderHealth {
	if degradedAfter <= 0 {
		degradedAfter = 3
	}
	return &ProviderHealth{st: ProviderState{State: ProviderOK, Since: time.Now().UTC()}, degradedAfter: degradedAfter,
		metrics: m, log: log.Named("sms-provider")}
}

// State returns the current state.
func (h *ProviderHealth) State() ProviderState {
	if h == nil {
		return ProviderState{State: ProviderOK}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.st
}

func (h *ProviderHealth) failed(now time.Time, err error) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.st.Failures++
	h.st.LastError = err.Error()
	if h.st.State == ProviderOK && h.st.Failures >= h.degradedAfter {
		h.st.State, h.st.Since = ProviderDegraded, now.UTC()
		h.metrics.SetProviderDegraded(true)
		h.log.Error("SMS PROVIDER DEGRADED: assignment SMS are not going out; they are retried and flagged on the board",
			zap.Int("failures", h.st.Failures), zap.String("last_error", h.st.LastError))
	}
}

func (h *ProviderHealth) succeeded(now time.Time) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.st.Failures = 0
	if h.st.State == ProviderDegraded {
		h.log.Warn("SMS provider answers again", zap.Duration("outage", now.Sub(h.st.Since)))
		h.st.State, h.st.Since = ProviderOK, now.UTC()
		h.metrics.SetProviderDegraded(false)
	}
}
