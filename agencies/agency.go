package agencies

import "fmt"

// AgencyID names a responding agency. The four of the default deployment are
// constants; a city may add more in its configuration.
type AgencyID string

// The agencies every Indonesian city's 112 centre hands calls to.
const (
	BPBD   AgencyID = "bpbd"   // Badan Penanggulangan Bencana Daerah: disasters, floods, storms
	Damkar AgencyID = "damkar" // Pemadam Kebakaran dan Penyelamatan: fire and rescue
	Dinkes AgencyID = "dinkes" // Dinas Kesehatan / PSC 119: ambulance and medical
	Dishub AgencyID = "dishub" // Dinas Perhubungan: traffic and roads
)

// Agency is one responding organisation of the city.
type Agency struct {
	ID        AgencyID `yaml:"id" json:"id"`
	Name      string   `yaml:"name" json:"name"`             // official name, Bahasa Indonesia
	ShortName string   `yaml:"short_name" json:"short_name"` // used in SMS and on the board
}

// Priority orders incidents by urgency. 1 is the most urgent (a life is at
// risk now); the charter sets tighter targets for lower numbers.
type Priority int

// The three priorities used by the charter.
const (
	P1 Priority = 1 // gawat: life-threatening
	P2 Priority = 2 // mendesak: urgent, no immediate threat to life
	P3 Priority = 3 // biasa: non-urgent
)

// Valid reports whether p is one of P1..P3.
func (p Priority) Valid() bool { return p >= P1 && p <= P3 }

func (p Priority) String() string { return fmt.Sprintf("P%d", int(p)) }
