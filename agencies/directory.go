package agencies

import (
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/geo"
)

// Directory is the city's book of agencies, stations, responders and rosters.
// It is built once at start-up and read-only afterwards, so it is safe for
// concurrent use.
type Directory struct {
	agencies   []Agency
	agencyByID map[AgencyID]*Agency
	stations   map[StationID]*Station
	byAgency   map[AgencyID][]*Station
	responders map[ResponderID]*Responder
	byPhone    map[string]*Responder
	fences     map[AgencyID]*geo.Index
	roster     *Roster
	loc        *time.Location
	// Warnings are problems that do not stop the city from running but that
	// somebody must look at (a station with nobody on duty at night).
	Warnings []string
}

// Agencies lists the city's agencies in configuration order.
func (d *Directory) Agencies() []Agency { return d.agencies }

// Agency returns one agency.
func (d *Directory) Agency(id AgencyID) (Agency, bool) {
	a, ok := d.agencyByID[id]
	if !ok {
		return Agency{}, false
	}
	return *a, true
}

// Station returns one station.
func (d *Directory) Station(id StationID) (*Station, bool) {
	s, ok := d.stations[id]
	return s, ok
}

// Stations lists an agency's stations in configuration order.
func (d *Directory) Stations(agency AgencyID) []*Station { return d.byAgency[agency] }

// Responder returns one responder.
func (d *Directory) Responder(id ResponderID) (*Responder, bool) {
	r, ok := d.responders[id]
	return r, ok
}

// ResponderByPhone finds who sent an SMS; phone must be E.164.
func (d *Directory) ResponderByPhone(phone string) (*Responder, bool) {
	r, ok := d.byPhone[phone]
	return r, ok
}

// OnDuty returns the responders (not supervisors) of a station on duty at t.
func (d *Directory) OnDuty(station StationID, t time.Time) []*Responder {
	var out []*Responder
	for _, id := range d.roster.OnDuty(station, t) {
		if r := d.responders[id]; r != nil && r.Role == RoleResponder {
			out = append(out, r)
		}
	}
	return out
}

// NextCrew returns the responders of the station's next shift (not on duty
// at t), in roster order: who to call in when nobody on duty answers.
func (d *Directory) NextCrew(station StationID, t time.Time) []*Responder {
	var out []*Responder
	for _, id := range d.roster.NextCrew(station, t) {
		if r := d.responders[id]; r != nil && r.Role == RoleResponder {
			out = append(out, r)
		}
	}
	return out
}

// Supervisors returns the supervisors of a station, who are always reachable.
func (d *Directory) Supervisors(station StationID) []*Responder {
	var out []*Responder
	for _, r := range d.responders {
		if r.Station == station && r.Role == RoleSupervisor {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Location is the city's time zone (WIB for Tebing Tinggi).
func (d *Directory) Location() *time.Location { return d.loc }

// Match says how a station was chosen for a location.
type Match struct {
	Station *Station
	// ByGeofence is true when the location is inside the station's service
	// area; false when no service area holds it and the nearest station was taken.
	ByGeofence bool
	Metres     float64 // distance from the station to the location
}

// StationFor picks the station of an agency that serves p: the station whose
// service area holds p (the nearest of them if areas overlap), otherwise the
// nearest station of the agency. ok is false when the agency has no station.
func (d *Directory) StationFor(agency AgencyID, p orb.Point) (Match, bool) {
	stations := d.byAgency[agency]
	if len(stations) == 0 {
		return Match{}, false
	}
	var candidates []*Station
	if ix := d.fences[agency]; ix != nil {
		for _, id := range ix.Containing(p) {
			candidates = append(candidates, d.stations[StationID(id)])
		}
	}
	byFence := len(candidates) > 0
	if !byFence {
		candidates = stations
	}
	pts := make([]orb.Point, len(candidates))
	for i, s := range candidates {
		pts[i] = s.Location
	}
	i, m := geo.Nearest(p, pts)
	return Match{Station: candidates[i], ByGeofence: byFence, Metres: m}, true
}

// Load reads agencies.yaml from fsys and builds the directory. Service areas
// given as codes are resolved in atlas. Every problem is reported with the
// file and field.
func Load(fsys fs.FS, path string, atlas *geo.Atlas, loc *time.Location) (*Directory, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("read agencies: %w", err)
	}
	return Parse(data, path, atlas, loc)
}

// Parse is Load for data already in memory.
func Parse(data []byte, file string, atlas *geo.Atlas, loc *time.Location) (*Directory, error) {
	var doc directoryFile
	if err := DecodeConfig(data, file, &doc); err != nil {
		return nil, err
	}
	b := &builder{errs: &configErrors{file: file}, atlas: atlas, d: newDirectory(loc)}
	b.agencies(doc.Agencies)
	b.stations(doc.Stations)
	b.responders(doc.Responders)
	b.shifts(doc.Shifts)
	if err := b.errs.err(); err != nil {
		return nil, err
	}
	b.checkCoverage()
	return b.d, nil
}

func newDirectory(loc *time.Location) *Directory {
	return &Directory{
		agencyByID: map[AgencyID]*Agency{},
		stations:   map[StationID]*Station{},
		byAgency:   map[AgencyID][]*Station{},
		responders: map[ResponderID]*Responder{},
		byPhone:    map[string]*Responder{},
		fences:     map[AgencyID]*geo.Index{},
		roster:     &Roster{byStation: map[StationID][]*Shift{}},
		loc:        loc,
	}
}
