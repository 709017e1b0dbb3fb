package dispatch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/manage"
)

// A genuine emergency from a phone a child pranked from earlier the same day
// must not be branded a hoax: the number's past alone stops at verify.
func TestP1CallFromANumberWithTwoPranksTodayIsAtMostVerify(t *testing.T) {
	k := newDesk(t)
	phone := "081266660000"
	for i := 0; i < 2; i++ {
		if _, err := intake.NewService(k.svc).LogCall(ctx, dispatch.Call{Type: dispatch.CallPrank, CallerPhone: phone, Actor: "user:tari"}); err != nil {
			t.Fatal(err)
		}
		k.now = k.now.Add(40 * time.Minute)
	}
	inc := k.report(t, phone, "bapak saya pingsan tidak sadarkan diri", lat0, lon0)
	if !inc.LifeThreat || inc.Priority != agencies.P1 {
		t.Fatalf("test needs a life-threatening P1 call: %s P%d", inc.Category, inc.Priority)
	}
	if inc.Hoax.Level != dispatch.LevelVerify {
		t.Errorf("P1 call from a family phone with two pranks today: level %s (score %v), want verify", inc.Hoax.Level, inc.Hoax.Score)
	}
	var reason string
	for _, s := range inc.Hoax.Signals {
		if s.ID == "history_only" {
			reason = s.Text
		}
	}
	if reason != "nomor ini pernah iseng — tetap kirim" {
		t.Errorf("the call-taker must read why it is only verify: %q (signals %s)", reason, signalIDs(*inc.Hoax))
	}
	if inc.Hoax.NumberScore < 6 || inc.Hoax.CallEvidence != 0 {
		t.Errorf("the score must separate the number's past from this call: number %v, call %v", inc.Hoax.NumberScore, inc.Hoax.CallEvidence)
	}
	if len(inc.Assignments) == 0 {
		t.Error("dispatched regardless")
	}

	// The same number laughing while reporting: now this call looks false too.
	k.now = k.now.Add(10 * time.Minute)
	laugh := k.report(t, phone, "bapak saya pingsan tidak sadarkan diri", lat0, lon0, dispatch.CueLaughter)
	if laugh.Hoax.Level != dispatch.LevelSuspected {
		t.Errorf("history and a laughing caller: %s (score %v), want suspected", laugh.Hoax.Level, laugh.Hoax.Score)
	}
}

func TestNumberHistoryAloneNeverSuspected(t *testing.T) {
	h := shipped(t).Hoax
	day := 24 * time.Hour
	worst := hoax.CallerFacts{Phone: "+628111", Calls: calls(dispatch.CallPrank, time.Hour, 2*time.Hour, 3*time.Hour),
		Standing: confirmed(day, 2*day, 3*day)}
	for _, lt := range []bool{true, false} {
		a := hoax.Assess(h, hoax.AssessInput{At: t0, Facts: worst, LifeThreatening: lt, Callers: 1})
		if a.Level != dispatch.LevelVerify || a.Score < 6 {
			t.Errorf("life-threatening=%v: %s score %v, want verify", lt, a.Level, a.Score)
		}
	}
	a := hoax.Assess(h, hoax.AssessInput{At: t0, Facts: worst, Cues: []dispatch.Cue{dispatch.CueChildVoice}})
	if a.Level != dispatch.LevelSuspected {
		t.Errorf("with a child's voice: %s", a.Level)
	}
}

// A PALSU that a supervisor then confirms counts once, as confirmed.
func TestConfirmedFalseReportIsCountedOnce(t *testing.T) {
	k := newDesk(t)
	phone := "081266660001"
	inc := k.report(t, phone, "ada kebakaran rumah", lat0, lon0)
	if _, err := manage.NewService(k.svc).UpdateStatus(ctx, inc.Code, manage.StatusUpdate{Agency: agencies.Damkar, Status: dispatch.AssignFalseReport,
		Reason: "tidak ada kebakaran", Actor: "user:tari", Channel: dispatch.ChannelAPI}); err != nil {
		t.Fatal(err)
	}
	if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, inc.Code, "dikonfirmasi", "user:sari"); err != nil {
		t.Fatal(err)
	}
	a, st, _, err := hoax.NewService(k.svc).AssessCaller(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	if st.Unconfirmed != 0 || st.ConfirmedCount != 1 || strings.Contains(signalIDs(a), "unconfirmed_false_report") {
		t.Errorf("a confirmed PALSU counted twice: standing %+v, signals %s", st, signalIDs(a))
	}
	if a.Score != 3 {
		t.Errorf("score %v, want 3 (one confirmed false report today)", a.Score)
	}
}
