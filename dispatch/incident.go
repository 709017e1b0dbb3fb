package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
)

// IncidentID is the stable, unique id of an incident (time-ordered UUID).
type IncidentID string

// ErrIncidentNotFound is returned by a Store for an id or code it does not hold.
var ErrIncidentNotFound = errors.New("incident not found")

// Status is where an incident stands as a whole.
type Status string

// Incident statuses. An incident is open until it is closed.
const (
	StatusDispatched Status = "dispatched" // assignments are with the agencies
	StatusReferred   Status = "referred"   // outside the city: hand over to the neighbouring regency
	StatusClosed     Status = "closed"
)

// Disposition is how an incident ended.
type Disposition string

// Dispositions a call-taker or supervisor closes an incident with.
const (
	DispResolved    Disposition = "resolved"
	DispFalseReport Disposition = "false_report"
	DispDuplicate   Disposition = "duplicate"
	DispReferred    Disposition = "referred"
	DispCancelled   Disposition = "cancelled"
	DispNoAction    Disposition = "no_action"
)

// Valid reports whether d is a known disposition.
func (d Disposition) Valid() bool {
	switch d {
	case DispResolved, DispFalseReport, DispDuplicate, DispReferred, DispCancelled, DispNoAction:
		return true
	}
	return false
}

// Open reports whether the incident still needs attention.
func (s Status) Open() bool { return s != StatusClosed }

// Place is an administrative area an incident lies in.
type Place struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Location is where the incident is, as the call-taker gave it and as the
// city's boundaries place it.
type Location struct {
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	InCity    bool    `json:"in_city"`
	Kelurahan *Place  `json:"kelurahan,omitempty"`
	Kecamatan *Place  `json:"kecamatan,omitempty"`
	// Precision of the point, and the street or landmark it stands for.
	Precision Precision `json:"precision,omitempty"`
	PlaceName string    `json:"place_name,omitempty"`
}

// Referral says which neighbouring authority an out-of-city incident goes to.
type Referral struct {
	Code  string `json:"code,omitempty"` // Kemendagri code of the regency, empty when unknown
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
}

// Incident is one emergency as the 112 centre handles it: what was reported,
// where, which agencies were sent, and where each of them stands. Its state
// is a projection of its event log (see Apply).
type Incident struct {
	ID             IncidentID          `json:"id"`
	Code           string              `json:"code"` // short human code, e.g. TT-0427, used in SMS replies
	Status         Status              `json:"status"`
	CallerPhone    string              `json:"caller_phone"` // E.164
	Description    string              `json:"description"`
	Address        string              `json:"address,omitempty"`
	Location       Location            `json:"location"`
	Category       classify.CategoryID `json:"category"`
	CategoryName   string              `json:"category_name"`
	Priority       agencies.Priority   `json:"priority"`
	LifeThreat     bool                `json:"life_threatening"`
	Classification classify.Result     `json:"classification"` // what the classifier suggested
	Overridden     bool                `json:"overridden"`     // the call-taker chose another category or priority
	Referral       *Referral           `json:"referral,omitempty"`
	Assignments    []Assignment        `json:"assignments"`
	Disposition    Disposition         `json:"disposition,omitempty"`
	CloseNote      string              `json:"close_note,omitempty"`
	Breached       bool                `json:"breached"` // some charter deadline was missed
	Notes          int                 `json:"notes"`    // number of notes in the log
	// Hoax is the explainable hoax-risk score; it never holds back a dispatch.
	Hoax     *Assessment    `json:"hoax,omitempty"`
	Cues     []Cue          `json:"cues,omitempty"`
	Credible bool           `json:"credible"`
	Handset  *Point         `json:"handset,omitempty"` // the handset's own position, when the network gave one
	Callers  []LinkedCaller `json:"callers,omitempty"` // other callers linked as reporting the same event
	// FalseConfirmed is set when a supervisor confirmed a false report.
	FalseConfirmed bool `json:"false_confirmed"`
	// SplitFrom is the incident this report was linked to, until that one
	// was reported false and the report went out on its own.
	SplitFrom string `json:"split_from,omitempty"`
	// The caller's rating of the service (1–5), when asked and given.
	FeedbackAsked *time.Time `json:"feedback_asked_at,omitempty"`
	Rating        int        `json:"rating,omitempty"`
	ReceivedAt    time.Time  `json:"received_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	ClosedAt      *time.Time `json:"closed_at,omitempty"`
	Version       int        `json:"version"` // number of events applied
	// AnsweredAt is when the call-taker answered the call (the console
	// sends it); call processing runs from it to the dispatch.
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

// Assignment returns the incident's assignment for an agency, or nil.
func (inc *Incident) Assignment(a agencies.AgencyID) *Assignment {
	for i := range inc.Assignments {
		if inc.Assignments[i].Agency == a {
			return &inc.Assignments[i]
		}
	}
	return nil
}

// AssignmentStatus is where one agency stands on an incident.
type AssignmentStatus string

// Assignment statuses, in the order an assignment normally moves through them.
const (
	AssignQueued        AssignmentStatus = "queued"        // waiting in the agency's queue
	AssignNotified      AssignmentStatus = "notified"      // SMS accepted by the provider
	AssignUndeliverable AssignmentStatus = "undeliverable" // the queue gave up on it: a human must act
	AssignUnreachable   AssignmentStatus = "unreachable"   // every step of escalation failed: a human must act
	AssignAcknowledged  AssignmentStatus = "acknowledged"  // TERIMA
	AssignEnRoute       AssignmentStatus = "en_route"      // OTW
	AssignOnScene       AssignmentStatus = "on_scene"      // TIBA
	AssignResolved      AssignmentStatus = "resolved"      // SELESAI
	AssignFalseReport   AssignmentStatus = "false_report"  // PALSU: nothing found / hoax at the scene
	AssignCancelled     AssignmentStatus = "cancelled"     // the incident was closed before the agency finished
)

// Rank orders statuses along the lifecycle; transitions only move forward.
func (s AssignmentStatus) Rank() int {
	switch s {
	case AssignAcknowledged:
		return 2
	case AssignEnRoute:
		return 3
	case AssignOnScene:
		return 4
	case AssignResolved, AssignFalseReport, AssignCancelled:
		return 5
	}
	return 1 // queued, notified, undeliverable, unreachable: waiting for somebody to take it
}

// Terminal reports whether the assignment is over.
func (s AssignmentStatus) Terminal() bool { return s.Rank() == 5 }

// NeedsAttention reports whether a human must step in because nobody could
// be reached: shown on top of the board.
func (s AssignmentStatus) NeedsAttention() bool {
	return s == AssignUndeliverable || s == AssignUnreachable
}

// Milestone names a charter deadline.
type Milestone string

// The three promises of the charter.
const (
	MilestoneAcknowledge Milestone = "acknowledge"
	MilestoneArrive      Milestone = "arrive"
	MilestoneResolve     Milestone = "resolve"
)

// Breach is a charter deadline the assignment missed. Reason is filled in
// when somebody explains it (a SELESAI note or a supervisor's annotation)
// and then kept.
type Breach struct {
	Milestone Milestone `json:"milestone"`
	Deadline  time.Time `json:"deadline"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason,omitempty"`
	ReasonBy  string    `json:"reason_by,omitempty"`
	// Station held the assignment when the deadline passed: the one the
	// breach is charged to, even after a reassignment or escalation.
	Station     agencies.StationID `json:"station,omitempty"`
	StationName string             `json:"station_name,omitempty"`
}

// Assignment is one agency's part in an incident, given to one station.
type Assignment struct {
	Agency      agencies.AgencyID  `json:"agency"`
	Station     agencies.StationID `json:"station"`
	StationName string             `json:"station_name"`
	Lead        bool               `json:"lead"`
	ByGeofence  bool               `json:"by_geofence"` // false: no service area held the point, nearest station taken
	DistanceM   float64            `json:"distance_m"`  // station to incident, straight line
	Status      AssignmentStatus   `json:"status"`
	Deadlines   agencies.Deadlines `json:"deadlines"`
	Notified    []Notification     `json:"notified,omitempty"`
	Problem     string             `json:"problem,omitempty"` // why it needs a human
	// SMSFailing is set while the assignment's SMS fail at the provider and
	// are being retried (none accepted yet): the board tells the call-taker
	// to reach the station by phone or radio.
	SMSFailing bool `json:"sms_failing,omitempty"`
	// Escalation counts the escalation steps taken; Tried lists the stations
	// that had the assignment before (declined or unreachable).
	Escalation int                  `json:"escalation"`
	Tried      []agencies.StationID `json:"tried,omitempty"`
	AckBy      agencies.ResponderID `json:"ack_by,omitempty"`
	AckByName  string               `json:"ack_by_name,omitempty"`
	Breaches   []Breach             `json:"breaches,omitempty"`
	Warned     []Milestone          `json:"warned,omitempty"`
	Note       string               `json:"note,omitempty"`    // the responder's last note (SELESAI, PALSU, TOLAK)
	Message    string               `json:"message,omitempty"` // the responder's last free-text SMS, for the call-taker
	// Milestones of the lifecycle; intervals are derived from them.
	QueuedAt    time.Time  `json:"queued_at"`
	NotifiedAt  *time.Time `json:"notified_at,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	AckAt       *time.Time `json:"acknowledged_at,omitempty"`
	EnRouteAt   *time.Time `json:"en_route_at,omitempty"`
	OnSceneAt   *time.Time `json:"on_scene_at,omitempty"`
	ResolvedAt  *time.Time `json:"resolved_at,omitempty"`
	// Intervals are derived from the milestones when an incident is shown;
	// they are not part of the stored state.
	Intervals *Intervals `json:"intervals,omitempty"`
}

// Notification records one SMS sent for an assignment and what became of it.
type Notification struct {
	Responder agencies.ResponderID `json:"responder"`
	Name      string               `json:"name"`
	Phone     string               `json:"phone"`
	Role      agencies.Role        `json:"role"`
	MessageID agencies.MessageID   `json:"message_id"`
	At        time.Time            `json:"at"`
	Status    string               `json:"status,omitempty"` // provider's delivery status: delivered, failed, undelivered
	Attempt   int                  `json:"attempt,omitempty"`
}

// PointOf is the incident's location as a geo point.
func PointOf(inc *Incident) orb.Point { return orb.Point{inc.Location.Lon, inc.Location.Lat} }

// Point is a position in degrees.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// LinkedCaller is another caller reporting an incident already logged: the
// call is recorded on the incident (no second dispatch) and corroborates it.
type LinkedCaller struct {
	Phone       string    `json:"phone"`
	At          time.Time `json:"at"`
	Description string    `json:"description,omitempty"`
	Lat         float64   `json:"lat,omitempty"`
	Lon         float64   `json:"lon,omitempty"`
	Actor       string    `json:"actor"`
	Unlinked    bool      `json:"unlinked,omitempty"` // a call-taker undid the link
	// The caller's own report, kept so it can stand on its own again.
	Address   string              `json:"address,omitempty"`
	Category  classify.CategoryID `json:"category,omitempty"`   // what the caller's words name, if anything
	DistanceM float64             `json:"distance_m,omitempty"` // from the incident's point
	// ConfirmFar, ConfirmKind: the call-taker confirmed a link beyond the
	// category's radius, or between different kinds of emergency.
	ConfirmFar  bool `json:"confirmed_far,omitempty"`
	ConfirmKind bool `json:"confirmed_different_kind,omitempty"`
	// ConfirmPlace: … between callers naming different streets.
	ConfirmPlace bool `json:"confirmed_different_place,omitempty"`
	// SplitTo is the code of the incident this caller's report became when
	// the incident was reported false (see SplitLinked).
	SplitTo string `json:"split_to,omitempty"`
}

// ActiveCallers counts the independent callers of an incident: the first
// caller and every linked caller not unlinked.
func (inc *Incident) ActiveCallers() int {
	n := 1
	for _, c := range inc.Callers {
		if !c.Unlinked && c.SplitTo == "" {
			n++
		}
	}
	return n
}

// EventCallerSplit: a linked caller's report became an incident of its own
// because the incident it was linked to was reported false (or closed as
// false or duplicate). Its Caller names the caller and SplitTo the new code.
const EventCallerSplit EventType = "incident.caller_split_off"

// Independent reports whether a linked caller is someone other than the
// incident's first caller (a callback from the same number is not).
func (inc *Incident) Independent(c LinkedCaller) bool {
	return !c.Unlinked && (c.Phone != inc.CallerPhone || c.Phone == Withheld)
}

// IndependentCallers counts the linked callers other than the first caller
// (split off or not): their reports must be reviewed before the incident is
// confirmed false.
func (inc *Incident) IndependentCallers() int {
	n := 0
	for _, c := range inc.Callers {
		if inc.Independent(c) {
			n++
		}
	}
	return n
}

func applySplit(inc *Incident, ev Event) error {
	if ev.Caller == nil || ev.Caller.SplitTo == "" {
		return fmt.Errorf("%w: %s without caller or new incident", ErrInvalidEvent, ev.Type)
	}
	for i := range inc.Callers {
		c := &inc.Callers[i]
		if c.Phone == ev.Caller.Phone && c.At.Equal(ev.Caller.At) && c.SplitTo == "" {
			c.SplitTo = ev.Caller.SplitTo
			return nil
		}
	}
	return fmt.Errorf("%w: no linked caller %s to split off", ErrInvalidEvent, ev.Caller.Phone)
}

// Incident returns an incident by id or code (a split-off incident is known
// to the caller by its code).
func (s *Service) Incident(ctx context.Context, idOrCode string) (*Incident, error) {
	return s.Store.Get(ctx, idOrCode)
}

func (inc *Incident) HasCaller(phone string) bool {
	for _, c := range inc.Callers {
		if c.Phone == phone && !c.Unlinked {
			return true
		}
	}
	return false
}

// ReachedAt returns when the assignment reached a milestone, nil if not
// yet. Resolving (SELESAI, PALSU) counts as having arrived; only TERIMA
// counts as acknowledging. Charter clocks and reports both read it.
func (a *Assignment) ReachedAt(m Milestone) *time.Time {
	switch m {
	case MilestoneAcknowledge:
		return a.AckAt
	case MilestoneArrive:
		if a.OnSceneAt != nil {
			return a.OnSceneAt
		}
	}
	return a.ResolvedAt
}
