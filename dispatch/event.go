package dispatch

import (
	"errors"
	"fmt"
	"time"

	"github.com/sigap112/sigap/agencies"
)

// EventType names what happened to an incident.
type EventType string

// Event types. The log of an incident is append-only; its current state is
// the result of applying every event in order (Rebuild).
const (
	EventReceived      EventType = "incident.received"        // the call-taker logged it (carries the initial snapshot)
	EventReferred      EventType = "incident.referred"        // outside the city: refer to the neighbouring regency
	EventQueued        EventType = "assignment.queued"        // an agency's assignment entered its queue (dispatched)
	EventNotified      EventType = "assignment.notified"      // the SMS to the station's responders was accepted
	EventUndeliverable EventType = "assignment.undeliverable" // nobody could be sent the assignment
)

// Channel is how an event reached Sigap.
type Channel string

// Channels of an event.
const (
	ChannelAPI     Channel = "api"
	ChannelConsole Channel = "console"
	ChannelSMS     Channel = "sms"
	ChannelSystem  Channel = "system"
)

// Event is one line of an incident's log: who did what, when, through which channel.
type Event struct {
	Seq        int                `json:"seq"` // 1-based position in the log
	Type       EventType          `json:"type"`
	At         time.Time          `json:"at"`
	Actor      string             `json:"actor"`
	Channel    Channel            `json:"channel"`
	Agency     agencies.AgencyID  `json:"agency,omitempty"`
	Incident   *Incident          `json:"incident,omitempty"`   // EventReceived: the incident as logged
	Assignment *Assignment        `json:"assignment,omitempty"` // EventQueued
	Referral   *Referral          `json:"referral,omitempty"`   // EventReferred
	Notified   []Notification     `json:"notified,omitempty"`   // EventNotified
	Reason     string             `json:"reason,omitempty"`
	MessageID  agencies.MessageID `json:"message_id,omitempty"`
	// Key, when set, makes the event idempotent: a second event with the same
	// key on the same incident is not appended (at-least-once workers rely on it).
	Key string `json:"key,omitempty"`
}

// ErrInvalidEvent is returned when an event cannot apply to the incident's
// current state (it would break the log).
var ErrInvalidEvent = errors.New("event does not apply")

// Apply changes inc by one event. It is the only place incident state
// changes, so replaying the log always yields the stored state. inc is nil
// only for the first event.
func Apply(inc *Incident, ev Event) (*Incident, error) {
	if inc == nil {
		if ev.Type != EventReceived || ev.Incident == nil {
			return nil, fmt.Errorf("%w: log must start with %s", ErrInvalidEvent, EventReceived)
		}
		cp := *ev.Incident
		cp.Assignments = append([]Assignment(nil), ev.Incident.Assignments...)
		cp.Version = 1
		cp.UpdatedAt = ev.At
		return &cp, nil
	}
	if err := apply(inc, ev); err != nil {
		return nil, err
	}
	inc.Version++
	inc.UpdatedAt = ev.At
	return inc, nil
}

func apply(inc *Incident, ev Event) error {
	switch ev.Type {
	case EventReferred:
		if ev.Referral == nil {
			return fmt.Errorf("%w: %s without referral", ErrInvalidEvent, ev.Type)
		}
		r := *ev.Referral
		inc.Referral, inc.Status = &r, StatusReferred
	case EventQueued:
		if ev.Assignment == nil || inc.Assignment(ev.Assignment.Agency) != nil {
			return fmt.Errorf("%w: %s: missing or repeated assignment", ErrInvalidEvent, ev.Type)
		}
		inc.Assignments = append(inc.Assignments, *ev.Assignment)
		inc.Status = StatusDispatched
	case EventNotified:
		a, err := assignmentOf(inc, ev)
		if err != nil {
			return err
		}
		a.Notified = append(a.Notified, ev.Notified...)
		at := ev.At
		a.Status, a.NotifiedAt, a.Problem = AssignNotified, &at, ""
	case EventUndeliverable:
		a, err := assignmentOf(inc, ev)
		if err != nil {
			return err
		}
		a.Status, a.Problem = AssignUndeliverable, ev.Reason
	default:
		return fmt.Errorf("%w: unknown type %q", ErrInvalidEvent, ev.Type)
	}
	return nil
}

func assignmentOf(inc *Incident, ev Event) (*Assignment, error) {
	a := inc.Assignment(ev.Agency)
	if a == nil {
		return nil, fmt.Errorf("%w: %s: incident %s has no %s assignment", ErrInvalidEvent, ev.Type, inc.Code, ev.Agency)
	}
	return a, nil
}

// Rebuild replays a log from its first event.
func Rebuild(events []Event) (*Incident, error) {
	var inc *Incident
	for _, ev := range events {
		next, err := Apply(inc, ev)
		if err != nil {
			return nil, fmt.Errorf("replay event %d (%s): %w", ev.Seq, ev.Type, err)
		}
		inc = next
	}
	if inc == nil {
		return nil, ErrIncidentNotFound
	}
	return inc, nil
}
