package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func editFile(t *testing.T, path, from, to string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(from)) {
		t.Fatalf("%q not in %s", from, path)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(from), []byte(to), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestConfigCheckShippedDeployment(t *testing.T) {
	for name, args := range map[string][]string{
		"embedded": {"check"},
		"a copy":   {"check", copyDeployment(t, "city.yaml", "zone_label: WIB", "zone_label: WIB  ")},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if err := configCommand(args, &out, &errOut); err != nil {
				t.Fatalf("config check: %v\n%s", err, out.String())
			}
			for _, want := range []string{": OK\n", "Kota Tebing Tinggi (12.76)", "5 kecamatan, 35 kelurahan",
				"4 (bpbd, damkar, dinkes, dishub)", "rating SMS 10m0s", "example data (contoh)"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("summary lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

func TestConfigCheckBrokenCopy(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		edits [][2]string
		want  []string
	}{
		{"typo in city.yaml", "city.yaml", [][2]string{{"feedback_sms_after: 10m", "feedback_sms_aftr: 10m"}},
			[]string{"city.yaml:10: city.feedback_sms_aftr: field feedback_sms_aftr not found: did you mean feedback_sms_after?"}},
		{"two typos in charter.yaml", "charter.yaml", [][2]string{{"warning_at: 0.8", "warnng_at: 0.5"}, {"call_processing: 60s", "call_procesing: 60s"}},
			[]string{"charter.yaml:", "warnng_at: field warnng_at not found: did you mean warning_at?",
				"call_procesing: field call_procesing not found: did you mean call_processing?"}},
		{"unknown agency in agencies.yaml", "agencies.yaml", [][2]string{{"agency: damkar", "agency: damkr"}},
			[]string{`agencies.yaml: stations[0].agency: unknown agency "damkr"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDeployment(t, tt.file, tt.edits[0][0], tt.edits[0][1])
			for _, e := range tt.edits[1:] {
				editFile(t, filepath.Join(dir, tt.file), e[0], e[1])
			}
			var out bytes.Buffer
			err := configCommand([]string{"check", dir}, &out, io.Discard)
			if err == nil {
				t.Fatalf("a broken copy passed the check:\n%s", out.String())
			}
			if !strings.Contains(err.Error(), "the server would refuse to start") {
				t.Errorf("err = %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			if strings.Contains(out.String(), "OK") {
				t.Errorf("a broken copy printed OK:\n%s", out.String())
			}
		})
	}
	// Through the command line: a broken copy makes sigap fail (exit status 1 in main).
	dir := copyDeployment(t, "city.yaml", "feedback_sms_after: 10m", "feedback_sms_aftr: 10m")
	if err := run(context.Background(), []string{"config", "check", dir}, func(string) string { return "" }, io.Discard); err == nil {
		t.Fatal("sigap config check on a broken copy returned no error")
	}
}
