package dispatch_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/intake"
)

// TestExampleDeploymentAddsPolres: configs/examples/polres loads with the
// real loader and routes crime, in plain or SMS wording, to a fifth agency
// that exists only in its configuration.
func TestExampleDeploymentAddsPolres(t *testing.T) {
	dep, err := deployment.Load(os.DirFS("../configs/examples"), "polres")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := dep.Directory.Agency("polres"); !ok {
		t.Fatal("polres is not in the example's agencies")
	}
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: dep.Referrals()}, dispatch.ServiceDeps{
		Store: newMemStore(), Taxonomy: dep.Taxonomy, Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter, Log: zap.NewNop()})
	svc.SetClock(func() time.Time { return time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC) })
	tests := []struct {
		text string
		want []agencies.AgencyID
	}{
		{"ada maling motor di parkiran pajak", []agencies.AgencyID{"polres"}},
		{"tlg pak ad org brkelahi bw parang d gg mawar", []agencies.AgencyID{"polres"}},
		{"tawuran pelajar, satu anak kena bacok berdarah", []agencies.AgencyID{"polres", "dinkes"}},
		{"rumah terbakar di jalan sudirman", []agencies.AgencyID{"damkar"}},
	}
	for _, tt := range tests {
		inc, _, err := intake.NewService(svc).Intake(context.Background(), dispatch.Report{CallerPhone: "0812-3456-7890", Description: tt.text,
			Lat: 3.319242, Lon: 99.155676, Channel: dispatch.ChannelAPI}, "")
		if err != nil {
			t.Fatalf("%s: %v", tt.text, err)
		}
		var got []agencies.AgencyID
		for _, a := range inc.Assignments {
			got = append(got, a.Agency)
			if a.Agency == "polres" && a.Station != "polres-spkt" {
				t.Errorf("%s: polres assignment to station %q", tt.text, a.Station)
			}
		}
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: dispatched %v, want %v (category %q)", tt.text, got, want, inc.Category)
		}
	}
}
