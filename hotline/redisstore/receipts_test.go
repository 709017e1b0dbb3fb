package redisstore_test

import (
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/hotline"
	"github.com/sigap112/sigap/hotline/redisstore"
)

func TestComplaintReceiptsFollowUpAndRedelivery(t *testing.T) {
	for name, rdb := range complaintBackends(t) {
		t.Run(name, func(t *testing.T) {
			s := redisstore.NewComplaints(rdb, redisstore.ComplaintOptions{})
			at := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
			c, err := s.Submit(ctx, hotline.Complaint{At: at, Contact: "+6281299990000", Text: "lama", Channel: hotline.ChannelSMS,
				Receipt: "ADU-20261206", MessageID: "SM1"}, "sms:+6281299990000")
			if err != nil || !regexp.MustCompile(`^ADU-20261206-0001-[0-9A-Z]{8}$`).MatchString(c.Receipt) || c.ID != "1" {
				t.Fatalf("submit: %+v %v", c, err)
			}
			again, err := s.Submit(ctx, hotline.Complaint{At: at.Add(time.Minute), Text: "lama", Receipt: "ADU-20261206", MessageID: "SM1"}, "sms:x")
			if err != nil || again.ID != "1" || again.Receipt != c.Receipt {
				t.Errorf("a redelivered SMS must return the stored complaint: %+v %v", again, err)
			}
			got, err := s.ByReceipt(ctx, c.Receipt)
			if err != nil || got.ID != "1" || got.Channel != hotline.ChannelSMS || got.Contact != "+6281299990000" || got.Officer != "" {
				t.Fatalf("by receipt: %+v %v", got, err)
			}
			other := c.Receipt[:len(c.Receipt)-8] + "ZZZZZZZZ"
			if other == c.Receipt {
				other = c.Receipt[:len(c.Receipt)-8] + "00000000"
			}
			if _, err := s.ByReceipt(ctx, other); !errors.Is(err, hotline.ErrComplaintNotFound) {
				t.Errorf("the right number with another suffix: %v", err)
			}
			u := hotline.ComplaintUpdate{Officer: "Rina", Topic: "response_time", IncidentCode: "TT-0001", By: "sari", At: at.Add(time.Hour)}
			if err := s.Update(ctx, "1", u); err != nil {
				t.Fatal(err)
			}
			u.By, u.At, u.IncidentCode = "budi", at.Add(2*time.Hour), ""
			if err := s.Update(ctx, "1", u); err != nil { // same officer: who assigned stays
				t.Fatal(err)
			}
			got, _ = s.ByReceipt(ctx, c.Receipt)
			if got.Officer != "Rina" || got.AssignedBy != "sari" || !got.AssignedAt.Equal(at.Add(time.Hour)) || got.IncidentCode != "" || got.Topic != "response_time" {
				t.Errorf("follow-up: %+v", got)
			}
			if err := s.Update(ctx, "9", u); !errors.Is(err, hotline.ErrComplaintNotFound) {
				t.Errorf("unknown: %v", err)
			}
			_ = s.Answer(ctx, "1", "first", "sari", at.Add(3*time.Hour))
			_ = s.Answer(ctx, "1", "second", "budi", at.Add(20*24*time.Hour))
			got, _ = s.ByReceipt(ctx, c.Receipt)
			if got.Answer != "second" || got.AnsweredBy != "sari" || !got.AnsweredAt.Equal(at.Add(3*time.Hour)) {
				t.Errorf("a changed answer keeps the first answer's time and author (the deadline): %+v", got)
			}
		})
	}
}

func TestSurveyLinksAreSingleUse(t *testing.T) {
	for name, rdb := range complaintBackends(t) {
		t.Run(name, func(t *testing.T) {
			s := redisstore.NewSurveys(rdb, "")
			tok, err := s.IssueSurvey(ctx, []agencies.AgencyID{agencies.BPBD, agencies.Dishub})
			if err != nil || len(tok) != 22 {
				t.Fatalf("issue: %q %v", tok, err)
			}
			if err := s.Open(ctx, tok); err != nil {
				t.Fatal(err)
			}
			scores := [hotline.IKMElements]int{1, 2, 3, 4, 4, 3, 2, 1, 4}
			var wg sync.WaitGroup
			errs := make([]error, 10)
			for i := range errs {
				wg.Add(1)
				go func(i int) { defer wg.Done(); errs[i] = s.Submit(ctx, tok, "2026-12-06", scores) }(i)
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, hotline.ErrSurveyUsed):
					t.Errorf("submit: %v", err)
				}
			}
			if ok != 1 {
				t.Errorf("%d of 10 concurrent submits stored, want 1", ok)
			}
			if err := s.Open(ctx, tok); !errors.Is(err, hotline.ErrSurveyUsed) {
				t.Errorf("open a used link: %v", err)
			}
			for _, bad := range []string{"", "../x", "nope"} {
				if err := s.Submit(ctx, bad, "2026-12-06", scores); !errors.Is(err, hotline.ErrSurveyUsed) {
					t.Errorf("submit %q: %v", bad, err)
				}
			}
			resp, err := s.Responses(ctx, []string{"2026-12-05", "2026-12-06"})
			if err != nil || len(resp) != 1 || resp[0].Day != "2026-12-06" || resp[0].Scores != scores ||
				len(resp[0].Agencies) != 2 || resp[0].Agencies[1] != agencies.Dishub {
				t.Errorf("responses: %+v %v", resp, err)
			}
		})
	}
}
