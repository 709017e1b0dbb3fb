package intake

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/linking"
)

// SplitPending finishes the split-offs a crash (or Redis going away) left
// undone. The pending marker is the event log itself: an incident reported
// false (PALSU) or closed as false/duplicate that still holds an independent
// linked caller without split_to owes that caller an incident of its own.
// Every open incident is looked at (a close splits before it closes, so a
// closed one never owes a split). SplitLinked is idempotent, so two
// instances, or a pass racing the PALSU handler, create each caller's
// incident once. Returns how many callers' reports were sent out.
func (s *Service) SplitPending(ctx context.Context) (int, error) {
	const page = 500
	n := 0
	for off := 0; ; off += page {
		open, err := s.Store.List(ctx, dispatch.ListFilter{OpenOnly: true, Limit: page, Offset: off})
		if err != nil {
			return n, err
		}
		for _, inc := range open {
			if !owesSplit(inc) {
				continue
			}
			_, made, err := s.SplitLinked(ctx, string(inc.ID), "petugas melaporkan PALSU (diselesaikan setelah gangguan)", "system:split")
			n += len(made)
			if err != nil {
				return n, err
			}
			for _, m := range made {
				s.Log.Warn("linked caller split off a false report late (the split had not finished)",
					zap.String("incident", inc.Code), zap.String("new", m.Code))
			}
		}
		if len(open) < page {
			return n, nil
		}
	}
}

// owesSplit: reported false or closed as false/duplicate, with an
// independent linked caller whose report has not gone out on its own.
func owesSplit(inc *dispatch.Incident) bool {
	if linking.Linkable(inc) {
		return false
	}
	for _, c := range inc.Callers {
		if inc.Independent(c) && c.SplitTo == "" {
			return true
		}
	}
	return false
}

// RunSplitPending runs SplitPending at once (a restart finishes what the
// previous process left) and then every `every` until ctx ends. A failed
// pass is logged as an error and tried again.
func (s *Service) RunSplitPending(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 15 * time.Second
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := s.SplitPending(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("linked callers of false reports not split off yet; retrying", zap.Error(err))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
