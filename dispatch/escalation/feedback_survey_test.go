package escalation

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// fakeIssuer hands out one token, or fails.
type fakeIssuer struct {
	got []agencies.AgencyID
	err error
}

func (f *fakeIssuer) IssueSurvey(_ context.Context, ags []agencies.AgencyID) (string, error) {
	f.got = ags
	return "tok123", f.err
}

func TestFeedbackSMSCarriesTheSurveyLink(t *testing.T) {
	inc := &dispatch.Incident{Code: "TT-0042", Assignments: []dispatch.Assignment{{Agency: agencies.Damkar, Status: dispatch.AssignResolved},
		{Agency: agencies.Dinkes, Status: dispatch.AssignCancelled}, {Agency: agencies.Damkar, Status: dispatch.AssignCancelled}}}
	cfg := WorkerConfig{CityName: "Kota Tebing Tinggi", SurveyURL: "https://112.example.go.id/survei/"}
	ok := &fakeIssuer{}
	body := NewWorker(cfg, agencies.Damkar, WorkerDeps{Surveys: ok, Log: zap.NewNop()}).feedbackText(context.Background(), inc)
	if !strings.Contains(body, "Balas angka 1") || !strings.HasSuffix(body, "Survei resmi (9 pertanyaan, 1 menit): https://112.example.go.id/survei/tok123") {
		t.Errorf("feedback SMS: %q", body)
	}
	if len(ok.got) != 2 || ok.got[0] != agencies.Damkar || ok.got[1] != agencies.Dinkes {
		t.Errorf("the link names each agency sent once: %v", ok.got)
	}
	// Storage down: the quick question still goes out, without a link.
	down := &fakeIssuer{err: errors.New("redis down")}
	body = NewWorker(cfg, agencies.Damkar, WorkerDeps{Surveys: down, Log: zap.NewNop()}).feedbackText(context.Background(), inc)
	if !strings.Contains(body, "Balas angka 1") || strings.Contains(body, "survei") {
		t.Errorf("without a link: %q", body)
	}
	// No survey store wired: as before.
	if body := NewWorker(WorkerConfig{CityName: "X"}, agencies.Damkar, WorkerDeps{Log: zap.NewNop()}).feedbackText(context.Background(), inc); strings.Contains(body, "Survei") {
		t.Errorf("no store: %q", body)
	}
}
