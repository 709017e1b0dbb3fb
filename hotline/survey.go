package hotline

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"
)

// The official survey (Survei Kepuasan Masyarakat): after a resolved
// incident the caller's feedback SMS carries a single-use link to
// /survei/{token}, a short mobile page with the nine IKM elements worded for
// a 112 call. Answers are anonymous: only the agencies and the day are kept.

// Survey limits, per address.
const (
	SurveyRequestsPerWindow = 30
	SurveyWindow            = 10 * time.Minute
)

// ErrSurveyUsed: the survey link is unknown, expired or already answered.
var ErrSurveyUsed = errors.New("survey link used or unknown")

// Surveys keeps survey links and their anonymous answers.
type Surveys interface {
	// Open returns nil while token is an unused survey link; ErrSurveyUsed
	// when it is unknown, expired or used.
	Open(ctx context.Context, token string) error
	// Submit stores the answer under the agencies the link names and day,
	// and uses the link up, in one step: of two submits with one link
	// exactly one is stored; the other gets ErrSurveyUsed.
	Submit(ctx context.Context, token, day string, scores [IKMElements]int) error
	// Responses returns the answers given on the days (YYYY-MM-DD).
	Responses(ctx context.Context, days []string) ([]SurveyResponse, error)
}

// surveyView is what survey.html gets.
type surveyView struct {
	Token    string
	Elements []surveyElement
	Error    string
	Used     bool // the link was used, is unknown or expired
	Limited  bool
	Down     bool
	Done     bool // thanks
	Other    Lang
}

// Scale is the perception scale of every element, 1–4.
func (surveyView) Scale() []int { return []int{1, 2, 3, 4} }

// surveyElement is one question and its four answers.
type surveyElement struct {
	N        int // 1–9
	Key      string
	Question string
	Selected int
	Error    string
}

// surveyRoutes registers the survey page (no sign-in).
func (s *Server) surveyRoutes(r *gin.Engine) {
	box := s.surveyStore()
	r.GET("/survei/selesai", func(c *gin.Context) {
		v := surveyView{Done: true}
		s.renderStandalone(c, http.StatusOK, "survey", "sv_title", &v, &v.Other)
	})
	r.GET("/survei/:token", s.HandleSurveyPage(box))
	r.POST("/survei/:token", s.HandleSurveySubmit(box))
}

// surveyElements words the nine elements in lang, with the chosen scores.
func surveyElements(lang Lang, chosen [IKMElements]int) []surveyElement {
	out := make([]surveyElement, IKMElements)
	for i, k := range ikmElements {
		out[i] = surveyElement{N: i + 1, Key: k, Question: uiText(lang, "ikm_q_"+k), Selected: chosen[i]}
	}
	return out
}

// surveyGate counts the request against the address and checks the
// store; it fills v and returns the status when the page cannot be shown.
func (s *Server) surveyGate(c *gin.Context, box Surveys, v *surveyView) int {
	switch err := s.allowPublic(c, "survey", SurveyRequestsPerWindow, SurveyWindow); {
	case errors.Is(err, ErrRateLimited):
		v.Limited = true
		return http.StatusTooManyRequests
	case err != nil || box == nil:
		v.Down = true
		return http.StatusServiceUnavailable
	}
	return 0
}

// HandleSurveyPage shows the survey (GET /survei/:token).
func (s *Server) HandleSurveyPage(box Surveys) gin.HandlerFunc {
	return func(c *gin.Context) {
		v := surveyView{Token: c.Param("token")}
		status := s.surveyGate(c, box, &v)
		if status == 0 {
			status = http.StatusOK
			switch err := box.Open(c.Request.Context(), v.Token); {
			case errors.Is(err, ErrSurveyUsed):
				v.Used, status = true, http.StatusGone
			case err != nil:
				s.log.Error("open survey", zap.Error(err))
				v.Down, status = true, http.StatusServiceUnavailable
			default:
				v.Elements = surveyElements(uiLang(c), [IKMElements]int{})
			}
		}
		s.renderStandalone(c, status, "survey", "sv_title", &v, &v.Other)
	}
}

// HandleSurveySubmit stores an answer (POST /survei/:token): every element
// answered 1–4, the form's own token, the link used once.
func (s *Server) HandleSurveySubmit(box Surveys) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 4<<10)
		lang := uiLang(c)
		v := surveyView{Token: c.Param("token")}
		if status := s.surveyGate(c, box, &v); status != 0 {
			s.renderStandalone(c, status, "survey", "sv_title", &v, &v.Other)
			return
		}
		var scores [IKMElements]int
		missing := false
		for i, k := range ikmElements {
			n, err := strconv.Atoi(c.PostForm(k))
			if err != nil || n < 1 || n > 4 {
				missing = true
				continue
			}
			scores[i] = n
		}
		v.Elements = surveyElements(lang, scores)
		cookie, _ := c.Cookie(publicCSRFCookie)
		switch {
		case !sameSecret(c.PostForm("_csrf"), cookie):
			v.Error = uiText(lang, "pub_form_expired")
			s.renderStandalone(c, http.StatusForbidden, "survey", "sv_title", &v, &v.Other)
			return
		case missing:
			for i := range v.Elements {
				if v.Elements[i].Selected == 0 {
					v.Elements[i].Error = uiText(lang, "sv_required")
				}
			}
			v.Error = uiText(lang, "sv_incomplete")
			s.renderStandalone(c, http.StatusBadRequest, "survey", "sv_title", &v, &v.Other)
			return
		}
		day := s.intake.Now().In(s.dep.Location).Format("2006-01-02")
		switch err := box.Submit(c.Request.Context(), v.Token, day, scores); {
		case errors.Is(err, ErrSurveyUsed):
			v.Used, v.Elements = true, nil
			s.renderStandalone(c, http.StatusGone, "survey", "sv_title", &v, &v.Other)
		case err != nil:
			s.log.Error("store survey", zap.Error(err))
			v.Error = uiText(lang, "sv_unavailable")
			s.renderStandalone(c, http.StatusServiceUnavailable, "survey", "sv_title", &v, &v.Other)
		default:
			c.Redirect(http.StatusSeeOther, "/survei/selesai")
		}
	}
}

// surveyDays lists the calendar days of [from, to) in the city's zone.
func surveyDays(from, to time.Time, loc *time.Location) []string {
	var days []string
	for d := from.In(loc); d.Before(to) && len(days) < 400; d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format("2006-01-02"))
	}
	return days
}
