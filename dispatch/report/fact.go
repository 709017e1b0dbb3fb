// Package report computes the charter-compliance figures officials review:
// per agency, station, category or kecamatan, the median, 90th percentile
// and share within the charter target of each lifecycle interval, on the
// exact distribution; the breaches with their reasons; the call statistics.
//
// Its input is one compact Fact per assignment, kept up to date by the store
// as events arrive (and rebuildable from the event log).
package report

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// Interval is one measured stretch of an assignment's lifecycle.
type Interval int

// The intervals reported, as NFPA-style reports and the charter count them.
const (
	CallProcessing Interval = iota // received → dispatched; target: the charter's call processing time
	Acknowledge                    // dispatched → acknowledged; target: acknowledged by the charter deadline
	Turnout                        // acknowledged → en route
	Travel                         // en route → on scene; target: on scene by the charter's arrival deadline
	OnScene                        // on scene → resolved
	Total                          // received → resolved; target: resolved by the charter deadline
	NIntervals
)

var intervalNames = [NIntervals]string{"call_processing", "acknowledge", "turnout", "travel", "on_scene", "total"}

func (i Interval) String() string { return intervalNames[i] }

// Intervals lists every interval in report order.
func Intervals() []Interval {
	out := make([]Interval, NIntervals)
	for i := range out {
		out[i] = Interval(i)
	}
	return out
}

// Fact is one assignment as reports see it.
type Fact struct {
	Seq       uint32 // the incident's number (TT-0427 → 427)
	Agency    string
	Station   string
	Category  string
	Kecamatan string // code; "" outside the city
	Priority  uint8
	Received  time.Time
	Dur       [NIntervals]time.Duration // negative: not reached (yet)
	Targeted  uint8                     // bit i: interval i has a charter target
	Within    uint8                     // bit i: interval i met its target
}

// Reached reports whether the interval was completed.
func (f *Fact) Reached(i Interval) bool { return f.Dur[i] >= 0 }

// HasTarget reports whether the interval is judged against the charter.
func (f *Fact) HasTarget(i Interval) bool { return f.Targeted&(1<<i) != 0 }

// Met reports whether the interval met its charter target.
func (f *Fact) Met(i Interval) bool { return f.Within&(1<<i) != 0 }

// FactsOf computes the facts of an incident's assignments. callProcessing is
// the charter's target for call processing. The targets of the other
// intervals are the deadlines stored on each assignment at intake, so an
// incident is always judged by the standard in force when it was received.
func FactsOf(inc *dispatch.Incident, callProcessing time.Duration) []Fact {
	seq := seqOf(inc.Code)
	out := make([]Fact, 0, len(inc.Assignments))
	for i := range inc.Assignments {
		a := &inc.Assignments[i]
		f := Fact{Seq: seq, Agency: string(a.Agency), Station: string(chargedStation(a)), Category: string(inc.Category),
			Priority: uint8(inc.Priority), Received: inc.ReceivedAt}
		if inc.Location.Kecamatan != nil {
			f.Kecamatan = inc.Location.Kecamatan.Code
		}
		iv := inc.Intervals(a)
		ends := [NIntervals]*time.Time{&a.QueuedAt, a.AckAt, a.EnRouteAt, a.OnSceneAt, a.ResolvedAt, a.ResolvedAt}
		vals := [NIntervals]time.Duration{iv.CallProcessing, iv.Acknowledge, iv.Turnout, iv.Travel, iv.OnScene, iv.Total}
		for k := range vals {
			f.Dur[k] = -1
			if ends[k] != nil && !ends[k].IsZero() && reachedFrom(k, a) {
				f.Dur[k] = vals[k]
			}
		}
		if callProcessing > 0 {
			f.judge(CallProcessing, false, f.Dur[CallProcessing] <= callProcessing)
		}
		f.judge(Acknowledge, breached(a, dispatch.MilestoneAcknowledge), a.AckAt != nil && !a.AckAt.After(a.Deadlines.Acknowledge))
		f.judge(Travel, breached(a, dispatch.MilestoneArrive), a.OnSceneAt != nil && !a.OnSceneAt.After(a.Deadlines.Arrive))
		f.judge(Total, breached(a, dispatch.MilestoneResolve), a.ResolvedAt != nil && !a.ResolvedAt.After(a.Deadlines.Resolve))
		out = append(out, f)
	}
	return out
}

// chargedStation is the station an assignment's figures count for: the one
// that held it when its first deadline passed (a reassignment or an
// escalation must not move a missed deadline onto the station that took
// over), else the one that holds it now.
func chargedStation(a *dispatch.Assignment) agencies.StationID {
	for _, b := range a.Breaches {
		if b.Station != "" {
			return b.Station
		}
	}
	return a.Station
}

// reachedFrom checks that the start of interval k happened too.
func reachedFrom(k int, a *dispatch.Assignment) bool {
	switch Interval(k) {
	case Turnout:
		return a.AckAt != nil
	case Travel:
		return a.EnRouteAt != nil
	case OnScene:
		return a.OnSceneAt != nil
	}
	return true
}

// judge marks an interval against its target. A reached interval is judged
// by its time; one not reached counts as missed once its deadline was
// breached (an unacknowledged assignment must not flatter the figures), and
// is left out while its deadline is still ahead.
func (f *Fact) judge(i Interval, breached, met bool) {
	if !f.Reached(i) && !breached {
		return
	}
	f.Targeted |= 1 << i
	if met && f.Reached(i) {
		f.Within |= 1 << i
	}
}

func breached(a *dispatch.Assignment, m dispatch.Milestone) bool {
	for _, b := range a.Breaches {
		if b.Milestone == m {
			return true
		}
	}
	return false
}

func seqOf(code string) uint32 {
	i := strings.LastIndexByte(code, '-')
	n, _ := strconv.ParseUint(code[i+1:], 10, 32)
	return uint32(n)
}

// RecordSize is the encoded size of a fact: fixed, so that a record can be
// rewritten in place and decoding is a few loads.
const RecordSize = 4 + 2*4 + 1 + 8 + 8*int(NIntervals) + 2

const rowSize = RecordSize

// Dict numbers the names of agencies, stations, categories and kecamatan so
// that a fact is a fixed-size record.
type Dict interface {
	ID(name string) (uint16, error)
	Name(id uint16) string
}

// Encode writes a fact as a fixed-size record.
func Encode(f *Fact, d Dict) ([]byte, error) {
	b := make([]byte, rowSize)
	binary.LittleEndian.PutUint32(b[0:], f.Seq)
	for i, name := range []string{f.Agency, f.Station, f.Category, f.Kecamatan} {
		id, err := d.ID(name)
		if err != nil {
			return nil, err
		}
		binary.LittleEndian.PutUint16(b[4+2*i:], id)
	}
	b[12] = f.Priority
	binary.LittleEndian.PutUint64(b[13:], uint64(f.Received.UnixMilli()))
	for i, d := range f.Dur {
		ms := d.Milliseconds()
		if d < 0 {
			ms = -1 // not reached; Milliseconds() would round a small negative to 0
		}
		binary.LittleEndian.PutUint64(b[21+8*i:], uint64(ms))
	}
	b[rowSize-2], b[rowSize-1] = f.Targeted, f.Within
	return b, nil
}

// ErrBadRecord is returned for a record that is not an encoded fact.
var ErrBadRecord = errors.New("report: bad record")

// Decode reads a record written by Encode.
func Decode(b []byte, d Dict, f *Fact) error {
	if len(b) != rowSize {
		return ErrBadRecord
	}
	f.Seq = binary.LittleEndian.Uint32(b[0:])
	f.Agency = d.Name(binary.LittleEndian.Uint16(b[4:]))
	f.Station = d.Name(binary.LittleEndian.Uint16(b[6:]))
	f.Category = d.Name(binary.LittleEndian.Uint16(b[8:]))
	f.Kecamatan = d.Name(binary.LittleEndian.Uint16(b[10:]))
	f.Priority = b[12]
	f.Received = time.UnixMilli(int64(binary.LittleEndian.Uint64(b[13:])))
	for i := range f.Dur {
		f.Dur[i] = time.Duration(int64(binary.LittleEndian.Uint64(b[21+8*i:]))) * time.Millisecond
	}
	f.Targeted, f.Within = b[rowSize-2], b[rowSize-1]
	return nil
}

// milestoneInterval names the report interval a charter milestone judges.
var milestoneInterval = map[dispatch.Milestone]Interval{
	dispatch.MilestoneAcknowledge: Acknowledge, dispatch.MilestoneArrive: Travel, dispatch.MilestoneResolve: Total,
}

// BreachesOf lists an incident's breaches with how late each milestone came.
func BreachesOf(inc *dispatch.Incident) []Breach {
	var out []Breach
	for i := range inc.Assignments {
		a := &inc.Assignments[i]
		for _, b := range a.Breaches {
			station := a.Station
			if b.Station != "" {
				station = b.Station
			}
			br := Breach{Seq: seqOf(inc.Code), Agency: string(a.Agency), Station: string(station), Category: string(inc.Category),
				Priority: uint8(inc.Priority), Milestone: string(b.Milestone), Interval: milestoneInterval[b.Milestone].String(),
				Received: inc.ReceivedAt, Deadline: b.Deadline, Late: -1, Reason: b.Reason}
			if inc.Location.Kecamatan != nil {
				br.Kecamatan = inc.Location.Kecamatan.Code
			}
			if at := a.ReachedAt(b.Milestone); at != nil {
				br.Late = at.Sub(b.Deadline)
			} else if end := endedAt(inc, a); end != nil {
				br.Until = *end
			}
			out = append(out, br)
		}
	}
	return out
}

// endedAt is when an assignment stopped being able to reach a milestone:
// it was cancelled, found false, or the incident was closed; nil while open.
func endedAt(inc *dispatch.Incident, a *dispatch.Assignment) *time.Time {
	if inc.ClosedAt != nil {
		return inc.ClosedAt
	}
	if a.Status.Terminal() {
		t := inc.UpdatedAt
		return &t
	}
	return nil
}
