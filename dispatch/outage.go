package dispatch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"
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
	metrics       *Metrics
	log           *zap.Logger
}

// NewProviderHealth starts in state ok.
func NewProviderHealth(degradedAfter int, m *Metrics, log *zap.Logger) *ProviderHealth {
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
		h.metrics.providerDegraded(true)
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
		h.metrics.providerDegraded(false)
	}
}

// retryLater keeps an entry whose SMS did not go out alive: its work is
// scheduled again (capped backoff, for as long as the incident is open) and,
// when the provider failed, the assignment is flagged sms_failing so that
// the call-taker reaches the station by phone or radio meanwhile.
func (w *Worker) retryLater(ctx context.Context, d Delivery, cause error) error {
	t := Timer{Kind: TimerNotify, IncidentID: d.IncidentID, Agency: d.Agency}
	if d.Timer != nil {
		t = *d.Timer
	}
	t.Tries++
	t.Due = w.now().Add(w.outageBackoff(t.Tries))
	if t.Kind == TimerFeedback {
		return w.Timers.Schedule(ctx, t)
	}
	inc, a, err := w.load(ctx, d.IncidentID, d.Agency)
	if err != nil || a == nil || a.Status.Rank() > 1 {
		return err // closed or taken meanwhile: nothing left to retry
	}
	if t.Kind == TimerNotify && d.Timer == nil {
		t.Station = a.Station
	}
	w.log.Warn("sms not sent; retrying later", zap.String("incident_id", string(inc.ID)), zap.String("timer", string(t.Kind)),
		zap.Int("tries", t.Tries), zap.Time("next", t.Due), zap.Error(cause))
	if !errors.Is(cause, ErrProviderFailed) || a.SMSFailing || (a.Status != AssignQueued && a.Status != AssignUndeliverable) {
		return w.Timers.Schedule(ctx, t)
	}
	ev := w.event(EventSMSFailing, a.Agency)
	ev.Reason = w.smsFailingText(a)
	ev.Key = fmt.Sprintf("sms_failing:%s:%s", a.Agency, d.EntryID)
	_, err = w.Store.Append(ctx, inc.ID, ev, t)
	if errors.Is(err, ErrInvalidEvent) {
		return nil
	}
	return err
}

// smsFailingText is what the board shows on the assignment: the station
// and a number to call (its supervisors'; stations have no phone of their own
// in the directory yet).
func (w *Worker) smsFailingText(a *Assignment) string {
	text := "SMS tidak terkirim — hubungi pos lewat telepon/radio: " + a.StationName
	for _, s := range w.Directory.Supervisors(a.Station) {
		text += fmt.Sprintf(", %s %s", s.Name, s.Phone)
	}
	return text
}

// outageBackoff is the wait before try n (1-based): OutageRetry doubling,
// capped at OutageRetryMax.
func (w *Worker) outageBackoff(n int) time.Duration {
	d := w.cfg.OutageRetry
	for i := 1; i < n && d < w.cfg.OutageRetryMax; i++ {
		d *= 2
	}
	return min(d, w.cfg.OutageRetryMax)
}
