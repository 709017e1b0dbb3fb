// Package hoax scores the risk that a report is false, with reasons a
// call-taker can read: the number's history (pranks, silent calls, confirmed
// false reports, decaying with a half-life) kept apart from what this call
// shows (cues, outside the city, far from the handset), so that a family
// phone a child pranked from is never branded on history alone. It also
// keeps callers' standing (appeals, the watch list). Nothing here ever
// holds a dispatch back.
package hoax

import "github.com/sigap112/sigap/dispatch"

// Service assesses callers and reports.
type Service struct {
	*dispatch.Service
}

// NewService wires the hoax-risk score on the shared base.
func NewService(base *dispatch.Service) *Service {
	return &Service{Service: base}
}
