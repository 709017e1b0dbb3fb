package locate

import (
	"math"
	"testing"
)

func TestOLCValidity(t *testing.T) {
	tests := []struct {
		code         string
		valid, short bool
		full         bool
	}{
		{"8FVC9G8F+6X", true, false, true},
		{"8fvc9g8f+6x", true, false, true},
		{"8FVC9G8F+6XQ", true, false, true},
		{"8FVC9G8F+6XQQ435", true, false, true}, // digits past 15 are allowed, ignored
		{"8FVC0000+", true, false, true},
		{"8F000000+", true, false, true},
		{"8FVC9G8F+", true, false, true},
		{"6MMX85H7+C2", true, false, true},
		{"9G8F+6X", true, true, false},
		{"8F+6X", true, true, false},
		{"9G8F+", true, true, false},
		{"85h7+c2", true, true, false},
		// Invalid.
		{"", false, false, false},
		{"8FVC9G8F6X", false, false, false},   // no separator
		{"8FVC9G8F++6X", false, false, false}, // two separators
		{"8FVC9G8+F6X", false, false, false},  // separator after an odd digit
		{"8FVC9G8F6X+", false, false, false},  // separator after the 8th digit
		{"+6X", false, false, false},          // nothing before the separator
		{"8FVC9G8F+6", false, false, false},   // a single digit after it
		{"8FVC9G8F+6A", false, false, false},  // A is not in the alphabet
		{"8FVC9G8I+6X", false, false, false},  // neither is I
		{"8FVC9G8F+6X ", false, false, false}, // nor a space
		{"8FV00000+", false, false, false},    // odd padding
		{"8FVC000+", false, false, false},     // odd padding ending at an odd position
		{"00000000+", false, false, false},    // padding from the start
		{"8F0C0000+", false, false, false},    // padding with a gap
		{"8FVC0000+6X", false, false, false},  // digits after padding
		{"9G00+", false, false, false},        // short codes are never padded
		// Valid shape, but the first digits are out of range: not full.
		{"XFVC9G8F+6X", true, false, false}, // latitude 290°
		{"C2VC9G8F+6X", true, false, true},  // latitude 70° to 90°, fine
		{"8WVC9G8F+6X", true, false, false}, // longitude 180°
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := olcValid(tt.code); got != tt.valid {
				t.Errorf("olcValid = %v, want %v", got, tt.valid)
			}
			if got := olcCheckShort(tt.code) == nil; got != tt.short {
				t.Errorf("olcCheckShort ok = %v, want %v", got, tt.short)
			}
			if got := olcCheckFull(tt.code) == nil; got != tt.full {
				t.Errorf("olcCheckFull ok = %v, want %v", got, tt.full)
			}
			if _, err := olcDecode(tt.code); (err == nil) != tt.full {
				t.Errorf("olcDecode err = %v, want ok %v", err, tt.full)
			}
		})
	}
}

func TestOLCDecode(t *testing.T) {
	// Expected centres worked out by hand from the digit values
	// (2=0 … X=19): e.g. 8FVC9G8F+6X is latitude 6·20+17+7·0.05+6·0.0025+
	// 4·0.000125 − 90 = 47.3655, longitude 9·20+8+10·0.05+9·0.0025+
	// 19·0.000125 − 180 = 8.524875, plus half a 0.000125° cell.
	tests := []struct {
		code     string
		lat, lon float64
		digits   int
	}{
		{"8FVC9G8F+6X", 47.3655625, 8.5249375, 10}, // Zurich
		{"8fvc9g8f+6x", 47.3655625, 8.5249375, 10},
		// 11th digit Q=15: row 15/4=3 of 5, column 15%4=3 of 4.
		{"8FVC9G8F+6XQ", 47.3655875, 8.524984375, 11},
		// 12th digit H=11: row 2, column 3 inside that.
		{"8FVC9G8F+6XQH", 47.3655875, 8.52499609375, 12},
		{"8FVC0000+", 47.5, 8.5, 4},
		{"8FVC9G00+", 47.375, 8.525, 6},
		{"8F000000+", 40, 10, 2},
		{"6MMX85H7+C2", 3.3285625, 99.1625625, 10}, // Tebing Tinggi
		{"22222222+22", -89.9999375, -179.9999375, 10},
		{"C2X2X2X2+X2", 89.9999375, -179.9999375, 10},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			a, err := olcDecode(tt.code)
			if err != nil {
				t.Fatal(err)
			}
			lat, lon := a.center()
			if math.Abs(lat-tt.lat) > 1e-9 || math.Abs(lon-tt.lon) > 1e-9 {
				t.Errorf("centre = (%.10f, %.10f), want (%.10f, %.10f)", lat, lon, tt.lat, tt.lon)
			}
			if a.digits != tt.digits {
				t.Errorf("digits = %d, want %d", a.digits, tt.digits)
			}
		})
	}
}

func TestOLCRecoverNearest(t *testing.T) {
	tests := []struct {
		name           string
		code           string
		refLat, refLon float64
		want           string
	}{
		{"Zurich", "9G8F+6X", 47.37, 8.52, "8FVC9G8F+6X"},
		{"Zurich lower case", "9g8f+6x", 47.37, 8.52, "8FVC9G8F+6X"},
		{"Zurich 6 digits dropped", "8F+6X", 47.37, 8.52, "8FVC9G8F+6X"},
		{"Zurich 11 digits", "9G8F+6XQ", 47.37, 8.52, "8FVC9G8F+6XQ"},
		{"Tebing Tinggi", "85H7+C2", 3.33, 99.16, "6MMX85H7+C2"},
		// The reference's own 1° cell holds the code 0.63° south; the one
		// north of it is nearer.
		{"next cell north", "9G8F+6X", 47.9999, 8.52, "8FWC9G8F+6X"},
		// 10.5249° is 0.515° east of the reference; 9.5249° is nearer.
		{"next cell west", "9G8F+6X", 47.37, 10.01, "8FVF9G8F+6X"},
		{"full code returned as is", "8fvc9g8f+6x", 0, 0, "8FVC9G8F+6X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := olcRecoverNearest(tt.code, tt.refLat, tt.refLon)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("olcRecoverNearest(%q, %v, %v) = %q, want %q", tt.code, tt.refLat, tt.refLon, got, tt.want)
			}
		})
	}
	for _, bad := range []string{"9G8F+6", "9G00+", "XFVC9G8F+6X", "+6X"} {
		if got, err := olcRecoverNearest(bad, 47.37, 8.52); err == nil {
			t.Errorf("olcRecoverNearest(%q) = %q, want an error", bad, got)
		}
	}
}

// TestOLCTebingTinggi encodes Tebing Tinggi at every code length and checks
// the code against the digits worked out by hand and that it decodes to an
// area holding the point.
func TestOLCTebingTinggi(t *testing.T) {
	const lat, lon = 3.3285, 99.1625
	// By hand: lat+90 = 93.3285 = 4·20 + 13 + 6·0.05 + 11·0.0025 + 8·0.000125
	// → 6 M 8 H C; lon+180 = 279.1625 = 13·20 + 19 + 3·0.05 + 5·0.0025 + 0
	// → M X 5 7 2. Interleaved: 6MMX85H7C2.
	want := map[int]string{
		2:  "6M000000+",
		4:  "6MMX0000+",
		6:  "6MMX8500+",
		8:  "6MMX85H7+",
		10: "6MMX85H7+C2",
	}
	for digits := 2; digits <= 15; digits++ {
		if digits < 10 && digits%2 == 1 {
			if _, err := olcEncode(lat, lon, digits); err == nil {
				t.Errorf("olcEncode(%d digits) gave no error", digits)
			}
			continue
		}
		code, err := olcEncode(lat, lon, digits)
		if err != nil {
			t.Fatalf("olcEncode(%d): %v", digits, err)
		}
		if w, ok := want[digits]; ok && code != w {
			t.Errorf("olcEncode(%d) = %q, want %q", digits, code, w)
		}
		a, err := olcDecode(code)
		if err != nil {
			t.Fatalf("olcDecode(%q): %v", code, err)
		}
		if a.digits != digits {
			t.Errorf("olcDecode(%q) digits = %d, want %d", code, a.digits, digits)
		}
		const eps = 1e-9
		if lat < a.latLo-eps || lat >= a.latHi+eps || lon < a.lonLo-eps || lon >= a.lonHi+eps {
			t.Errorf("olcDecode(%q) = [%v,%v)×[%v,%v), does not hold (%v, %v)", code, a.latLo, a.latHi, a.lonLo, a.lonHi, lat, lon)
		}
		// The centre is within half a cell of the point.
		cLat, cLon := a.center()
		if math.Abs(cLat-lat) > (a.latHi-a.latLo)/2+eps || math.Abs(cLon-lon) > (a.lonHi-a.lonLo)/2+eps {
			t.Errorf("olcDecode(%q) centre (%v, %v) too far from (%v, %v)", code, cLat, cLon, lat, lon)
		}
	}
	// Zurich's published 11-digit example as a cross-check of the grid order.
	if code, _ := olcEncode(47.365590, 8.524997, 11); code != "8FVC9G8F+6XQ" {
		t.Errorf("olcEncode(Zurich, 11) = %q, want 8FVC9G8F+6XQ", code)
	}
}
