package agencies_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
)

type decodeDoc struct {
	Name   string        `yaml:"name"`
	After  time.Duration `yaml:"feedback_sms_after"`
	Shared `yaml:",inline"`
	Items  []struct {
		ID     string `yaml:"id"`
		Weight int    `yaml:"weight"`
	} `yaml:"items"`
	Cues map[string]struct {
		Weight float64 `yaml:"weight"`
	} `yaml:"cues"`
	Free any `yaml:"free"`
}

type Shared struct {
	WarningAt float64 `yaml:"warning_at"`
}

func TestDecodeConfig(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // every one must be in the error; none: no error
	}{
		{"valid", "name: x\nfeedback_sms_after: 10m\nwarning_at: 0.8\nitems: [{id: a, weight: 1}]\ncues: {laughter: {weight: 1}}\nfree: {anything: 1}\n", nil},
		{"top-level typo", "name: x\nfeedback_sms_aftr: 10m\n",
			[]string{"city.yaml:2: feedback_sms_aftr: field feedback_sms_aftr not found: did you mean feedback_sms_after?"}},
		{"inline field typo", "warnng_at: 0.5\n", []string{"city.yaml:1: warnng_at: ", "did you mean warning_at?"}},
		{"in a list", "items:\n  - id: a\n  - id: b\n    wieght: 2\n", []string{"city.yaml:4: items[1].wieght: ", "did you mean weight?"}},
		{"in a map value", "cues:\n  laughter: {weihgt: 1}\n", []string{"city.yaml:2: cues.laughter.weihgt: ", "did you mean weight?"}},
		{"every typo at once", "nme: x\nwarnng_at: 1\n", []string{"city.yaml:1: nme:", "did you mean name?", "city.yaml:2: warnng_at:"}},
		{"nothing close", "colour: red\n", []string{"city.yaml:1: colour: field colour not found (valid: cues, feedback_sms_after, free, items, name, warning_at)"}},
		{"wrong type", "name: x\nitems:\n  - weight: lots\n", []string{"city.yaml:3: ", "cannot unmarshal"}},
		{"duplicate key", "name: x\nname: y\n", []string{"city.yaml:2: ", "already defined"}},
		{"syntax", "name: [x\n", []string{"city.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d decodeDoc
			err := agencies.DecodeConfig([]byte(tt.doc), "city.yaml", &d)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if d.After != 10*time.Minute || d.WarningAt != 0.8 || len(d.Items) != 1 {
					t.Errorf("decoded %+v", d)
				}
				return
			}
			var ce *agencies.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("want a ConfigError, got %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nwant %q", err, w)
				}
			}
		})
	}
	var d decodeDoc
	if err := agencies.DecodeConfig([]byte("# only a comment\n"), "city.yaml", &d); !errors.Is(err, io.EOF) {
		t.Errorf("empty file: err = %v, want io.EOF", err)
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"feedback_sms_after", "warning_at", "lead", "support", "name"}
	for in, want := range map[string]string{
		"feedback_sms_aftr": "feedback_sms_after", "warnng_at": "warning_at", "wraning_at": "warning_at",
		"leed": "lead", "suport": "support", "nmae": "name", "colour": "", "x": "",
	} {
		if got := agencies.Nearest(in, keys); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", in, got, want)
		}
	}
}
