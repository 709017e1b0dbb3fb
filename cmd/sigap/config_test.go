package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigap112/sigap/configs"
)

// copyDeployment writes the embedded Tebing Tinggi deployment to a directory
// and applies edit to one of its files.
func copyDeployment(t *testing.T, file, from, to string) string {
	t.Helper()
	dir := t.TempDir()
	sub, _ := fs.Sub(configs.FS, configs.Default)
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, file)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), from, to, 1)
	if edited == string(data) {
		t.Fatalf("%s does not contain %q", file, from)
	}
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestInvalidConfigurationStopsTheProcessNamingFileAndField(t *testing.T) {
	tests := []struct {
		name, file, from, to, want string
	}{
		{"unknown agency of a station", "agencies.yaml", "agency: damkar\n", "agency: damkr\n", `agencies.yaml: stations[0].agency: unknown agency "damkr"`},
		{"charter without fire default", "charter.yaml", `{agency: damkar, category: "*", priority: "*"`, `{agency: damkar, category: "*", priority: 2`, `charter.yaml: standards: agency "damkar" has no default standard`},
		{"taxonomy names an unknown agency", "taxonomy.yaml", "lead: bpbd", "lead: basarnas", "taxonomy.yaml"},
		{"city code does not match boundaries", "city.yaml", `code: "12.76"`, `code: "12.77"`, "city.yaml: city.code"},
		{"bad time zone", "city.yaml", "timezone: Asia/Jakarta", "timezone: Asia/Medan", "city.yaml: city.timezone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDeployment(t, tt.file, tt.from, tt.to)
			env := map[string]string{"SIGAP_CONFIG_DIR": dir, "SIGAP_LISTEN": "127.0.0.1:0", "REDIS_URL": "redis://127.0.0.1:1/0"}
			var stderr bytes.Buffer
			err := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("want the process to refuse to start with %q, got %v", tt.want, err)
			}
		})
	}
}

func TestInvalidEnvironmentIsRefused(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SIGAP_LOG_FORMAT": "xml"}, "SIGAP_LOG_FORMAT"},
		{map[string]string{"TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef"}, "Config.AuthToken"},
		{map[string]string{"SIGAP_PUBLIC_URL": "sigap.example"}, "SIGAP_PUBLIC_URL"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		err := run(context.Background(), nil, func(k string) string { return tt.env[k] }, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("env %v: want an error naming %s, got %v", tt.env, tt.want, err)
		}
	}
}
