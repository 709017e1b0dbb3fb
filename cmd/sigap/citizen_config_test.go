package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestInvalidPublicPageConfigurationStopsTheProcess(t *testing.T) {
	for _, tt := range []struct{ name, from, to, want string }{
		{"channel url without scheme", `url: "https://www.lapor.go.id"`, `url: "www.lapor.go.id"`,
			`city.yaml: city.public_page.complaint_channels[2].url: "www.lapor.go.id" must start with https:// or http://`},
		{"channel without a name", `- name: "DPRD Kota Tebing Tinggi"`, `- name: ""`, `city.yaml: city.public_page.complaint_channels[1].name: required`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDeployment(t, "city.yaml", tt.from, tt.to)
			env := map[string]string{"SIGAP_CONFIG_DIR": dir, "SIGAP_LISTEN": "127.0.0.1:0", "REDIS_URL": "redis://127.0.0.1:1/0"}
			var stderr bytes.Buffer
			err := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("want the process to refuse to start with %q, got %v", tt.want, err)
			}
		})
	}
}
