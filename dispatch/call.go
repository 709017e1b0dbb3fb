package dispatch

import (
	"context"
	"strings"
	"time"

	"github.com/sigap112/sigap/agencies"
)

// CallType is how the call-taker classed a call. Every call is logged,
// whatever it was: the figures of a 112 centre are built from them.
type CallType string

// Call types, as Indonesian 112 centres report them.
const (
	CallEmergency    CallType = "emergency"     // becomes an incident
	CallInformation  CallType = "information"   // asked for information
	CallNonEmergency CallType = "non_emergency" // a complaint or request for another service
	CallSilent       CallType = "silent"        // ghost call: nobody speaks
	CallPrank        CallType = "prank"
	CallDropped      CallType = "dropped" // cut off before anything was said
)

// Valid reports whether t is a known call type.
func (t CallType) Valid() bool {
	switch t {
	case CallEmergency, CallInformation, CallNonEmergency, CallSilent, CallPrank, CallDropped:
		return true
	}
	return false
}

// Call is one answered call.
type Call struct {
	ID           string     `json:"id"`
	Type         CallType   `json:"type"`
	CallerPhone  string     `json:"caller_phone"`
	At           time.Time  `json:"at"`
	Note         string     `json:"note,omitempty"`
	Actor        string     `json:"actor"`
	IncidentID   IncidentID `json:"incident_id,omitempty"`
	IncidentCode string     `json:"incident_code,omitempty"`
	// Outcome of the incident, filled when the history is read: its
	// disposition once closed, else its status.
	Outcome string `json:"outcome,omitempty"`
	// Hoax is the number's hoax-risk score when the call came in.
	Hoax *Assessment `json:"hoax,omitempty"`
	Cues []Cue       `json:"cues,omitempty"`
}

// CallLog keeps every call and each caller's history.
type CallLog interface {
	// LogCall stores a call (not an emergency: those are stored with their incident).
	LogCall(ctx context.Context, c Call) error
	// CallerHistory returns the calls from a number, newest first.
	CallerHistory(ctx context.Context, phone string, limit int) ([]Call, error)
}

// NormalizeCaller accepts a phone number or "withheld" (or an empty number,
// which the network gives for a withheld caller ID).
func NormalizeCaller(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.EqualFold(raw, Withheld) {
		return Withheld, true
	}
	p, err := agencies.NormalizePhone(raw)
	return p, err == nil
}
