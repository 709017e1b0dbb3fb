package escalation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/notify"
)

// WorkerConfig tunes assignment delivery and escalation.
type WorkerConfig struct {
	Consumer    string        // unique per worker process, e.g. hostname-pid-agency
	Batch       int           // entries fetched at once; default 10
	Block       time.Duration // how long a fetch waits for new entries; default 1s
	MaxAttempts int64         // after this many deliveries an entry is dead-lettered; default 5
	SendLease   time.Duration // how long a send claim is held before another worker may check it; default 30s
	// RetryBackoff are the waits before resending an SMS the provider
	// reported failed; after the last, escalation continues. Default 30s, 2m.
	RetryBackoff []time.Duration
	// EscalateEvery is how long an escalation step waits for somebody to
	// acknowledge before the next step; default 2m.
	EscalateEvery time.Duration
	// CityName signs the SMS asking callers for a rating.
	CityName string
	// OutageRetry is the first wait before trying again an entry whose SMS
	// the provider did not accept; it doubles up to OutageRetryMax and goes
	// on while the incident is open. Defaults 5s and 1m.
	OutageRetry, OutageRetryMax time.Duration
	// Senders and TimerSenders bound how many new assignments and how many
	// fired timers one worker handles at once; defaults 8 and 4. MaxInFlight
	// bounds what it holds fetched (default 256).
	Senders, TimerSenders, MaxInFlight int
	// TouchEvery is how often entries being worked on are marked as still
	// held (well under the queue's claim time); default 1s.
	TouchEvery time.Duration
	// SurveyURL starts the survey link in that SMS, e.g.
	// "https://112.example.go.id/survei/"; empty: no link.
	SurveyURL string
}

func (c *WorkerConfig) defaults() {
	if c.Batch <= 0 {
		c.Batch = 10
	}
	if c.Block <= 0 {
		c.Block = time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.SendLease <= 0 {
		c.SendLease = 30 * time.Second
	}
	if c.RetryBackoff == nil {
		c.RetryBackoff = []time.Duration{30 * time.Second, 2 * time.Minute}
	}
	if c.EscalateEvery <= 0 {
		c.EscalateEvery = 2 * time.Minute
	}
	if c.OutageRetry <= 0 {
		c.OutageRetry = 5 * time.Second
	}
	if c.OutageRetryMax < c.OutageRetry {
		c.OutageRetryMax = max(time.Minute, c.OutageRetry)
	}
	if c.Senders <= 0 {
		c.Senders = 8
	}
	if c.TimerSenders <= 0 {
		c.TimerSenders = 4
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 256
	}
	if c.TouchEvery <= 0 {
		c.TouchEvery = time.Second
	}
}

// WorkerDeps are what a worker works with.
type WorkerDeps struct {
	Queue     dispatch.Queue
	Store     dispatch.Store
	Ledger    dispatch.Ledger
	Timers    dispatch.Timers
	Callers   dispatch.Callers
	Calls     dispatch.CallLog
	SMS       agencies.Notifier
	Directory *agencies.Directory
	Taxonomy  *classify.Taxonomy
	Metrics   *dispatch.Metrics
	// Health tracks whether the SMS provider answers; nil tracks nothing.
	Health  *notify.ProviderHealth
	Log     *zap.Logger
	Surveys SurveyIssuer // nil: the feedback SMS carries no survey link
}

// Worker takes entries off an agency's queue: assignments to text to the
// station's on-duty responders, and fired timers (charter warnings and
// breaches, SMS retries, escalation steps). Delivery is at-least-once; event
// keys and the send ledger make every effect happen once.
type Worker struct {
	cfg    WorkerConfig
	agency agencies.AgencyID
	WorkerDeps
	log *zap.Logger
	now func() time.Time
}

// NewWorker builds a worker for one agency's queue.
func NewWorker(cfg WorkerConfig, agency agencies.AgencyID, d WorkerDeps) *Worker {
	cfg.defaults()
	return &Worker{cfg: cfg, agency: agency, WorkerDeps: d,
		log: d.Log.Named("worker").With(zap.String("agency", string(agency))), now: time.Now}
}

func (w *Worker) sender() *notify.Sender {
	return &notify.Sender{Ledger: w.Ledger, SMS: w.SMS, Consumer: w.cfg.Consumer, Lease: func() time.Duration { return w.cfg.SendLease },
		Metrics: w.Metrics, Health: w.Health, Log: w.log, Now: w.now}
}

// SetClock replaces the clock (tests: rosters depend on the time of day).
func (w *Worker) SetClock(now func() time.Time) { w.now = now }

// Run processes the queue until ctx is cancelled. An entry being processed
// when ctx ends is finished first (graceful shutdown), within 30 s.
//
// Entries are handled concurrently in two lanes, each a bounded pool: new
// assignments (Senders) and fired timers — escalations, retries, deadlines
// (TimerSenders) — so that an escalation storm never delays a new dispatch.
func (w *Worker) Run(ctx context.Context) error {
	l := w.newLanes(ctx)
	defer l.wait()
	for {
		if ctx.Err() != nil {
			return nil
		}
		if l.full() {
			sleep(ctx, 10*time.Millisecond)
			continue
		}
		ds, err := w.Queue.Fetch(ctx, w.agency, w.cfg.Consumer, w.cfg.Batch, w.cfg.Block)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			w.log.Warn("fetch failed; retrying", zap.Error(err))
			sleep(ctx, time.Second)
			continue
		}
		for _, d := range ds {
			l.submit(d)
		}
	}
}

// processTimeout bounds the handling of one entry.
const processTimeout = 30 * time.Second

// Process handles one entry and acknowledges it unless it must be retried.
func (w *Worker) Process(ctx context.Context, d dispatch.Delivery) {
	log := w.log.With(zap.String("entry", d.EntryID), zap.String("incident_id", string(d.IncidentID)))
	if d.Malformed != "" {
		w.deadLetter(ctx, d, "malformed entry: "+d.Malformed, log)
		return
	}
	var err error
	if d.Timer != nil {
		w.Metrics.TimerFired(d.Timer, w.now())
		err = w.handleTimer(ctx, d)
	} else {
		err = w.deliver(ctx, d)
	}
	switch {
	case err == nil:
		if err := w.Queue.Ack(ctx, d.Agency, d.EntryID); err != nil {
			log.Warn("ack failed; the entry will be redelivered and skipped", zap.Error(err))
		}
	case errors.Is(err, dispatch.ErrIncidentNotFound) || errors.Is(err, dispatch.ErrInvalidEvent):
		w.deadLetter(ctx, d, err.Error(), log)
	case errors.Is(err, notify.ErrProviderFailed) || errors.Is(err, notify.ErrSendInProgress):
		// Never given up on while the incident is open: retried later.
		if rerr := w.retryLater(ctx, d, err); rerr != nil {
			log.Warn("cannot schedule the retry; the entry stays pending", zap.Error(rerr))
		} else if aerr := w.Queue.Ack(ctx, d.Agency, d.EntryID); aerr != nil {
			log.Warn("ack failed; the entry will be redelivered", zap.Error(aerr))
		}
	case d.Attempts >= w.cfg.MaxAttempts:
		w.deadLetter(ctx, d, fmt.Sprintf("gave up after %d attempts: %v", d.Attempts, err), log)
		w.markUndeliverable(ctx, d, fmt.Sprintf("pengiriman gagal %d kali: %v", d.Attempts, err))
	default:
		log.Warn("processing failed; will retry", zap.Int64("attempt", d.Attempts), zap.Error(err))
	}
}

func (w *Worker) deadLetter(ctx context.Context, d dispatch.Delivery, reason string, log *zap.Logger) {
	log.Error("queue entry moved to dead letters", zap.String("reason", reason))
	w.Metrics.DeadLetter(d.Agency)
	if err := w.Queue.DeadLetter(ctx, d, reason); err != nil {
		log.Error("dead-letter failed; entry stays pending", zap.Error(err))
	}
}

func (w *Worker) markUndeliverable(ctx context.Context, d dispatch.Delivery, reason string) {
	ev := w.event(dispatch.EventUndeliverable, d.Agency)
	ev.Reason, ev.Key = reason, "undeliverable:"+string(d.Agency)+":"+d.EntryID
	if _, err := w.Store.Append(ctx, d.IncidentID, ev); err != nil {
		w.log.Error("cannot mark assignment undeliverable", zap.String("incident_id", string(d.IncidentID)), zap.Error(err))
	}
}

// event starts a system event for this worker's agency.
func (w *Worker) event(t dispatch.EventType, agency agencies.AgencyID) dispatch.Event {
	return dispatch.Event{Type: t, At: w.now().UTC(), Actor: "system", Channel: dispatch.ChannelSystem, Agency: agency}
}

// deliver sends the assignment SMS to the station's on-duty responders
// (supervisors when nobody is on duty) and logs the notification.
func (w *Worker) deliver(ctx context.Context, d dispatch.Delivery) error {
	inc, a, err := w.load(ctx, d.IncidentID, d.Agency)
	if err != nil || a == nil || !awaitingSMS(a) {
		return err // nil for a redelivered entry or a closed incident
	}
	return w.notifyStation(ctx, inc, a)
}

// awaitingSMS reports whether the assignment's station has not been texted
// successfully yet: queued, or given up on by the queue (a re-driven dead
// letter) without any SMS accepted.
func awaitingSMS(a *dispatch.Assignment) bool {
	return a.Status == dispatch.AssignQueued || (a.Status == dispatch.AssignUndeliverable && !dispatch.Reached(a.Notified))
}

// load reads the incident and the agency's assignment; a nil assignment
// means there is nothing left to do (closed incident, no such assignment).
func (w *Worker) load(ctx context.Context, id dispatch.IncidentID, agency agencies.AgencyID) (*dispatch.Incident, *dispatch.Assignment, error) {
	inc, err := w.Store.Get(ctx, string(id))
	if err != nil {
		return nil, nil, err
	}
	if !inc.Status.Open() {
		return inc, nil, nil
	}
	a := inc.Assignment(agency)
	if a == nil {
		return nil, nil, fmt.Errorf("%w: incident %s has no %s assignment", dispatch.ErrInvalidEvent, inc.Code, agency)
	}
	return inc, a, nil
}

// notifyStation texts the assignment to its station and logs it; when the
// provider rejects every number, the escalation ladder takes over.
func (w *Worker) notifyStation(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment) error {
	recipients := w.Directory.OnDuty(a.Station, w.now())
	if len(recipients) == 0 {
		recipients = w.Directory.Supervisors(a.Station)
	}
	sent, err := w.sendAll(ctx, inc, a, recipients, 0)
	if err != nil {
		return err
	}
	ev := w.event(dispatch.EventNotified, a.Agency)
	ev.Notified, ev.Key = sent, "notified:"+string(a.Agency)+":"+string(a.Station)
	next, err := w.Store.Append(ctx, inc.ID, ev)
	if err != nil || dispatch.Reached(sent) {
		return err
	}
	return w.escalate(ctx, next, next.Assignment(a.Agency), "semua nomor petugas ditolak operator SMS", ev.Key)
}

// sendAll sends the assignment to each responder, all at once (a crew of
// four waits for one provider round trip, not four). Numbers the provider
// rejects are recorded as rejected (so escalation skips them); a transient
// failure fails the whole step (it is retried and what was sent is not
// sent again: the ledger has it).
func (w *Worker) sendAll(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, rs []*agencies.Responder, attempt int) ([]dispatch.Notification, error) {
	out := make([]dispatch.Notification, len(rs))
	errs := make([]error, len(rs))
	var wg sync.WaitGroup
	for i, r := range rs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = w.sendAssignment(ctx, inc, a, r, attempt)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, agencies.ErrUndeliverable):
			w.log.Warn("responder number rejected", zap.String("responder", string(rs[i].ID)), zap.Error(err))
			out[i].Status = dispatch.StatusRejected
		default:
			return nil, err
		}
	}
	return out, nil
}

// escalationTimer is the next check for an acknowledgement of a.
func (w *Worker) escalationTimer(inc *dispatch.Incident, a *dispatch.Assignment) dispatch.Timer {
	return dispatch.Timer{Kind: dispatch.TimerEscalate, IncidentID: inc.ID, Agency: a.Agency, Attempt: a.Escalation + 1,
		Due: w.now().Add(w.cfg.EscalateEvery)}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// sendAssignment sends the assignment SMS to one responder (attempt 0 is the
// first send, higher attempts are retries after a failed delivery).
func (w *Worker) sendAssignment(ctx context.Context, inc *dispatch.Incident, a *dispatch.Assignment, r *agencies.Responder, attempt int) (dispatch.Notification, error) {
	key := fmt.Sprintf("assign:%s:%s:%s", inc.ID, a.Agency, r.ID)
	if attempt > 0 {
		key = fmt.Sprintf("%s:%d", key, attempt)
	}
	msg := agencies.SMS{To: r.Phone, Body: notify.ComposeAssignment(w.Taxonomy, w.Directory, inc, a, r.Lang, w.now(), w.cfg.EscalateEvery), Tag: key, IncidentID: string(inc.ID)}
	meta := dispatch.SendRecord{IncidentID: inc.ID, Agency: a.Agency, Responder: r.ID, Attempt: attempt}
	rec, err := w.sender().Once(ctx, key, msg, meta)
	n := dispatch.Notification{Responder: r.ID, Name: r.Name, Phone: r.Phone, Role: r.Role, MessageID: rec.MessageID, At: rec.Since, Attempt: attempt}
	return n, err
}
