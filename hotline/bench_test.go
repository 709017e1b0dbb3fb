package hotline_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkIntake measures one emergency from HTTP request to incident stored
// and its assignments queued in Redis (classification, geofencing, routing,
// the atomic create script), against a real redis-server on loopback, as an
// authenticated call-taker (API token). Every request must answer 201: a
// benchmark of an error page measures nothing, and .ci/test runs it once.
func BenchmarkIntake(b *testing.B) {
	a := newAPI(b)
	bodies := []string{
		`{"caller_phone":"0812-3456-7890","description":"Tolong, rumah tetangga terbakar, ada nenek terjebak di dalam","location":{"lat":3.319242,"lon":99.155676},"address":"Jl. Gunung Leuser gg. Mawar 5"}`,
		`{"caller_phone":"+62 813 1111 2222","description":"bapak saya tiba-tiba pingsan tidak sadarkan diri","location":{"lat":3.361591,"lon":99.164030}}`,
		`{"caller_phone":"081299998888","description":"kereta tabrakan sama mobil di simpang, pengendaranya berdarah","location":{"lat":3.331048,"lon":99.169456}}`,
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/incidents", strings.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+a.token)
		req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-%d", i))
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkIntakeParallel is the same with concurrent call-takers.
func BenchmarkIntakeParallel(b *testing.B) {
	a := newAPI(b)
	body := `{"caller_phone":"0812-3456-7890","description":"banjir sudah masuk rumah setinggi lutut","location":{"lat":3.345507,"lon":99.184944}}`
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/incidents", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+a.token)
			rec := httptest.NewRecorder()
			a.handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				b.Errorf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}
