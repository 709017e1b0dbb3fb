package learning

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
)

// ErrNoModel is returned by ModelStore.LoadModel when no model was saved.
var ErrNoModel = errors.New("no classifier model saved")

// ModelStore keeps the latest trained classifier model.
type ModelStore interface {
	// SaveModel stores the model with its Stamp; LoadModel returns it or
	// ErrNoModel.
	SaveModel(ctx context.Context, data []byte) error
	LoadModel(ctx context.Context) ([]byte, error)
	// ModelStamp returns the saved model's Stamp ("" when none was
	// saved with it), so that an instance checking each minute for a newer
	// model reads tens of megabytes only when there is one.
	ModelStamp(ctx context.Context) (string, error)
}

// Stamp is a short fingerprint of a saved model's bytes.
func Stamp(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// Config of the Learner.
type Config struct {
	// Every is how often the model is retrained; default 6h.
	Every time.Duration
	// Check is how often a model saved by another instance or by `sigap
	// classify train` is looked for; default 1 minute.
	Check time.Duration
	// Since: incidents received this long ago at most are used; default 365 days.
	Since time.Duration
	// Max incidents read per training; default 20000.
	Max int
	// Corpus is what is trained on besides the logged incidents; default
	// the embedded train split (about 12,000 calls, tens of seconds of
	// training: tests pass a sample).
	Corpus []classify.Example
}

// logWeight: a call the centre dispatched counts this many times as much
// as a corpus line: it is the city's own wording and its own decision.
const logWeight = 3

// Learner trains the classifier's model from the corpus' train split and
// from the incidents call-takers dispatched (their final category), and
// installs it in the taxonomy, at start and on a schedule.
type Learner struct {
	cfg    Config
	store  dispatch.Store
	models ModelStore
	// seen is the Stamp of the saved model last read or written here.
	seen atomic.Pointer[string]
	tax  *classify.Taxonomy
	log  *zap.Logger
	now  func() time.Time
}

// New wires a learner; models may be nil (nothing is saved).
func New(cfg Config, store dispatch.Store, models ModelStore, tax *classify.Taxonomy, log *zap.Logger) *Learner {
	if cfg.Every <= 0 {
		cfg.Every = 6 * time.Hour
	}
	if cfg.Check <= 0 {
		cfg.Check = time.Minute
	}
	if cfg.Since <= 0 {
		cfg.Since = 365 * 24 * time.Hour
	}
	if cfg.Max <= 0 {
		cfg.Max = 20000
	}
	return &Learner{cfg: cfg, store: store, models: models, tax: tax, log: log.Named("learn"), now: time.Now}
}

// LoggedExamples returns the incidents call-takers dispatched as labelled
// examples: the description, the category and the agencies finally sent
// (the lead one first); a victim when the victim rule's agency was among
// them, a non-emergency when the category is one. False reports,
// duplicates and cancelled incidents are left out.
func (l *Learner) LoggedExamples(ctx context.Context) ([]classify.Example, error) {
	incs, err := l.store.List(ctx, dispatch.ListFilter{Since: l.now().Add(-l.cfg.Since), Limit: l.cfg.Max})
	if err != nil {
		return nil, err
	}
	var out []classify.Example
	victim := l.tax.VictimAgencies()
	for _, inc := range incs {
		switch inc.Disposition {
		case dispatch.DispFalseReport, dispatch.DispDuplicate, dispatch.DispCancelled:
			continue
		}
		if _, ok := l.tax.Category(inc.Category); !ok || inc.Description == "" {
			continue
		}
		c, _ := l.tax.Category(inc.Category)
		e := classify.Example{Text: inc.Description, Category: inc.Category, Priority: inc.Priority, NonEmergency: !c.Emergency}
		for _, a := range inc.Assignments {
			e.Agencies = append(e.Agencies, a.Agency)
			if a.Lead && e.Lead == "" {
				e.Lead = a.Agency
			}
			// No call-taker labels a victim: an incident to which the
			// victim rule's agency (the ambulance) was finally sent is one.
			if slices.Contains(victim, a.Agency) {
				e.Victim = true
			}
		}
		if e.Lead == "" && len(e.Agencies) > 0 {
			e.Lead = e.Agencies[0]
		}
		out = append(out, e)
	}
	return out, nil
}

// Train trains a model now, installs it and saves it. Without the logged
// incidents (Redis down) it trains on the corpus alone and says so.
func (l *Learner) Train(ctx context.Context) (*classify.Model, error) {
	examples := l.cfg.Corpus
	if examples == nil {
		examples = classify.TrainSplit()
	}
	examples = slices.Clip(examples) // logged incidents are appended to a copy
	logged, err := l.LoggedExamples(ctx)
	if err != nil {
		l.log.Warn("logged incidents unavailable: training on the corpus alone", zap.Error(err))
	}
	for range logWeight {
		examples = append(examples, logged...)
	}
	m := l.tax.TrainModel(examples, len(logged))
	l.tax.SetModel(m)
	l.log.Info("classifier model trained", zap.Int("examples", m.Examples), zap.Int("logged_incidents", len(logged)))
	if l.models != nil {
		data, err := classify.MarshalModel(m)
		if err == nil {
			err = l.models.SaveModel(ctx, data)
		}
		if err == nil {
			stamp := Stamp(data)
			l.seen.Store(&stamp)
		}
		if err != nil {
			return m, err
		}
	}
	return m, err
}

// Run trains at once, then every cfg.Every, and picks up a model saved by
// `sigap classify train` or another instance in between (checked every
// cfg.Check, reading only its stamp unless it changed), until ctx ends.
func (l *Learner) Run(ctx context.Context) {
	// The model saved by the last training serves at once: training on the
	// whole train split takes tens of seconds, the word lists alone would
	// serve meanwhile.
	l.reload(ctx)
	if _, err := l.Train(ctx); err != nil {
		l.log.Warn("classifier model not saved", zap.Error(err))
	}
	train := time.NewTicker(l.cfg.Every)
	defer train.Stop()
	check := time.NewTicker(l.cfg.Check)
	defer check.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-train.C:
			if _, err := l.Train(ctx); err != nil {
				l.log.Warn("classifier model not saved", zap.Error(err))
			}
		case <-check.C:
			l.reload(ctx)
		}
	}
}

// reload installs a saved model newer than the one in use.
func (l *Learner) reload(ctx context.Context) {
	if l.models == nil {
		return
	}
	// The stamp first: the model itself is tens of megabytes (a minute's
	// GET of it from every instance would hold Redis up for milliseconds).
	stamp, err := l.models.ModelStamp(ctx)
	if seen := l.seen.Load(); err == nil && stamp != "" && seen != nil && *seen == stamp {
		return
	}
	data, err := l.models.LoadModel(ctx)
	if err != nil {
		if !errors.Is(err, ErrNoModel) {
			l.log.Warn("saved classifier model unreadable", zap.Error(err))
		}
		return
	}
	m, err := classify.UnmarshalModel(data)
	if err != nil {
		// Read again next minute: the warning repeats until someone
		// retrains.
		l.log.Warn("saved classifier model invalid", zap.Error(err))
		return
	}
	stamp = Stamp(data)
	l.seen.Store(&stamp)
	if cur := l.tax.Model(); cur == nil || m.TrainedAt.After(cur.TrainedAt) {
		l.tax.SetModel(m)
		l.log.Info("classifier model loaded", zap.Time("trained_at", m.TrainedAt))
	}
}
