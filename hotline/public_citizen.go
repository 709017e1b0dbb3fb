package hotline

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// publicCitizen is the citizen's side of the charter on /piagam: rights and
// obligations, the city's vision and mission, the other complaint channels,
// and the official survey's index. Aggregates and the city's own words only.
type publicCitizen struct {
	Unconfirmed bool // the city has not confirmed its text yet
	Vision      string
	Mission     []string
	Rights      []string // the caller's rights
	Duties      []string // the caller's obligations
	Centre      []string // the centre's obligations
	PrankBasis  string
	Channels    []publicChannel
	Surveys     []publicIKM // last month, this month
	SurveysDown bool
	Topics      []option // the complaint form's topics
}

type publicChannel struct{ Name, Contact, URL, Note string }

// publicIKM is one month's survey index.
type publicIKM struct {
	Label string
	Rows  []ikmRow
}

// publicCitizen builds the section in one language.
func (s *Server) publicCitizen(ctx context.Context, lang Lang, ch *agencies.Charter) publicCitizen {
	pp := s.dep.City.PublicPage
	l := string(lang)
	t := func(k string) string { return uiText(lang, k) }
	out := publicCitizen{Unconfirmed: pp.NeedsConfirmation, Vision: pp.Vision.In(l), PrankBasis: pp.PrankLegalBasis.In(l)}
	for _, m := range pp.Mission {
		out.Mission = append(out.Mission, m.In(l))
	}
	callProcessing := humanDuration(ch.CallProcessing, lang)
	out.Rights = []string{fill(t("right_answered"), callProcessing), t("right_dispatched"), t("right_free"),
		t("right_language"), t("right_complain"), t("right_privacy")}
	out.Duties = []string{t("duty_truth"), t("duty_location"), t("duty_line"), t("duty_no_prank")}
	out.Centre = []string{t("centre_24h"), t("centre_charter"), fill(t("centre_answer"), "14"), t("centre_report")}
	for _, c := range pp.ComplaintChannels {
		out.Channels = append(out.Channels, publicChannel{Name: c.Name, Contact: c.Contact, URL: c.URL, Note: c.Note.In(l)})
	}
	out.Topics = []option{{Value: "", Label: t("topic_choose")}}
	for _, k := range complaintTopics {
		out.Topics = append(out.Topics, option{Value: k, Label: t("topic_" + k)})
	}
	s.publicSurveys(ctx, &out, lang)
	return out
}

// publicSurveys adds last month's and this month's IKM.
func (s *Server) publicSurveys(ctx context.Context, out *publicCitizen, lang Lang) {
	box := s.surveyStore()
	if box == nil {
		out.SurveysDown = true
		return
	}
	now := s.intake.Now().In(s.dep.Location)
	this := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.dep.Location)
	for _, from := range []time.Time{this.AddDate(0, -1, 0), this} {
		resp, err := box.Responses(ctx, surveyDays(from, from.AddDate(0, 1, 0), s.dep.Location))
		if err != nil {
			s.log.Error("public page survey", zap.Error(err))
			out.SurveysDown, out.Surveys = true, nil
			return
		}
		out.Surveys = append(out.Surveys, publicIKM{Label: monthName(from, lang), Rows: ikmRows(resp, s.dep.Directory, lang)})
	}
}
