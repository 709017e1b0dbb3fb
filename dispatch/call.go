package dispatch

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

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

// LogCall records a call that is not an emergency (information, prank,
// silent…): two keystrokes for the call-taker, one line for the figures.
func (s *Service) LogCall(ctx context.Context, c Call) (Call, error) {
	ve := &ValidationError{}
	if !c.Type.Valid() || c.Type == CallEmergency {
		ve.add("type", "invalid", "type must be information, non_emergency, silent, prank or dropped (an emergency is logged as an incident)")
	}
	phone, ok := normalizeCaller(c.CallerPhone)
	if !ok {
		ve.add("caller_phone", "invalid", "not a phone number (e.g. 0812-3456-7890), or \"withheld\"")
	}
	c.Note = strings.TrimSpace(c.Note)
	if utf8.RuneCountInString(c.Note) > MaxAddress {
		ve.add("note", "too_long", fmt.Sprintf("at most %d characters", MaxAddress))
	}
	if err := ve.orNil(); err != nil {
		return c, err
	}
	c.ID, c.CallerPhone, c.At = uuid.Must(uuid.NewV7()).String(), phone, s.now().UTC()
	if s.hoax != nil {
		f, err := s.facts(ctx, phone)
		if err != nil {
			return c, err
		}
		a := s.hoax.Assess(AssessInput{At: c.At, Facts: f, Cues: c.Cues, Callers: 1})
		c.Hoax = &a
	}
	return c, s.calls.LogCall(ctx, c)
}

// CallerHistory returns a caller's previous calls with their outcome.
func (s *Service) CallerHistory(ctx context.Context, raw string) ([]Call, error) {
	phone, ok := normalizeCaller(raw)
	if !ok {
		return nil, &ValidationError{Fields: map[string]FieldError{"phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	return s.calls.CallerHistory(ctx, phone, 50)
}

// normalizeCaller accepts a phone number or "withheld" (or an empty number,
// which the network gives for a withheld caller ID).
func normalizeCaller(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.EqualFold(raw, Withheld) {
		return Withheld, true
	}
	p, err := agencies.NormalizePhone(raw)
	return p, err == nil
}
