package dispatch_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/intake"
	"github.com/sigap112/sigap/dispatch/notify"
)

// TestIntakeAnswersSetAgenciesPriorityAndSMS: the key questions' answers
// are stored on the incident, change who is dispatched and the priority,
// and appear in the responders' SMS.
func TestIntakeAnswersSetAgenciesPriorityAndSMS(t *testing.T) {
	svc := newService(t, newMemStore())
	ctx := context.Background()
	rep := dispatch.Report{CallerPhone: "0812-3456-7890", Description: "tabrakan motor dan mobil di jalan sudirman",
		Lat: 3.319242, Lon: 99.155676, Channel: dispatch.ChannelAPI,
		Answers: map[string]string{"korban_lalin": "2", "tidak_sadar": "1"}}
	inc, _, err := intake.NewService(svc).Intake(ctx, rep, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []agencies.AgencyID
	for _, a := range inc.Assignments {
		got = append(got, a.Agency)
	}
	if !slices.Contains(got, agencies.Dinkes) || inc.Priority != agencies.P1 {
		t.Errorf("answers with casualties: agencies %v P%d", got, inc.Priority)
	}
	if inc.Classification.AnswerNote != "2 korban, 1 tidak sadar" {
		t.Errorf("note %q", inc.Classification.AnswerNote)
	}
	sms := notify.ComposeAssignment(shipped(t).Taxonomy, shipped(t).Directory, inc, &inc.Assignments[0], "", time.Now(), time.Minute)
	if !strings.Contains(sms, "2 korban, 1 tidak sadar") {
		t.Errorf("SMS lacks the answers:\n%s", sms)
	}

	rep.Answers = map[string]string{"korban_lalin": "t"}
	inc, _, err = intake.NewService(svc).Intake(ctx, rep, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Assignments) != 1 || inc.Assignments[0].Agency != agencies.Dishub || inc.Category != "kecelakaan" {
		t.Errorf("no casualties: %q %+v", inc.Category, inc.Assignments)
	}

	rep.Answers = map[string]string{"korban_lalin": "banyak"}
	_, _, err = intake.NewService(svc).Intake(ctx, rep, "")
	var ve *dispatch.ValidationError
	if !errors.As(err, &ve) || ve.Fields["answers"].Code != "invalid" {
		t.Errorf("bad answer: err %v", err)
	}
}
