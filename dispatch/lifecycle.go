package dispatch

import (
	"fmt"
	"time"

	"github.com/sigap112/sigap/agencies"
)

// applyAssignment applies an event that concerns one agency's assignment.
func applyAssignment(inc *Incident, ev Event) error {
	a := inc.Assignment(ev.Agency)
	if a == nil {
		return fmt.Errorf("%w: %s: incident %s has no %s assignment", ErrInvalidEvent, ev.Type, inc.Code, ev.Agency)
	}
	switch ev.Type {
	case EventNotified, EventEscalated:
		applyNotified(a, ev)
	case EventDelivered, EventDeliveryFailed:
		applyReceipt(a, ev)
	case EventSMSFailing:
		if a.Status == AssignQueued || a.Status == AssignUndeliverable { // no SMS accepted (yet)
			a.SMSFailing, a.Problem = true, ev.Reason
		}
	case EventUndeliverable, EventUnreachable:
		if a.Status.Rank() > 1 {
			return nil // somebody took it meanwhile: nothing to flag
		}
		a.Status, a.Problem = AssignUndeliverable, ev.Reason
		if ev.Type == EventUnreachable {
			a.Status = AssignUnreachable
		}
	case EventReassigned:
		return applyReassigned(a, ev)
	case EventWarning:
		a.Warned = append(a.Warned, ev.Milestone)
	case EventBreached:
		a.Breaches = append(a.Breaches, Breach{Milestone: ev.Milestone, Deadline: deref(ev.Deadline), At: ev.At,
			Station: a.Station, StationName: a.StationName})
		inc.Breached = true
	case EventBreachReason:
		return explainBreach(a, ev)
	case EventMessage:
		a.Message = ev.Note
	default:
		return applyProgress(inc, a, ev)
	}
	return nil
}

func applyNotified(a *Assignment, ev Event) {
	for _, n := range ev.Notified {
		if i := notificationOf(a, n.MessageID); i >= 0 {
			// The provider's receipt came first: keep its status, fill the rest in.
			n.Status = a.Notified[i].Status
			a.Notified[i] = n
			continue
		}
		a.Notified = append(a.Notified, n)
	}
	if ev.Type == EventEscalated {
		a.Escalation++
	}
	if a.Status.Rank() == 1 && Reached(ev.Notified) {
		at := ev.At
		a.Status, a.Problem, a.SMSFailing = AssignNotified, "", false
		if a.NotifiedAt == nil {
			a.NotifiedAt = &at
		}
	}
}

// notificationOf finds a notification by provider message id; -1 if none.
func notificationOf(a *Assignment, id agencies.MessageID) int {
	for i := range a.Notified {
		if id != "" && a.Notified[i].MessageID == id {
			return i
		}
	}
	return -1
}

// applyReceipt records the provider's delivery status on the notification.
// A receipt can arrive before the worker has logged the send: it is kept
// as a notification of its own, which the send's log line then completes.
func applyReceipt(a *Assignment, ev Event) {
	if i := notificationOf(a, ev.MessageID); i >= 0 {
		a.Notified[i].Status = ev.Reason
	} else {
		a.Notified = append(a.Notified, Notification{Responder: ev.Responder, MessageID: ev.MessageID, Status: ev.Reason,
			Attempt: ev.Attempt, At: ev.At})
	}
	if ev.Type == EventDelivered && a.DeliveredAt == nil {
		at := ev.At
		a.DeliveredAt = &at
	}
}

func applyReassigned(a *Assignment, ev Event) error {
	if ev.Assignment == nil || a.Status.Rank() > 3 || a.Status.Terminal() {
		return &TransitionError{Agency: a.Agency, From: a.Status, To: ev.Type}
	}
	next := *ev.Assignment
	a.Tried = append(a.Tried, a.Station)
	a.Station, a.StationName, a.ByGeofence, a.DistanceM = next.Station, next.StationName, false, next.DistanceM
	a.Status, a.Problem, a.AckBy, a.AckByName, a.AckAt, a.EnRouteAt = AssignQueued, "", "", "", nil, nil
	a.SMSFailing = false
	return nil
}

// progressTo maps the responder's milestones to the status they lead to.
var progressTo = map[EventType]AssignmentStatus{
	EventAcknowledged: AssignAcknowledged,
	EventEnRoute:      AssignEnRoute,
	EventOnScene:      AssignOnScene,
	EventResolved:     AssignResolved,
	EventFalseReport:  AssignFalseReport,
	EventDeclined:     AssignQueued, // followed by a reassignment
}

// applyProgress moves an assignment forward. A later milestone implies the
// earlier ones (TIBA without TERIMA acknowledges too); nothing moves back and
// nothing changes after SELESAI or PALSU.
func applyProgress(inc *Incident, a *Assignment, ev Event) error {
	to, ok := progressTo[ev.Type]
	if !ok {
		return fmt.Errorf("%w: unknown type %q", ErrInvalidEvent, ev.Type)
	}
	terr := &TransitionError{Agency: a.Agency, From: a.Status, To: ev.Type, AckBy: a.AckByName}
	switch {
	case a.Status.Terminal():
		return terr
	case ev.Type == EventAcknowledged && a.Status.Rank() >= 2:
		return terr // somebody else was first
	case ev.Type == EventDeclined:
		if a.Status.Rank() >= 4 || (a.AckBy != "" && ev.Responder != "" && a.AckBy != ev.Responder) {
			return terr // on scene already, or a colleague has taken it
		}
		// Whoever took it gives it back: the assignment waits for another taker.
		a.Note, a.AckBy, a.AckByName, a.AckAt, a.EnRouteAt = ev.Note, "", "", nil, nil
		if a.Status.Rank() > 1 {
			a.Status = AssignNotified
		}
		return nil
	case to != AssignResolved && to != AssignFalseReport && a.Status.Rank() >= to.Rank():
		return terr
	}
	at := ev.At
	if a.AckAt == nil {
		a.AckAt, a.AckBy, a.AckByName = &at, ev.Responder, responderName(a, ev)
	}
	switch to {
	case AssignEnRoute:
		a.EnRouteAt = &at
	case AssignOnScene:
		a.OnSceneAt = &at
	case AssignResolved, AssignFalseReport:
		a.ResolvedAt, a.Note = &at, ev.Note
		if ev.Note != "" {
			explainAll(a, ev.Note, ev.Actor)
		}
	}
	a.Status, a.Problem, a.SMSFailing = to, "", false
	return nil
}

func responderName(a *Assignment, ev Event) string {
	for _, n := range a.Notified {
		if n.Responder == ev.Responder && n.Name != "" {
			return n.Name
		}
	}
	if ev.Responder != "" {
		return string(ev.Responder)
	}
	return ev.Actor
}

// explainAll gives every unexplained breach the responder's note as reason.
func explainAll(a *Assignment, note, by string) {
	for i := range a.Breaches {
		if a.Breaches[i].Reason == "" {
			a.Breaches[i].Reason, a.Breaches[i].ReasonBy = note, by
		}
	}
}

func explainBreach(a *Assignment, ev Event) error {
	for i := range a.Breaches {
		if a.Breaches[i].Milestone == ev.Milestone {
			a.Breaches[i].Reason, a.Breaches[i].ReasonBy = ev.Reason, ev.Actor
			return nil
		}
	}
	return fmt.Errorf("%w: %s has no %s breach to explain", ErrInvalidEvent, a.Agency, ev.Milestone)
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// Intervals are the durations of one assignment's lifecycle, as the charter
// and NFPA-style reports measure them. A zero value means "not reached".
type Intervals struct {
	CallProcessing time.Duration `json:"call_processing"` // received → dispatched (queued)
	Acknowledge    time.Duration `json:"acknowledge"`     // dispatched → acknowledged
	Turnout        time.Duration `json:"turnout"`         // acknowledged → en route
	Travel         time.Duration `json:"travel"`          // en route → on scene
	OnScene        time.Duration `json:"on_scene"`        // on scene → resolved
	Total          time.Duration `json:"total"`           // received → resolved
}

// Intervals derives the lifecycle durations of a from its milestones.
func (inc *Incident) Intervals(a *Assignment) Intervals {
	between := func(from time.Time, to *time.Time) time.Duration {
		if to == nil || from.IsZero() || to.Before(from) {
			return 0
		}
		return to.Sub(from)
	}
	var iv Intervals
	queued := a.QueuedAt
	received := inc.ReceivedAt
	if inc.AnsweredAt != nil && inc.AnsweredAt.Before(received) {
		received = *inc.AnsweredAt // the call was answered before it was logged: count from the answer
	}
	iv.CallProcessing = between(received, &queued)
	iv.Acknowledge = between(a.QueuedAt, a.AckAt)
	if a.AckAt != nil {
		iv.Turnout = between(*a.AckAt, a.EnRouteAt)
	}
	if a.EnRouteAt != nil {
		iv.Travel = between(*a.EnRouteAt, a.OnSceneAt)
	}
	if a.OnSceneAt != nil {
		iv.OnScene = between(*a.OnSceneAt, a.ResolvedAt)
	}
	iv.Total = between(received, a.ResolvedAt)
	return iv
}

// Reached reports whether any notification was accepted by the provider.
func Reached(ns []Notification) bool {
	for _, n := range ns {
		if n.Status != StatusRejected {
			return true
		}
	}
	return false
}

// StatusRejected marks a notification the provider refused outright.
const StatusRejected = "rejected"

// stillWorking reports whether ev is a crew left working after the close
// reporting its progress (TIBA, SELESAI, a receipt): a closed incident
// still takes those for assignments that are not finished.
func stillWorking(inc *Incident, ev Event) bool {
	switch ev.Type {
	case EventEnRoute, EventOnScene, EventResolved, EventFalseReport, EventMessage, EventDelivered, EventDeliveryFailed:
		a := inc.Assignment(ev.Agency)
		return a != nil && !a.Status.Terminal()
	}
	return false
}
