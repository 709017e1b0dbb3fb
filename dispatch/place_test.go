package dispatch_test

import (
	"testing"
	"time"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/linking"
)

// Two fires 200 m apart are two fires when their callers name different
// streets: the suggestion is marked "lokasi berbeda" and a link needs the
// call-taker's confirmation; a caller naming the same street (however
// spelt), or none, is suggested as before; the first caller calling back
// from elsewhere is not held up.
func TestCallerNamingAnotherStreetNeedsConfirmation(t *testing.T) {
	k := newDesk(t)
	inc, _, err := intake.NewService(k.svc).Intake(ctx, dispatch.Report{CallerPhone: "081300000201", Description: "rumah terbakar apinya besar",
		Address: "Jl. Sudirman No. 12", Lat: lat0, Lon: lon0, Actor: "user:tari"}, "")
	if err != nil {
		t.Fatal(err)
	}
	k.now = k.now.Add(10 * time.Minute)
	lat := offset(lat0, 140) // the inner half of the fire radius: a street is compared only when both name one
	top := func(desc, address, phone string) linking.Duplicate {
		t.Helper()
		p, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: desc, Address: address, Lat: &lat, Lon: ptr(lon0), CallerPhone: phone})
		if err != nil || len(p.Duplicates) == 0 {
			t.Fatalf("preview %q %q: %v, %d suggestions", desc, address, err, len(p.Duplicates))
		}
		return p.Duplicates[0]
	}
	for _, tc := range []struct {
		desc, address string
		different     bool
	}{
		{"kebakaran rumah", "Gg. Mawar No. 3", true},
		{"ada kebakaran di jalan kartini", "", true},
		{"kebakaran rumah", "jalan jend. sudirman dekat masjid", false},
		{"asap tebal di jl sudirman", "Gg. Mawar", false}, // the scene's street named, whatever the caller's own
		{"kebakaran rumah", "", false},
		{"kebakaran, jalan licin", "", false}, // a road described, not named
	} {
		d := top(tc.desc, tc.address, "081300000202")
		if d.Code != inc.Code || d.DifferentPlace != tc.different || d.NeedsConfirmation != tc.different || d.Far {
			t.Errorf("%q / %q: suggestion %+v, want different place %v", tc.desc, tc.address, d, tc.different)
		}
	}

	other := dispatch.LinkedCaller{Phone: "081300000202", Description: "kebakaran rumah", Address: "Gg. Mawar No. 3", Lat: lat, Lon: lon0, Actor: "user:tari"}
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, other, ""); !fieldErr(err, "confirm_different_place") {
		t.Fatalf("caller naming another street linked without confirmation: %v", err)
	}
	if got, _ := k.store.Get(ctx, inc.Code); len(got.Callers) != 0 {
		t.Fatalf("a refused link wrote something: %+v", got.Callers)
	}
	// The first caller calling back from a neighbour's house is a callback, not another place.
	if _, err := linking.NewService(k.svc).Link(ctx, inc.Code, dispatch.LinkedCaller{Phone: "081300000201", Description: "saya yang tadi, sekarang di gang mawar",
		Lat: lat0, Lon: lon0, Actor: "user:tari"}, ""); err != nil {
		t.Fatalf("callback: %v", err)
	}
	other.ConfirmPlace = true
	linked, err := linking.NewService(k.svc).Link(ctx, inc.Code, other, "")
	if err != nil {
		t.Fatal(err)
	}
	last := linked.Callers[len(linked.Callers)-1]
	if !last.ConfirmPlace || last.Address != "Gg. Mawar No. 3" {
		t.Errorf("confirmed caller: %+v", last)
	}
	// A confirmed caller's street is the incident's too: the next caller from Gg. Mawar is suggested plainly.
	if d := top("kebakaran", "gang mawar", "081300000203"); d.NeedsConfirmation {
		t.Errorf("after a confirmed link, a caller from the same lane: %+v", d)
	}
}

// A referred incident (a report placed just outside the city, handed to
// the neighbouring regency) has no crew of ours: a fire reported 100 m away
// is not suggested into it and cannot be linked into it (it would reach
// nobody of ours); its own caller calling back can.
func TestNoCallerIsLinkedIntoAnIncidentWithoutCrew(t *testing.T) {
	k := newDesk(t)
	const latOut, lonOut = 3.40, 99.16 // Serdang Bedagai, just north of the city
	ref, _, err := intake.NewService(k.svc).Intake(ctx, dispatch.Report{CallerPhone: "081300000401", Description: "ada kebakaran besar cepat datang",
		Lat: latOut, Lon: lonOut, Actor: "user:tari"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.Assignments) != 0 {
		t.Fatalf("%q was not referred: %s %+v", ref.Description, ref.Status, ref.Assignments)
	}
	k.now = k.now.Add(5 * time.Minute)
	lat := offset(latOut, -100)
	p, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: "rumah terbakar apinya besar", Lat: &lat, Lon: ptr(lonOut), CallerPhone: "081300000402"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range p.Duplicates {
		if d.Code == ref.Code {
			t.Errorf("a fire suggested into %s (%s, no crew): %+v", ref.Code, ref.Status, d)
		}
	}
	if _, err := linking.NewService(k.svc).Link(ctx, ref.Code, dispatch.LinkedCaller{Phone: "081300000402", Description: "rumah terbakar apinya besar",
		Lat: lat, Lon: lonOut, Actor: "user:tari"}, ""); !fieldErr(err, "incident") {
		t.Errorf("a fire linked into an incident with no crew: %v", err)
	}
	if _, err := linking.NewService(k.svc).Link(ctx, ref.Code, dispatch.LinkedCaller{Phone: "081300000401", Description: dispatchCallback,
		Lat: latOut, Lon: lonOut, Actor: "user:tari"}, ""); err != nil {
		t.Errorf("its own caller calling back: %v", err)
	}
}

// A patient is at one house: a relative calling back gives the patient's
// address; a caller naming another house number on the same street is
// another patient. Neighbours of a fire give their own house numbers: for a
// fire, the same street is the same place.
func TestAnotherHouseNumberIsAnotherPatientNotAnotherFire(t *testing.T) {
	k := newDesk(t)
	sick, _, err := intake.NewService(k.svc).Intake(ctx, dispatch.Report{CallerPhone: "081300000501", Description: "ibu saya sesak napas berat",
		Address: "Jl. Ahmad Yani No. 144", Lat: lat0, Lon: lon0, Actor: "user:tari"}, "")
	if err != nil {
		t.Fatal(err)
	}
	fire, _, err := intake.NewService(k.svc).Intake(ctx, dispatch.Report{CallerPhone: "081300000502", Description: "rumah terbakar apinya besar",
		Address: "Jl. Kartini No. 12", Lat: offset(lat0, 2000), Lon: lon0, Actor: "user:tari"}, "")
	if err != nil {
		t.Fatal(err)
	}
	k.now = k.now.Add(12 * time.Minute)
	for _, tc := range []struct {
		inc            *dispatch.Incident
		desc, address  string
		north          float64
		differentPlace bool
	}{
		{sick, "ibu saya sesak napas", "jl ahmad yani no 131", 100, true},
		{sick, "ibu saya sesak napas", "Jl. A. Yani No. 144", 100, false}, // an initial
		{sick, "ibu saya sesak napas", "jalan ahmad yani nomor 144", 100, false},
		{sick, "ibu saya sesak napas", "jalan ahmad yani", 100, false}, // no number: the street is all we know
		{fire, "kebakaran rumah", "Jl. Kartini No. 40", 2100, false},   // a neighbour's own house number
	} {
		lat := offset(lat0, tc.north)
		p, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: tc.desc, Address: tc.address, Lat: &lat, Lon: ptr(lon0), CallerPhone: "081300000503"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, d := range p.Duplicates {
			if d.Code == tc.inc.Code {
				found = true
				if d.DifferentPlace != tc.differentPlace {
					t.Errorf("%q: different place %v, want %v", tc.address, d.DifferentPlace, tc.differentPlace)
				}
			}
		}
		if !found {
			t.Errorf("%q: %s not suggested", tc.address, tc.inc.Code)
		}
	}
}

// In the outer half of the radius (three quarters of its area, where another
// fire is likelier than a neighbour of this one) a link needs a street both
// name; without one the call-taker asks and confirms.
func TestOuterHalfOfTheRadiusNeedsAStreetBothName(t *testing.T) {
	k := newDesk(t)
	bare := k.report(t, "081300000601", "rumah terbakar apinya besar", lat0, lon0)
	k.now = k.now.Add(5 * time.Minute)
	lat := offset(lat0, 250)
	p, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: "kebakaran rumah", Address: "jalan sudirman", Lat: &lat, Lon: ptr(lon0), CallerPhone: "081300000602"})
	if err != nil || len(p.Duplicates) != 1 {
		t.Fatalf("preview: %v %+v", err, p.Duplicates)
	}
	if d := p.Duplicates[0]; !d.PlaceUnverified || !d.NeedsConfirmation || d.DifferentPlace {
		t.Errorf("250 m from a fire whose caller named no street: %+v", d)
	}
	c := dispatch.LinkedCaller{Phone: "081300000602", Description: "kebakaran rumah", Address: "jalan sudirman", Lat: lat, Lon: lon0, Actor: "user:tari"}
	if _, err := linking.NewService(k.svc).Link(ctx, bare.Code, c, ""); !fieldErr(err, "confirm_different_place") {
		t.Errorf("linked 250 m off without a common street: %v", err)
	}
	c.ConfirmPlace = true
	if _, err := linking.NewService(k.svc).Link(ctx, bare.Code, c, ""); err != nil {
		t.Fatalf("confirmed: %v", err)
	}
	// Now the incident has a street: the next caller naming it is plainly suggested.
	p, _ = intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: "asap kebakaran di jl. sudirman", Lat: &lat, Lon: ptr(lon0), CallerPhone: "081300000603"})
	if len(p.Duplicates) != 1 || p.Duplicates[0].NeedsConfirmation {
		t.Errorf("a caller naming the street the incident's callers named: %+v", p.Duplicates)
	}
}
