package redisstore_test

import (
	"context"
	"testing"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/learning"
)

// TestLoggedIncidentsLabelVictimsForTheHeads: no call-taker labels a
// victim, so an incident to which the ambulance (the victim rule's agency)
// was finally sent is a victim example for the model's victim head, and
// every logged incident carries the lead agency it was sent to.
func TestLoggedIncidentsLabelVictimsForTheHeads(t *testing.T) {
	ctx := context.Background()
	store, _, _ := newStore(t)
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: dep.Referrals()}, dispatch.ServiceDeps{
		Store: store, Timers: store, Calls: store, Callers: store, Hoax: dep.Hoax, Taxonomy: dep.Taxonomy,
		Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter, Log: zap.NewNop()})
	for _, r := range []struct{ text, cat string }{
		{"bapak-bapak tergeletak di halte, dipanggil gak nyahut", "tidak_sadar"},
		{"kerbau kejeblos di rawa belakang kampung", "hewan"},
	} {
		if _, _, err := intake.NewService(svc).Intake(ctx, dispatch.Report{CallerPhone: "0812-3456-7890", Description: r.text,
			Lat: 3.319242, Lon: 99.155676, Category: classify.CategoryID(r.cat), Channel: dispatch.ChannelAPI}, ""); err != nil {
			t.Fatal(err)
		}
	}
	ex, err := learning.New(learning.Config{}, store, store, dep.Taxonomy, zap.NewNop()).LoggedExamples(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]any{}
	for _, e := range ex {
		got[string(e.Category)] = [2]any{e.Victim, string(e.Lead)}
		if e.NonEmergency {
			t.Errorf("%q: dispatched emergency labelled a non-emergency", e.Text)
		}
	}
	if g := got["tidak_sadar"]; g != [2]any{true, "dinkes"} {
		t.Errorf("unconscious person: victim, lead = %v, want true, dinkes", g)
	}
	if g := got["hewan"]; g != [2]any{false, "damkar"} {
		t.Errorf("animal rescue: victim, lead = %v, want false, damkar", g)
	}
}
