package callsim

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/linking"
	"github.com/sigap112/sigap/dispatch/manage"
)

// Result is what a replay measured.
type Result struct {
	Calls                      int
	Incidents                  int // created by the call-taker
	SplitOff                   int // created when an incident was reported false
	Genuine                    int // genuine emergency calls scored
	GenuineSuspected           int // … flagged "suspected hoax" (target ≤ 1 %)
	GenuineLifeThreat          int
	GenuineLifeThreatSuspected int // target 0
	Family                     int // genuine calls from a prankster's (family) phone
	FamilySuspected            int
	FamilyVerify               int
	RepeatPranks               int // prank calls (incl. fake emergencies) from repeat offenders
	RepeatPranksFlagged        int // … flagged at least "verify" (target ≥ 80 %)
	Fakes, FakesFlagged        int // fake emergency reports, … at least "verify"
	OneOffs, OneOffsFlagged    int // … of them from numbers with no history
	Callbacks, CallbacksLinked int // callers cut off calling back without category words
	Links                      int // links the replay made (top suggestion taken)
	CorrectLinks               int // … to an incident of the same real event
	ShouldLink                 int // calls about an event already logged
	Unconfirmed                int // top suggestions not taken: far or another kind, not confirmed
	TopRight                   int // calls about an event already logged whose top suggestion is of that event
	// Real events: how many, never dispatched (every caller linked into
	// another event's incident; target 0), dispatched only when their callers
	// were split off a false report.
	RealEvents, NeverDispatched, DispatchedBySplit int
	// NeverDispatchedTold: of those never dispatched, events one of whose
	// callers was linked far enough that the crew was texted the caller's
	// point (duplicates.tell_crew_beyond_m). Lost describes each.
	NeverDispatchedTold int
	Lost                []string
	// Wrong links, by what was linked to what.
	FakeLinkedToReal, RealLinkedToFake, RealLinkedToOtherReal, FakeLinkedToFake int
	// WrongLinks describes each wrong link (distance, age, categories).
	WrongLinks []string
}

// Replay runs a stream through the real intake: every call is previewed
// (score and duplicate suggestions, as the console shows them) and then
// linked to the top suggestion — as an independent reviewer would — unless
// that suggestion needs a confirmation (farther than its category's radius,
// another kind of emergency), or dispatched as a new incident. Forty minutes
// after each incident the responders report back: SELESAI for a real one,
// PALSU for a fake one, confirmed by a supervisor after reviewing the
// linked callers (who were split off as incidents of their own).
func Replay(ctx context.Context, svc *dispatch.Service, setClock func(time.Time), calls []SimCall) (Result, error) {
	rp := &replay{svc: intake.NewService(svc), links: linking.NewService(svc), mg: manage.NewService(svc), setClock: setClock, events: map[string]int{}, linked: map[string][]int{},
		dispatched: map[int]bool{}, byIncident: map[int]bool{}, quiet: map[string][]time.Time{}, told: map[int]bool{}, into: map[int][]string{}}
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
	if err := rp.feedbackUntil(ctx, calls[len(calls)-1].At.Add(2*time.Hour)); err != nil {
		return rp.res, err
	}
	real := map[int]bool{}
	for _, c := range calls {
		if c.Truth == TruthGenuine {
			real[c.Event] = true
		}
	}
	rp.res.RealEvents = len(real)
	for e := range real {
		switch {
		case !rp.dispatched[e]:
			rp.res.NeverDispatched++
			if rp.told[e] {
				rp.res.NeverDispatchedTold++
			}
			rp.res.Lost = append(rp.res.Lost, fmt.Sprintf("event %d: callers linked into %s; crew texted a caller's point: %v",
				e, strings.Join(rp.into[e], ", "), rp.told[e]))
		case !rp.byIncident[e]:
			rp.res.DispatchedBySplit++
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
	svc        *intake.Service
	links      *linking.Service
	mg         *manage.Service
	setClock   func(time.Time)
	res        Result
	events     map[string]int   // incident code → event (< 0: a fake one)
	linked     map[string][]int // incident code → the events of its linked callers, in link order
	dispatched map[int]bool     // events with an incident of their own (created or split off)
	byIncident map[int]bool     // … created by the call-taker
	quiet      map[string][]time.Time
	pending    []feedback
	told       map[int]bool     // events a caller of which was linked elsewhere with its point texted to the crew
	into       map[int][]string // event → incidents (code, event, distance) its callers were linked into
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
	p, err := rp.svc.Preview(ctx, intake.PreviewInput{Description: c.Description, Address: c.Address, Lat: &c.Lat, Lon: &c.Lon, CallerPhone: c.Phone, Cues: c.Cues})
	if err != nil {
		return err
	}
	if p.Hoax != nil {
		rp.score(c, p.Hoax.Level)
	}
	if c.Callback {
		rp.res.Callbacks++
	} else if rp.dispatched[c.Event] || rp.linkedEvent(c.Event) {
		rp.res.ShouldLink++
	}
	if len(p.Duplicates) > 0 {
		top := p.Duplicates[0]
		if e, ok := rp.events[top.Code]; ok && e == c.Event && !c.Callback {
			rp.res.TopRight++
		}
		if !top.NeedsConfirmation {
			return rp.link(ctx, c, top)
		}
		rp.res.Unconfirmed++
	}
	return rp.dispatch(ctx, c, p)
}

// linkedEvent: some caller of the event was logged already (linked anywhere).
func (rp *replay) linkedEvent(e int) bool {
	for _, evs := range rp.linked {
		for _, x := range evs {
			if x == e {
				return true
			}
		}
	}
	return false
}

// score counts the measures of one emergency call.
func (rp *replay) score(c SimCall, level dispatch.Level) {
	if c.Truth == TruthGenuine {
		rp.res.Genuine++
		lt := rp.lifeThreat(c)
		if lt {
			rp.res.GenuineLifeThreat++
		}
		if c.Family {
			rp.res.Family++
			if level == dispatch.LevelVerify {
				rp.res.FamilyVerify++
			}
		}
		if level == dispatch.LevelSuspected {
			rp.res.GenuineSuspected++
			if c.Family {
				rp.res.FamilySuspected++
			}
			if lt {
				rp.res.GenuineLifeThreatSuspected++
			}
		}
		return
	}
	rp.res.Fakes++
	if c.OneOff {
		rp.res.OneOffs++
	}
	if level != dispatch.LevelNormal {
		rp.res.FakesFlagged++
		if c.OneOff {
			rp.res.OneOffsFlagged++
		}
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

func (rp *replay) link(ctx context.Context, c SimCall, d linking.Duplicate) error {
	lc := dispatch.LinkedCaller{Phone: c.Phone, Description: c.Description, Address: c.Address, Lat: c.Lat, Lon: c.Lon, Actor: "eval"}
	if _, err := rp.links.Link(ctx, string(d.IncidentID), lc, ""); err != nil {
		return err
	}
	rp.linked[d.Code] = append(rp.linked[d.Code], c.Event)
	if c.Callback {
		if rp.events[d.Code] == c.Event {
			rp.res.CallbacksLinked++
		}
		return nil // the same caller again: not a second report of the event
	}
	rp.res.Links++
	target := rp.events[d.Code]
	if target != c.Event {
		rp.into[c.Event] = append(rp.into[c.Event], fmt.Sprintf("%s (event %d, %.0f m)", d.Code, target, d.DistanceM))
		if rp.links.TellsCrew(d.DistanceM) {
			rp.told[c.Event] = true
		}
	}
	if target != c.Event {
		rp.res.WrongLinks = append(rp.res.WrongLinks, fmt.Sprintf("event %d (%s, %q, %q) → %s of event %d (%s, %q): %.0f m, %.0f min, reason %s",
			c.Event, c.Category, c.Description, c.Address, d.Code, target, d.Category, d.Address, d.DistanceM, d.AgeMinutes, d.Reason))
	}
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

func (rp *replay) dispatch(ctx context.Context, c SimCall, p intake.Preview) error {
	r := dispatch.Report{CallerPhone: c.Phone, Description: c.Description, Address: c.Address, Lat: c.Lat, Lon: c.Lon, Cues: c.Cues, Actor: "eval", Channel: dispatch.ChannelConsole}
	if !p.Classification.Emergency {
		r.Category = c.Category // the call-taker asks what happened
	}
	inc, _, err := rp.svc.Intake(ctx, r, "")
	if err != nil {
		return err
	}
	rp.res.Incidents++
	rp.created(inc, c.Event, c.At)
	rp.byIncident[c.Event] = true
	return nil
}

func (rp *replay) created(inc *dispatch.Incident, event int, at time.Time) {
	rp.events[inc.Code] = event
	rp.dispatched[event] = true
	if len(inc.Assignments) > 0 {
		rp.pending = append(rp.pending, feedback{at: at.Add(40 * time.Minute), code: inc.Code, fake: event < 0, lead: inc.Assignments[0].Agency})
	}
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
// A PALSU splits the linked callers off as incidents of their own; they get
// their own feedback later.
func (rp *replay) feedbackUntil(ctx context.Context, until time.Time) error {
	for {
		sort.SliceStable(rp.pending, func(i, j int) bool { return rp.pending[i].at.Before(rp.pending[j].at) })
		if len(rp.pending) == 0 || rp.pending[0].at.After(until) {
			return nil
		}
		f := rp.pending[0]
		rp.pending = rp.pending[1:]
		rp.setClock(f.at)
		status := dispatch.AssignResolved
		if f.fake {
			status = dispatch.AssignFalseReport
		}
		inc, err := rp.mg.UpdateStatus(ctx, f.code, manage.StatusUpdate{Agency: f.lead, Status: status,
			Reason: "eval", Actor: "eval", Channel: dispatch.ChannelAPI})
		if err != nil {
			return err
		}
		if !f.fake {
			continue
		}
		for i, c := range inc.Callers {
			if c.SplitTo == "" || i >= len(rp.linked[f.code]) {
				continue
			}
			if _, seen := rp.events[c.SplitTo]; seen {
				continue
			}
			own, err := rp.svc.Incident(ctx, c.SplitTo)
			if err != nil {
				return err
			}
			rp.res.SplitOff++
			rp.created(own, rp.linked[f.code][i], f.at)
		}
		if _, err := rp.mg.ConfirmFalseReviewed(ctx, f.code, "eval", "eval", true); err != nil {
			return err
		}
	}
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
	precision, recall, suggested := pct(r.CorrectLinks, r.Links), pct(r.CorrectLinks, r.ShouldLink), pct(r.TopRight, r.ShouldLink)
	ok := r.NeverDispatched == 0 && genuine <= 1 && r.GenuineLifeThreatSuspected == 0 && (r.RepeatPranks == 0 || pranks >= 80) &&
		(r.Links == 0 || precision >= 95) && (r.ShouldLink == 0 || suggested >= 90)
	mark := func(b bool) string {
		if b {
			return "ok"
		}
		return "MISSED"
	}
	fmt.Fprintf(w, "calls replayed:                                 %d (incidents: %d by call-takers, %d split off false reports)\n", r.Calls, r.Incidents, r.SplitOff)
	fmt.Fprintf(w, "real events never dispatched:                   %d of %d (target 0) %s; dispatched only when split off a false report: %d\n",
		r.NeverDispatched, r.RealEvents, mark(r.NeverDispatched == 0), r.DispatchedBySplit)
	fmt.Fprintf(w, "  of them, a crew texted a linked caller's point: %d\n", r.NeverDispatchedTold)
	fmt.Fprintf(w, "genuine emergencies flagged suspected hoax:     %.2f%% (%d of %d; target ≤ 1%%) %s\n", genuine, r.GenuineSuspected, r.Genuine, mark(genuine <= 1))
	fmt.Fprintf(w, "  of them life-threatening:                     %d of %d (target 0) %s\n", r.GenuineLifeThreatSuspected, r.GenuineLifeThreat, mark(r.GenuineLifeThreatSuspected == 0))
	fmt.Fprintf(w, "  from a prankster's (family) phone:            %d suspected, %d verify of %d\n", r.FamilySuspected, r.FamilyVerify, r.Family)
	fmt.Fprintf(w, "fake reports flagged ≥ verify:                  %.1f%% (%d of %d); one-off pranksters %.1f%% (%d of %d)\n",
		pct(r.FakesFlagged, r.Fakes), r.FakesFlagged, r.Fakes, pct(r.OneOffsFlagged, r.OneOffs), r.OneOffsFlagged, r.OneOffs)
	fmt.Fprintf(w, "repeat offenders' prank calls flagged ≥ verify: %.1f%% (%d of %d; target ≥ 80%%) %s\n", pranks, r.RepeatPranksFlagged, r.RepeatPranks, mark(r.RepeatPranks == 0 || pranks >= 80))
	fmt.Fprintf(w, "callbacks without category words linked:       %d of %d\n", r.CallbacksLinked, r.Callbacks)
	fmt.Fprintf(w, "duplicate links: precision %.1f%% (%d of %d; target ≥ 95%%) %s\n", precision, r.CorrectLinks, r.Links, mark(r.Links == 0 || precision >= 95))
	fmt.Fprintf(w, "                 recall    %.1f%% (%d of %d); top suggestions needing confirmation, not linked: %d\n",
		recall, r.CorrectLinks, r.ShouldLink, r.Unconfirmed)
	fmt.Fprintf(w, "top suggestion of the right event: %.1f%% (%d of %d; target ≥ 90%%) %s\n",
		suggested, r.TopRight, r.ShouldLink, mark(r.ShouldLink == 0 || suggested >= 90))
	fmt.Fprintf(w, "wrong links: fake→real %d, real→fake %d, real→other real %d, fake→other fake %d\n",
		r.FakeLinkedToReal, r.RealLinkedToFake, r.RealLinkedToOtherReal, r.FakeLinkedToFake)
	return ok
}
