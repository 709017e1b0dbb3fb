package escalation

import (
	"context"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// toucher is a Queue that lets a live worker keep its entries: other
// workers take over entries left idle for the queue's claim time (a few
// seconds), which must only happen to a dead or frozen instance's entries.
type toucher interface {
	Touch(ctx context.Context, agency agencies.AgencyID, consumer string, entryIDs ...string) error
}

// lanes run a worker's entries: a bounded pool for new assignments, one
// for fired timers, and a toucher keeping every held entry claimed.
type lanes struct {
	w        *Worker
	ctx      context.Context
	assign   chan struct{}
	timers   chan struct{}
	mu       sync.Mutex
	held     map[string]time.Time // entry → since when this worker holds it
	wg       sync.WaitGroup
	stopTick chan struct{}
}

func (w *Worker) newLanes(ctx context.Context) *lanes {
	l := &lanes{w: w, ctx: ctx, assign: make(chan struct{}, w.cfg.Senders), timers: make(chan struct{}, w.cfg.TimerSenders),
		held: map[string]time.Time{}, stopTick: make(chan struct{})}
	if t, ok := w.Queue.(toucher); ok {
		go l.keepClaimed(t)
	}
	return l
}

func (l *lanes) full() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.held) >= l.w.cfg.MaxInFlight
}

// submit handles d in its lane as soon as the lane has room.
func (l *lanes) submit(d dispatch.Delivery) {
	sem := l.assign
	if d.Timer != nil {
		sem = l.timers
	}
	l.mu.Lock()
	if _, busy := l.held[d.EntryID]; busy {
		l.mu.Unlock()
		return // handed out again while this worker still works on it
	}
	l.held[d.EntryID] = time.Now()
	l.mu.Unlock()
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		sem <- struct{}{}
		defer func() { <-sem }()
		// An entry being processed when ctx ends is finished (graceful shutdown).
		wctx, cancel := context.WithTimeout(context.WithoutCancel(l.ctx), processTimeout)
		l.w.Process(wctx, d)
		cancel()
		l.mu.Lock()
		delete(l.held, d.EntryID)
		l.mu.Unlock()
	}()
}

// wait returns when every submitted entry was handled.
func (l *lanes) wait() {
	l.wg.Wait()
	close(l.stopTick)
}

// keepClaimed touches the held entries every TouchEvery. A slow provider
// then delays an entry without another instance starting on it (the send
// ledger would stop a double SMS, but each takeover counts as a delivery).
// An entry held longer than one entry may take is let go: a worker stuck
// on a hung call loses it to another instance.
func (l *lanes) keepClaimed(t toucher) {
	tick := time.NewTicker(l.w.cfg.TouchEvery)
	defer tick.Stop()
	for {
		select {
		case <-l.stopTick:
			return
		case <-tick.C:
		}
		var ids []string
		l.mu.Lock()
		for id, since := range l.held {
			if time.Since(since) < processTimeout+l.w.cfg.TouchEvery {
				ids = append(ids, id)
			}
		}
		l.mu.Unlock()
		if len(ids) == 0 {
			continue
		}
		tctx, cancel := context.WithTimeout(context.WithoutCancel(l.ctx), 2*time.Second)
		if err := t.Touch(tctx, l.w.agency, l.w.cfg.Consumer, ids...); err != nil {
			l.w.log.Warn("cannot keep queue entries claimed", zap.Error(err))
		}
		cancel()
	}
}
