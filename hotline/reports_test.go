package hotline_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/hotline"
)

// as returns a copy of the API that calls with a new user's token.
func (a *api) as(name string, role hotline.Role, agency agencies.AgencyID) *api {
	a.tb.Helper()
	ctx := context.Background()
	if _, err := a.accounts.CreateUser(ctx, name, role, agency); err != nil {
		a.tb.Fatal(err)
	}
	tok, err := a.accounts.IssueToken(ctx, name)
	if err != nil {
		a.tb.Fatal(err)
	}
	cp := *a
	cp.token = tok
	return &cp
}

func TestComplianceReportAPI(t *testing.T) {
	a := newAPI(t)
	snake := `{"caller_phone":"0812-3456-7890","description":"ada ular kobra masuk rumah","location":{"lat":3.322394,"lon":99.165179}}`
	if code, out, _ := a.do("POST", "/api/v1/incidents", "application/json", snake); code != 201 {
		t.Fatalf("snake: %d %v", code, out)
	}
	fire := `{"caller_phone":"0812-3456-7890","description":"rumah terbakar, ada nenek terjebak di dalam","location":{"lat":3.319242,"lon":99.155676}}`
	if code, out, _ := a.do("POST", "/api/v1/incidents", "application/json", fire); code != 201 { // damkar + dinkes
		t.Fatalf("fire: %d %v", code, out)
	}
	official := a.as("walikota", hotline.RoleOfficial, "")
	code, r, _ := official.do("GET", "/api/v1/reports/compliance?period=month&group_by=agency", "", "")
	if code != 200 {
		t.Fatalf("report: %d %v", code, r)
	}
	keys := func(r map[string]any) string {
		var ks []string
		for _, g := range r["groups"].([]any) {
			ks = append(ks, g.(map[string]any)["key"].(string))
		}
		return strings.Join(ks, ",")
	}
	if got := keys(r); got != "damkar,dinkes" {
		t.Errorf("official sees groups %s, want damkar,dinkes", got)
	}
	if r["overall"].(map[string]any)["incidents"].(float64) != 2 {
		t.Errorf("overall incidents: %v", r["overall"])
	}
	dinkes := a.as("puskesmas", hotline.RoleAgency, agencies.Dinkes)
	_, mine, _ := dinkes.do("GET", "/api/v1/reports/compliance?period=month&group_by=agency&agency=damkar", "", "")
	if got := keys(mine); got != "dinkes" || mine["overall"].(map[string]any)["incidents"].(float64) != 1 {
		t.Errorf("an agency user sees only its agency (even asking for another): %s %v", got, mine["overall"])
	}
	if code, _, _ := a.do("GET", "/api/v1/reports/compliance", "", ""); code != http.StatusForbidden {
		t.Errorf("a call-taker is not a report reader: %d", code)
	}
	if code, out, _ := official.do("GET", "/api/v1/reports/compliance?from=2026-13-01&group_by=colour", "", ""); code != 400 ||
		out["error"].(map[string]any)["fields"].(map[string]any)["group_by"] == nil {
		t.Errorf("bad filters: %d %v", code, out)
	}
	req := httptest.NewRequest("GET", "/api/v1/reports/compliance.csv?period=month&kind=assignments", nil)
	req.Header.Set("Authorization", "Bearer "+official.token)
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if rec.Code != 200 || !strings.HasPrefix(lines[0], "code,agency,station,category,priority,kecamatan,received_at") || len(lines) != 4 { // header, the snake (damkar), the fire (damkar, dinkes)
		t.Errorf("CSV: %d %q", rec.Code, rec.Body.String())
	}
}
