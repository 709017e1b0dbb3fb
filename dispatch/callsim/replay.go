package callsim

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// Result is what a replay measured.
type Result struct {
	Calls                      int
	Incidents                  int
	Genuine                    int // genuine emergency calls
	GenuineSuspected           int // … flagged "suspected hoax" (target ≤ 1 %)
	GenuineLifeThreat          int
	GenuineLifeThreatSuspected int // target 0
	RepeatPranks               int // prank calls (incl. fake emergencies) from repeat offenders
	RepeatPranksFlagged        int // … flagged at least "verify" (target ≥ 80 %)
	Links                      int // links the replay made (top suggestion taken)
	CorrectLinks               int // … to an incident of the same real event
	ShouldLink                 int // calls about an event already logged
	// Wrong links, by what was linked to what.
	FakeLinkedToReal, RealLinkedToFake, RealLinkedToOtherReal, FakeLinkedToFake int
}

// Replay runs a stream through the real intake: every call is previewed
// (score and duplicate suggestions, as the console shows them) and then
// logged, linked to the closest suggestion, or dispatched as a new incident.
// Forty minutes after each incident the responders report back: SELESAI for
// a real one, PALSU confirmed by a supervisor for a fake one.
func Replay(ctx context.Context, svc *dispatch.Service, setClock func(time.Time), calls []SimCall) (Result, error) {
	rp := &replay{svc: svc, setClock: setClock, events: map[dispatch.IncidentID]int{}, logged: map[int]bool{}, quiet: map[string][]time.Time{}}
	for _, c := range calls {
		if err := rp.feedbackUntil(ctx, c.At); err != nil {
			return rp.res, err
		}
		setClock(c.At)
		rp.res.Calls++
		var err error
		switch c.Truth {
		case TruthGenuine, TruthFake:
			err = rp.emergency(ctx, c)
		default:
			err = rp.call(ctx, c)
		}
		if err != nil {
			return rp.res, fmt.Errorf("call at %s from %s: %w", c.At.Format(time.RFC3339), c.Phone, err)
		}
	}
	return rp.res, nil
}

type feedback struct {
	at   time.Time
	code string
	fake bool
	lead agencies.AgencyID
}

type replay struct {
	svc      *dispatch.Service
	setClock func(time.Time)
	res      Result
	events   map[dispatch.IncidentID]int // incident → event (< 0: a fake one)
	logged   map[int]bool                // events already logged
	quiet    map[string][]time.Time      // prank/silent/fake calls per number
	pending  []feedback
}

// repeat reports whether a number has pranked in the last 24 h.
func (rp *replay) repeat(phone string, at time.Time) bool {
	for _, t := range rp.quiet[phone] {
		if at.Sub(t) <= 24*time.Hour {
			return true
		}
	}
	return false
}

func (rp *replay) emergency(ctx context.Context, c SimCall) error {
	p, err := rp.svc.Preview(ctx, dispatch.PreviewInput{Description: c.Description, Lat: &c.Lat, Lon: &c.Lon, CallerPhone: c.Phone, Cues: c.Cues})
	if err != nil {
		return err
	}
	level := dispatch.LevelNormal
	if p.Hoax != nil {
		level = p.Hoax.Level
	}
	rp.score(c, level)
	if rp.logged[c.Event] {
		rp.res.ShouldLink++
	}
	// The call-taker's rule: link to the closest suggestion from the same
	// caller, or to the closest one when neither this call nor that incident
	// is a suspected hoax. Otherwise the call is logged on its own —
	// dispatched, labelled, never dropped — so a hoax neither swallows a real
	// call nor borrows its credibility.
	for _, d := range p.Duplicates {
		if d.Reason == "same_caller" || (level != dispatch.LevelSuspected && d.Level != dispatch.LevelSuspected) {
			return rp.link(ctx, c, d)
		}
	}
	return rp.dispatch(ctx, c, p)
}

// score counts the measures of one emergency call.
func (rp *replay) score(c SimCall, level dispatch.Level) {
	if c.Truth == TruthGenuine {
		rp.res.Genuine++
		lt := rp.lifeThreat(c)
		if lt {
			rp.res.GenuineLifeThreat++
		}
		if level == dispatch.LevelSuspected {
			rp.res.GenuineSuspected++
			if lt {
				rp.res.GenuineLifeThreatSuspected++
			}
		}
		return
	}
	rp.countPrank(c, level)
	rp.quiet[c.Phone] = append(rp.quiet[c.Phone], c.At)
}

func (rp *replay) lifeThreat(c SimCall) bool {
	res := rp.svc.Taxonomy().Classify(c.Description)
	cat, _ := rp.svc.Taxonomy().Category(res.Category)
	return cat.LifeThreatening
}

func (rp *replay) countPrank(c SimCall, level dispatch.Level) {
	if c.Offender && rp.repeat(c.Phone, c.At) {
		rp.res.RepeatPranks++
		if level != dispatch.LevelNormal {
			rp.res.RepeatPranksFlagged++
		}
	}
}

func (rp *replay) link(ctx context.Context, c SimCall, d dispatch.Duplicate) error {
	if _, err := rp.svc.Link(ctx, string(d.IncidentID), dispatch.LinkedCaller{Phone: c.Phone, Description: c.Description,
		Lat: c.Lat, Lon: c.Lon, Actor: "eval"}, ""); err != nil {
		return err
	}
	rp.res.Links++
	target := rp.events[d.IncidentID]
	switch {
	case target == c.Event:
		rp.res.CorrectLinks++
	case c.Event < 0 && target > 0:
		rp.res.FakeLinkedToReal++
	case c.Event > 0 && target < 0:
		rp.res.RealLinkedToFake++
	case c.Event > 0:
		rp.res.RealLinkedToOtherReal++
	default:
		rp.res.FakeLinkedToFake++
	}
	return nil
}

func (rp *replay) dispatch(ctx context.Context, c SimCall, p dispatch.Preview) error {
	r := dispatch.Report{CallerPhone: c.Phone, Description: c.Description, Lat: c.Lat, Lon: c.Lon, Cues: c.Cues, Actor: "eval", Channel: dispatch.ChannelConsole}
	if !p.Classification.Emergency {
		r.Category = "kebakaran" // the call-taker chooses a category the classifier did not find
	}
	inc, _, err := rp.svc.Intake(ctx, r, "")
	if err != nil {
		return err
	}
	rp.res.Incidents++
	rp.events[inc.ID] = c.Event
	rp.logged[c.Event] = true
	if len(inc.Assignments) > 0 {
		rp.pending = append(rp.pending, feedback{at: c.At.Add(40 * time.Minute), code: inc.Code, fake: c.Truth == TruthFake, lead: inc.Assignments[0].Agency})
	}
	return nil
}

// call logs a call that is not an emergency; its score is the number's.
func (rp *replay) call(ctx context.Context, c SimCall) error {
	types := map[Truth]dispatch.CallType{TruthPrank: dispatch.CallPrank, TruthSilent: dispatch.CallSilent,
		TruthDropped: dispatch.CallDropped, TruthInfo: dispatch.CallInformation, TruthComplaint: dispatch.CallNonEmergency}
	call, err := rp.svc.LogCall(ctx, dispatch.Call{Type: types[c.Truth], CallerPhone: c.Phone, Cues: c.Cues, Actor: "eval"})
	if err != nil {
		return err
	}
	if c.Truth == TruthPrank {
		level := dispatch.LevelNormal
		if call.Hoax != nil {
			level = call.Hoax.Level
		}
		rp.countPrank(c, level)
	}
	if c.Truth == TruthPrank || c.Truth == TruthSilent {
		rp.quiet[c.Phone] = append(rp.quiet[c.Phone], c.At)
	}
	return nil
}

// feedbackUntil lets responders report on incidents whose time has come.
func (rp *replay) feedbackUntil(ctx context.Context, until time.Time) error {
	sort.SliceStable(rp.pending, func(i, j int) bool { return rp.pending[i].at.Before(rp.pending[j].at) })
	for len(rp.pending) > 0 && !rp.pending[0].at.After(until) {
		f := rp.pending[0]
		rp.pending = rp.pending[1:]
		rp.setClock(f.at)
		status := dispatch.AssignResolved
		if f.fake {
			status = dispatch.AssignFalseReport
		}
		if _, err := rp.svc.UpdateStatus(ctx, f.code, dispatch.StatusUpdate{Agency: f.lead, Status: status,
			Reason: "eval", Actor: "eval", Channel: dispatch.ChannelAPI}); err != nil {
			return err
		}
		if f.fake {
			if _, err := rp.svc.ConfirmFalse(ctx, f.code, "eval", "eval"); err != nil {
				return err
			}
		}
	}
	return nil
}

// Print writes the figures and whether each target is met.
func (r Result) Print(w io.Writer) bool {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	genuine := pct(r.GenuineSuspected, r.Genuine)
	pranks := pct(r.RepeatPranksFlagged, r.RepeatPranks)
	precision, recall := pct(r.CorrectLinks, r.Links), pct(r.CorrectLinks, r.ShouldLink)
	ok := genuine <= 1 && r.GenuineLifeThreatSuspected == 0 && pranks >= 80 && precision >= 95 && recall >= 90
	mark := func(b bool) string {
		if b {
			return "ok"
		}
		return "MISSED"
	}
	fmt.Fprintf(w, "calls replayed:                               %d (incidents created: %d)\n", r.Calls, r.Incidents)
	fmt.Fprintf(w, "genuine emergencies flagged suspected hoax:   %.2f%% (%d of %d; target ≤ 1%%) %s\n", genuine, r.GenuineSuspected, r.Genuine, mark(genuine <= 1))
	fmt.Fprintf(w, "  of them life-threatening:                   %d of %d (target 0) %s\n", r.GenuineLifeThreatSuspected, r.GenuineLifeThreat, mark(r.GenuineLifeThreatSuspected == 0))
	fmt.Fprintf(w, "repeat offenders' prank calls flagged ≥ verify: %.1f%% (%d of %d; target ≥ 80%%) %s\n", pranks, r.RepeatPranksFlagged, r.RepeatPranks, mark(pranks >= 80))
	fmt.Fprintf(w, "duplicate links: precision %.1f%% (%d of %d; target ≥ 95%%) %s\n", precision, r.CorrectLinks, r.Links, mark(precision >= 95))
	fmt.Fprintf(w, "                 recall    %.1f%% (%d of %d; target ≥ 90%%) %s\n", recall, r.CorrectLinks, r.ShouldLink, mark(recall >= 90))
	fmt.Fprintf(w, "wrong links: fake→real %d, real→fake %d, real→other real %d, fake→other fake %d\n",
		r.FakeLinkedToReal, r.RealLinkedToFake, r.RealLinkedToOtherReal, r.FakeLinkedToFake)
	return ok
}
