package dispatch

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// ErrSendInProgress is returned when another worker holds the claim on an SMS:
// the entry is retried later, by which time the other worker has finished or
// its lease has expired.
var ErrSendInProgress = errors.New("sms send in progress elsewhere")

// sendOnce sends the assignment SMS to one responder unless the ledger shows
// it was sent already. After a crash between sending and recording (an
// expired "sending" claim), it asks the provider before sending again.
func (w *Worker) sendOnce(ctx context.Context, inc *Incident, a *Assignment, r *agencies.Responder) (Notification, error) {
	key := fmt.Sprintf("assign:%s:%s:%s", inc.ID, a.Agency, r.ID)
	msg := agencies.SMS{To: r.Phone, Body: w.compose(inc, a, r), Tag: key, IncidentID: string(inc.ID)}
	n := Notification{Responder: r.ID, Name: r.Name, Phone: r.Phone, Role: r.Role}
	claimed, rec, prev, err := w.ledger.Claim(ctx, key, w.cfg.Consumer, w.cfg.SendLease)
	if err != nil {
		return n, err
	}
	if !claimed {
		switch rec.State {
		case SendSent:
			n.MessageID, n.At = rec.MessageID, rec.Since
			return n, nil
		case SendFailed:
			return n, fmt.Errorf("%w: %s", agencies.ErrUndeliverable, rec.Error)
		default:
			return n, ErrSendInProgress
		}
	}
	if prev.State == SendSending {
		if id, found := w.findSent(ctx, msg, prev); found {
			n.MessageID, n.At = id, prev.Since
			return n, w.ledger.Finish(ctx, key, SendRecord{State: SendSent, Owner: w.cfg.Consumer, Since: prev.Since, MessageID: id})
		}
	}
	id, err := w.sms.Send(ctx, msg)
	switch {
	case errors.Is(err, agencies.ErrUndeliverable):
		w.metrics.smsFailed(a.Agency)
		_ = w.ledger.Finish(ctx, key, SendRecord{State: SendFailed, Owner: w.cfg.Consumer, Since: w.now().UTC(), Error: err.Error()})
		return n, err
	case err != nil:
		w.metrics.smsFailed(a.Agency)
		_ = w.ledger.Release(ctx, key, w.cfg.Consumer)
		return n, fmt.Errorf("send %s to %s: %w", inc.Code, r.ID, err)
	}
	w.metrics.smsSent(a.Agency)
	n.MessageID, n.At = id, w.now().UTC()
	if err := w.ledger.Finish(ctx, key, SendRecord{State: SendSent, Owner: w.cfg.Consumer, Since: n.At, MessageID: id}); err != nil {
		// The SMS went out; the expired claim will be checked with the provider.
		w.log.Error("sms sent but not recorded", zap.String("key", key), zap.Error(err))
		return n, err
	}
	return n, nil
}

// findSent asks the provider whether a message was accepted after prev.Since.
func (w *Worker) findSent(ctx context.Context, msg agencies.SMS, prev SendRecord) (agencies.MessageID, bool) {
	f, ok := w.sms.(agencies.Finder)
	if !ok {
		return "", false
	}
	id, found, err := f.Find(ctx, msg.To, msg.Body, prev.Since.Add(-2e9))
	if err != nil {
		w.log.Warn("cannot ask the provider about an unfinished send; sending again", zap.Error(err))
		return "", false
	}
	return id, found
}

// compose writes the assignment SMS in the responder's language.
func (w *Worker) compose(inc *Incident, a *Assignment, r *agencies.Responder) string {
	lang := r.Lang
	if lang == "" {
		lang = agencies.Indonesian
	}
	cat := inc.CategoryName
	if c, ok := w.tax.Category(inc.Category); ok && lang == agencies.English && c.NameEN != "" {
		cat = c.NameEN
	}
	village := ""
	if inc.Location.Kelurahan != nil {
		village = inc.Location.Kelurahan.Name
	}
	caller := inc.CallerPhone
	if caller == Withheld {
		caller = ""
	}
	return agencies.ComposeAssignment(agencies.Notice{
		Code: inc.Code, Category: cat, Priority: inc.Priority, Village: village, Address: inc.Address,
		Lat: inc.Location.Lat, Lon: inc.Location.Lon, CallerPhone: caller, AckBy: a.Deadlines.Acknowledge,
		Location: w.dir.Location(), Support: !a.Lead,
	}, lang)
}
