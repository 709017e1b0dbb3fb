package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/configs"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/deployment"
)

// An SMS sent after the acknowledge deadline (an escalation step, INFO)
// must ask for a reply by a time still ahead, not "sebelum 03:59" at 04:05.
func TestReplyByIsAlwaysAhead(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	at := func(h, m, s int) time.Time { return time.Date(2026, 11, 22, h, m, s, 0, wib) }
	cases := []struct {
		name          string
		deadline, now time.Time
		grace         time.Duration
		want          time.Time
	}{
		{"deadline ahead: kept", at(4, 10, 0), at(4, 5, 0), 2 * time.Minute, at(4, 10, 0)},
		{"escalation after the deadline", at(3, 59, 0), at(4, 5, 10), 2 * time.Minute, at(4, 7, 0)},
		{"same step, taken over later: same text", at(3, 59, 0), at(4, 6, 0), 2 * time.Minute, at(4, 7, 0)},
		{"close to the next step: the one after", at(3, 59, 0), at(4, 6, 30), 2 * time.Minute, at(4, 9, 0)},
		{"deadline in 20 s: kept (the charter's)", at(4, 5, 30), at(4, 5, 10), 2 * time.Minute, at(4, 5, 30)},
		{"tiny grace still a minute", at(3, 59, 0), at(4, 5, 0), time.Second, at(4, 6, 0)},
		{"no deadline", time.Time{}, at(4, 5, 0), 2 * time.Minute, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := replyBy(c.deadline, c.now, c.grace)
			if !got.Equal(c.want) {
				t.Fatalf("replyBy = %s, want %s", got.In(wib).Format("15:04:05"), c.want.Format("15:04:05"))
			}
			if !got.IsZero() && !c.deadline.After(c.now) && got.Sub(c.now) < time.Minute {
				t.Fatalf("reply deadline %s is less than a minute after %s", got.Format("15:04:05"), c.now.Format("15:04:05"))
			}
		})
	}
}

// The SMS an escalation step sends after the acknowledge deadline asks for
// a reply by a time still ahead (the next step), in the responder's zone.
func TestEscalationSMSAsksForAReplyAhead(t *testing.T) {
	dep, err := deployment.Load(configs.FS, configs.Default)
	if err != nil {
		t.Fatal(err)
	}
	wib := time.FixedZone("WIB", 7*3600)
	received := time.Date(2026, 11, 22, 3, 57, 0, 0, wib)
	inc := &dispatch.Incident{Code: "TT-0427", Category: "kebakaran_rumah", CategoryName: "Kebakaran rumah", Priority: 1, ReceivedAt: received,
		Location: dispatch.Location{Lat: 3.319242, Lon: 99.155676, Kelurahan: &dispatch.Place{Name: "Bandar Sono"}}}
	a := &dispatch.Assignment{Agency: "damkar", Lead: true, Deadlines: agencies.Deadlines{Acknowledge: received.Add(2 * time.Minute)}}
	now := time.Date(2026, 11, 22, 4, 5, 20, 0, wib)
	body := ComposeAssignment(dep.Taxonomy, dep.Directory, inc, a, "id", now, 2*time.Minute)
	if !strings.Contains(body, "sebelum 04:07 WIB") || strings.Contains(body, "03:59") {
		t.Fatalf("escalation SMS at 04:05 after a 03:59 deadline:\n%s", body)
	}
	if first := ComposeAssignment(dep.Taxonomy, dep.Directory, inc, a, "id", received, 2*time.Minute); !strings.Contains(first, "sebelum 03:59 WIB") {
		t.Fatalf("the first SMS keeps the charter deadline:\n%s", first)
	}
}
