package dispatch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
)

// CharterStore keeps the charter versions added after the configured one.
type CharterStore interface {
	Versions(ctx context.Context) ([]*agencies.Charter, error)
	// Add stores a version with the log line of the change and its actor.
	Add(ctx context.Context, v *agencies.Charter, changed agencies.Standard, actor string) error
}

// charters is the service's charter book, refreshed from the store so that
// every instance sees a change within seconds.
type charters struct {
	book  *agencies.CharterBook
	store CharterStore
	mu    sync.Mutex
	last  time.Time
}

func (c *charters) At(t time.Time) *agencies.Charter { return c.book.At(t) }

func (c *charters) Refresh(ctx context.Context, now time.Time, log *zap.Logger) {
	if c.store == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.last) < 5*time.Second {
		return
	}
	if err := c.load(ctx); err != nil {
		log.Warn("charter versions not refreshed", zap.Error(err))
		return
	}
	c.last = now
}

// reload reads every stored version now, whatever the last refresh.
func (c *charters) reload(ctx context.Context, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(ctx); err != nil {
		return err
	}
	c.last = now
	return nil
}

// load adds the stored versions to the book; c.mu is held.
func (c *charters) load(ctx context.Context) error {
	vs, err := c.store.Versions(ctx)
	if err != nil {
		return err
	}
	for _, v := range vs {
		c.book.Add(v)
	}
	return nil
}

// changeAttempts bounds how often a change is rebuilt on top of changes
// other admins or instances stored at the same moment.
const changeAttempts = 20

// ChangeStandard is an admin setting one standard of the charter from a
// date on. Incidents received before keep the standard of their time.
func (s *Service) ChangeStandard(ctx context.Context, st agencies.Standard, validFrom time.Time, actor string) (*agencies.Charter, error) {
	if s.Charter.store == nil {
		return nil, fmt.Errorf("%w: no charter store", ErrUnavailable)
	}
	if _, ok := s.Dir.Agency(st.Agency); !ok {
		return nil, &ValidationError{Fields: map[string]FieldError{"agency": {Code: "unknown", Message: "unknown agency"}}}
	}
	if c := strings.TrimSpace(st.Category); c != "" && c != "*" {
		if _, ok := s.Tax.Category(classifyID(c)); !ok {
			return nil, &ValidationError{Fields: map[string]FieldError{"category": {Code: "unknown", Message: "unknown category"}}}
		}
	}
	next, err := s.storeChange(ctx, st, validFrom, actor)
	if err != nil {
		return nil, err
	}
	s.Log.Info("charter changed", zap.Int("version", next.Version), zap.String("agency", string(st.Agency)),
		zap.String("category", st.Category), zap.String("actor", actor))
	return next, nil
}

// storeChange builds the change on the latest stored versions and stores it
// under the next number; when another change took that number first (two
// admins, two instances), it reloads and builds again on top, so both are
// kept, in the order the store numbered them.
func (s *Service) storeChange(ctx context.Context, st agencies.Standard, validFrom time.Time, actor string) (*agencies.Charter, error) {
	for range changeAttempts {
		if err := s.Charter.reload(ctx, s.Now()); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		from := validFrom
		if from.IsZero() {
			from = s.Now().UTC()
		}
		next, err := s.Charter.book.Change(st, from)
		if err != nil {
			return nil, &ValidationError{Fields: map[string]FieldError{"targets": {Code: "invalid", Message: err.Error()}}}
		}
		err = s.Charter.store.Add(ctx, next, st, actor)
		if errors.Is(err, agencies.ErrCharterConflict) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		s.Charter.book.Add(next)
		return next, nil
	}
	return nil, fmt.Errorf("%w: charter kept changing during %d attempts", ErrUnavailable, changeAttempts)
}

// Charters lists every version of the charter, oldest first.
func (s *Service) Charters(ctx context.Context) []*agencies.Charter {
	s.Charter.Refresh(ctx, s.Now(), s.Log)
	return s.Charter.book.Versions()
}

func classifyID(s string) classify.CategoryID { return classify.CategoryID(s) }
