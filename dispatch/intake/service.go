// Package intake takes a call in: it validates what the call-taker typed,
// classifies the description, locates the caller (geofence, nearest
// station, referral outside the city), routes the incident to the agencies'
// stations and stores it with its queue entries in one atomic write. It also
// logs calls that are not emergencies, previews a proposal while the
// call-taker types, and splits linked callers off a false report as their
// own incidents.
package intake

import (
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
	"github.com/sigap112/sigap/dispatch/linking"
)

// Service takes calls in.
type Service struct {
	*dispatch.Service
	hoax    *hoax.Service    // the hoax-risk score of a report
	linking *linking.Service // callbacks, duplicate suggestions, the spatial index
}

// NewService wires the intake on the shared base.
func NewService(base *dispatch.Service) *Service {
	return &Service{Service: base, hoax: hoax.NewService(base), linking: linking.NewService(base)}
}
