package escalation

import (
	"context"
	"fmt"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch"
)

// SurveyIssuer hands out single-use links to the official satisfaction
// survey (IKM, PermenPANRB 14/2017). A link knows the agencies that served
// and nothing else: no number, no incident.
type SurveyIssuer interface {
	// IssueSurvey stores a new unused token for the agencies. Returns an
	// error wrapping ErrUnavailable when storage is down.
	IssueSurvey(ctx context.Context, agencies []agencies.AgencyID) (token string, err error)
}

// surveyInvite follows the quick 1–5 question in the feedback SMS.
const surveyInvite = " Survei resmi (9 pertanyaan, 1 menit): %s"

// feedbackText is the SMS asking a caller to rate the service: the quick
// 1–5 reply and, when a survey store is wired, a single-use survey link. A
// link that cannot be issued never holds the SMS back.
func (w *Worker) feedbackText(ctx context.Context, inc *dispatch.Incident) string {
	body := dispatch.Textf(agencies.Indonesian, "feedback_ask", w.cfg.CityName, inc.Code)
	if w.Surveys == nil || w.cfg.SurveyURL == "" {
		return body
	}
	var served []agencies.AgencyID
	seen := map[agencies.AgencyID]bool{}
	for _, a := range inc.Assignments {
		if !seen[a.Agency] { // closing cancels unfinished assignments: every agency sent counts
			seen[a.Agency] = true
			served = append(served, a.Agency)
		}
	}
	if len(served) == 0 {
		return body
	}
	token, err := w.Surveys.IssueSurvey(ctx, served)
	if err != nil {
		w.log.Warn("survey link not issued; feedback SMS without it", zap.String("incident", inc.Code), zap.Error(err))
		return body
	}
	return body + fmt.Sprintf(surveyInvite, w.cfg.SurveyURL+token)
}
