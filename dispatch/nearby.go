package dispatch

import (
	"context"
	"time"
)

// Nearby is a spatial index of recent incidents (open and recently closed)
// and of the numbers that reported them, so that duplicate suggestions
// consider every candidate in the window — not only the newest few — at a
// cost that grows with the candidates near the point, not with the city's
// whole day. Entries are kept for keep after they are written and are
// rebuilt from the store by Reindex (at start, or after Redis lost them).
type Nearby interface {
	// Index records the incident's point and its linked callers' points in
	// a layer (the duplicate group of its category), and every number that
	// reported it. Indexing again adds what is new.
	Index(ctx context.Context, inc *Incident, layer string, keep time.Duration) error
	// Near returns the incidents of a layer received in [since, until] with
	// the incident's or a linked caller's point within radiusM metres of p,
	// at most limit per hour of reception, nearest first.
	Near(ctx context.Context, layer string, p Point, radiusM float64, since, until time.Time, limit int) ([]*Incident, error)
	// ByCaller returns incidents received since that phone reported (first
	// or linked caller).
	ByCaller(ctx context.Context, phone string, since time.Time) ([]*Incident, error)
	// Reindex indexes every stored incident received since; it returns how many.
	Reindex(ctx context.Context, since time.Time, keep time.Duration, layer func(*Incident) string) (int, error)
}

// layer is the index layer of an incident: its category's duplicate group.
func (s *Service) layer(inc *Incident) string {
	if g := s.Hoax.Duplicates.group(inc.Category); g != nil {
		return g.Name
	}
	return "-"
}

// IndexRecent rebuilds the duplicate index from the stored incidents of the
// look-back window (at start: an index lost with a Redis restart, or never
// built by an older version, is whole again).
func (s *Service) IndexRecent(ctx context.Context) (int, error) {
	if s.nearby == nil || s.Hoax == nil {
		return 0, nil
	}
	d := &s.Hoax.Duplicates
	return s.nearby.Reindex(ctx, s.Now().Add(-d.lookback()), d.keep(), s.layer)
}

// index adds an incident to the duplicate index. A failure costs a
// suggestion, never a dispatch: it is logged and the call goes on.
func (s *Service) Index(ctx context.Context, inc *Incident) {
	if s.nearby == nil || s.Hoax == nil || inc == nil {
		return
	}
	if err := s.nearby.Index(ctx, inc, s.layer(inc), s.Hoax.Duplicates.keep()); err != nil {
		s.Log.Warn("duplicate index not updated; rebuilt at next start")
	}
}
