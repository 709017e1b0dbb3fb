package hotline

import (
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/smsreply"
)

// complaintsScan is how many of the newest complaints the queue and the
// reports read (a city's 112 centre gets far fewer in a year).
const complaintsScan = 5000

// ComplaintReport is the complaint figures of a period (complaints
// received in [From, To)), as of Now.
type ComplaintReport struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Now      time.Time `json:"as_of"`
	Received int       `json:"received"`
	Answered int       `json:"answered"`
	// AnsweredInTime were answered within 14 days; AnsweredInTimePct is
	// their share of the complaints whose outcome is known (answered, or
	// unanswered past the deadline); -1 when there are none.
	AnsweredInTime    int          `json:"answered_within_14_days"`
	AnsweredInTimePct float64      `json:"answered_within_14_days_pct"`
	AnsweredLate      int          `json:"answered_late"`
	Open              int          `json:"open"`
	DueSoon           int          `json:"due_soon"` // unanswered, day 10 to 14
	Overdue           int          `json:"overdue"`  // unanswered past 14 days
	ByTopic           []TopicCount `json:"by_topic"`
}

// TopicCount is one topic's complaints.
type TopicCount struct {
	Topic    string `json:"topic"` // "" not yet filed
	Label    string `json:"label"`
	Received int    `json:"received"`
	Overdue  int    `json:"overdue"`
}

// complaintReport computes the figures of the complaints received in [from, to).
func complaintReport(list []Complaint, from, to, now time.Time, lang Lang) ComplaintReport {
	r := ComplaintReport{From: from, To: to, Now: now, AnsweredInTimePct: -1}
	topics := map[string]*TopicCount{}
	for _, c := range list {
		if c.At.Before(from) || !c.At.Before(to) {
			continue
		}
		r.Received++
		tc := topics[c.Topic]
		if tc == nil {
			label := uiText(lang, "topic_unfiled")
			if c.Topic != "" {
				label = uiText(lang, "topic_"+c.Topic)
			}
			tc = &TopicCount{Topic: c.Topic, Label: label}
			topics[c.Topic] = tc
		}
		tc.Received++
		switch dueOf(c, now).State {
		case dueAnswered:
			r.Answered++
			r.AnsweredInTime++
		case dueAnsweredLate:
			r.Answered++
			r.AnsweredLate++
		case dueOverdue:
			r.Open++
			r.Overdue++
			tc.Overdue++
		case dueSoon:
			r.Open++
			r.DueSoon++
		default:
			r.Open++
		}
	}
	if known := r.Answered + r.Overdue; known > 0 {
		r.AnsweredInTimePct = float64(r.AnsweredInTime) / float64(known) * 100
	}
	for _, t := range append(slices.Clone(complaintTopics), "") {
		if tc := topics[t]; tc != nil {
			r.ByTopic = append(r.ByTopic, *tc)
		}
	}
	return r
}

// HandleComplaintUpdate records a supervisor's follow-up (POST
// /pengaduan/:id/tindak-lanjut): the receiving officer, the topic, the
// incident the complaint is about.
func (s *Server) HandleComplaintUpdate(box Complaints) gin.HandlerFunc {
	return func(c *gin.Context) {
		lang := uiLang(c)
		id := c.Param("id")
		u := ComplaintUpdate{Officer: strings.TrimSpace(c.PostForm("officer")), Topic: c.PostForm("topic"),
			IncidentCode: strings.ToUpper(strings.TrimSpace(c.PostForm("incident"))), By: currentUser(c).Name, At: s.intake.Now()}
		v := complaintsView{ErrorID: id}
		switch {
		case box == nil:
			v.Error = uiText(lang, "cmp_unavailable")
		case utf8.RuneCountInString(u.Officer) > ComplaintMaxField:
			v.Error = fill(uiText(lang, "pub_field_long"), "100")
		case u.Topic != "" && !slices.Contains(complaintTopics, u.Topic):
			v.Error = uiText(lang, "cmp_topic_invalid")
		}
		if v.Error == "" && u.IncidentCode != "" {
			inc, err := s.store.Get(c.Request.Context(), u.IncidentCode)
			switch {
			case errors.Is(err, dispatch.ErrIncidentNotFound):
				v.Error = fill(uiText(lang, "cmp_incident_unknown"), u.IncidentCode)
			case err != nil:
				s.log.Error("complaint link", zap.Error(err))
				v.Error = uiText(lang, "err_unavailable")
			default:
				u.IncidentCode = inc.Code
			}
		}
		if v.Error != "" {
			s.renderComplaints(c, box, http.StatusBadRequest, v)
			return
		}
		err := box.Update(c.Request.Context(), id, u)
		switch {
		case errors.Is(err, ErrComplaintNotFound):
			v.Error = uiText(lang, "cmp_not_found")
			s.renderComplaints(c, box, http.StatusNotFound, v)
		case err != nil:
			s.log.Error("update complaint", zap.String("complaint", id), zap.Error(err))
			v.Error = uiText(lang, "err_unavailable")
			s.renderComplaints(c, box, http.StatusServiceUnavailable, v)
		default:
			c.Redirect(http.StatusSeeOther, "/pengaduan?diperbarui="+url.QueryEscape(id)+"#complaint-"+url.QueryEscape(id))
		}
	}
}

// HandleComplaintReport returns the complaint figures of a period (GET
// /api/v1/reports/complaints, the same period parameters as the compliance report).
func (s *Server) HandleComplaintReport() gin.HandlerFunc {
	return func(c *gin.Context) {
		q, err := s.reportQuery(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		box := s.complaintStore()
		if box == nil {
			s.fail(c, dispatch.ErrUnavailable)
			return
		}
		list, err := box.List(c.Request.Context(), complaintsScan)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, complaintReport(list, q.From, q.To, s.intake.Now(), langOf(c)))
	}
}

// IKMReport is the survey index of a period, for the centre and per agency.
type IKMReport struct {
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Units []ikmRow  `json:"units"`
}

// HandleIKMReport returns the IKM of a period (GET /api/v1/reports/ikm).
func (s *Server) HandleIKMReport() gin.HandlerFunc {
	return func(c *gin.Context) {
		q, err := s.reportQuery(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		rows, err := s.ikmOf(c, q.From, q.To, langOf(c))
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, IKMReport{From: q.From, To: q.To, Units: ikmFor(rows, q.Filter.Agency)})
	}
}

// ikmOf computes the index of the answers given in [from, to).
func (s *Server) ikmOf(c *gin.Context, from, to time.Time, lang Lang) ([]ikmRow, error) {
	box := s.surveyStore()
	if box == nil {
		return nil, dispatch.ErrUnavailable
	}
	resp, err := box.Responses(c.Request.Context(), surveyDays(from, to, s.dep.Location))
	if err != nil {
		return nil, err
	}
	return ikmRows(resp, s.dep.Directory, lang), nil
}

// complaintKeyword starts an SMS complaint to the centre's number.
const complaintKeyword = "ADUAN"

// complaintSMS takes an SMS starting with ADUAN as a complaint and answers
// with its receipt through TwiML. ok is false when the SMS is not one.
func (s *Server) complaintSMS(c *gin.Context, in smsreply.InboundSMS) bool {
	body := strings.TrimSpace(in.Body)
	if len(body) < len(complaintKeyword) || !strings.EqualFold(body[:len(complaintKeyword)], complaintKeyword) {
		return false
	}
	rest := body[len(complaintKeyword):]
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false // "ADUANNYA…" is not the keyword
	}
	text := strings.TrimSpace(strings.TrimLeft(rest, " :.,-"))
	lang := langID
	reply := func(msg string) { c.Data(http.StatusOK, "text/xml; charset=utf-8", twimlMessage(msg)) }
	box := s.complaintStore()
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		reply(uiText(lang, "sms_cmp_usage"))
		return true
	case n > ComplaintMaxText:
		text = string([]rune(text)[:ComplaintMaxText])
	}
	if box == nil {
		reply(uiText(lang, "sms_cmp_down"))
		return true
	}
	now := s.intake.Now()
	cp, err := box.Submit(c.Request.Context(), Complaint{At: now, Contact: in.From, Text: text, Channel: ChannelSMS,
		Receipt: receiptPrefix(now, s.dep.Location), MessageID: string(in.MessageID)}, "sms:"+in.From)
	switch {
	case errors.Is(err, ErrTooManyComplaints):
		reply(uiText(lang, "sms_cmp_too_many"))
	case err != nil:
		s.log.Error("sms complaint not stored", zap.String("message_id", string(in.MessageID)), zap.Error(err))
		reply(uiText(lang, "sms_cmp_down"))
	default:
		s.log.Info("complaint received by sms", zap.String("complaint", cp.ID))
		due := cp.At.Add(ComplaintDeadlineDays * 24 * time.Hour).In(s.dep.Location).Format("2006-01-02")
		reply(fill(uiText(lang, "sms_cmp_receipt"), s.dep.City.Name, cp.At.In(s.dep.Location).Format("2006-01-02 15:04 MST"),
			cp.Receipt, due, strings.TrimRight(s.cfg.PublicURL, "/")+"/piagam/aduan/"+cp.Receipt))
	}
	return true
}

// twimlMessage answers a webhook with one SMS back to the sender.
func twimlMessage(msg string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>`)
	_ = xml.EscapeText(&b, []byte(msg))
	b.WriteString(`</Message></Response>`)
	return []byte(b.String())
}
