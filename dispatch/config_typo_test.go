package dispatch_test

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch/deployment"
)

// shippedCopy copies the shipped deployment into memory so a test can break one file.
func shippedCopy(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(configs.FS, configs.Default, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(configs.FS, p)
		out[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// lineOf is the 1-based line of the first occurrence of s in text.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in the file", s)
	}
	return strings.Count(text[:i], "\n") + 1
}

// A misspelt key in any configuration file stops the deployment from loading
// with the file, its line, the key and the key that was meant. Before strict
// decoding, city.yaml, charter.yaml and hoax.yaml dropped such a key silently
// (feedback_sms_aftr turned the feedback SMS off).
func TestDeploymentRefusesMisspeltKeys(t *testing.T) {
	tests := []struct {
		file, from, to, field, meant string
	}{
		{"city.yaml", "feedback_sms_after: 10m", "feedback_sms_aftr: 10m", "city.feedback_sms_aftr", "feedback_sms_after"},
		{"city.yaml", "\ncharter: charter.yaml", "\ncharterr: charter.yaml", "charterr", "charter"},
		{"city.yaml", "  neighbours:", "  neighbors:", "boundaries.neighbors", "neighbours"},
		{"charter.yaml", "warning_at: 0.8", "warnng_at: 0.5", "warnng_at", "warning_at"},
		{"charter.yaml", "acknowledge: 2m,  arrive: 15m", "acknowlegde: 2m,  arrive: 15m", "standards[0].acknowlegde", "acknowledge"},
		{"hoax.yaml", "  suspected: 6", "  suspectd: 6", "levels.suspectd", "suspected"},
		{"hoax.yaml", "far_from_handset: {weight: 2, metres: 3000}", "far_from_handset: {weight: 2, meters: 3000}", "signals.far_from_handset.meters", "metres"},
		{"agencies.yaml", "    short_name: BPBD", "    shortname: BPBD", "agencies[0].shortname", "short_name"},
		{"taxonomy.yaml", "min_score: 0.4", "min_scor: 0.4", "min_scor", "min_score"},
		{"taxonomy.yaml", "    lead: damkar", "    leed: damkar", "categories[0].leed", "lead"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.to, func(t *testing.T) {
			fsys := shippedCopy(t)
			name := configs.Default + "/" + tt.file
			text := string(fsys[name].Data)
			if !strings.Contains(text, tt.from) {
				t.Fatalf("fixture %q not in %s", tt.from, tt.file)
			}
			broken := strings.Replace(text, tt.from, tt.to, 1)
			fsys[name] = &fstest.MapFile{Data: []byte(broken)}
			_, err := deployment.Load(fsys, configs.Default)
			if err == nil {
				t.Fatalf("%s with %q loaded without error", tt.file, tt.to)
			}
			var ce *agencies.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("want a ConfigError, got %T %v", err, err)
			}
			line := lineOf(t, broken, strings.TrimLeft(tt.to, "\n"))
			want := name + ":" + strconv.Itoa(line) + ": " + tt.field + ": "
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\nwant it to contain %q", err, want)
			}
			if !strings.Contains(err.Error(), "did you mean "+tt.meant+"?") {
				t.Errorf("error %q does not suggest %s", err, tt.meant)
			}
		})
	}
	if _, err := deployment.Load(shippedCopy(t), configs.Default); err != nil {
		t.Fatalf("the shipped deployment must load: %v", err)
	}
}
