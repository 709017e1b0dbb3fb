package hoax

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sigap112/sigap/dispatch"
)

// CallerFacts is what Sigap knows about a number when a call comes in.
type CallerFacts struct {
	Phone    string // E.164, Withheld, or the raw text when invalid
	Invalid  bool
	Calls    []dispatch.Call          // previous calls, newest first
	Standing []dispatch.StandingEvent // changes to the number's standing, oldest first
}

// AssessInput is everything the score looks at.
type AssessInput struct {
	At              time.Time
	Facts           CallerFacts
	LifeThreatening bool
	OutsideCity     bool
	HandsetDistance float64 // metres between stated and handset position; 0 = unknown
	Cues            []dispatch.Cue
	Callers         int  // independent callers reporting this incident (1 = only this one)
	Linked          bool // this call was linked to an existing incident
	Credible        bool // marked credible by the call-taker
}

// Assess computes the hoax-risk score. It is a pure function of its input
// and the configuration, so that a score can always be explained and replayed.
func Assess(h *dispatch.HoaxConfig, in AssessInput) dispatch.Assessment {
	var a dispatch.Assessment
	part := dispatch.PartNumber
	add := func(id string, w float64, id1, en string, args ...any) {
		if w == 0 {
			return
		}
		a.Signals = append(a.Signals, dispatch.Signal{ID: id, Weight: round2(w), Text: fmt.Sprintf(id1, args...), TextEN: fmt.Sprintf(en, args...), Part: part})
	}
	historySignals(h, in, add)
	part = dispatch.PartCall
	callSignals(h, in, add)
	for _, s := range a.Signals {
		a.Score += s.Weight
		switch {
		case s.Part == dispatch.PartNumber:
			a.NumberScore += s.Weight
		case evidence[s.ID] || strings.HasPrefix(s.ID, "cue_"):
			a.CallEvidence += s.Weight
		}
	}
	a.Score, a.NumberScore, a.CallEvidence = round2(math.Max(a.Score, 0)), round2(a.NumberScore), round2(a.CallEvidence)
	a.Level = level(h, a.Score)
	if a.Level == dispatch.LevelSuspected && a.CallEvidence < h.Levels.SuspectedNeedsCall {
		// The number's past (a child pranked from the family phone) is not
		// evidence that this call is false: at most verify, and dispatch.
		a.Level = dispatch.LevelVerify
		a.Signals = append(a.Signals, historyOnly(in.LifeThreatening))
	}
	sort.SliceStable(a.Signals, func(i, j int) bool { return math.Abs(a.Signals[i].Weight) > math.Abs(a.Signals[j].Weight) })
	a.Watch = standingOf(in.Facts.Standing, in.At, h.HalfLife()).Watch
	return a
}

// evidence are the signals that say something about this call being false
// (besides the call-taker's cues).
var evidence = map[string]bool{"outside_city": true, "far_from_handset": true}

func historyOnly(lifeThreat bool) dispatch.Signal {
	s := dispatch.Signal{ID: "history_only", Part: dispatch.PartNumber,
		Text:   "nomor ini pernah iseng, panggilan ini sendiri tidak menunjukkan laporan palsu — tetap kirim, telepon balik",
		TextEN: "this number has pranked before, this call itself shows nothing false — dispatch, call back"}
	if lifeThreat {
		s.Text, s.TextEN = "nomor ini pernah iseng — tetap kirim", "this number has pranked before — dispatch anyway"
	}
	return s
}

type addFunc func(id string, w float64, id1, en string, args ...any)

// historySignals look at the number's past.
func historySignals(h *dispatch.HoaxConfig, in AssessInput, add addFunc) {
	st := standingOf(in.Facts.Standing, in.At, h.HalfLife())
	sig := h.Signals
	if st.Confirmed > 0 {
		add("confirmed_false_report", sig.ConfirmedFalse.Weight*math.Min(st.Confirmed, sig.ConfirmedFalse.Cap),
			"%d laporan palsu terkonfirmasi dari nomor ini (bobot menyusut seiring waktu)", "%d confirmed false reports from this number (decaying)", st.ConfirmedCount)
	}
	if st.Unconfirmed > 0 {
		add("unconfirmed_false_report", sig.UnconfirmedFalse.Weight*math.Min(st.Unconfirmed, sig.UnconfirmedFalse.Cap),
			"petugas pernah melaporkan PALSU dari nomor ini (belum dikonfirmasi)", "responders reported PALSU for this number (not confirmed)")
	}
	if st.Genuine > 0 {
		add("genuine_past", sig.GenuinePast.Weight*math.Min(float64(st.Genuine), sig.GenuinePast.Cap),
			"%d kejadian darurat sungguhan sebelumnya dari nomor ini", "%d genuine past emergencies from this number", st.Genuine)
	}
	pranks, silent, burst := recentCalls(in.Facts.Calls, in.At, time.Duration(sig.Burst.Minutes)*time.Minute)
	if pranks > 0 {
		add("prank_24h", sig.Prank24h.Weight*math.Min(float64(pranks), sig.Prank24h.Cap),
			"%d panggilan iseng dari nomor ini dalam 24 jam terakhir", "%d prank calls from this number in the last 24 h", pranks)
	}
	if silent > 0 {
		add("silent_24h", sig.Silent24h.Weight*math.Min(float64(silent), sig.Silent24h.Cap),
			"%d panggilan senyap/terputus dalam 24 jam terakhir", "%d silent or dropped calls in the last 24 h", silent)
	}
	if burst >= sig.Burst.Calls {
		add("burst", sig.Burst.Weight, "%d panggilan tanpa percakapan dalam %d menit", "%d calls without conversation within %d minutes", burst, sig.Burst.Minutes)
	}
}

// callSignals look at this call.
func callSignals(h *dispatch.HoaxConfig, in AssessInput, add addFunc) {
	sig := h.Signals
	switch {
	case in.Facts.Phone == dispatch.Withheld:
		add("withheld", sig.Withheld.Weight, "nomor penelepon tidak tampil", "caller ID withheld")
	case in.Facts.Invalid:
		add("invalid", sig.Invalid.Weight, "nomor penelepon tidak valid", "the caller's number is not valid")
	}
	if in.OutsideCity {
		add("outside_city", sig.OutsideCity.Weight, "lokasi di luar kota", "location outside the city")
	}
	if in.HandsetDistance > sig.FarFromHandset.Metres {
		add("far_from_handset", sig.FarFromHandset.Weight, "lokasi yang disebut %.1f km dari posisi ponsel", "stated location %.1f km from the handset", in.HandsetDistance/1000)
	}
	if in.LifeThreatening && in.Callers <= 1 && !in.Linked {
		add("severe_single_caller", sig.SevereSingle.Weight, "kejadian berat dilaporkan satu penelepon saja, belum ada yang menguatkan",
			"a severe claim from a single caller, not corroborated")
	}
	for _, c := range in.Cues {
		if w, ok := sig.Cues[c]; ok {
			add("cue_"+string(c), w, "petugas mencatat: %s", "call-taker noted: %s", cueLabel(c))
		}
	}
	if in.Callers > 1 || in.Linked {
		add("corroborated", sig.Corroborated.Weight, "dikuatkan penelepon lain", "corroborated by other callers")
	}
	if in.Credible {
		add("credible", sig.Credible.Weight, "petugas menilai penelepon dapat dipercaya", "the call-taker marked the caller credible")
	}
}

func cueLabel(c dispatch.Cue) string {
	if l, ok := dispatch.CueLabels[c]; ok {
		return l
	}
	return string(c)
}

// recentCalls counts prank and silent/dropped calls in the 24 h before at,
// and the largest number of calls without conversation in any burst window.
func recentCalls(calls []dispatch.Call, at time.Time, window time.Duration) (pranks, silent, burst int) {
	var quiet []time.Time
	for _, c := range calls {
		if c.At.After(at) || at.Sub(c.At) > 24*time.Hour {
			continue
		}
		switch c.Type {
		case dispatch.CallPrank:
			pranks++
			quiet = append(quiet, c.At)
		case dispatch.CallSilent, dispatch.CallDropped:
			silent++
			quiet = append(quiet, c.At)
		}
	}
	sort.Slice(quiet, func(i, j int) bool { return quiet[i].Before(quiet[j]) })
	for i := range quiet {
		n := 0
		for j := i; j < len(quiet) && quiet[j].Sub(quiet[i]) <= window; j++ {
			n++
		}
		burst = max(burst, n)
	}
	return pranks, silent, burst
}

func level(h *dispatch.HoaxConfig, score float64) dispatch.Level {
	switch {
	case score >= h.Levels.Suspected:
		return dispatch.LevelSuspected
	case score >= h.Levels.Verify:
		return dispatch.LevelVerify
	}
	return dispatch.LevelNormal
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// standingOf folds standing events into a record at time at. A clearing
// forgets the false reports before it; each report decays with halfLife.
func standingOf(evs []dispatch.StandingEvent, at time.Time, halfLife time.Duration) dispatch.Standing {
	var st dispatch.Standing
	decay := func(t time.Time) float64 {
		if halfLife <= 0 {
			return 1
		}
		return math.Pow(0.5, at.Sub(t).Hours()/halfLife.Hours())
	}
	// A PALSU later confirmed by a supervisor counts once, as confirmed.
	confirmed := map[dispatch.IncidentID]bool{}
	for _, ev := range evs {
		if ev.Type == dispatch.StandingFalseConfirmed && ev.IncidentID != "" && !ev.At.After(at) {
			confirmed[ev.IncidentID] = true
		}
	}
	for _, ev := range evs {
		if ev.At.After(at) {
			continue
		}
		switch ev.Type {
		case dispatch.StandingFalseUnconfirmed:
			if !confirmed[ev.IncidentID] || ev.IncidentID == "" {
				st.Unconfirmed += decay(ev.At)
			}
		case dispatch.StandingFalseConfirmed:
			st.Confirmed += decay(ev.At)
			st.ConfirmedCount++
		case dispatch.StandingGenuine:
			st.Genuine++
		case dispatch.StandingCleared:
			t := ev.At
			st = dispatch.Standing{Genuine: st.Genuine, ClearedAt: &t}
		case dispatch.StandingWatchOn:
			st.Watch = true
		case dispatch.StandingWatchOff:
			st.Watch = false
		}
	}
	return st
}
