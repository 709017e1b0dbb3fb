// Package manage carries out what dispatchers and supervisors decide once an
// incident exists: a status on a responder's behalf, a note, a reassignment,
// an explanation of a breach, closing (with what happens to crews still
// working and to linked callers of a false report) and confirming a report
// false.
package manage

import (
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
)

// Service is the dispatchers' side of an incident's life.
type Service struct {
	*dispatch.Service
	intake *intake.Service // splits linked callers off a false report
}

// NewService wires the dispatchers' use cases on the shared base.
func NewService(base *dispatch.Service) *Service {
	return &Service{Service: base, intake: intake.NewService(base)}
}
