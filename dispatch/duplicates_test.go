package dispatch_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/linking"
)

// A caller cut off who calls back names no emergency and may give no place:
// the same number's incident is suggested, and the report is not refused.
func TestCallbackWithoutCategoryWordsGetsTheSameCallerSuggestion(t *testing.T) {
	k := newDesk(t)
	first := k.report(t, "081288880001", "rumah terbakar apinya besar", lat0, lon0)
	k.now = k.now.Add(6 * time.Minute)
	callback := "saya yang tadi telepon, terputus, tolong cepat"
	for _, tc := range []struct {
		name     string
		lat, lon *float64
	}{{"no location yet", nil, nil}, {"location given", ptr(offset(lat0, 40)), ptr(lon0)}} {
		p, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: callback, CallerPhone: "0812-8888-0001", Lat: tc.lat, Lon: tc.lon})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Duplicates) != 1 || p.Duplicates[0].Code != first.Code || p.Duplicates[0].Reason != "same_caller" || p.Duplicates[0].NeedsConfirmation {
			t.Fatalf("%s: callback suggestions %+v, want %s (same caller, no confirmation)", tc.name, p.Duplicates, first.Code)
		}
		if d := p.Duplicates[0]; d.Description != first.Description || d.AgeMinutes != 6 {
			t.Errorf("%s: the suggestion must show the first caller's words and age: %+v", tc.name, d)
		}
	}
	linked, err := linking.NewService(k.svc).Link(ctx, first.Code, dispatch.LinkedCaller{Phone: "081288880001", Description: callback, Actor: "user:tari"}, "")
	if err != nil || len(linked.Callers) != 1 || linked.Callers[0].Description != callback {
		t.Fatalf("linking a callback without category words: %v %+v", err, linked)
	}
	// Logged as its own report instead, it is not refused for lack of a category.
	inc, _, err := intake.NewService(k.svc).Intake(ctx, dispatch.Report{CallerPhone: "081288880001", Description: callback, Lat: lat0, Lon: lon0, Actor: "user:tari"}, "")
	if err != nil || inc.Category != first.Category || len(inc.Assignments) == 0 {
		t.Fatalf("a callback logged on its own: %v %+v", err, inc)
	}
}

// Every candidate in the window is considered, not the newest 1,000: a flood
// reported 3 hours ago (its window is 6 h) is suggested with 10,000 newer
// incidents stored, and again after the index was lost and rebuilt.
func TestOldCandidateInsideItsWindowIsFoundAmong10000Newer(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 10,000 incidents")
	}
	k := newDesk(t)
	start := k.now
	flood := k.report(t, "081299990000", "banjir masuk rumah setinggi lutut", lat0, lon0)
	// 10,000 incidents over the next 3 hours, around the city, some of them
	// close by (other floods, fires, medical calls).
	// Stored directly (the intake's own write: incident, then its index
	// entry), to keep the test short; the flood went through the intake.
	cats := []classify.CategoryID{"kebakaran", "tidak_sadar", "kecelakaan_korban", "banjir"}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < 10000; i += 8 {
				inc := &dispatch.Incident{ID: dispatch.IncidentID(uuid.Must(uuid.NewV7()).String()), Code: fmt.Sprintf("TT-X%05d", i),
					Status: dispatch.StatusDispatched, CallerPhone: fmt.Sprintf("+62812%08d", 20000000+i), Description: "laporan",
					Category: cats[i%len(cats)], Priority: agencies.P2, ReceivedAt: start.Add(time.Duration(i+1) * (3 * time.Hour) / 10001),
					Location: dispatch.Location{Lat: offset(lat0, float64(200+(i*37)%4000)), Lon: lon0 + float64(i%7)*0.002, InCity: true}}
				if _, _, err := k.store.Create(ctx, []dispatch.Event{{Type: dispatch.EventReceived, At: inc.ReceivedAt, Incident: inc}}, nil, dispatch.Idempotency{}); err != nil {
					errs <- err
					return
				}
				if err := k.store.Index(ctx, inc, layerOf(inc.Category), 8*time.Hour); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	k.now = start.Add(3 * time.Hour)
	lat := offset(lat0, 120)
	want := func(stage string) {
		t.Helper()
		p, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: "air banjir naik terus", Lat: &lat, Lon: ptr(lon0), CallerPhone: "081299990001"})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Duplicates {
			if d.Code == flood.Code {
				if d.AgeMinutes != 180 || d.DistanceM < 115 || d.DistanceM > 125 || d.Description != flood.Description {
					t.Errorf("%s: suggestion %+v", stage, d)
				}
				return
			}
		}
		t.Errorf("%s: the 3-hour-old flood is not among %d suggestions", stage, len(p.Duplicates))
	}
	want("with 10,000 newer incidents")
	// The index is lost (a Redis restored from an older snapshot, a flush):
	// rebuilt at start from the stored incidents.
	keys, err := k.rdb.Keys(ctx, "sigap:nearby:*").Result()
	if err != nil || len(keys) == 0 {
		t.Fatalf("index keys: %v %v", keys, err)
	}
	k.rdb.Del(ctx, keys...)
	n, err := linking.NewService(k.svc).IndexRecent(ctx)
	if err != nil || n < 10001 {
		t.Fatalf("reindexed %d: %v", n, err)
	}
	want("after the index was rebuilt")
}

// BenchmarkPreviewDuplicates measures /preview's duplicate search with
// 3,000 incidents in the look-back window (the last 3 hours, spread over
// 4 km of the city, 1 in 4 a flood like the query).
func BenchmarkPreviewDuplicates(b *testing.B) {
	k := newDesk(b)
	start := k.now
	cats := []classify.CategoryID{"kebakaran", "tidak_sadar", "kecelakaan_korban", "banjir"}
	for i := 0; i < 3000; i++ {
		inc := &dispatch.Incident{ID: dispatch.IncidentID(uuid.Must(uuid.NewV7()).String()), Code: fmt.Sprintf("TT-B%05d", i),
			Status: dispatch.StatusDispatched, CallerPhone: fmt.Sprintf("+62812%08d", 30000000+i), Description: "laporan",
			Category: cats[i%len(cats)], Priority: agencies.P2, ReceivedAt: start.Add(time.Duration(i) * time.Second * 3),
			Location: dispatch.Location{Lat: offset(lat0, float64((i*37)%4000)), Lon: lon0 + float64(i%7)*0.002, InCity: true}}
		if _, _, err := k.store.Create(ctx, []dispatch.Event{{Type: dispatch.EventReceived, At: inc.ReceivedAt, Incident: inc}}, nil, dispatch.Idempotency{}); err != nil {
			b.Fatal(err)
		}
		if err := k.store.Index(ctx, inc, layerOf(inc.Category), 8*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	k.now = start.Add(3 * time.Hour)
	lat := offset(lat0, 500)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := intake.NewService(k.svc).Preview(ctx, intake.PreviewInput{Description: "banjir masuk rumah", Lat: &lat, Lon: ptr(lon0), CallerPhone: "081299990001"}); err != nil {
			b.Fatal(err)
		}
	}
}

// layerOf is the duplicate group of the test categories (as hoax.yaml says).
func layerOf(c classify.CategoryID) string {
	return map[classify.CategoryID]string{"kebakaran": "api", "tidak_sadar": "medis", "kecelakaan_korban": "kecelakaan", "banjir": "bencana"}[c]
}
