package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsNeedATokenOrTheirOwnAddress(t *testing.T) {
	const metricsToken = "prometheus-rahasia-123"
	t.Run("token", func(t *testing.T) {
		h := newHarnessWith(t, func(o *Options) { o.MetricsToken = metricsToken })
		if code, _ := get(t, h.http.URL+"/metrics", ""); code != http.StatusUnauthorized {
			t.Errorf("without the token: %d", code)
		}
		if code, _ := get(t, h.http.URL+"/metrics", h.token); code != http.StatusUnauthorized {
			t.Errorf("with a user's token instead of the metrics token: %d", code)
		}
		if code, body := get(t, h.http.URL+"/metrics", metricsToken); code != 200 || !strings.Contains(body, "go_goroutines") {
			t.Errorf("with the token: %d", code)
		}
	})
	t.Run("no token: a signed-in user", func(t *testing.T) {
		h := newHarness(t)
		if code, _ := get(t, h.http.URL+"/metrics", ""); code != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", code)
		}
		if code, _ := get(t, h.http.URL+"/metrics", h.token); code != 200 {
			t.Errorf("signed in: %d", code)
		}
	})
	t.Run("own address", func(t *testing.T) {
		h := newHarnessWith(t, func(o *Options) { o.MetricsListen = "127.0.0.1:0" })
		stop, err := h.app.serveMetrics()
		if err != nil {
			t.Fatal(err)
		}
		defer stop()
		if code, _ := get(t, h.http.URL+"/metrics", h.token); code != http.StatusNotFound {
			t.Errorf("/metrics still on the public listener: %d", code)
		}
		if code, body := get(t, "http://"+h.app.metricsAddr+"/metrics", ""); code != 200 || !strings.Contains(body, "go_goroutines") {
			t.Errorf("metrics listener: %d", code)
		}
	})
}

func TestSimulatorOnlyInDemoOrWhenEnabled(t *testing.T) {
	tests := []struct {
		name   string
		adjust func(*Options)
		want   int
	}{
		{"durable Redis, outbox mode", func(o *Options) { o.Twilio = twilioNone }, http.StatusNotFound},
		{"durable Redis, Twilio", func(*Options) {}, http.StatusNotFound},
		{"enabled explicitly", func(o *Options) { o.Twilio, o.Simulator = twilioNone, true }, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, tt.adjust)
			if code, _ := get(t, h.http.URL+"/simulator", h.token); code != tt.want {
				t.Errorf("/simulator: %d, want %d", code, tt.want)
			}
		})
	}
	o, err := parseOptions(nil, func(k string) string { return map[string]string{"SIGAP_SIMULATOR": "ya"}[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SIGAP_SIMULATOR") {
		t.Errorf("SIGAP_SIMULATOR=ya accepted: %+v %v", o, err)
	}
}
