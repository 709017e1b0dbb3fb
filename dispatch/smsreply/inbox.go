package smsreply

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/escalation"
	"github.com/sigap112/sigap/dispatch/hoax"
	"github.com/sigap112/sigap/dispatch/notify"
)

// InboundSMS is a message a responder sent to the centre's number.
type InboundSMS struct {
	MessageID agencies.MessageID // the provider's id: a message delivered twice is handled once
	From      string             // E.164
	Body      string
}

// InboxConfig tunes how replies and delivery receipts are handled.
type InboxConfig struct {
	CodePrefix   string
	Consumer     string
	RetryBackoff []time.Duration // as WorkerConfig.RetryBackoff
}

// infoReplyGrace is how long a resent assignment (INFO) gives for a reply
// when its acknowledge deadline has passed: as the default escalation step.
const infoReplyGrace = 2 * time.Minute

// Inbox handles what comes back from responders' phones: their replies
// (TERIMA, OTW, TIBA, SELESAI, TOLAK, PALSU, INFO, BANTU) and the provider's
// delivery receipts of the SMS Sigap sent.
type Inbox struct {
	cfg     InboxConfig
	store   dispatch.Store
	ledger  dispatch.Ledger
	timers  dispatch.Timers
	callers dispatch.Callers
	calls   dispatch.CallLog
	sms     agencies.Notifier
	dir     *agencies.Directory
	tax     *classify.Taxonomy
	log     *zap.Logger
	now     func() time.Time
	onFalse func(context.Context, *dispatch.Incident)
}

// OnFalseReport sets what runs after a responder's PALSU is logged (the
// service splits the linked callers' reports off: Service.SplitAfterFalse).
func (x *Inbox) OnFalseReport(f func(context.Context, *dispatch.Incident)) { x.onFalse = f }

// NewInbox wires the inbox.
func NewInbox(cfg InboxConfig, d escalation.WorkerDeps) *Inbox {
	if cfg.RetryBackoff == nil {
		cfg.RetryBackoff = []time.Duration{30 * time.Second, 2 * time.Minute}
	}
	if cfg.Consumer == "" {
		cfg.Consumer = "inbox"
	}
	return &Inbox{cfg: cfg, store: d.Store, ledger: d.Ledger, timers: d.Timers, callers: d.Callers, calls: d.Calls, sms: d.SMS, dir: d.Directory,
		tax: d.Taxonomy, log: d.Log.Named("inbox"), now: time.Now}
}

// SetClock replaces the clock (tests).
func (x *Inbox) SetClock(now func() time.Time) { x.now = now }

func (x *Inbox) sender() *notify.Sender {
	return &notify.Sender{Ledger: x.ledger, SMS: x.sms, Consumer: x.cfg.Consumer, Lease: func() time.Duration { return 30 * time.Second },
		Log: x.log, Now: x.now}
}

// HandleReply applies a responder's reply and answers it by SMS. The answer
// is returned too (for logs and tests). A message delivered twice changes
// state once and is answered once.
func (x *Inbox) HandleReply(ctx context.Context, in InboundSMS) (string, error) {
	r, known := x.dir.ResponderByPhone(in.From)
	lang := agencies.Indonesian
	if known {
		lang = r.Lang
	}
	answer, err := x.reply(ctx, in, r, known)
	if err != nil {
		return "", err
	}
	key := "reply:" + string(in.MessageID)
	_, err = x.sender().Once(ctx, key, agencies.SMS{To: in.From, Body: answer, Tag: key}, dispatch.SendRecord{Attempt: -1})
	if err != nil && !errors.Is(err, agencies.ErrUndeliverable) {
		return answer, err
	}
	x.log.Info("reply handled", zap.String("from", agencies.MaskPhone(in.From)), zap.String("lang", string(lang)),
		zap.String("message_id", string(in.MessageID)))
	return answer, nil
}

// reply works out what the reply means and what to answer.
func (x *Inbox) reply(ctx context.Context, in InboundSMS, r *agencies.Responder, known bool) (string, error) {
	if !known {
		if answer, ok, err := x.rate(ctx, in); ok || err != nil {
			return answer, err
		}
		return dispatch.Texts(agencies.Indonesian, "unknown_number"), nil
	}
	cmd, err := ParseReply(in.Body, x.cfg.CodePrefix)
	switch {
	case errors.Is(err, ErrReasonRequired):
		return dispatch.Texts(r.Lang, "reason_required"), nil
	case err != nil, cmd.Verb == VerbHelp && (cmd.Code != "" || cmd.Note != ""):
		// Not a command, or "bantuan ... kirim 2 unit": a message a human must
		// read (often a request for backup). Never drop it.
		return x.message(ctx, in, r, cmd.Code)
	case cmd.Verb == VerbHelp:
		return HelpText(string(r.Lang)), nil
	}
	inc, a, answer, err := x.findAssignment(ctx, r, cmd.Code)
	if err != nil || answer != "" {
		return answer, err
	}
	if cmd.Verb == VerbInfo {
		return notify.ComposeAssignment(x.tax, x.dir, inc, a, r.Lang, x.now(), infoReplyGrace), nil
	}
	return x.progress(ctx, in, r, cmd, inc, a)
}

// message puts a responder's free text on the incident it is about, for the
// call-taker, and says so; with no incident to attach it to, it answers
// with the help text.
func (x *Inbox) message(ctx context.Context, in InboundSMS, r *agencies.Responder, code string) (string, error) {
	inc, a, answer, err := x.findAssignment(ctx, r, code)
	if err != nil {
		return "", err
	}
	if answer != "" || inc == nil {
		return HelpText(string(r.Lang)), nil
	}
	ev := dispatch.Event{Type: dispatch.EventMessage, At: x.now().UTC(), Actor: "responder:" + string(r.ID), Channel: dispatch.ChannelSMS,
		Agency: a.Agency, Responder: r.ID, Note: truncate(strings.TrimSpace(in.Body), 500), Key: "sms:" + string(in.MessageID)}
	if _, err := x.store.Append(ctx, inc.ID, ev); err != nil && !errors.Is(err, dispatch.ErrInvalidEvent) {
		return "", err
	}
	return dispatch.Textf(r.Lang, "forwarded", inc.Code), nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// rate takes a caller's rating (a single digit 1–5) for their latest
// incident they were asked about in the last week. ok is false when the
// message is not a rating.
func (x *Inbox) rate(ctx context.Context, in InboundSMS) (string, bool, error) {
	body := strings.Trim(strings.TrimSpace(in.Body), ".!")
	if len(body) != 1 || body[0] < '1' || body[0] > '5' || x.calls == nil {
		return "", false, nil
	}
	calls, err := x.calls.CallerHistory(ctx, in.From, 20)
	if err != nil {
		return "", false, err
	}
	for _, c := range calls {
		if c.IncidentID == "" || x.now().Sub(c.At) > 7*24*time.Hour {
			continue
		}
		inc, err := x.store.Get(ctx, string(c.IncidentID))
		if err != nil || inc.FeedbackAsked == nil || inc.Rating != 0 {
			continue
		}
		n := int(body[0] - '0')
		_, err = x.store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventRated, At: x.now().UTC(), Actor: "caller", Channel: dispatch.ChannelSMS,
			Rating: n, Key: "sms:" + string(in.MessageID)})
		if err != nil {
			return "", false, err
		}
		return dispatch.Textf(agencies.Indonesian, "feedback_thanks", n, inc.Code), true, nil
	}
	return "", false, nil
}

// findAssignment finds the assignment a reply is about: by code, or the
// responder's only active assignment when the code is left out.
func (x *Inbox) findAssignment(ctx context.Context, r *agencies.Responder, code string) (*dispatch.Incident, *dispatch.Assignment, string, error) {
	if code != "" {
		inc, err := x.store.Get(ctx, code)
		if errors.Is(err, dispatch.ErrIncidentNotFound) {
			return nil, nil, dispatch.Textf(r.Lang, "unknown_code", code), nil
		}
		if err != nil {
			return nil, nil, "", err
		}
		a := inc.Assignment(x.agencyOf(r))
		if a == nil || !x.mayAnswer(r, a) {
			return nil, nil, dispatch.Textf(r.Lang, "not_yours", inc.Code), nil
		}
		return inc, a, "", nil
	}
	open, err := dispatch.AllOpen(ctx, x.store, x.agencyOf(r))
	if err != nil {
		return nil, nil, "", err
	}
	var matches []*dispatch.Incident
	for _, inc := range open {
		if a := inc.Assignment(x.agencyOf(r)); a != nil && !a.Status.Terminal() && x.mayAnswer(r, a) {
			matches = append(matches, inc)
		}
	}
	switch len(matches) {
	case 0:
		return nil, nil, dispatch.Texts(r.Lang, "no_active"), nil
	case 1:
		return matches[0], matches[0].Assignment(x.agencyOf(r)), "", nil
	}
	codes := make([]string, 0, len(matches))
	for _, m := range matches {
		codes = append(codes, m.Code)
	}
	return nil, nil, dispatch.Textf(r.Lang, "which_code", strings.Join(codes, ", ")), nil
}

func (x *Inbox) agencyOf(r *agencies.Responder) agencies.AgencyID {
	if st, ok := x.dir.Station(r.Station); ok {
		return st.Agency
	}
	return ""
}

// mayAnswer: the station that holds the assignment, or anyone it was sent to.
func (x *Inbox) mayAnswer(r *agencies.Responder, a *dispatch.Assignment) bool {
	if r.Station == a.Station {
		return true
	}
	for _, n := range a.Notified {
		if n.Responder == r.ID {
			return true
		}
	}
	return false
}

var verbEvents = map[Verb]dispatch.EventType{
	VerbAck: dispatch.EventAcknowledged, VerbEnRoute: dispatch.EventEnRoute, VerbOnScene: dispatch.EventOnScene,
	VerbResolve: dispatch.EventResolved, VerbFalse: dispatch.EventFalseReport, VerbDecline: dispatch.EventDeclined,
}

// progress logs the responder's milestone and answers with a confirmation
// or the reason it does not apply.
func (x *Inbox) progress(ctx context.Context, in InboundSMS, r *agencies.Responder, cmd Reply, inc *dispatch.Incident, a *dispatch.Assignment) (string, error) {
	ev := dispatch.Event{Type: verbEvents[cmd.Verb], At: x.now().UTC(), Actor: "responder:" + string(r.ID), Channel: dispatch.ChannelSMS,
		Agency: a.Agency, Responder: r.ID, Note: cmd.Note, Key: "sms:" + string(in.MessageID)}
	var timers []dispatch.Timer
	if cmd.Verb == VerbDecline {
		if r.Station != a.Station {
			return dispatch.Textf(r.Lang, "not_yours", inc.Code), nil // only the station holding it may decline it
		}
		timers = append(timers, dispatch.DeclineTimer(inc, a, x.now()))
	}
	next, err := x.store.Append(ctx, inc.ID, ev, timers...)
	var terr *dispatch.TransitionError
	switch {
	case errors.As(err, &terr):
		return refusal(r.Lang, inc.Code, terr), nil
	case errors.Is(err, dispatch.ErrInvalidEvent):
		return dispatch.Textf(r.Lang, "closed", inc.Code, dispatch.StatusLabel(r.Lang, dispatch.AssignCancelled)), nil // closed meanwhile
	case err != nil:
		return "", err
	}
	if err := hoax.RecordFeedback(ctx, x.callers, next, ev); err != nil {
		x.log.Error("caller standing not updated", zap.String("incident", inc.Code), zap.Error(err))
	}
	if ev.Type == dispatch.EventFalseReport && x.onFalse != nil {
		x.onFalse(ctx, next)
	}
	return dispatch.Textf(r.Lang, "ok_"+string(cmd.Verb), inc.Code), nil
}

// refusal explains why a reply changed nothing.
func refusal(lang agencies.Lang, code string, e *dispatch.TransitionError) string {
	switch {
	case (e.To == dispatch.EventAcknowledged || e.To == dispatch.EventDeclined) && e.AckBy != "" && !e.From.Terminal():
		return dispatch.Textf(lang, "taken", code, e.AckBy)
	case e.From.Terminal():
		return dispatch.Textf(lang, "closed", code, dispatch.StatusLabel(lang, e.From))
	}
	return dispatch.Textf(lang, "not_allowed", code, dispatch.StatusLabel(lang, e.From))
}

// HandleReceipt records the provider's delivery status of an SMS. A failed
// assignment SMS is retried with backoff; when every responder texted has
// failed for good, the escalation ladder takes the next step at once.
func (x *Inbox) HandleReceipt(ctx context.Context, id agencies.MessageID, status string) error {
	rec, found, err := x.sentRecord(ctx, id)
	if err != nil {
		return err
	}
	if !found {
		x.log.Warn("delivery receipt for an unknown message", zap.String("message_id", string(id)), zap.String("status", status))
		return nil
	}
	if rec.IncidentID == "" || rec.Attempt < 0 {
		return nil // replies and alerts are not tracked per assignment
	}
	var t dispatch.EventType
	switch status {
	case "delivered", "read":
		t = dispatch.EventDelivered
	case "failed", "undelivered":
		t = dispatch.EventDeliveryFailed
	default:
		return nil // queued, sending, sent: nothing to act on
	}
	ev := dispatch.Event{Type: t, At: x.now().UTC(), Actor: "provider", Channel: dispatch.ChannelSMS, Agency: rec.Agency,
		Responder: rec.Responder, MessageID: id, Reason: status, Attempt: rec.Attempt, Key: fmt.Sprintf("receipt:%s:%s", id, t)}
	inc, err := x.store.Append(ctx, rec.IncidentID, ev)
	if err != nil || t == dispatch.EventDelivered {
		if errors.Is(err, dispatch.ErrInvalidEvent) {
			return nil // the incident was closed meanwhile
		}
		return err
	}
	return x.afterFailure(ctx, inc, rec)
}

// sentRecord finds the ledger record of a sent message. A receipt can
// overtake the worker recording the send (milliseconds after the provider
// accepted it), so an unknown id is looked up again for a few seconds.
func (x *Inbox) sentRecord(ctx context.Context, id agencies.MessageID) (dispatch.SendRecord, bool, error) {
	for wait := 0; ; wait++ {
		rec, found, err := x.ledger.ByMessageID(ctx, id)
		if err != nil || found || wait == 60 {
			return rec, found, err
		}
		select {
		case <-ctx.Done():
			return rec, false, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (x *Inbox) afterFailure(ctx context.Context, inc *dispatch.Incident, rec dispatch.SendRecord) error {
	a := inc.Assignment(rec.Agency)
	if a == nil || a.Status.Rank() > 1 {
		return nil // acknowledged meanwhile
	}
	if rec.Attempt < len(x.cfg.RetryBackoff) {
		return x.timers.Schedule(ctx, dispatch.Timer{Kind: dispatch.TimerRetry, IncidentID: inc.ID, Agency: a.Agency, Responder: rec.Responder,
			Attempt: rec.Attempt + 1, Due: x.now().Add(x.cfg.RetryBackoff[rec.Attempt])})
	}
	if !allLost(a, len(x.cfg.RetryBackoff)) {
		return nil // somebody else still got it
	}
	return x.timers.Schedule(ctx, dispatch.Timer{Kind: dispatch.TimerEscalate, IncidentID: inc.ID, Agency: a.Agency,
		Attempt: a.Escalation + 1, Due: x.now()})
}

// allLost reports whether every responder texted for the assignment has a
// failed last message with no retry left.
func allLost(a *dispatch.Assignment, retries int) bool {
	last := map[agencies.ResponderID]dispatch.Notification{}
	for _, n := range a.Notified {
		if p, ok := last[n.Responder]; !ok || n.Attempt >= p.Attempt {
			last[n.Responder] = n
		}
	}
	for _, n := range last {
		if n.Status == dispatch.StatusRejected {
			continue
		}
		failed := n.Status == "failed" || n.Status == "undelivered"
		if !failed || n.Attempt < retries {
			return false
		}
	}
	return len(last) > 0
}
