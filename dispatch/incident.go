package dispatch

import (
	"errors"
	"time"

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
	ReceivedAt     time.Time           `json:"received_at"`
	UpdatedAt      time.Time           `json:"updated_at"`
	ClosedAt       *time.Time          `json:"closed_at,omitempty"`
	Version        int                 `json:"version"` // number of events applied
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
	AssignUndeliverable AssignmentStatus = "undeliverable" // nobody could be sent the assignment: a human must act
)

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
	Problem     string             `json:"problem,omitempty"` // why it is undeliverable
	QueuedAt    time.Time          `json:"queued_at"`
	NotifiedAt  *time.Time         `json:"notified_at,omitempty"`
}

// Notification records one SMS sent for an assignment.
type Notification struct {
	Responder agencies.ResponderID `json:"responder"`
	Name      string               `json:"name"`
	Phone     string               `json:"phone"`
	Role      agencies.Role        `json:"role"`
	MessageID agencies.MessageID   `json:"message_id"`
	At        time.Time            `json:"at"`
}
