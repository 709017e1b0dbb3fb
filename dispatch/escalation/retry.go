package escalation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/notify"
)

// retryLater keeps an entry whose SMS did not go out alive: its work is
// scheduled again (capped backoff, for as long as the incident is open) and,
// when the provider failed, the assignment is flagged sms_failing so that
// the call-taker reaches the station by phone or radio meanwhile.
func (w *Worker) retryLater(ctx context.Context, d dispatch.Delivery, cause error) error {
	t := dispatch.Timer{Kind: dispatch.TimerNotify, IncidentID: d.IncidentID, Agency: d.Agency}
	if d.Timer != nil {
		t = *d.Timer
	}
	t.Tries++
	t.Due = w.now().Add(w.outageBackoff(t.Tries))
	if t.Kind == dispatch.TimerFeedback {
		return w.Timers.Schedule(ctx, t)
	}
	inc, a, err := w.load(ctx, d.IncidentID, d.Agency)
	if err != nil || a == nil || a.Status.Rank() > 1 {
		return err // closed or taken meanwhile: nothing left to retry
	}
	if t.Kind == dispatch.TimerNotify && d.Timer == nil {
		t.Station = a.Station
	}
	w.log.Warn("sms not sent; retrying later", zap.String("incident_id", string(inc.ID)), zap.String("timer", string(t.Kind)),
		zap.Int("tries", t.Tries), zap.Time("next", t.Due), zap.Error(cause))
	if !errors.Is(cause, notify.ErrProviderFailed) || a.SMSFailing || (a.Status != dispatch.AssignQueued && a.Status != dispatch.AssignUndeliverable) {
		return w.Timers.Schedule(ctx, t)
	}
	ev := w.event(dispatch.EventSMSFailing, a.Agency)
	ev.Reason = w.smsFailingText(a)
	ev.Key = fmt.Sprintf("sms_failing:%s:%s", a.Agency, d.EntryID)
	_, err = w.Store.Append(ctx, inc.ID, ev, t)
	if errors.Is(err, dispatch.ErrInvalidEvent) {
		return nil
	}
	return err
}

// smsFailingText is what the board shows on the assignment: the station
// and a number to call (its supervisors'; stations have no phone of their own
// in the directory yet).
func (w *Worker) smsFailingText(a *dispatch.Assignment) string {
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
