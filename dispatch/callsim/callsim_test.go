package callsim_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/callsim"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/redisstore"
)

func config(t *testing.T, dep *deployment.Deployment) callsim.Config {
	t.Helper()
	cfg := callsim.Config{Seed: 7, Start: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Days: 2, CallsPerDay: 500,
		Events: 15, Pranksters: 10, Withheld: 0.1, FamilyPhones: 0.05, OneOffFakes: 2, Callbacks: 0.15}
	for _, v := range dep.Atlas.Villages() {
		if c := v.Shape.Centroid(); v.Shape.Contains(c) {
			cfg.Places = append(cfg.Places, [2]float64{c[1], c[0]})
		}
	}
	return cfg
}

func TestGenerateIsDeterministicAndLabelled(t *testing.T) {
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config(t, dep)
	a, b := callsim.Generate(cfg), callsim.Generate(cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed must give the same stream")
	}
	counts := map[callsim.Truth]int{}
	events := map[int]int{}
	for i, c := range a {
		counts[c.Truth]++
		if i > 0 && c.At.Before(a[i-1].At) {
			t.Fatal("the stream is not in time order")
		}
		if c.Family {
			counts["family"]++
		}
		if c.OneOff {
			counts["one-off"]++
		}
		if c.Callback {
			counts["callback"]++
			if c.Description != callsim.CallbackText || dep.Taxonomy.Classify(c.Description).Emergency {
				t.Errorf("a callback names no emergency: %q", c.Description)
			}
			continue
		}
		if c.Truth == callsim.TruthGenuine {
			events[c.Event]++
			if c.Description == "" || dep.Taxonomy.Classify(c.Description).Category == "" {
				t.Errorf("a genuine call the classifier cannot read: %q", c.Description)
			}
		}
	}
	if counts[callsim.TruthSilent]+counts[callsim.TruthDropped]+counts[callsim.TruthPrank] < counts[callsim.TruthGenuine]*5 {
		t.Errorf("a 112 day is mostly silent, dropped and prank calls: %v", counts)
	}
	if counts["family"] == 0 || counts["one-off"] == 0 || counts["callback"] == 0 {
		t.Errorf("the stream must hold family phones, one-off pranksters and callbacks: %v", counts)
	}
	multi := 0
	for _, n := range events {
		if n > 1 {
			multi++
		}
	}
	if len(events) != 30 || multi < 10 {
		t.Errorf("%d real events, %d with several callers", len(events), multi)
	}
}

func TestReplayMeetsTheTargets(t *testing.T) {
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	st := redisstore.New(redistest.NewClient(t), redisstore.Options{Agencies: []agencies.AgencyID{agencies.BPBD, agencies.Damkar, agencies.Dinkes, agencies.Dishub}})
	if err := st.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg := config(t, dep)
	now := cfg.Start
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "EV"}, dispatch.ServiceDeps{Store: st, Timers: st, Calls: st, Callers: st, Nearby: st,
		Hoax: dep.Hoax, Taxonomy: dep.Taxonomy, Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter, Log: zap.NewNop()})
	svc.SetClock(func() time.Time { return now })
	res, err := callsim.Replay(context.Background(), svc, func(t time.Time) { now = t }, callsim.Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if !res.Print(&out) {
		t.Errorf("targets missed:\n%s", out.String())
	}
	t.Log("\n" + out.String())
	if res.Genuine == 0 || res.RepeatPranks == 0 || res.ShouldLink == 0 || res.Family == 0 || res.OneOffs == 0 || res.Callbacks == 0 {
		t.Errorf("the stream must exercise every measure: %+v", res)
	}
}
