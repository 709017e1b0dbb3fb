package dispatch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
)

var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func calls(typ dispatch.CallType, ago ...time.Duration) []dispatch.Call {
	var out []dispatch.Call
	for _, a := range ago {
		out = append(out, dispatch.Call{Type: typ, At: t0.Add(-a)})
	}
	return out
}

func confirmed(ago ...time.Duration) []dispatch.StandingEvent {
	var out []dispatch.StandingEvent
	for _, a := range ago {
		out = append(out, dispatch.StandingEvent{Type: dispatch.StandingFalseConfirmed, At: t0.Add(-a)})
	}
	return out
}

func signalIDs(a dispatch.Assessment) string {
	var ids []string
	for _, s := range a.Signals {
		ids = append(ids, s.ID)
	}
	return strings.Join(ids, ",")
}

func TestEachSignalIsExplainedWithItsWeight(t *testing.T) {
	h := shipped(t).Hoax
	day := 24 * time.Hour
	tests := []struct {
		name   string
		in     hoax.AssessInput
		signal string
		weight float64
	}{
		{"confirmed false report today", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111", Standing: confirmed(time.Hour)}}, "confirmed_false_report", 3},
		{"confirmed false report 30 days ago weighs half", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111", Standing: confirmed(30 * day)}}, "confirmed_false_report", 1.5},
		{"confirmed false reports are capped at 3", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111", Standing: confirmed(1, 2, 3, 4, 5, 6)}}, "confirmed_false_report", 9},
		{"prank calls in the last 24 h", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111", Calls: calls(dispatch.CallPrank, time.Hour, 2*time.Hour, 25*time.Hour)}}, "prank_24h", 6},
		{"silent calls in the last 24 h", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111", Calls: calls(dispatch.CallSilent, time.Hour)}}, "silent_24h", 1},
		{"a burst of calls without conversation", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111",
			Calls: calls(dispatch.CallDropped, time.Minute, 2*time.Minute, 3*time.Minute, 4*time.Minute, 5*time.Minute)}}, "burst", 2},
		{"withheld number", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: dispatch.Withheld}}, "withheld", 1},
		{"invalid number", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "123", Invalid: true}}, "invalid", 1.5},
		{"outside the city", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111"}, OutsideCity: true}, "outside_city", 1},
		{"far from the handset", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111"}, HandsetDistance: 8000}, "far_from_handset", 2},
		{"severe claim, single caller", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111"}, LifeThreatening: true, Callers: 1}, "severe_single_caller", 1},
		{"operator cue: asks for pulsa", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111"}, Cues: []dispatch.Cue{dispatch.CueAsksMoney}}, "cue_asks_money", 3},
		{"corroborated by another caller", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111"}, Callers: 2}, "corroborated", -3},
		{"genuine past emergencies", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111",
			Standing: []dispatch.StandingEvent{{Type: dispatch.StandingGenuine, At: t0.Add(-day)}}}}, "genuine_past", -1.5},
		{"marked credible", hoax.AssessInput{Facts: hoax.CallerFacts{Phone: "+628111"}, Credible: true}, "credible", -6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.At = t0
			a := hoax.Assess(h, tt.in)
			var got *dispatch.Signal
			for i := range a.Signals {
				if a.Signals[i].ID == tt.signal {
					got = &a.Signals[i]
				}
			}
			if got == nil {
				t.Fatalf("signal %s missing; got %s", tt.signal, signalIDs(a))
			}
			if got.Weight != tt.weight || got.Text == "" || got.TextEN == "" {
				t.Errorf("signal %s: weight %v (want %v), text %q", tt.signal, got.Weight, tt.weight, got.Text)
			}
		})
	}
}

func TestLevelsAndAClearedNumber(t *testing.T) {
	h := shipped(t).Hoax
	fresh := hoax.Assess(h, hoax.AssessInput{At: t0, Facts: hoax.CallerFacts{Phone: "+628111"}})
	if fresh.Score != 0 || fresh.Level != dispatch.LevelNormal {
		t.Errorf("a new number: %+v", fresh)
	}
	prankster := hoax.CallerFacts{Phone: "+628111", Calls: calls(dispatch.CallPrank, time.Hour), Standing: confirmed(48 * time.Hour)}
	verify := hoax.Assess(h, hoax.AssessInput{At: t0, Facts: prankster})
	if verify.Level != dispatch.LevelVerify {
		t.Errorf("a confirmed false report and a prank today: %v (score %v), want verify", verify.Level, verify.Score)
	}
	prankster.Calls = calls(dispatch.CallPrank, time.Hour, 2*time.Hour)
	sus := hoax.Assess(h, hoax.AssessInput{At: t0, Facts: prankster, Cues: []dispatch.Cue{dispatch.CueLaughter}})
	if sus.Level != dispatch.LevelSuspected {
		t.Errorf("repeat prankster laughing: %v (score %v), want suspected", sus.Level, sus.Score)
	}
	prankster.Standing = append(prankster.Standing, dispatch.StandingEvent{Type: dispatch.StandingCleared, At: t0.Add(-time.Hour)})
	cleared := hoax.Assess(h, hoax.AssessInput{At: t0, Facts: prankster})
	if strings.Contains(signalIDs(cleared), "confirmed_false_report") {
		t.Errorf("a cleared number keeps its false reports: %s", signalIDs(cleared))
	}
	if hoax.Assess(h, hoax.AssessInput{At: t0, Facts: prankster, Credible: true}).Score != 0 {
		t.Error("the score is never below zero and credible callers come back to normal")
	}
}
