package agencies_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/configs"
)

var known = map[agencies.AgencyID]bool{agencies.Damkar: true, agencies.Dinkes: true}

const charterDoc = `
valid_from: "2026-01-01"
standards:
  - {agency: damkar, category: "*", priority: "*", acknowledge: 2m, arrive: 15m, resolve: 3h}
  - {agency: damkar, category: "*", priority: 1, acknowledge: 1m, arrive: 15m, resolve: 3h}
  - {agency: damkar, category: kebakaran_lahan, priority: "*", acknowledge: 3m, arrive: 30m, resolve: 6h}
  - {agency: damkar, category: kebakaran_lahan, priority: 1, acknowledge: 2m, arrive: 20m, resolve: 5h}
  - {agency: dinkes, category: "*", priority: "*", acknowledge: 2m, arrive: 30m, resolve: 2h}
`

func TestCharterMostSpecificStandardWins(t *testing.T) {
	c, err := agencies.ParseCharter([]byte(charterDoc), "charter.yaml", known)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		agency   agencies.AgencyID
		category string
		p        agencies.Priority
		arrive   time.Duration
	}{
		{agencies.Damkar, "kebakaran_lahan", agencies.P1, 20 * time.Minute}, // agency+category+priority
		{agencies.Damkar, "kebakaran_lahan", agencies.P2, 30 * time.Minute}, // agency+category
		{agencies.Damkar, "kebakaran", agencies.P1, 15 * time.Minute},       // agency+priority
		{agencies.Damkar, "kebakaran", agencies.P3, 15 * time.Minute},       // agency default
		{agencies.Dinkes, "medis", agencies.P1, 30 * time.Minute},
	}
	for _, tt := range tests {
		got, ok := c.Targets(tt.agency, tt.category, tt.p)
		if !ok || got.Arrive != tt.arrive {
			t.Errorf("%s/%s/%v: arrive %v (ok=%v), want %v", tt.agency, tt.category, tt.p, got.Arrive, ok, tt.arrive)
		}
	}
	if _, ok := c.Targets(agencies.BPBD, "banjir", agencies.P2); ok {
		t.Error("an agency the charter does not know must not get targets")
	}
	received := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	t1, _ := c.Targets(agencies.Damkar, "kebakaran", agencies.P1)
	if d := t1.Deadlines(received); !d.Acknowledge.Equal(received.Add(time.Minute)) || !d.Arrive.Equal(received.Add(15*time.Minute)) {
		t.Errorf("deadlines %+v", d)
	}
	if c.WarningAt != 0.8 {
		t.Errorf("warning_at default: %v", c.WarningAt)
	}
}

func TestCharterValidation(t *testing.T) {
	tests := []struct{ name, from, to, field string }{
		{"missing default", `{agency: dinkes, category: "*", priority: "*"`, `{agency: dinkes, category: "*", priority: 1`, "standards:"},
		{"ack after arrival", "acknowledge: 3m, arrive: 30m", "acknowledge: 40m, arrive: 30m", "standards[2]:"},
		{"bad duration", "resolve: 2h}", "resolve: dua jam}", "standards[4].resolve:"},
		{"bad priority", "priority: 1, acknowledge: 1m", "priority: 7, acknowledge: 1m", "standards[1].priority:"},
		{"unknown agency", "{agency: dinkes", "{agency: dinas", "standards[4].agency:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(charterDoc, tt.from, tt.to, 1)
			if doc == charterDoc {
				t.Fatalf("fixture replacement %q not found", tt.from)
			}
			_, err := agencies.ParseCharter([]byte(doc), "charter.yaml", known)
			if err == nil || !strings.Contains(err.Error(), "charter.yaml: "+tt.field) {
				t.Errorf("want an error naming %q, got %v", tt.field, err)
			}
		})
	}
}

func TestShippedCharterPromisesFireArrivalWithin15Minutes(t *testing.T) {
	data, err := configs.FS.ReadFile("tebingtinggi/charter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	all := map[agencies.AgencyID]bool{agencies.BPBD: true, agencies.Damkar: true, agencies.Dinkes: true, agencies.Dishub: true}
	c, err := agencies.ParseCharter(data, "charter.yaml", all)
	if err != nil {
		t.Fatal(err)
	}
	tg, _ := c.Targets(agencies.Damkar, "kebakaran", agencies.P1)
	if tg.Arrive > 15*time.Minute {
		t.Errorf("Permen PU 25/2008: fire response ≤ 15 min, charter says %v", tg.Arrive)
	}
}
