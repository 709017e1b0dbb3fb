package dispatch

import (
	"context"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// toucher is a Queue that lets a live worker keep its entries: other
// workers take over entries left idle for the queue's claim time (a few
// seconds), which must only happen to a dead or frozen instance's entries.
type toucher interface {
	Touch(ctx context.Context, agency agencies.AgencyID, consumer string, entryIDs ...string) error
}

// keepClaimed touches the batch's entries every TouchEvery until stop is
// called. A slow provider then delays an entry without another instance
// starting on it (the send ledger would stop a double SMS, but each
// takeover counts as a delivery attempt).
func (w *Worker) keepClaimed(ctx context.Context, ds []Delivery) (stop func()) {
	t, ok := w.Queue.(toucher)
	if !ok || len(ds) == 0 {
		return func() {}
	}
	ids := make([]string, 0, len(ds))
	for _, d := range ds {
		ids = append(ids, d.EntryID)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(w.cfg.TouchEvery)
		defer tick.Stop()
		// Never hold a batch longer than one entry may take: a worker stuck
		// on a hung provider call then loses the rest of its batch.
		limit := time.After(processTimeout)
		for {
			select {
			case <-done:
				return
			case <-limit:
				return
			case <-tick.C:
			}
			tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			if err := t.Touch(tctx, w.agency, w.cfg.Consumer, ids...); err != nil {
				w.log.Warn("cannot keep queue entries claimed", zap.Error(err))
			}
			cancel()
		}
	}()
	return func() { close(done); wg.Wait() }
}
