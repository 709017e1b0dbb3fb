package hotline_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// rawGet returns the body of a GET as text, to look for null in it.
func (a *api) rawGet(path string) (int, string) {
	a.tb.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// A referral (outside the city) has no assignments: the API must still
// send lists as [] so that the board and the incident page can render it.
func TestReferralJSONHasNoNullLists(t *testing.T) {
	a := newAPI(t)
	code, out, _ := a.do("POST", "/api/v1/incidents", "application/json",
		`{"caller_phone":"0812-3456-7890","description":"rumah terbakar api besar","location":{"lat":3.40,"lon":99.16}}`)
	if code != http.StatusCreated || out["status"] != "referred" {
		t.Fatalf("create referral: %d %v", code, out)
	}
	id := out["id"].(string)
	for _, path := range []string{"/api/v1/incidents/" + id, "/api/v1/incidents?status=open", "/api/v1/incidents/" + id + "/events"} {
		code, body := a.rawGet(path)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		if strings.Contains(body, "null") {
			t.Errorf("%s sends null: %s", path, body)
		}
	}
	_, body := a.rawGet("/api/v1/incidents/" + id)
	if !strings.Contains(body, `"assignments":[]`) {
		t.Errorf("a referral's assignments must be []: %s", body)
	}
}

// Every assignment carries its station's phone, for when SMS fail.
func TestAssignmentCarriesStationPhone(t *testing.T) {
	a := newAPI(t)
	code, out, _ := a.do("POST", "/api/v1/incidents", "application/json", validBody)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, out)
	}
	as := out["assignments"].([]any)
	if len(as) == 0 {
		t.Fatal("no assignments")
	}
	for _, x := range as {
		m := x.(map[string]any)
		if p, _ := m["station_phone"].(string); !strings.HasPrefix(p, "+62") {
			t.Errorf("assignment %v: station_phone %q", m["agency"], p)
		}
	}
}
