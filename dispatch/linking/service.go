// Package linking finds and joins reports of one event: suggestions for a
// new call (same caller calling back, or a nearby open or recently closed
// incident of a related kind, from a spatial index), linking a caller to an
// incident with their own point and words, unlinking, and the corroboration
// that several independent callers bring.
package linking

import (
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
)

// Service links callers to incidents.
type Service struct {
	*dispatch.Service
	hoax *hoax.Service // the hoax-risk score of a report
}

// NewService wires linking on the shared base.
func NewService(base *dispatch.Service) *Service {
	return &Service{Service: base, hoax: hoax.NewService(base)}
}
