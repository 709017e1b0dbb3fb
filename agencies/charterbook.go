package agencies

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// ErrCharterConflict is returned by a charter store when another change was
// numbered first: the caller reloads the versions and builds its change again
// on top, so that two changes made at the same moment are both kept.
var ErrCharterConflict = errors.New("charter changed meanwhile")

// CharterBook holds every version of the charter. An incident is judged by
// the version in force when its call was received, so a change of standard
// never rewrites the past.
type CharterBook struct {
	mu       sync.RWMutex
	versions []*Charter // by ValidFrom
}

// NewCharterBook starts a book with the configured charter.
func NewCharterBook(first *Charter) *CharterBook {
	first.Version = max(first.Version, 1)
	return &CharterBook{versions: []*Charter{first}}
}

// At returns the version in force at t (the first version before any).
func (b *CharterBook) At(t time.Time) *Charter {
	b.mu.RLock()
	defer b.mu.RUnlock()
	c := b.versions[0]
	for _, v := range b.versions {
		if !v.ValidFrom.After(t) {
			c = v
		}
	}
	return c
}

// Versions lists every version, oldest first.
func (b *CharterBook) Versions() []*Charter {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return append([]*Charter(nil), b.versions...)
}

// Add puts a version in the book (a version already there is ignored).
// Versions valid from the same moment are in force in the order of their
// numbers, so the later change wins and carries the earlier one.
func (b *CharterBook) Add(c *Charter) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range b.versions {
		if v.Version == c.Version {
			return
		}
	}
	b.versions = append(b.versions, c)
	sort.SliceStable(b.versions, func(i, j int) bool {
		vi, vj := b.versions[i], b.versions[j]
		if !vi.ValidFrom.Equal(vj.ValidFrom) {
			return vi.ValidFrom.Before(vj.ValidFrom)
		}
		return vi.Version < vj.Version
	})
}

// Change builds the next version: the version in force at validFrom with
// one standard set, numbered one more than the highest in the book. It does
// not add it to the book: the store numbers versions atomically and answers
// ErrCharterConflict when that number was taken meanwhile.
func (b *CharterBook) Change(s Standard, validFrom time.Time) (*Charter, error) {
	if !(s.Targets.Acknowledge > 0 && s.Targets.Acknowledge <= s.Targets.Arrive && s.Targets.Arrive <= s.Targets.Resolve) {
		return nil, fmt.Errorf("targets must satisfy 0 < acknowledge ≤ arrive ≤ resolve")
	}
	if s.Priority != 0 && !s.Priority.Valid() {
		return nil, fmt.Errorf("priority must be 1, 2, 3 or any")
	}
	base := b.At(validFrom)
	if _, ok := base.standards[charterKey{s.Agency, "*", 0}]; !ok {
		return nil, fmt.Errorf("unknown agency %q", s.Agency)
	}
	next := &Charter{ValidFrom: validFrom, WarningAt: base.WarningAt, CallProcessing: base.CallProcessing,
		standards: make(map[charterKey]Targets, len(base.standards)+1)}
	for k, t := range base.standards {
		next.standards[k] = t
	}
	if s.Category == "" {
		s.Category = "*"
	}
	next.standards[charterKey{s.Agency, s.Category, s.Priority}] = s.Targets
	b.mu.RLock()
	for _, v := range b.versions {
		next.Version = max(next.Version, v.Version+1)
	}
	b.mu.RUnlock()
	return next, nil
}

// CharterDoc is a version as stored and shown.
type CharterDoc struct {
	Version        int           `json:"version"`
	ValidFrom      time.Time     `json:"valid_from"`
	WarningAt      float64       `json:"warning_at"`
	CallProcessing time.Duration `json:"call_processing"`
	Standards      []Standard    `json:"standards"`
}

// Doc describes a version for storage and the API.
func (c *Charter) Doc() CharterDoc {
	return CharterDoc{Version: c.Version, ValidFrom: c.ValidFrom, WarningAt: c.WarningAt, CallProcessing: c.CallProcessing, Standards: c.Standards()}
}

// FromDoc rebuilds a stored version.
func FromDoc(d CharterDoc) *Charter {
	c := &Charter{Version: d.Version, ValidFrom: d.ValidFrom, WarningAt: d.WarningAt, CallProcessing: d.CallProcessing,
		standards: map[charterKey]Targets{}}
	for _, s := range d.Standards {
		c.standards[charterKey{s.Agency, s.Category, s.Priority}] = s.Targets
	}
	return c
}
