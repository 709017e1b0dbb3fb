package hotline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	aredis "github.com/sigap112/sigap/agencies/redisstore"
	"github.com/sigap112/sigap/agencies/redisstore/redistest"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
	"github.com/sigap112/sigap/dispatch/redisstore"
	"github.com/sigap112/sigap/dispatch/report"
	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

var shippedDep *deployment.Deployment

func loadDeployment(tb testing.TB) *deployment.Deployment {
	tb.Helper()
	if shippedDep == nil {
		d, err := deployment.Load(configs.FS, configs.Default)
		if err != nil {
			tb.Fatal(err)
		}
		shippedDep = d
	}
	return shippedDep
}

type api struct {
	tb       testing.TB
	handler  http.Handler
	redis    *redistest.Server
	store    *redisstore.Store
	token    string // a call-taker's API token
	accounts *hredis.Accounts
}

func newAPI(tb testing.TB) *api {
	tb.Helper()
	dep := loadDeployment(tb)
	srv := redistest.Start(tb)
	rdb := srv.Client()
	var ids []agencies.AgencyID
	for _, a := range dep.Directory.Agencies() {
		ids = append(ids, a.ID)
	}
	store := redisstore.New(rdb, redisstore.Options{Agencies: ids})
	if err := store.Init(context.Background()); err != nil {
		tb.Fatal(err)
	}
	svc := dispatch.NewService(dispatch.Config{CodePrefix: "TT", Referrals: dep.Referrals()}, dispatch.ServiceDeps{
		Store: store, Timers: store, Calls: store, Taxonomy: dep.Taxonomy, Directory: dep.Directory, Atlas: dep.Atlas, Charter: dep.Charter, Log: zap.NewNop()})
	reg := prometheus.NewRegistry()
	reg.MustRegister(redisstore.NewQueueCollector(store, ids))
	accounts := hredis.New(rdb, hredis.Options{Agencies: ids, BcryptCost: 4})
	s := hotline.New(hotline.Config{Durable: true}, hotline.Deps{Dispatch: svc, Store: store, Changes: store, Deployment: dep,
		Reports: report.NewService(store, dep.Location, "TT"), Accounts: accounts, Outbox: aredis.NewOutbox(rdb, "sigap:", 0), Ready: store.Ping, Log: zap.NewNop(), Registry: reg,
		Places: hredis.NewPlaces(rdb, hredis.PlaceOptions{})})
	ctx := context.Background()
	if _, err := accounts.CreateUser(ctx, "tari", hotline.RoleCallTaker, ""); err != nil {
		tb.Fatal(err)
	}
	token, err := accounts.IssueToken(ctx, "tari")
	if err != nil {
		tb.Fatal(err)
	}
	return &api{tb: tb, handler: s.Handler(), redis: srv, store: store, token: token, accounts: accounts}
}

func (a *api) do(method, path, contentType, body string, hdr ...string) (int, map[string]any, http.Header) {
	a.tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out, rec.Header()
}

const validBody = `{"caller_phone":"0812-3456-7890","description":"rumah terbakar api besar","location":{"lat":3.319242,"lon":99.155676}}`

func TestCreateIncidentRejectsBadInputFieldByField(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name   string
		body   string
		fields []string
	}{
		{"lat out of range", `{"caller_phone":"0812-3456-7890","description":"rumah terbakar","location":{"lat":93.3,"lon":99.1}}`, []string{"location"}},
		{"lon not a number", `{"caller_phone":"0812-3456-7890","description":"rumah terbakar","location":{"lat":3.3,"lon":"sembilan"}}`, []string{"location.lon"}},
		{"location missing", `{"caller_phone":"0812-3456-7890","description":"rumah terbakar"}`, []string{"location"}},
		{"empty description", `{"caller_phone":"0812-3456-7890","description":"   ","location":{"lat":3.3,"lon":99.15}}`, []string{"description"}},
		{"unparsable phone", `{"caller_phone":"08-12","description":"rumah terbakar","location":{"lat":3.3,"lon":99.15}}`, []string{"caller_phone"}},
		{"several at once", `{"caller_phone":"abc","description":"","location":{"lat":"x","lon":null}}`, []string{"caller_phone", "description", "location.lat", "location.lon"}},
		{"not an emergency", `{"caller_phone":"0812-3456-7890","description":"jadwal pembuatan KTP hari apa","location":{"lat":3.3,"lon":99.15}}`, []string{"category"}},
		{"unknown category", `{"caller_phone":"0812-3456-7890","description":"tolong","category":"alien","location":{"lat":3.3,"lon":99.15}}`, []string{"category"}},
		{"priority out of range", `{"caller_phone":"0812-3456-7890","description":"rumah terbakar","priority":9,"location":{"lat":3.3,"lon":99.15}}`, []string{"priority"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, _ := a.do("POST", "/api/v1/incidents", "application/json", tt.body)
			if code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %v", code, out)
			}
			fields, _ := out["error"].(map[string]any)["fields"].(map[string]any)
			for _, f := range tt.fields {
				fe, ok := fields[f].(map[string]any)
				if !ok || fe["message"] == "" {
					t.Errorf("no error on field %s: %v", f, fields)
				}
			}
			if len(fields) != len(tt.fields) {
				t.Errorf("fields %v, want exactly %v", fields, tt.fields)
			}
		})
	}
	if n, _ := a.store.NextCode(context.Background()); n != 1 {
		t.Errorf("rejected requests consumed %d incident codes: something was written", n-1)
	}
	list, _ := a.store.List(context.Background(), dispatch.ListFilter{})
	if len(list) != 0 {
		t.Errorf("rejected requests created incidents: %d", len(list))
	}
}

func TestErrorsSpeakTheCallTakersLanguage(t *testing.T) {
	a := newAPI(t)
	body := `{"caller_phone":"0812-3456-7890","description":"","location":{"lat":3.3,"lon":99.15}}`
	_, id, _ := a.do("POST", "/api/v1/incidents", "application/json", body)
	_, en, _ := a.do("POST", "/api/v1/incidents", "application/json", body, "Accept-Language", "en-US,en;q=0.9")
	msg := func(out map[string]any) string {
		return out["error"].(map[string]any)["fields"].(map[string]any)["description"].(map[string]any)["message"].(string)
	}
	if !strings.Contains(msg(id), "wajib") || !strings.Contains(msg(en), "Describe") {
		t.Errorf("id: %q, en: %q", msg(id), msg(en))
	}
}

func TestTransportErrors(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		name, ctype, body string
		status            int
		code              string
	}{
		{"wrong content type", "text/plain", validBody, http.StatusUnsupportedMediaType, "unsupported_media"},
		{"form body", "application/x-www-form-urlencoded", "a=b", http.StatusUnsupportedMediaType, "unsupported_media"},
		{"too large", "application/json", `{"description":"` + strings.Repeat("x", 70<<10) + `"}`, http.StatusRequestEntityTooLarge, "too_large"},
		{"broken json", "application/json", `{"description":`, http.StatusBadRequest, "bad_json"},
		{"json with charset", "application/json; charset=utf-8", validBody, http.StatusCreated, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out, _ := a.do("POST", "/api/v1/incidents", tt.ctype, tt.body)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %v", status, tt.status, out)
			}
			if tt.code != "" && out["error"].(map[string]any)["code"] != tt.code {
				t.Errorf("code %v, want %s", out["error"], tt.code)
			}
		})
	}
}

func TestIdempotencyKeyReturnsTheFirstIncident(t *testing.T) {
	a := newAPI(t)
	s1, first, _ := a.do("POST", "/api/v1/incidents", "application/json", validBody, "Idempotency-Key", "call-2026-11-22-0001")
	s2, second, h := a.do("POST", "/api/v1/incidents", "application/json", validBody, "Idempotency-Key", "call-2026-11-22-0001")
	if s1 != 201 || s2 != 201 || first["id"] != second["id"] || h.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("repeat: %d %v / %d %v", s1, first["id"], s2, second["id"])
	}
	// client_request_id in the body works the same way.
	body := strings.Replace(validBody, `{`, `{"client_request_id":"tablet-7-42",`, 1)
	_, b1, _ := a.do("POST", "/api/v1/incidents", "application/json", body)
	_, b2, _ := a.do("POST", "/api/v1/incidents", "application/json", body)
	if b1["id"] != b2["id"] || b1["id"] == first["id"] {
		t.Errorf("client_request_id: %v %v", b1["id"], b2["id"])
	}
	s3, conflict, _ := a.do("POST", "/api/v1/incidents", "application/json",
		strings.Replace(validBody, "api besar", "asap hitam", 1), "Idempotency-Key", "call-2026-11-22-0001")
	if s3 != http.StatusUnprocessableEntity {
		t.Errorf("same key, other body: %d %v", s3, conflict)
	}
	_, list, _ := a.do("GET", "/api/v1/incidents?status=open", "", "")
	if n := len(list["incidents"].([]any)); n != 2 {
		t.Errorf("open incidents: %d, want 2", n)
	}
}

func TestRedisDownIs503AndSaysNotSaved(t *testing.T) {
	a := newAPI(t)
	a.redis.Kill()
	status, out, _ := a.do("POST", "/api/v1/incidents", "application/json", validBody)
	if status != http.StatusServiceUnavailable || !strings.Contains(fmt.Sprint(out), "BELUM tersimpan") {
		t.Errorf("POST with Redis down: %d %v", status, out)
	}
	if status, _, _ := a.do("GET", "/readyz", "", ""); status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Redis down: %d", status)
	}
	if status, _, _ := a.do("GET", "/healthz", "", ""); status != http.StatusOK {
		t.Errorf("/healthz must stay 200 (the process is up): %d", status)
	}
}

func TestClassifyAndLookups(t *testing.T) {
	a := newAPI(t)
	status, out, _ := a.do("POST", "/api/v1/classify", "application/json", `{"description":"nenek saya sesak napas, bibirnya biru"}`)
	if status != 200 || out["lead"] != "dinkes" || out["category"] == "" || len(out["reasons"].([]any)) == 0 {
		t.Errorf("classify: %d %v", status, out)
	}
	status, out, _ = a.do("POST", "/api/v1/classify", "application/json", `{}`)
	if status != 400 {
		t.Errorf("classify without description: %d %v", status, out)
	}
	_, inc, _ := a.do("POST", "/api/v1/incidents", "application/json", validBody)
	for _, key := range []string{inc["id"].(string), inc["code"].(string), strings.ToLower(inc["code"].(string))} {
		if status, got, _ := a.do("GET", "/api/v1/incidents/"+key, "", ""); status != 200 || got["id"] != inc["id"] {
			t.Errorf("GET %s: %d", key, status)
		}
	}
	if status, _, _ := a.do("GET", "/api/v1/incidents/TT-9999", "", ""); status != 404 {
		t.Errorf("unknown incident: %d", status)
	}
	if status, _, _ := a.do("GET", "/api/v1/incidents?status=maybe", "", ""); status != 400 {
		t.Errorf("bad status filter: %d", status)
	}
	rec := httptest.NewRecorder()
	mreq := httptest.NewRequest("GET", "/metrics", nil)
	mreq.Header.Set("Authorization", "Bearer "+a.token)
	a.handler.ServeHTTP(rec, mreq)
	for _, m := range []string{`sigap_intake_total{outcome="created"} 1`, "sigap_intake_seconds_count 1", `sigap_queue_length{agency="damkar"}`} {
		if !strings.Contains(rec.Body.String(), m) {
			t.Errorf("/metrics lacks %s", m)
		}
	}
}
