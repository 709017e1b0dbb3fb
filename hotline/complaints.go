package hotline

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"
)

// Complaint is a citizen's complaint or feedback about the 112 service, sent
// from the public charter page. Name and contact are optional: a citizen
// may complain anonymously.
type Complaint struct {
	ID         string          `json:"id"`
	At         time.Time       `json:"at"`
	Name       string          `json:"name,omitempty"`
	Contact    string          `json:"contact,omitempty"` // a phone number or e-mail to answer to
	Text       string          `json:"text"`
	Status     ComplaintStatus `json:"status"`
	Answer     string          `json:"answer,omitempty"`
	AnsweredAt time.Time       `json:"answered_at,omitzero"`
	AnsweredBy string          `json:"answered_by,omitempty"`
	// Receipt is the complaint's receipt number (ADU-20261206-0007-7KQ4M2XD):
	// whoever holds it may see the complaint's status on /piagam/aduan/{nomor}.
	Receipt string `json:"receipt"`
	// Channel is where it was received: ChannelWeb or ChannelSMS.
	Channel string `json:"channel"`
	Topic   string `json:"topic,omitempty"` // one of complaintTopics
	// Officer is the receiving officer, once a supervisor assigned one (Law 25/2009 Pasal 45).
	Officer      string    `json:"officer,omitempty"`
	AssignedAt   time.Time `json:"assigned_at,omitzero"`
	AssignedBy   string    `json:"assigned_by,omitempty"`
	IncidentCode string    `json:"incident_code,omitempty"` // the incident it is about, when linked
	// MessageID is the provider's id of a complaint sent by SMS: a message
	// delivered twice is stored once. Never shown.
	MessageID string `json:"-"`
}

// Where a complaint was received.
const (
	ChannelWeb = "web" // the form on /piagam
	ChannelSMS = "sms" // an SMS to the centre's number starting with ADUAN
)

// ComplaintUpdate is a supervisor's follow-up of a complaint: the receiving
// officer, the topic, the incident it is about (empty unlinks).
type ComplaintUpdate struct {
	Officer, Topic, IncidentCode string
	By                           string
	At                           time.Time
}

// ComplaintStatus says whether the centre has answered a complaint.
type ComplaintStatus string

// Statuses of a complaint.
const (
	ComplaintOpen     ComplaintStatus = "open"
	ComplaintAnswered ComplaintStatus = "answered"
)

// Limits of the complaint form.
const (
	ComplaintMaxText    = 1000 // characters of the message
	ComplaintMaxField   = 100  // characters of the name and of the contact
	ComplaintMaxAnswer  = 2000 // characters of the centre's answer
	ComplaintsPerWindow = 5    // complaints one address may send …
	ComplaintWindow     = time.Hour
)

// Errors of the complaint store.
var (
	ErrComplaintNotFound = errors.New("complaint not found")
	// ErrTooManyComplaints: the address sent ComplaintsPerWindow complaints
	// within ComplaintWindow (a flood from one machine, not a citizen).
	ErrTooManyComplaints = errors.New("too many complaints from this address")
)

// Complaints keeps the public's complaints.
type Complaints interface {
	// Submit stores a new complaint sent from ip and returns it with its ID
	// and receipt number: c.Receipt, given as the day's prefix
	// ("ADU-20261206"), gets the complaint's number and a random suffix. A
	// complaint with a MessageID already stored returns the stored one.
	// Returns ErrTooManyComplaints when ip is over the limit, or an error
	// wrapping dispatch.ErrUnavailable when storage is down.
	Submit(ctx context.Context, c Complaint, ip string) (Complaint, error)
	// ByReceipt finds a complaint by its receipt number. Returns ErrComplaintNotFound.
	ByReceipt(ctx context.Context, receipt string) (Complaint, error)
	// Update records a supervisor's follow-up; a new officer is recorded
	// with who assigned them and when. Returns ErrComplaintNotFound.
	Update(ctx context.Context, id string, u ComplaintUpdate) error
	// List returns the newest complaints first, at most limit.
	List(ctx context.Context, limit int) ([]Complaint, error)
	// Answer records the centre's answer. Returns ErrComplaintNotFound for an unknown id.
	Answer(ctx context.Context, id, answer, by string, at time.Time) error
}

// complaintSource is an account store that keeps complaints too (the Redis
// one does): the server finds its complaint store there until it is given one.
type complaintSource interface {
	Complaints() Complaints
}

// complaintStore returns where complaints are kept; nil when nowhere (the
// form then says that complaints cannot be received now).
func (s *Server) complaintStore() Complaints {
	if s.complaints != nil {
		return s.complaints
	}
	if src, ok := s.auth.accounts.(complaintSource); ok {
		return src.Complaints()
	}
	return nil
}

// complaintsView is the supervisors' complaints page.
type complaintsView struct {
	Complaints []Complaint
	Open       int
	Notice     string
	Error      string
	ErrorID    string // the complaint whose answer was refused
	Answer     string // the refused answer, to refill
	Stamp      func(time.Time) string
	Now        time.Time
	DueSoon    int // unanswered, day 10 to 14
	Overdue    int // unanswered past 14 days
	Topics     []option
	Lang       Lang
}

// Due places a complaint against its 14-day deadline.
func (v complaintsView) Due(c Complaint) complaintDue { return dueOf(c, v.Now) }

// TopicLabel words a topic.
func (v complaintsView) TopicLabel(t string) string {
	if t == "" {
		return uiText(v.Lang, "topic_unfiled")
	}
	return uiText(v.Lang, "topic_"+t)
}

// At formats a time in the city's zone for the page.
func (v complaintsView) At(t time.Time) string { return v.Stamp(t) }

// HandleComplaintsPage lists the complaints (GET /pengaduan).
func (s *Server) HandleComplaintsPage(box Complaints) gin.HandlerFunc {
	return func(c *gin.Context) {
		v := complaintsView{}
		if id := c.Query("dijawab"); id != "" {
			v.Notice = strings.ReplaceAll(uiText(uiLang(c), "cmp_answered_ok"), "{0}", shorten(id, 12))
		}
		if id := c.Query("diperbarui"); id != "" {
			v.Notice = strings.ReplaceAll(uiText(uiLang(c), "cmp_updated_ok"), "{0}", shorten(id, 12))
		}
		s.renderComplaints(c, box, http.StatusOK, v)
	}
}

// renderComplaints loads the list and shows the page.
func (s *Server) renderComplaints(c *gin.Context, box Complaints, status int, v complaintsView) {
	lang := uiLang(c)
	loc := s.dep.Location
	v.Stamp = func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04 MST") }
	v.Now, v.Lang = s.intake.Now(), lang
	v.Topics = []option{{Value: "", Label: uiText(lang, "topic_unfiled")}}
	for _, k := range complaintTopics {
		v.Topics = append(v.Topics, option{Value: k, Label: uiText(lang, "topic_"+k)})
	}
	if box == nil {
		v.Error = uiText(lang, "cmp_unavailable")
		s.render(c, http.StatusServiceUnavailable, "complaints", "cmp_title", v)
		return
	}
	list, err := box.List(c.Request.Context(), complaintsScan)
	if err != nil {
		s.log.Error("list complaints", zap.Error(err))
		v.Error = uiText(lang, "err_unavailable")
		status = http.StatusServiceUnavailable
	}
	queueOrder(list)
	v.Complaints = list
	for _, cp := range list {
		if cp.Status == ComplaintOpen {
			v.Open++
		}
		switch dueOf(cp, v.Now).State {
		case dueSoon:
			v.DueSoon++
		case dueOverdue:
			v.Overdue++
		}
	}
	s.render(c, status, "complaints", "cmp_title", v)
}

// HandleComplaintAnswer records an answer (POST /pengaduan/:id/jawab).
func (s *Server) HandleComplaintAnswer(box Complaints) gin.HandlerFunc {
	return func(c *gin.Context) {
		lang := uiLang(c)
		id, answer := c.Param("id"), strings.TrimSpace(c.PostForm("answer"))
		v := complaintsView{ErrorID: id, Answer: answer}
		switch n := utf8.RuneCountInString(answer); {
		case box == nil:
			v.Error = uiText(lang, "cmp_unavailable")
		case n == 0:
			v.Error = uiText(lang, "cmp_answer_required")
		case n > ComplaintMaxAnswer:
			v.Error = uiText(lang, "cmp_answer_long")
		}
		if v.Error != "" {
			s.renderComplaints(c, box, http.StatusBadRequest, v)
			return
		}
		err := box.Answer(c.Request.Context(), id, answer, currentUser(c).Name, s.intake.Now())
		switch {
		case errors.Is(err, ErrComplaintNotFound):
			v.Error = uiText(lang, "cmp_not_found")
			s.renderComplaints(c, box, http.StatusNotFound, v)
		case err != nil:
			s.log.Error("answer complaint", zap.String("complaint", id), zap.Error(err))
			v.Error = uiText(lang, "err_unavailable")
			s.renderComplaints(c, box, http.StatusServiceUnavailable, v)
		default:
			c.Redirect(http.StatusSeeOther, "/pengaduan?dijawab="+url.QueryEscape(id))
		}
	}
}
