package agencies

import (
	"fmt"
	"regexp"
	"time"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/geo"
)

// directoryFile is the shape of agencies.yaml.
type directoryFile struct {
	Agencies   []Agency     `yaml:"agencies"`
	Stations   []stationDoc `yaml:"stations"`
	Responders []Responder  `yaml:"responders"`
	Shifts     []*Shift     `yaml:"shifts"`
}

type stationDoc struct {
	ID          StationID    `yaml:"id"`
	Agency      AgencyID     `yaml:"agency"`
	Name        string       `yaml:"name"`
	Address     string       `yaml:"address"`
	Location    []float64    `yaml:"location"` // [lat, lon] as people read them off a map
	ServiceArea []string     `yaml:"service_area"`
	Polygon     [][2]float64 `yaml:"polygon"` // [[lon, lat], …], closed ring
	Example     bool         `yaml:"example"`
	Phone       string       `yaml:"phone"` // the station's duty phone, optional
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

type builder struct {
	errs  *configErrors
	atlas *geo.Atlas
	d     *Directory
}

func (b *builder) agencies(list []Agency) {
	if len(list) == 0 {
		b.errs.add("agencies", "at least one agency is required")
	}
	for i, a := range list {
		f := fieldf("agencies[%d]", i)
		if !idPattern.MatchString(string(a.ID)) {
			b.errs.add(f+".id", "%q must be lower-case letters, digits, - or _", a.ID)
			continue
		}
		if _, dup := b.d.agencyByID[a.ID]; dup {
			b.errs.add(f+".id", "duplicate agency %q", a.ID)
			continue
		}
		if blank(a.Name) {
			b.errs.add(f+".name", "required")
		}
		if blank(a.ShortName) {
			a.ShortName = string(a.ID)
		}
		b.d.agencies = append(b.d.agencies, a)
		b.d.agencyByID[a.ID] = &a
	}
}

func (b *builder) stations(list []stationDoc) {
	for i, sd := range list {
		f := fieldf("stations[%d]", i)
		if !idPattern.MatchString(string(sd.ID)) {
			b.errs.add(f+".id", "%q must be lower-case letters, digits, - or _", sd.ID)
			continue
		}
		if _, dup := b.d.stations[sd.ID]; dup {
			b.errs.add(f+".id", "duplicate station %q", sd.ID)
			continue
		}
		if _, ok := b.d.agencyByID[sd.Agency]; !ok {
			b.errs.add(f+".agency", "unknown agency %q", sd.Agency)
			continue
		}
		if blank(sd.Name) {
			b.errs.add(f+".name", "required")
		}
		st := &Station{ID: sd.ID, Agency: sd.Agency, Name: sd.Name, Address: sd.Address,
			ServiceArea: sd.ServiceArea, Example: sd.Example}
		if len(sd.Location) != 2 || geo.ValidPoint(sd.Location[0], sd.Location[1]) != nil {
			b.errs.add(f+".location", "must be [lat, lon] in degrees, got %v", sd.Location)
		} else {
			st.Location = orb.Point{sd.Location[1], sd.Location[0]}
		}
		if sd.Phone != "" {
			if p, err := NormalizePhone(sd.Phone); err != nil {
				b.errs.add(f+".phone", "%q is not a valid phone number", sd.Phone)
			} else {
				st.Phone = p
			}
		}
		b.fence(st, sd, f)
		b.d.stations[st.ID] = st
		b.d.byAgency[st.Agency] = append(b.d.byAgency[st.Agency], st)
	}
	for _, a := range b.d.agencies {
		if len(b.d.byAgency[a.ID]) == 0 {
			b.errs.add("stations", "agency %q has no station: its calls could not be routed", a.ID)
		}
	}
}

// fence adds the station's service area to its agency's geofence index.
func (b *builder) fence(st *Station, sd stationDoc, f string) {
	if len(sd.ServiceArea) == 0 && len(sd.Polygon) == 0 {
		b.errs.add(f+".service_area", "give kecamatan/kelurahan codes or a polygon")
		return
	}
	ix := b.d.fences[st.Agency]
	if ix == nil {
		ix = &geo.Index{}
		b.d.fences[st.Agency] = ix
	}
	for j, code := range sd.ServiceArea {
		area, ok := b.atlas.Area(code)
		if !ok {
			b.errs.add(fieldf("%s.service_area[%d]", f, j), "unknown area code %q", code)
			continue
		}
		ix.Insert(string(st.ID), area.Shape)
	}
	if len(sd.Polygon) > 0 {
		ring := make(orb.Ring, len(sd.Polygon))
		for j, c := range sd.Polygon {
			ring[j] = orb.Point{c[0], c[1]}
		}
		shape, err := geo.NewShape(orb.Polygon{ring})
		if err != nil {
			b.errs.add(f+".polygon", "%v", err)
			return
		}
		st.Polygon = orb.Polygon{ring}
		ix.Insert(string(st.ID), shape)
	}
}

func (b *builder) responders(list []Responder) {
	for i := range list {
		r := list[i]
		f := fieldf("responders[%d]", i)
		if !idPattern.MatchString(string(r.ID)) {
			b.errs.add(f+".id", "%q must be lower-case letters, digits, - or _", r.ID)
			continue
		}
		if _, dup := b.d.responders[r.ID]; dup {
			b.errs.add(f+".id", "duplicate responder %q", r.ID)
			continue
		}
		if blank(r.Name) {
			b.errs.add(f+".name", "required")
		}
		phone, err := NormalizePhone(r.Phone)
		if err != nil {
			b.errs.add(f+".phone", "%q is not a valid phone number", r.Phone)
		} else if other, dup := b.d.byPhone[phone]; dup {
			b.errs.add(f+".phone", "%s is also the number of %q: replies could not be told apart", phone, other.ID)
		}
		r.Phone = phone
		if _, ok := b.d.stations[r.Station]; !ok {
			b.errs.add(f+".station", "unknown station %q", r.Station)
		}
		if r.Role == "" {
			r.Role = RoleResponder
		}
		if r.Role != RoleResponder && r.Role != RoleSupervisor {
			b.errs.add(f+".role", "%q must be responder or supervisor", r.Role)
		}
		if r.Lang == "" {
			r.Lang = Indonesian
		}
		if r.Lang != Indonesian && r.Lang != English {
			b.errs.add(f+".lang", "%q must be id or en", r.Lang)
		}
		b.d.responders[r.ID] = &r
		if phone != "" {
			b.d.byPhone[phone] = &r
		}
	}
}

func (b *builder) shifts(list []*Shift) {
	for i, s := range list {
		f := fieldf("shifts[%d]", i)
		if s == nil {
			b.errs.add(f, "empty shift")
			continue
		}
		if _, ok := b.d.stations[s.Station]; !ok {
			b.errs.add(f+".station", "unknown station %q", s.Station)
		}
		s.prepare(b.d.loc, f, b.errs)
		for j, id := range s.Responders {
			r, ok := b.d.responders[id]
			switch {
			case !ok:
				b.errs.add(fieldf("%s.responders[%d]", f, j), "unknown responder %q", id)
			case r.Station != s.Station:
				b.errs.add(fieldf("%s.responders[%d]", f, j), "responder %q belongs to station %q, not %q", id, r.Station, s.Station)
			}
		}
		b.d.roster.byStation[s.Station] = append(b.d.roster.byStation[s.Station], s)
	}
}

// checkCoverage warns about stations with nobody on duty at some hour of the
// week: their calls would go straight to the supervisor.
func (b *builder) checkCoverage() {
	from := time.Date(2026, 1, 5, 0, 0, 0, 0, b.d.loc) // a Monday
	for _, a := range b.d.agencies {
		for _, st := range b.d.byAgency[a.ID] {
			gaps := b.d.roster.Gaps(st.ID, from)
			if len(gaps) > 0 {
				b.d.Warnings = append(b.d.Warnings, fmt.Sprintf(
					"station %s has nobody on duty at %d half-hours of its rotation (first: %s %s)",
					st.ID, len(gaps), gaps[0].Weekday(), gaps[0].Format("15:04")))
			}
		}
	}
}
