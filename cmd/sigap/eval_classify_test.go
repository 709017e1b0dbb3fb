package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalClassifyReadsEverySetBeforeTraining: several -corpus files are
// measured with one trained model; a missing or broken one is named at
// once, before minutes of training, and nothing is measured.
func TestEvalClassifyReadsEverySetBeforeTraining(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	if err := os.WriteFile(good, []byte(`{"text":"rumah terbakar di jalan sudirman","category":"kebakaran_bangunan","agencies":["damkar"]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.jsonl")
	if err := os.WriteFile(broken, []byte(`{"text":"banjir","categori":"banjir"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(string) string { return "" }
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"a missing file":   {[]string{"-corpus", good + "," + filepath.Join(dir, "nope.jsonl")}, "nope.jsonl"},
		"a broken file":    {[]string{"-corpus", good + ", " + broken}, "broken.jsonl"},
		"cv over two sets": {[]string{"-cv", "-corpus", good + "," + good}, "one -corpus file"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := evalClassify(tc.args, getenv, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "good.jsonl") {
				t.Fatalf("error %v, want one naming %q (and not the good file)", err, tc.want)
			}
			if out.Len() > 0 {
				t.Errorf("measured something before failing:\n%s", out.String())
			}
		})
	}
}
