package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
)

// WorkerConfig tunes assignment delivery.
type WorkerConfig struct {
	Consumer    string        // unique per worker process, e.g. hostname-pid
	Batch       int           // entries fetched at once; default 10
	Block       time.Duration // how long a fetch waits for new entries; default 2s
	MaxAttempts int64         // after this many deliveries an entry is dead-lettered; default 5
	SendLease   time.Duration // how long a send claim is held before another worker may check it; default 30s
}

func (c *WorkerConfig) defaults() {
	if c.Batch <= 0 {
		c.Batch = 10
	}
	if c.Block <= 0 {
		c.Block = 2 * time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.SendLease <= 0 {
		c.SendLease = 30 * time.Second
	}
}

// Worker takes assignments off an agency's queue and texts them to the
// station's on-duty responders. Delivery is at-least-once; the ledger makes
// the SMS itself exactly-once per responder.
type Worker struct {
	cfg     WorkerConfig
	agency  agencies.AgencyID
	queue   Queue
	store   Store
	ledger  Ledger
	sms     agencies.Notifier
	dir     *agencies.Directory
	tax     *classify.Taxonomy
	metrics *Metrics
	log     *zap.Logger
	now     func() time.Time
}

// NewWorker builds a worker for one agency's queue.
func NewWorker(cfg WorkerConfig, agency agencies.AgencyID, q Queue, st Store, l Ledger, sms agencies.Notifier,
	dir *agencies.Directory, tax *classify.Taxonomy, m *Metrics, log *zap.Logger) *Worker {
	cfg.defaults()
	return &Worker{cfg: cfg, agency: agency, queue: q, store: st, ledger: l, sms: sms, dir: dir, tax: tax,
		metrics: m, log: log.Named("worker").With(zap.String("agency", string(agency))), now: time.Now}
}

// SetClock replaces the clock (tests: rosters depend on the time of day).
func (w *Worker) SetClock(now func() time.Time) { w.now = now }

// Run processes the queue until ctx is cancelled. An entry being processed
// when ctx ends is finished first (graceful shutdown), within the send timeout.
func (w *Worker) Run(ctx context.Context) error {
	for {
		if ctx.Err() != nil {
			return nil
		}
		ds, err := w.queue.Fetch(ctx, w.agency, w.cfg.Consumer, w.cfg.Batch, w.cfg.Block)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			w.log.Warn("fetch failed; retrying", zap.Error(err))
			sleep(ctx, time.Second)
			continue
		}
		for _, d := range ds {
			// In-flight work uses a context that outlives shutdown briefly.
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			w.Process(wctx, d)
			cancel()
		}
	}
}

// Process handles one delivery and acknowledges it unless it must be retried.
func (w *Worker) Process(ctx context.Context, d Delivery) {
	log := w.log.With(zap.String("entry", d.EntryID), zap.String("incident_id", string(d.IncidentID)))
	if d.Malformed != "" {
		w.deadLetter(ctx, d, "malformed entry: "+d.Malformed, log)
		return
	}
	err := w.deliver(ctx, d)
	switch {
	case err == nil:
		if err := w.queue.Ack(ctx, d.Agency, d.EntryID); err != nil {
			log.Warn("ack failed; the entry will be redelivered and skipped", zap.Error(err))
		}
	case errors.Is(err, ErrIncidentNotFound) || errors.Is(err, ErrInvalidEvent):
		w.deadLetter(ctx, d, err.Error(), log)
	case d.Attempts >= w.cfg.MaxAttempts:
		w.deadLetter(ctx, d, fmt.Sprintf("gave up after %d attempts: %v", d.Attempts, err), log)
		w.markUndeliverable(ctx, d, fmt.Sprintf("pengiriman gagal %d kali: %v", d.Attempts, err))
	default:
		log.Warn("delivery failed; will retry", zap.Int64("attempt", d.Attempts), zap.Error(err))
	}
}

func (w *Worker) deadLetter(ctx context.Context, d Delivery, reason string, log *zap.Logger) {
	log.Error("assignment moved to dead letters", zap.String("reason", reason))
	w.metrics.deadLetter(d.Agency)
	if err := w.queue.DeadLetter(ctx, d, reason); err != nil {
		log.Error("dead-letter failed; entry stays pending", zap.Error(err))
	}
}

func (w *Worker) markUndeliverable(ctx context.Context, d Delivery, reason string) {
	ev := Event{Type: EventUndeliverable, At: w.now().UTC(), Actor: "system", Channel: ChannelSystem,
		Agency: d.Agency, Reason: reason, Key: fmt.Sprintf("undeliverable:%s", d.EntryID)}
	if _, err := w.store.Append(ctx, d.IncidentID, ev); err != nil {
		w.log.Error("cannot mark assignment undeliverable", zap.String("incident_id", string(d.IncidentID)), zap.Error(err))
	}
}

// deliver sends the assignment SMS to the station's on-duty responders
// (supervisors when nobody is on duty) and logs the notification.
func (w *Worker) deliver(ctx context.Context, d Delivery) error {
	inc, err := w.store.Get(ctx, string(d.IncidentID))
	if err != nil {
		return err
	}
	a := inc.Assignment(d.Agency)
	if a == nil {
		return fmt.Errorf("%w: incident %s has no %s assignment", ErrInvalidEvent, inc.Code, d.Agency)
	}
	if a.Status != AssignQueued {
		return nil // already delivered: a redelivered entry
	}
	recipients := w.recipients(a.Station)
	if len(recipients) == 0 {
		_, err := w.store.Append(ctx, inc.ID, Event{Type: EventUndeliverable, At: w.now().UTC(), Actor: "system",
			Channel: ChannelSystem, Agency: d.Agency, Reason: "tidak ada petugas jaga maupun supervisor di pos " + a.StationName,
			Key: "undeliverable:" + string(d.Agency)})
		return err
	}
	var sent []Notification
	var transient error
	for _, r := range recipients {
		n, err := w.sendOnce(ctx, inc, a, r)
		switch {
		case err == nil:
			sent = append(sent, n)
		case errors.Is(err, agencies.ErrUndeliverable):
			w.log.Warn("responder number rejected", zap.String("responder", string(r.ID)), zap.Error(err))
		default:
			transient = err
		}
	}
	if transient != nil {
		return transient // retry; what was sent stays sent (ledger)
	}
	return w.record(ctx, inc, a, sent)
}

// record logs the notification, or the failure when every number was rejected.
func (w *Worker) record(ctx context.Context, inc *Incident, a *Assignment, sent []Notification) error {
	ev := Event{At: w.now().UTC(), Actor: "system", Channel: ChannelSystem, Agency: a.Agency}
	if len(sent) == 0 {
		ev.Type, ev.Reason, ev.Key = EventUndeliverable, "semua nomor petugas ditolak operator SMS", "undeliverable:"+string(a.Agency)
	} else {
		ev.Type, ev.Notified, ev.Key = EventNotified, sent, "notified:"+string(a.Agency)
	}
	_, err := w.store.Append(ctx, inc.ID, ev)
	return err
}

func (w *Worker) recipients(station agencies.StationID) []*agencies.Responder {
	if rs := w.dir.OnDuty(station, w.now()); len(rs) > 0 {
		return rs
	}
	return w.dir.Supervisors(station)
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
