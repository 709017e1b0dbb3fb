package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
)

// ErrSendInProgress is returned when another worker holds the claim on an SMS:
// the entry is retried later, by which time the other worker has finished or
// its lease has expired.
var ErrSendInProgress = errors.New("sms send in progress elsewhere")

// ErrProviderFailed wraps a send the SMS provider did not accept for a
// reason other than the number (a 5xx, a refused connection, a timeout):
// the assignment is retried with backoff and flagged, never abandoned.
var ErrProviderFailed = errors.New("sms provider failed")

// Sender sends SMS at most once per key, through the send ledger.
type Sender struct {
	Ledger   dispatch.Ledger
	SMS      agencies.Notifier
	Consumer string
	Lease    func() time.Duration
	Metrics  *dispatch.Metrics
	Health   *ProviderHealth
	Log      *zap.Logger
	Now      func() time.Time
}

// Once sends msg unless the ledger shows it was sent already. After a
// crash between sending and recording (an expired "sending" claim), it asks
// the provider before sending again.
func (w *Sender) Once(ctx context.Context, key string, msg agencies.SMS, meta dispatch.SendRecord) (dispatch.SendRecord, error) {
	claimed, rec, prev, err := w.Ledger.Claim(ctx, key, w.Consumer, w.Lease())
	if err != nil {
		return rec, err
	}
	if !claimed {
		switch rec.State {
		case dispatch.SendSent:
			return rec, nil
		case dispatch.SendFailed:
			return rec, fmt.Errorf("%w: %s", agencies.ErrUndeliverable, rec.Error)
		default:
			return rec, ErrSendInProgress
		}
	}
	done := meta
	done.Owner = w.Consumer
	if prev.State == dispatch.SendSending {
		if id, found := w.findSent(ctx, msg, prev); found {
			done.State, done.Since, done.MessageID = dispatch.SendSent, prev.Since, id
			return done, w.Ledger.Finish(ctx, key, done)
		}
	}
	claimedAt := time.Now().UTC() // the provider's clock, not the app's (Find compares with it)
	id, err := w.SMS.Send(ctx, msg)
	done.Since = w.Now().UTC()
	switch {
	case errors.Is(err, agencies.ErrUndeliverable):
		w.Health.succeeded(w.Now()) // the provider answered: it is up
		w.Metrics.SmsFailed(meta.Agency)
		done.State, done.Error = dispatch.SendFailed, err.Error()
		_ = w.Ledger.Finish(ctx, key, done)
		return done, err
	case err != nil:
		// The provider may have accepted the message before the error (a
		// timeout on the answer): the record stays "sending", with its lease
		// released, so that the next attempt (a retry, soon) asks the
		// provider before sending again.
		since := claimedAt
		if prev.State == dispatch.SendSending && !prev.Since.IsZero() {
			since = prev.Since
		}
		_ = w.Ledger.Finish(ctx, key, dispatch.SendRecord{State: dispatch.SendSending, Owner: w.Consumer, Since: since, IncidentID: meta.IncidentID,
			Agency: meta.Agency, Responder: meta.Responder, Attempt: meta.Attempt})
		w.Metrics.SmsFailed(meta.Agency)
		if ctx.Err() == nil {
			w.Health.failed(w.Now(), err)
		}
		return done, fmt.Errorf("send %s: %w: %w", key, ErrProviderFailed, err)
	}
	w.Health.succeeded(w.Now())
	w.Metrics.SmsSent(meta.Agency)
	done.State, done.MessageID = dispatch.SendSent, id
	if err := w.Ledger.Finish(ctx, key, done); err != nil {
		// The SMS went out; the expired claim will be checked with the provider.
		w.Log.Error("sms sent but not recorded", zap.String("key", key), zap.Error(err))
		return done, err
	}
	return done, nil
}

// findSent asks the provider whether a message was accepted after prev.Since.
func (w *Sender) findSent(ctx context.Context, msg agencies.SMS, prev dispatch.SendRecord) (agencies.MessageID, bool) {
	f, ok := w.SMS.(agencies.Finder)
	if !ok {
		return "", false
	}
	id, found, err := f.Find(ctx, msg.To, msg.Body, prev.Since.Add(-2e9))
	if err != nil {
		w.Log.Warn("cannot ask the provider about an unfinished send; sending again", zap.Error(err))
		return "", false
	}
	return id, found
}

// ComposeAssignment writes the assignment SMS in the responder's language.
// The reply deadline is always ahead of now: an SMS sent after the
// acknowledge deadline (escalation, INFO) asks for a reply before the next
// escalation step, never "sebelum 03:59" at 04:05.
func ComposeAssignment(tax *classify.Taxonomy, dir *agencies.Directory, inc *dispatch.Incident, a *dispatch.Assignment, lang agencies.Lang,
	now time.Time, grace time.Duration) string {
	if lang == "" {
		lang = agencies.Indonesian
	}
	village := ""
	if inc.Location.Kelurahan != nil {
		village = inc.Location.Kelurahan.Name
	}
	caller := inc.CallerPhone
	if caller == dispatch.Withheld {
		caller = ""
	}
	return agencies.ComposeAssignment(agencies.Notice{
		Code: inc.Code, Category: CategoryName(tax, inc, lang), Priority: inc.Priority, Village: village,
		Address: inc.Address, Lat: inc.Location.Lat, Lon: inc.Location.Lon, CallerPhone: caller,
		AckBy: replyBy(a.Deadlines.Acknowledge, now, grace), Location: dir.Location(), Support: !a.Lead,
		Suspected: inc.Hoax != nil && inc.Hoax.Level == dispatch.LevelSuspected && !inc.Credible,
		Precision: string(inc.Location.Precision), Near: inc.Location.PlaceName,
		Details: inc.Classification.AnswerNote,
	}, lang)
}

// replyBy is the deadline an SMS asks a reply by: the acknowledge deadline
// while it is ahead; once it has passed (an escalation step, INFO), the
// next point on a grid of grace steps after it, at least a minute ahead.
// The grid keeps the text the same when a send is retried or taken over
// by another worker within a step, so the provider check for an unfinished
// send (same body) still finds it.
func replyBy(deadline, now time.Time, grace time.Duration) time.Time {
	if deadline.IsZero() || deadline.After(now) {
		return deadline
	}
	grace = max(grace, time.Minute)
	at := deadline.Add((now.Sub(deadline)/grace + 1) * grace)
	if at.Sub(now) < time.Minute {
		at = at.Add(grace)
	}
	return at
}

// CategoryName is the incident's category in the reader's language.
func CategoryName(tax *classify.Taxonomy, inc *dispatch.Incident, lang agencies.Lang) string {
	if c, ok := tax.Category(inc.Category); ok && lang == agencies.English && c.NameEN != "" {
		return c.NameEN
	}
	return inc.CategoryName
}
