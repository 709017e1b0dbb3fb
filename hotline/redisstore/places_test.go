package redisstore_test

import (
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/hotline"
	"github.com/sigap112/sigap/hotline/redisstore"
)

func TestPlacesRememberConfirmedAddresses(t *testing.T) {
	p := redisstore.NewPlaces(redistest.NewClient(t), redisstore.PlaceOptions{Max: 2})
	at := time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)
	learn := func(text string, lat float64) {
		t.Helper()
		if err := p.Learn(ctx, hotline.LearnedPlace{Text: text, Lat: lat, Lon: 99.15, Kelurahan: "12.76.05.1002", LastAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	learn("Jl. Gunung Leuser gg. Mawar 5", 3.3192)
	learn("JALAN Gunung Leuser Gang Mawar 5", 3.3193) // the same address typed again: refreshed, counted twice
	learn("Perumahan Griya Indah blok C", 3.3300)
	got, err := p.Learned(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Uses != 2 || got[0].Lat != 3.3193 || got[0].Text != "JALAN Gunung Leuser Gang Mawar 5" {
		t.Fatalf("learned %+v; want the Gunung Leuser address first, used twice, at its last point", got)
	}
	learn("Pasar Gambir los 3", 3.3235) // past Max: the least used goes
	learn("Pasar Gambir los 3", 3.3235)
	got, _ = p.Learned(ctx, 10)
	if len(got) != 2 || (got[0].Text != "Pasar Gambir los 3" && got[1].Text != "Pasar Gambir los 3") {
		t.Fatalf("after trimming: %+v; want the new address kept", got)
	}
	for _, l := range got {
		if l.Text == "Perumahan Griya Indah blok C" {
			t.Fatalf("the least used address was kept past Max: %+v", got)
		}
	}
	if err := p.Learn(ctx, hotline.LearnedPlace{Text: " ,. "}); err != nil {
		t.Fatalf("an address of punctuation only: %v", err)
	}
}
