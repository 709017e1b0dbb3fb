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
	EventReceived       EventType = "incident.received"      // the call-taker logged it (carries the initial snapshot)
	EventReferred       EventType = "incident.referred"      // outside the city: refer to the neighbouring regency
	EventClosed         EventType = "incident.closed"        // closed with a disposition
	EventNote           EventType = "incident.note"          // a call-taker's note (append-only)
	EventAssessed       EventType = "incident.assessed"      // the hoax-risk score was (re)computed
	EventCallerLinked   EventType = "incident.caller_linked" // another caller reports the same event
	EventCallerUnlinked EventType = "incident.caller_unlinked"
	EventPriority       EventType = "incident.priority_changed" // e.g. raised by a surge of callers
	EventCredible       EventType = "incident.marked_credible"
	EventFalseConfirmed EventType = "incident.false_confirmed"    // a supervisor confirmed a false report
	EventFeedbackAsked  EventType = "incident.feedback_requested" // the caller was asked to rate the service
	EventRated          EventType = "incident.rated"              // the caller's rating, 1 to 5
	EventQueued         EventType = "assignment.queued"           // an agency's assignment entered its queue (dispatched)
	EventNotified       EventType = "assignment.notified"         // SMS to responders accepted by the provider
	EventDelivered      EventType = "assignment.delivered"        // the provider reports an SMS delivered to the phone
	EventDeliveryFailed EventType = "assignment.delivery_failed"  // the provider reports an SMS failed or undelivered
	EventUndeliverable  EventType = "assignment.undeliverable"    // the queue gave up on the assignment
	EventSMSFailing     EventType = "assignment.sms_failing"      // the SMS provider fails; retries continue
	EventAcknowledged   EventType = "assignment.acknowledged"     // TERIMA
	EventEnRoute        EventType = "assignment.en_route"         // OTW
	EventOnScene        EventType = "assignment.on_scene"         // TIBA
	EventResolved       EventType = "assignment.resolved"         // SELESAI
	EventFalseReport    EventType = "assignment.false_report"     // PALSU
	EventDeclined       EventType = "assignment.declined"         // TOLAK
	EventEscalated      EventType = "assignment.escalated"        // a step of the escalation ladder was taken
	EventReassigned     EventType = "assignment.reassigned"       // the assignment moved to another station
	EventUnreachable    EventType = "assignment.unreachable"      // nobody could be reached: a human must act
	EventWarning        EventType = "assignment.warning"          // a charter deadline is near (amber)
	EventBreached       EventType = "assignment.breached"         // a charter deadline was missed (red)
	EventBreachReason   EventType = "assignment.breach_explained"
	EventMessage        EventType = "assignment.message" // free text from a responder (a request for backup, a question)
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
	Seq         int                  `json:"seq"` // 1-based position in the log
	Type        EventType            `json:"type"`
	At          time.Time            `json:"at"`
	Actor       string               `json:"actor"`
	Channel     Channel              `json:"channel"`
	Agency      agencies.AgencyID    `json:"agency,omitempty"`
	Responder   agencies.ResponderID `json:"responder,omitempty"`
	Incident    *Incident            `json:"incident,omitempty"`   // EventReceived: the incident as logged
	Assignment  *Assignment          `json:"assignment,omitempty"` // EventQueued, EventReassigned: the (new) assignment
	Referral    *Referral            `json:"referral,omitempty"`   // EventReferred
	Notified    []Notification       `json:"notified,omitempty"`   // EventNotified, EventEscalated
	Milestone   Milestone            `json:"milestone,omitempty"`  // EventWarning, EventBreached, EventBreachReason
	Deadline    *time.Time           `json:"deadline,omitempty"`
	Disposition Disposition          `json:"disposition,omitempty"`
	Step        string               `json:"step,omitempty"`       // EventEscalated: retry, next_responder, supervisor, other_station
	Assessment  *Assessment          `json:"assessment,omitempty"` // EventAssessed
	Caller      *LinkedCaller        `json:"caller,omitempty"`     // EventCallerLinked, EventCallerUnlinked (phone)
	Priority    agencies.Priority    `json:"priority,omitempty"`   // EventPriority
	Rating      int                  `json:"rating,omitempty"`     // EventRated
	Reason      string               `json:"reason,omitempty"`
	Note        string               `json:"note,omitempty"`
	MessageID   agencies.MessageID   `json:"message_id,omitempty"`
	Attempt     int                  `json:"attempt,omitempty"` // EventDelivered, EventDeliveryFailed: which send it was
	// KeepWorking (EventClosed): agencies en route or on scene are left to
	// finish instead of being cancelled. Logs written before it existed replay
	// as they were (everything unfinished cancelled).
	KeepWorking bool `json:"keep_working,omitempty"`
	// Key, when set, makes the event idempotent: a second event with the same
	// key on the same incident is not appended (at-least-once workers rely on it).
	Key string `json:"key,omitempty"`
}

// ErrInvalidEvent is returned when an event cannot apply to the incident's
// current state (it would break the log).
var ErrInvalidEvent = errors.New("event does not apply")

// TransitionError says why an assignment cannot move to a status; it wraps
// ErrInvalidEvent. Replies to responders are built from it.
type TransitionError struct {
	Agency agencies.AgencyID
	From   AssignmentStatus
	To     EventType
	AckBy  string // who acknowledged first, when that is the reason
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("%s assignment is %s: %s not allowed", e.Agency, e.From, e.To)
}

func (e *TransitionError) Unwrap() error { return ErrInvalidEvent }

// allowedWhenClosed are the events a closed incident still takes: a late
// caller of the same event, a confirmation or explanation after the fact.
var allowedWhenClosed = map[EventType]bool{
	EventBreachReason: true, EventFalseConfirmed: true, EventCallerLinked: true, EventCallerUnlinked: true, EventAssessed: true,
	EventFeedbackAsked: true, EventRated: true, EventCallerSplit: true,
}

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
	if inc.Status == StatusClosed && !allowedWhenClosed[ev.Type] && !stillWorking(inc, ev) {
		return nil, fmt.Errorf("%w: incident %s is closed", ErrInvalidEvent, inc.Code)
	}
	var err error
	switch ev.Type {
	case EventNote:
		inc.Notes++
	case EventAssessed, EventCallerLinked, EventCallerUnlinked, EventPriority, EventCredible, EventFalseConfirmed:
		err = applyCorroboration(inc, ev)
	case EventCallerSplit:
		err = applySplit(inc, ev)
	case EventFeedbackAsked:
		at := ev.At
		inc.FeedbackAsked = &at
	case EventRated:
		if ev.Rating < 1 || ev.Rating > 5 || inc.FeedbackAsked == nil || inc.Rating != 0 {
			return nil, fmt.Errorf("%w: rating %d", ErrInvalidEvent, ev.Rating)
		}
		inc.Rating = ev.Rating
	case EventReferred, EventClosed, EventQueued:
		err = applyIncident(inc, ev)
	default:
		err = applyAssignment(inc, ev)
	}
	if err != nil {
		return nil, err
	}
	inc.Version++
	inc.UpdatedAt = ev.At
	return inc, nil
}

func applyIncident(inc *Incident, ev Event) error {
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
	case EventClosed:
		if !ev.Disposition.Valid() {
			return fmt.Errorf("%w: unknown disposition %q", ErrInvalidEvent, ev.Disposition)
		}
		at := ev.At
		inc.Status, inc.Disposition, inc.CloseNote, inc.ClosedAt = StatusClosed, ev.Disposition, ev.Note, &at
		for i := range inc.Assignments {
			a := &inc.Assignments[i]
			if a.Status.Terminal() || (ev.KeepWorking && (a.Status == AssignEnRoute || a.Status == AssignOnScene)) {
				continue
			}
			a.Status = AssignCancelled
		}
	}
	return nil
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

// applyCorroboration applies what other callers and supervisors say about
// whether the incident is real.
func applyCorroboration(inc *Incident, ev Event) error {
	switch ev.Type {
	case EventAssessed:
		if ev.Assessment == nil {
			return fmt.Errorf("%w: %s without assessment", ErrInvalidEvent, ev.Type)
		}
		a := *ev.Assessment
		inc.Hoax = &a
	case EventCallerLinked:
		if ev.Caller == nil {
			return fmt.Errorf("%w: %s without caller", ErrInvalidEvent, ev.Type)
		}
		inc.Callers = append(inc.Callers, *ev.Caller)
	case EventCallerUnlinked:
		for i := range inc.Callers {
			if ev.Caller != nil && inc.Callers[i].Phone == ev.Caller.Phone && !inc.Callers[i].Unlinked {
				inc.Callers[i].Unlinked = true
				return nil
			}
		}
		return fmt.Errorf("%w: no linked caller to unlink", ErrInvalidEvent)
	case EventPriority:
		if !ev.Priority.Valid() {
			return fmt.Errorf("%w: priority %d", ErrInvalidEvent, ev.Priority)
		}
		inc.Priority = ev.Priority
	case EventCredible:
		inc.Credible = true
	case EventFalseConfirmed:
		inc.FalseConfirmed = true
	}
	return nil
}
