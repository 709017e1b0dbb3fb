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
	// Submit stores a new complaint sent from ip and returns it with its ID.
	// Returns ErrTooManyComplaints when ip is over the limit, or an error
	// wrapping dispatch.ErrUnavailable when storage is down.
	Submit(ctx context.Context, c Complaint, ip string) (Complaint, error)
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
		s.renderComplaints(c, box, http.StatusOK, v)
	}
}

// renderComplaints loads the list and shows the page.
func (s *Server) renderComplaints(c *gin.Context, box Complaints, status int, v complaintsView) {
	lang := uiLang(c)
	loc := s.dep.Location
	v.Stamp = func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04 MST") }
	if box == nil {
		v.Error = uiText(lang, "cmp_unavailable")
		s.render(c, http.StatusServiceUnavailable, "complaints", "cmp_title", v)
		return
	}
	list, err := box.List(c.Request.Context(), 500)
	if err != nil {
		s.log.Error("list complaints", zap.Error(err))
		v.Error = uiText(lang, "err_unavailable")
		status = http.StatusServiceUnavailable
	}
	v.Complaints = list
	for _, cp := range list {
		if cp.Status == ComplaintOpen {
			v.Open++
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
