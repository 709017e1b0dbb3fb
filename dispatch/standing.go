package dispatch

import (
	"context"
	"time"
)

// StandingType is a change to a number's standing.
type StandingType string

// Standing changes. Each is an event with its actor; none is ever deleted:
// an appeal adds a "cleared" event.
const (
	StandingFalseConfirmed   StandingType = "false_report_confirmed" // PALSU confirmed by a supervisor
	StandingFalseUnconfirmed StandingType = "false_report_reported"  // PALSU at the scene, not (yet) confirmed
	StandingGenuine          StandingType = "genuine"                // SELESAI: a real emergency
	StandingCleared          StandingType = "cleared"                // a supervisor cleared the number (appeal)
	StandingWatchOn          StandingType = "watch_on"               // placed on the watch list
	StandingWatchOff         StandingType = "watch_off"
)

// StandingEvent is one change to a number's standing.
type StandingEvent struct {
	Type       StandingType `json:"type"`
	At         time.Time    `json:"at"`
	Actor      string       `json:"actor"`
	IncidentID IncidentID   `json:"incident_id,omitempty"`
	Code       string       `json:"code,omitempty"`
	Note       string       `json:"note,omitempty"`
}

// Standing is a number's record, as the score sees it at a moment.
type Standing struct {
	Confirmed      float64    `json:"confirmed_weight"` // decayed count of confirmed false reports
	ConfirmedCount int        `json:"confirmed"`        // confirmed false reports since the last clearing
	Unconfirmed    float64    `json:"unconfirmed_weight"`
	Genuine        int        `json:"genuine"`
	Watch          bool       `json:"watch"`
	ClearedAt      *time.Time `json:"cleared_at,omitempty"`
}

// Callers keeps each number's standing.
type Callers interface {
	// Standing returns the number's standing events, oldest first.
	Standing(ctx context.Context, phone string) ([]StandingEvent, error)
	// AddStanding records a change; an event with the same type and incident
	// as an earlier one is not added twice.
	AddStanding(ctx context.Context, phone string, ev StandingEvent) error
}
