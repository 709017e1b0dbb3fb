package linking

import (
	"context"

	"github.com/sigap112/sigap/dispatch"
)

// layer is the index layer of an incident: its category's duplicate group.
func (s *Service) layer(inc *dispatch.Incident) string {
	if g := s.Hoax.Duplicates.Group(inc.Category); g != nil {
		return g.Name
	}
	return "-"
}

// IndexRecent rebuilds the duplicate index from the stored incidents of the
// look-back window (at start: an index lost with a Redis restart, or never
// built by an older version, is whole again).
func (s *Service) IndexRecent(ctx context.Context) (int, error) {
	if s.Nearby == nil || s.Hoax == nil {
		return 0, nil
	}
	d := &s.Hoax.Duplicates
	return s.Nearby.Reindex(ctx, s.Now().Add(-d.Lookback()), d.Keep(), s.layer)
}

// Index adds an incident to the duplicate index. A failure costs a
// suggestion, never a dispatch: it is logged and the call goes on.
func (s *Service) Index(ctx context.Context, inc *dispatch.Incident) {
	if s.Nearby == nil || s.Hoax == nil || inc == nil {
		return
	}
	if err := s.Nearby.Index(ctx, inc, s.layer(inc), s.Hoax.Duplicates.Keep()); err != nil {
		s.Log.Warn("duplicate index not updated; rebuilt at next start")
	}
}
