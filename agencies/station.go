package agencies

import "github.com/paulmach/orb"

// StationID names one post of an agency (a fire station, an ambulance post).
type StationID string

// Station is where an agency's responders start from. Its service area is the
// geofence that decides which calls it gets.
type Station struct {
	ID       StationID `json:"id"`
	Agency   AgencyID  `json:"agency"`
	Name     string    `json:"name"`
	Address  string    `json:"address"`
	Location orb.Point `json:"location"` // [lon, lat]
	// ServiceArea lists the kecamatan/kelurahan codes (or the city code) the
	// station covers; Polygon, when set, is an explicit geofence instead.
	ServiceArea []string    `json:"service_area,omitempty"`
	Polygon     orb.Polygon `json:"-"`
	Example     bool        `json:"example"` // true while the city has not replaced the sample data
	// Phone is the station's duty phone (E.164): whom the 112 centre calls or
	// radios when its SMS do not get through. Optional.
	Phone string `json:"phone,omitempty"`
}

// ResponderID names one person who can be sent.
type ResponderID string

// Role says what a responder is asked to do: responders take assignments,
// supervisors are told of breaches and are the last resort when nobody on
// duty answers.
type Role string

// Roles of a responder.
const (
	RoleResponder  Role = "responder"
	RoleSupervisor Role = "supervisor"
)

// Responder is a person reachable by SMS.
type Responder struct {
	ID      ResponderID `yaml:"id" json:"id"`
	Name    string      `yaml:"name" json:"name"`
	Phone   string      `yaml:"phone" json:"phone"` // E.164
	Station StationID   `yaml:"station" json:"station"`
	Role    Role        `yaml:"role" json:"role"`
	Lang    Lang        `yaml:"lang" json:"lang"` // language of the SMS; default Bahasa Indonesia
}
