package geo

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistance(t *testing.T) {
	// One degree of arc on a sphere of orb.EarthRadius.
	degree := 2 * math.Pi * orb.EarthRadius / 360
	tebing := orb.Point{99.156031, 3.328270}
	tests := []struct {
		name      string
		a, b      orb.Point
		want, tol float64
	}{
		{"same point", tebing, tebing, 0, 0},
		{"one degree of latitude", orb.Point{99, 3}, orb.Point{99, 4}, degree, 1e-6},
		{"one degree of longitude on the equator", orb.Point{0, 0}, orb.Point{1, 0}, degree, 1e-6},
		{"one degree of longitude at 60 degrees", orb.Point{0, 60}, orb.Point{1, 60}, degree / 2, 5},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, degree, 1e-6},
		{"ten metres north", tebing, orb.Point{tebing[0], tebing[1] + 10/degree}, 10, 1e-6},
		{"Tebing Tinggi to Medan", tebing, orb.Point{98.6722, 3.5952}, 61_550, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.a, tt.b)
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("Distance = %.3f m, want %.3f ± %v", got, tt.want, tt.tol)
			}
			if back := Distance(tt.b, tt.a); math.Abs(back-got) > 1e-9 {
				t.Errorf("Distance not symmetric: %v vs %v", got, back)
			}
		})
	}
}

func TestNearest(t *testing.T) {
	p := orb.Point{99.156, 3.328}
	near := orb.Point{99.157, 3.328}
	far := orb.Point{99.2, 3.4}
	tests := []struct {
		name       string
		candidates []orb.Point
		want       int
	}{
		{"empty", nil, -1},
		{"single", []orb.Point{far}, 0},
		{"nearest last", []orb.Point{far, far, near}, 2},
		{"tie goes to lowest index", []orb.Point{far, near, near}, 1},
		{"NaN candidate skipped", []orb.Point{{math.NaN(), 3}, far}, 1},
		{"only NaN", []orb.Point{{math.NaN(), 3}}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, m := Nearest(p, tt.candidates)
			if i != tt.want {
				t.Fatalf("Nearest index = %d, want %d", i, tt.want)
			}
			if i < 0 {
				if !math.IsInf(m, 1) {
					t.Errorf("metres = %v, want +Inf", m)
				}
				return
			}
			if want := Distance(p, tt.candidates[i]); m != want {
				t.Errorf("metres = %v, want %v", m, want)
			}
		})
	}
}

func TestValidPoint(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon float64
		want     string // "" = valid
	}{
		{"Tebing Tinggi", 3.328, 99.156, ""},
		{"poles and antimeridian", -90, 180, ""},
		{"north pole, west", 90, -180, ""},
		{"null island", 0, 0, ""},
		{"NaN latitude", math.NaN(), 99, "latitude is NaN"},
		{"Inf longitude", 3, math.Inf(-1), "longitude is -Inf"},
		{"latitude too big", 90.0001, 99, "latitude 90.0001 out of range [-90, 90]"},
		{"swapped lat and lon", 99.156, 3.328, "latitude 99.156 out of range"},
		{"longitude too small", 3, -180.5, "longitude -180.5 out of range [-180, 180]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidPoint(tt.lat, tt.lon)
			if tt.want == "" {
				if err != nil {
					t.Errorf("ValidPoint = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalidPoint) {
				t.Errorf("ValidPoint = %v, want ErrInvalidPoint containing %q", err, tt.want)
			}
		})
	}
}
