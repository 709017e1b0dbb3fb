package dispatch_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/linking"
	"github.com/sigap112/sigap/dispatch/manage"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

// desk is an intake service on a real Redis with a clock the test moves.
type desk struct {
	svc   *dispatch.Service
	store *redisstore.Store
	rdb   redis.UniversalClient
	deps  dispatch.ServiceDeps
	now   time.Time
}

func newDesk(t testing.TB) *desk {
	t.Helper()
	d := shipped(t)
	rdb := redistest.NewClient(t)
	st := redisstore.New(rdb, redisstore.Options{Agencies: []agencies.AgencyID{agencies.BPBD, agencies.Damkar, agencies.Dinkes, agencies.Dishub}})
	if err := st.Init(ctx); err != nil {
		t.Fatal(err)
	}
	k := &desk{store: st, rdb: rdb, now: time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)}
	k.deps = dispatch.ServiceDeps{
		Store: st, Timers: st, Calls: st, Callers: st, Nearby: st, Hoax: d.Hoax, Taxonomy: d.Taxonomy, Directory: d.Directory,
		Atlas: d.Atlas, Charter: d.Charter, Log: zap.NewNop()}
	k.svc = dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: d.Referrals()}, k.deps)
	k.svc.SetClock(func() time.Time { return k.now })
	return k
}

func (k *desk) report(t *testing.T, phone, desc string, lat, lon float64, cues ...dispatch.Cue) *dispatch.Incident {
	t.Helper()
	inc, _, err := intake.NewService(k.svc).Intake(ctx, dispatch.Report{CallerPhone: phone, Description: desc, Lat: lat, Lon: lon, Cues: cues, Actor: "user:tari"}, "")
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// offset moves a point north by metres on the sphere geo.Distance uses.
func offset(lat float64, metres float64) float64 { return lat + metres/(6378137*math.Pi/180) }

const lat0, lon0 = 3.319242, 99.155676 // Bandar Sono

func TestFeedbackLoopChangesTheNextCallsScore(t *testing.T) {
	k := newDesk(t)
	first := k.report(t, "081211110000", "tolong ada kebakaran rumah", lat0, lon0)
	base := first.Hoax.Score

	// PALSU at the scene, confirmed by a supervisor: the number's next call scores higher.
	if _, err := manage.NewService(k.svc).UpdateStatus(ctx, first.Code, manage.StatusUpdate{Agency: agencies.Damkar, Status: dispatch.AssignFalseReport,
		Reason: "tidak ada kebakaran di lokasi", Actor: "user:tari", Channel: dispatch.ChannelAPI}); err != nil {
		t.Fatal(err)
	}
	k.now = k.now.Add(time.Hour)
	afterPalsu := k.report(t, "081211110000", "kebakaran lagi di gang sebelah", lat0, lon0)
	if afterPalsu.Hoax.Score <= base || !strings.Contains(signalIDs(*afterPalsu.Hoax), "unconfirmed_false_report") {
		t.Errorf("an unconfirmed PALSU must weigh a little: %v → %+v", base, afterPalsu.Hoax)
	}
	if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, first.Code, "dikonfirmasi supervisor", "user:sari"); err != nil {
		t.Fatal(err)
	}
	k.now = k.now.Add(time.Hour)
	afterConfirm := k.report(t, "081211110000", "rumah terbakar", lat0, lon0)
	if afterConfirm.Hoax.Score < afterPalsu.Hoax.Score+2 || !strings.Contains(signalIDs(*afterConfirm.Hoax), "confirmed_false_report") {
		t.Errorf("PALSU + confirmation must raise the next score: %v → %+v", afterPalsu.Hoax.Score, afterConfirm.Hoax)
	}
	if len(afterConfirm.Assignments) == 0 {
		t.Fatal("a suspected caller's fire must still be dispatched")
	}

	// SELESAI (a real emergency) lowers the number's next score.
	if _, err := manage.NewService(k.svc).UpdateStatus(ctx, afterConfirm.Code, manage.StatusUpdate{Agency: agencies.Damkar, Status: dispatch.AssignResolved,
		Reason: "api dipadamkan, laporan benar", Actor: "user:tari", Channel: dispatch.ChannelAPI}); err != nil {
		t.Fatal(err)
	}
	k.now = k.now.Add(time.Hour)
	afterGenuine := k.report(t, "081211110000", "rumah terbakar", lat0, lon0)
	if afterGenuine.Hoax.Score >= afterConfirm.Hoax.Score || !strings.Contains(signalIDs(*afterGenuine.Hoax), "genuine_past") {
		t.Errorf("a genuine emergency must lower the next score: %v → %+v", afterConfirm.Hoax.Score, afterGenuine.Hoax)
	}

	// An appeal clears the number: the confirmed report stops counting, the history stays.
	if err := hoax.NewService(k.svc).ClearCaller(ctx, "081211110000", "banding diterima: HP dipinjam anak", "user:sari"); err != nil {
		t.Fatal(err)
	}
	_, st, evs, err := hoax.NewService(k.svc).AssessCaller(ctx, "081211110000")
	if err != nil || st.ConfirmedCount != 0 || st.ClearedAt == nil || len(evs) < 4 {
		t.Errorf("after clearing: standing %+v, %d events, %v", st, len(evs), err)
	}
}

func TestConfirmedFalseReportsDecay(t *testing.T) {
	k := newDesk(t)
	inc := k.report(t, "081233330000", "ada kebakaran", lat0, lon0)
	if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, inc.Code, "", "user:sari"); err != nil {
		t.Fatal(err)
	}
	weight := func() float64 {
		a, _, _, err := hoax.NewService(k.svc).AssessCaller(ctx, "081233330000")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Signals {
			if s.ID == "confirmed_false_report" {
				return s.Weight
			}
		}
		return 0
	}
	now := weight()
	k.now = k.now.Add(30 * 24 * time.Hour)
	month := weight()
	k.now = k.now.Add(60 * 24 * time.Hour)
	quarter := weight()
	if now != 3 || month != 1.5 || quarter != 0.38 {
		t.Errorf("decay with a 30-day half-life: %v, %v, %v; want 3, 1.5, 0.38", now, month, quarter)
	}
}

func TestDuplicateSuggestionsAtTheBoundaries(t *testing.T) {
	tests := []struct {
		name        string
		first       string
		second      string
		metres      float64
		after       time.Duration
		phoneSame   bool
		closedAfter time.Duration // > 0: the first incident is closed this long before the second call
		want        bool
		confirm     bool // the suggestion needs the call-taker's confirmation (far or another kind)
	}{
		{"medical 70 m, 9 min", "bapak saya pingsan tidak sadar", "ada orang pingsan di sini", 70, 9 * time.Minute, false, 0, true, false},
		{"medical 140 m, no street named: ask, confirm", "bapak saya pingsan tidak sadar", "ada orang pingsan di sini", 140, 9 * time.Minute, false, 0, true, true},
		{"medical relative calling back after 25 min", "bapak saya pingsan tidak sadar", "ada orang pingsan di sini", 50, 25 * time.Minute, false, 0, true, false},
		{"medical 31 min", "bapak saya pingsan tidak sadar", "ada orang pingsan di sini", 50, 31 * time.Minute, false, 0, false, false},
		{"medical 250 m: far, to confirm", "bapak saya pingsan tidak sadar", "ada orang pingsan di sini", 250, 5 * time.Minute, false, 0, true, true},
		{"medical 800 m", "bapak saya pingsan tidak sadar", "ada orang pingsan di sini", 800, 5 * time.Minute, false, 0, false, false},
		{"fire 140 m, 55 min", "rumah terbakar", "ada asap tebal kebakaran", 140, 55 * time.Minute, false, 0, true, false},
		{"fire 280 m, no street named: ask, confirm", "rumah terbakar", "ada asap tebal kebakaran", 280, 55 * time.Minute, false, 0, true, true},
		{"fire 480 m: another fire, or the same seen from afar: to confirm", "rumah terbakar", "ada asap tebal kebakaran", 480, 20 * time.Minute, false, 0, true, true},
		{"fire 950 m: smoke seen from afar, or another fire: to confirm", "rumah terbakar", "ada asap tebal kebakaran", 950, 10 * time.Minute, false, 0, true, true},
		{"fire 1.4 km: neighbour on another street, to confirm", "rumah terbakar", "ada asap tebal kebakaran", 1400, 10 * time.Minute, false, 0, true, true},
		{"fire 1.6 km", "rumah terbakar", "ada asap tebal kebakaran", 1600, 10 * time.Minute, false, 0, false, false},
		{"road accident 600 m along the road, 29 min, no street named: ask, confirm", "tabrakan motor dan mobil, ada yang luka", "kecelakaan di simpang", 600, 29 * time.Minute, false, 0, true, true},
		{"road accident 600 m, both name the road", "tabrakan motor dan mobil di jl sudirman, ada yang luka", "kecelakaan di jalan sudirman", 600, 29 * time.Minute, false, 0, true, false},
		{"drowning 290 m along the river", "ada anak tenggelam di sungai", "orang tenggelam terbawa arus", 290, 10 * time.Minute, false, 0, true, false},
		{"drowning 390 m along the river, no street named: ask, confirm", "ada anak tenggelam di sungai", "orang tenggelam terbawa arus", 390, 10 * time.Minute, false, 0, true, true},
		{"incompatible categories", "rumah terbakar", "bapak saya pingsan", 10, time.Minute, false, 0, false, false},
		{"same caller 5 km away, 25 min: another kind, far", "rumah terbakar", "banjir masuk rumah", 5000, 25 * time.Minute, true, 0, true, true},
		{"same caller 65 min later", "rumah terbakar", "banjir masuk rumah", 5000, 65 * time.Minute, true, 0, false, false},
		{"closed 20 min ago", "rumah terbakar", "kebakaran di gang", 100, 40 * time.Minute, false, 20 * time.Minute, true, false},
		{"closed 31 min ago", "rumah terbakar", "kebakaran di gang", 100, 40 * time.Minute, false, 31 * time.Minute, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newDesk(t)
			start := k.now
			first := k.report(t, "081200000001", tt.first, lat0, lon0)
			if tt.closedAfter > 0 {
				k.now = start.Add(tt.after - tt.closedAfter)
				if _, err := manage.NewService(k.svc).Close(ctx, first.Code, dispatch.DispResolved, "", "user:tari", dispatch.ChannelAPI); err != nil {
					t.Fatal(err)
				}
			}
			k.now = start.Add(tt.after)
			phone := "081200000002"
			if tt.phoneSame {
				phone = "081200000001"
			}
			lat := offset(lat0, tt.metres)
			p, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: tt.second, Lat: &lat, Lon: ptr(lon0), CallerPhone: phone})
			if err != nil {
				t.Fatal(err)
			}
			got := len(p.Duplicates) == 1 && p.Duplicates[0].Code == first.Code
			if got != tt.want {
				t.Errorf("suggested %v, want %v: %+v", p.Duplicates, tt.want, p.Duplicates)
			}
			if got && p.Duplicates[0].NeedsConfirmation != tt.confirm {
				t.Errorf("needs confirmation %v, want %v: %+v", p.Duplicates[0].NeedsConfirmation, tt.confirm, p.Duplicates[0])
			}
			if got && (p.Duplicates[0].DistanceM < tt.metres-5 || p.Duplicates[0].DistanceM > tt.metres+5) {
				t.Errorf("distance shown %v, want about %v", p.Duplicates[0].DistanceM, tt.metres)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestLinkingCorroboratesAndThreeCallersRaisePriority(t *testing.T) {
	k := newDesk(t)
	inc := k.report(t, "081244440001", "pohon tumbang menimpa rumah", lat0, lon0)
	if inc.Priority != agencies.P2 {
		t.Fatalf("a fallen tree starts at P2, got %v", inc.Priority)
	}
	k.now = k.now.Add(time.Minute)
	linked, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081244440002", Description: "pohon roboh", Lat: offset(lat0, 50), Lon: lon0, Actor: "user:tari"}, "req-1")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081244440002", Actor: "user:tari"}, "req-1"); len(again.Callers) != 1 {
		t.Errorf("a repeated link request linked twice: %d callers", len(again.Callers))
	}
	if len(linked.Assignments) != 1 || !strings.Contains(signalIDs(*linked.Hoax), "corroborated") {
		t.Errorf("linking must not dispatch again and must corroborate: %d assignments, %s", len(linked.Assignments), signalIDs(*linked.Hoax))
	}
	k.now = k.now.Add(2 * time.Minute)
	third, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081244440003", Lat: offset(lat0, 300), Lon: lon0, Actor: "user:tari", ConfirmPlace: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	if third.Priority != agencies.P1 {
		t.Errorf("three independent callers within 500 m and 5 min: priority %v, want P1", third.Priority)
	}
	history, _ := intake.NewService(k.svc).CallerHistory(ctx, "081244440003")
	if len(history) != 1 || history[0].IncidentCode != inc.Code {
		t.Errorf("the linked call must be in the caller's history: %+v", history)
	}
	unlinked, err := linking.NewService(k.svc).Unlink(ctx, inc.Code, "081244440003", "user:tari")
	if err != nil || !unlinked.Callers[1].Unlinked {
		t.Errorf("unlink: %v %+v", err, unlinked.Callers)
	}
}

func TestNoScoreEverPreventsDispatch(t *testing.T) {
	k := newDesk(t)
	phone := "081255550000"
	for i := 0; i < 4; i++ { // a notorious number: confirmed false reports and pranks
		inc := k.report(t, phone, "ada kebakaran", lat0, lon0)
		if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, inc.Code, "", "user:sari"); err != nil {
			t.Fatal(err)
		}
		if _, err := intake.NewService(k.svc).LogCall(ctx, dispatch.Call{Type: dispatch.CallPrank, CallerPhone: phone, Actor: "user:tari"}); err != nil {
			t.Fatal(err)
		}
		k.now = k.now.Add(time.Hour)
	}
	for _, desc := range []string{"nenek saya sesak napas berat, bibirnya biru", "rumah terbakar, ada anak di dalam", "pohon tumbang di jalan"} {
		inc := k.report(t, phone, desc, lat0, lon0, dispatch.CueLaughter, dispatch.CueChildVoice)
		if inc.Hoax.Level != dispatch.LevelSuspected {
			t.Errorf("%q: level %v (score %v), want suspected", desc, inc.Hoax.Level, inc.Hoax.Score)
		}
		if len(inc.Assignments) == 0 || inc.Assignments[0].Status != dispatch.AssignQueued || inc.Status != dispatch.StatusDispatched {
			t.Errorf("%q from a suspected number was not dispatched: %+v", desc, inc.Assignments)
		}
	}
}

func TestWatchListIsOptInAndNeedsConfirmedReports(t *testing.T) {
	k := newDesk(t)
	phone := "081266660000"
	inc := k.report(t, phone, "ada kebakaran", lat0, lon0)
	if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, inc.Code, "", "user:sari"); err != nil {
		t.Fatal(err)
	}
	if err := hoax.NewService(k.svc).Watch(ctx, phone, true, "", "user:sari"); !errors.Is(err, hoax.ErrWatchPolicy) {
		t.Errorf("the watch list is off by default: %v", err)
	}
	on := *shipped(t).Hoax
	on.WatchList.Enabled, on.WatchList.AfterConfirmed = true, 2
	d := shipped(t)
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT"}, dispatch.ServiceDeps{Store: k.store, Timers: k.store, Calls: k.store,
		Callers: k.store, Hoax: &on, Taxonomy: d.Taxonomy, Directory: d.Directory, Atlas: d.Atlas, Charter: d.Charter, Log: zap.NewNop()})
	if err := hoax.NewService(svc).Watch(ctx, phone, true, "", "user:sari"); !errors.Is(err, hoax.ErrWatchPolicy) {
		t.Errorf("one confirmed report of two needed: %v", err)
	}
	second := k.report(t, phone, "ada kebakaran lagi", lat0, lon0)
	if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, second.Code, "", "user:sari"); err != nil {
		t.Fatal(err)
	}
	if err := hoax.NewService(svc).Watch(ctx, phone, true, "3x palsu", "user:sari"); err != nil {
		t.Fatal(err)
	}
	a, st, _, _ := hoax.NewService(svc).AssessCaller(ctx, phone)
	if !st.Watch || !a.Watch {
		t.Error("the number must show as watched")
	}
	third := k.report(t, phone, "rumah terbakar", lat0, lon0)
	if len(third.Assignments) == 0 {
		t.Error("a watched number's emergency must still be dispatched")
	}
}

// TestEverySignalThroughTheRealPipeline produces each hoax-risk signal the
// way it happens — calls logged, incidents stored, feedback given — on a real
// Redis, and checks the score of the next call shows it.
func TestEverySignalThroughTheRealPipeline(t *testing.T) {
	quiet := func(typ dispatch.CallType, n int) func(*desk, string) {
		return func(k *desk, phone string) {
			for i := 0; i < n; i++ {
				if _, err := intake.NewService(k.svc).LogCall(ctx, dispatch.Call{Type: typ, CallerPhone: phone, Actor: "user:tari"}); err != nil {
					t.Fatal(err)
				}
				k.now = k.now.Add(time.Minute)
			}
		}
	}
	tests := []struct {
		name   string
		before func(*desk, string)
		report dispatch.Report
		signal string
	}{
		{"prank calls today", quiet(dispatch.CallPrank, 1), dispatch.Report{Description: "ada kebakaran"}, "prank_24h"},
		{"silent calls today", quiet(dispatch.CallSilent, 2), dispatch.Report{Description: "ada kebakaran"}, "silent_24h"},
		{"a burst of dropped calls", quiet(dispatch.CallDropped, 5), dispatch.Report{Description: "ada kebakaran"}, "burst"},
		{"withheld number", nil, dispatch.Report{CallerPhone: "withheld", Description: "ada kebakaran"}, "withheld"},
		{"outside the city", nil, dispatch.Report{Description: "ada kebakaran", Lat: 3.40, Lon: 99.16}, "outside_city"},
		{"far from the handset", nil, dispatch.Report{Description: "ada kebakaran", Handset: &dispatch.Point{Lat: 3.36, Lon: 99.18}}, "far_from_handset"},
		{"severe claim, one caller", nil, dispatch.Report{Description: "bapak saya pingsan tidak sadar"}, "severe_single_caller"},
		{"call-taker cue", nil, dispatch.Report{Description: "ada kebakaran", Cues: []dispatch.Cue{dispatch.CueChildVoice}}, "cue_child_voice"},
		{"marked credible", nil, dispatch.Report{Description: "ada kebakaran", Credible: true}, "credible"},
		{"a genuine past emergency", func(k *desk, phone string) {
			inc := k.report(t, phone, "ada ular masuk rumah", lat0, lon0)
			if _, err := manage.NewService(k.svc).UpdateStatus(ctx, inc.Code, manage.StatusUpdate{Agency: agencies.Damkar, Status: dispatch.AssignResolved,
				Reason: "ular ditangkap", Actor: "user:tari", Channel: dispatch.ChannelAPI}); err != nil {
				t.Fatal(err)
			}
		}, dispatch.Report{Description: "ada kebakaran"}, "genuine_past"},
		{"a confirmed false report", func(k *desk, phone string) {
			inc := k.report(t, phone, "ada kebakaran", lat0, lon0)
			if _, err := manage.NewService(k.svc).ConfirmFalse(ctx, inc.Code, "", "user:sari"); err != nil {
				t.Fatal(err)
			}
		}, dispatch.Report{Description: "ada kebakaran"}, "confirmed_false_report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newDesk(t)
			phone := "081277770000"
			if tt.before != nil {
				tt.before(k, phone)
			}
			r := tt.report
			if r.CallerPhone == "" {
				r.CallerPhone = phone
			}
			if r.Lat == 0 {
				r.Lat, r.Lon = lat0, lon0
			}
			inc, _, err := intake.NewService(k.svc).Intake(ctx, r, "")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(signalIDs(*inc.Hoax), tt.signal) {
				t.Errorf("signal %s missing from the stored score: %s", tt.signal, signalIDs(*inc.Hoax))
			}
		})
	}
	t.Run("corroborated by a linked caller", func(t *testing.T) {
		k := newDesk(t)
		inc := k.report(t, "081277770001", "rumah terbakar", lat0, lon0)
		linked, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081277770002", Actor: "user:tari"}, "")
		if err != nil || !strings.Contains(signalIDs(*linked.Hoax), "corroborated") || linked.Hoax.Score >= inc.Hoax.Score {
			t.Errorf("after linking: %v %+v (before %v)", err, linked.Hoax, inc.Hoax.Score)
		}
	})
}
