package hotline

//go:generate go run ./web/genalert.go

import (
	"context"
	"reflect"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// incidentView is an incident as the API and the console pages receive it:
// every list is present ([] rather than null, so one referral without
// assignments cannot break a page) and each assignment carries the phone of
// its station, for when SMS do not get through.
type incidentView struct {
	*dispatch.Incident
	Assignments []assignmentView `json:"assignments"`
}

// assignmentView adds what the console needs to reach a station by voice.
type assignmentView struct {
	dispatch.Assignment
	StationPhone string `json:"station_phone"`
}

// view prepares an incident for a user: intervals derived, the caller's
// number hidden from roles without a need to see it, lists never null.
func (s *Server) view(c *gin.Context, inc *dispatch.Incident) incidentView {
	withIntervals(inc)
	if u := currentUser(c); u != nil && !u.SeesPersonalData() {
		maskIncident(inc)
	}
	fillLists(inc)
	v := incidentView{Incident: inc, Assignments: make([]assignmentView, len(inc.Assignments))}
	for i, a := range inc.Assignments {
		v.Assignments[i] = assignmentView{Assignment: a, StationPhone: s.stationPhone(a.Station)}
	}
	return v
}

// stationPhone is the number to call when a station's SMS fail: its duty
// phone, else its first supervisor's mobile; empty for an unknown station.
func (s *Server) stationPhone(id agencies.StationID) string {
	if st, ok := s.dep.Directory.Station(id); ok && st.Phone != "" {
		return st.Phone
	}
	for _, r := range s.dep.Directory.Supervisors(id) {
		if r.Phone != "" {
			return r.Phone
		}
	}
	return ""
}

// fillLists replaces every nil slice and map reachable from v (through
// pointers, structs, slices) by an empty one, so that JSON never carries
// null for a list. Fields tagged omitempty stay absent, which clients read
// as empty too.
func fillLists(v any) {
	fillValue(reflect.ValueOf(v), 0)
}

func fillValue(v reflect.Value, depth int) {
	if depth > 12 { // the incident model is shallow; this only guards against a cycle
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			fillValue(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				fillValue(f, depth+1)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes (raw JSON) are not lists
		}
		if v.IsNil() {
			if v.CanSet() {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			fillValue(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() && v.CanSet() {
			v.Set(reflect.MakeMap(v.Type()))
		}
	}
}

// allOpen returns every open incident (for the board: in a mass event the
// oldest, most likely breached, must not fall off a "newest 500" list),
// only those with an assignment for agency when it is set.
func (s *Server) allOpen(ctx context.Context, agency agencies.AgencyID) ([]*dispatch.Incident, error) {
	return dispatch.AllOpen(ctx, s.store, agency)
}
