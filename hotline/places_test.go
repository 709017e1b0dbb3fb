package hotline_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A Google Maps link pasted from WhatsApp → the point and its kelurahan.
func TestLocateReadsAPastedShareLink(t *testing.T) {
	a := newAPI(t)
	code, out, _ := a.do("POST", "/api/v1/locate", "application/json",
		`{"text":"Lokasi: https://maps.google.com/maps?q=3.319242%2C99.155676&z=17"}`)
	if code != http.StatusOK {
		t.Fatalf("status %d: %v", code, out)
	}
	loc, _ := out["location"].(map[string]any)
	kel, _ := loc["kelurahan"].(map[string]any)
	if out["lat"] != 3.319242 || out["lon"] != 99.155676 || out["format"] != "maps_link" || out["precision"] != "point" {
		t.Fatalf("point %v", out)
	}
	if kel["name"] != "Bandar Sono" || loc["in_city"] != true {
		t.Fatalf("kelurahan %v, want Bandar Sono in the city", loc)
	}
	if st, _ := out["stations"].([]any); st == nil {
		t.Fatalf("stations must be a list, never null: %v", out)
	}
}

func TestLocateSaysWhyNotInTheCallTakersLanguage(t *testing.T) {
	a := newAPI(t)
	for _, c := range []struct{ lang, text, code, says string }{
		{"id", "https://maps.app.goo.gl/AbC123", "short_link", "tanpa internet"},
		{"en", "https://maps.app.goo.gl/AbC123", "short_link", "cannot be opened offline"},
		{"id", "rumah pak RT", "unrecognised", "tidak dikenali"},
		{"en", "", "required", "Give a location"},
	} {
		code, out, _ := a.do("POST", "/api/v1/locate?lang="+c.lang, "application/json", `{"text":`+quote(c.text)+`}`)
		fe := fieldError(out, "location_text")
		if code != http.StatusBadRequest || fe["code"] != c.code || !strings.Contains(fe["message"].(string), c.says) {
			t.Errorf("%s %q: %d %v; want 400 %s saying %q", c.lang, c.text, code, fe, c.code, c.says)
		}
	}
}

func TestIncidentFromLocationTextRecordsAPoint(t *testing.T) {
	a := newAPI(t)
	code, out, _ := a.do("POST", "/api/v1/incidents", "application/json",
		`{"caller_phone":"0812-3456-7890","description":"rumah terbakar","location_text":"3°19'09.3\"N 99°09'20.4\"E"}`)
	if code != http.StatusCreated {
		t.Fatalf("status %d: %v", code, out)
	}
	loc := out["location"].(map[string]any)
	if loc["precision"] != "point" || loc["kelurahan"] == nil {
		t.Fatalf("location %v", loc)
	}
	code, out, _ = a.do("POST", "/api/v1/incidents", "application/json",
		`{"caller_phone":"0812-3456-7890","description":"rumah terbakar","location_text":"https://goo.gl/maps/x"}`)
	if fe := fieldError(out, "location_text"); code != http.StatusBadRequest || fe["code"] != "short_link" || fieldError(out, "location") != nil {
		t.Fatalf("short link: %d %v", code, out)
	}
}

func TestIncidentRecordsPrecisionAndAnsweredAt(t *testing.T) {
	a := newAPI(t)
	answered := time.Now().Add(-45 * time.Second).UTC().Format(time.RFC3339Nano)
	code, out, _ := a.do("POST", "/api/v1/incidents", "application/json",
		`{"caller_phone":"0812-3456-7890","description":"rumah terbakar","location":{"lat":3.3147,"lon":99.1564},
		  "location_precision":"kelurahan_centre","answered_at":"`+answered+`"}`)
	if code != http.StatusCreated {
		t.Fatalf("status %d: %v", code, out)
	}
	if p := out["location"].(map[string]any)["precision"]; p != "kelurahan_centre" {
		t.Errorf("precision %v", p)
	}
	if got, _ := time.Parse(time.RFC3339Nano, out["answered_at"].(string)); got.Format(time.RFC3339Nano) != answered {
		t.Errorf("answered_at %v, want %s", out["answered_at"], answered)
	}
	for _, c := range []struct{ body, field, code string }{
		{`"answered_at":"` + time.Now().Add(time.Hour).UTC().Format(time.RFC3339) + `"`, "answered_at", "future"},
		{`"answered_at":"` + time.Now().Add(-2*time.Hour).UTC().Format(time.RFC3339) + `"`, "answered_at", "too_old"},
		{`"answered_at":"kemarin"`, "answered_at", "type"},
		{`"location_precision":"exact"`, "location_precision", "invalid"},
	} {
		code, out, _ := a.do("POST", "/api/v1/incidents", "application/json",
			`{"caller_phone":"0812-3456-7890","description":"rumah terbakar","location":{"lat":3.3147,"lon":99.1564},`+c.body+`}`)
		if fe := fieldError(out, c.field); code != http.StatusBadRequest || fe["code"] != c.code {
			t.Errorf("%s: %d %v; want 400 %s %s", c.body, code, out, c.field, c.code)
		}
	}
}

// A landmark found by typing part of its name; a kelurahan by its name
// (its centre, marked as such); an address confirmed with a point on one
// call found on the next.
func TestPlacesSearchAsTheCallTakerTypes(t *testing.T) {
	a := newAPI(t)
	first := func(q string) map[string]any {
		t.Helper()
		code, out, _ := a.do("GET", "/api/v1/places?q="+q, "", "")
		places, _ := out["places"].([]any)
		if code != http.StatusOK || places == nil {
			t.Fatalf("places?q=%s: %d %v", q, code, out)
		}
		if len(places) == 0 {
			return nil
		}
		return places[0].(map[string]any)
	}
	if p := first("nur+add"); p == nil || p["name"] != "Masjid Raya Nur Addin" || p["precision"] != "landmark" || p["kelurahan"] == nil {
		t.Fatalf("nur add: %v", p)
	}
	if p := first("jl+sudirman+dekat+masjid"); p == nil || p["name"] != "Masjid Raya Nur Addin" || p["near_street"] != "Jalan Jenderal Sudirman" {
		t.Fatalf("jl sudirman dekat masjid: %v", p)
	}
	if p := first("bagelen"); p == nil || p["kind"] != "kelurahan" || p["precision"] != "kelurahan_centre" {
		t.Fatalf("bagelen: %v", p)
	}
	if p := first("griya+indah"); p != nil {
		t.Fatalf("unknown address found: %v", p)
	}
	code, out, _ := a.do("POST", "/api/v1/incidents", "application/json",
		`{"caller_phone":"0812-3456-7890","description":"rumah terbakar","address":"Perumahan Griya Indah blok C no 7","location":{"lat":3.3301,"lon":99.1501}}`)
	if code != http.StatusCreated {
		t.Fatalf("status %d: %v", code, out)
	}
	p := first("griya+ind")
	if p == nil || p["name"] != "Perumahan Griya Indah blok C no 7" || p["source"] != "history" || p["lat"] != 3.3301 || p["precision"] != "point" {
		t.Fatalf("learned address: %v", p)
	}
	// An approximate location is never learned as if it were the address's point.
	a.do("POST", "/api/v1/incidents", "application/json",
		`{"caller_phone":"0812-3456-7890","description":"rumah terbakar","address":"Gang Kenanga ujung","location":{"lat":3.3147,"lon":99.1564},"location_precision":"kelurahan_centre"}`)
	if p := first("kenanga"); p != nil {
		t.Fatalf("a kelurahan centre was learned as an address point: %v", p)
	}
}

func fieldError(out map[string]any, field string) map[string]any {
	e, _ := out["error"].(map[string]any)
	fields, _ := e["fields"].(map[string]any)
	fe, _ := fields[field].(map[string]any)
	return fe
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
