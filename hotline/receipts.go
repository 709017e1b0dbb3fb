package hotline

import (
	"crypto/rand"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"
)

// Complaint receipts and the legal deadline. Law 25/2009 on public services
// (Pasal 44–45) requires a receipt for every complaint (what, when and where
// it was received, the officer who received it) and an answer within 14
// days. The receipt number is the only key to the complaint's public status
// page, so it ends with a random suffix: holding the number is the right to
// see the status.

// Complaint deadline, in calendar days from receipt.
const (
	ComplaintDeadlineDays = 14 // the answer is due within this many days
	ComplaintDueSoonDays  = 10 // from this day on the supervisors' queue warns
)

// Limits of the public status lookup and of the survey, per address.
const (
	LookupsPerWindow = 30
	LookupWindow     = 10 * time.Minute
)

// complaintTopics are the topics a supervisor files a complaint under (the
// report counts per topic); "" is not yet filed.
var complaintTopics = []string{"response_time", "call_handling", "officer_conduct", "information", "praise", "other"}

// receiptAlphabet is Crockford's base32: no I, L, O or U to misread.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ReceiptSuffix returns the random end of a receipt number: 8 characters,
// 40 bits. With the status lookup limited per address, guessing another
// citizen's number is out of reach.
func ReceiptSuffix() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	for i := range b {
		b[i] = receiptAlphabet[int(b[i])%len(receiptAlphabet)]
	}
	return string(b)
}

// receiptPrefix is the day part of a receipt number, in the city's calendar.
func receiptPrefix(at time.Time, loc *time.Location) string {
	return "ADU-" + at.In(loc).Format("20060102")
}

var receiptPattern = regexp.MustCompile(`^ADU-[0-9]{8}-[0-9]{4,9}-[0-9A-Z]{8}$`)

// normalizeReceipt reads a receipt number as a citizen may type it (any
// case, spaces around); ok is false when it cannot be one.
func normalizeReceipt(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	return s, receiptPattern.MatchString(s)
}

// Deadline states of a complaint.
const (
	dueOpen         = "open"          // within 10 days
	dueSoon         = "due_soon"      // day 10 to 14, not answered
	dueOverdue      = "overdue"       // past 14 days, not answered
	dueAnswered     = "answered"      // answered within 14 days
	dueAnsweredLate = "answered_late" // answered after 14 days
)

// complaintDue is where a complaint stands against the 14-day deadline.
type complaintDue struct {
	Deadline time.Time
	DaysOld  int // whole days since receipt
	DaysLeft int // whole days left of 14; negative when overdue
	State    string
}

// dueOf places a complaint against its deadline at now.
func dueOf(c Complaint, now time.Time) complaintDue {
	d := complaintDue{Deadline: c.At.Add(ComplaintDeadlineDays * 24 * time.Hour)}
	d.DaysOld = int(now.Sub(c.At) / (24 * time.Hour))
	d.DaysLeft = ComplaintDeadlineDays - d.DaysOld
	switch {
	case c.Status == ComplaintAnswered && !c.AnsweredAt.After(d.Deadline):
		d.State = dueAnswered
	case c.Status == ComplaintAnswered:
		d.State = dueAnsweredLate
	case now.After(d.Deadline):
		d.State = dueOverdue
	case !now.Before(c.At.Add(ComplaintDueSoonDays * 24 * time.Hour)):
		d.State = dueSoon
	default:
		d.State = dueOpen
	}
	return d
}

// queueOrder sorts the supervisors' queue: unanswered complaints first, the
// nearest (or most overdue) deadline on top; then answered ones, newest first.
func queueOrder(list []Complaint) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if (a.Status == ComplaintOpen) != (b.Status == ComplaintOpen) {
			return a.Status == ComplaintOpen
		}
		if a.Status == ComplaintOpen {
			return a.At.Before(b.At)
		}
		return a.At.After(b.At)
	})
}

// receiptView is what complaint_receipt.html gets: the complaint as its
// holder may see it. Never the complainant's name or contact.
type receiptView struct {
	Receipt, Received, Place, Channel, Topic, Officer, Incident string
	Text, Answer, AnsweredAt, AnsweredBy, Deadline              string
	State                                                       string
	DaysLeft                                                    int
	Fresh                                                       bool // just submitted: keep this number
	NotFound, Limited, Down                                     bool
	Other                                                       Lang
}

// HandleReceiptLookup sends the lookup form to the status page (GET /piagam/aduan?nomor=…).
func (s *Server) HandleReceiptLookup() gin.HandlerFunc {
	return func(c *gin.Context) {
		nomor, _ := normalizeReceipt(c.Query("nomor"))
		if nomor == "" {
			c.Redirect(http.StatusSeeOther, "/piagam#status-aduan")
			return
		}
		c.Redirect(http.StatusSeeOther, "/piagam/aduan/"+url.PathEscape(nomor))
	}
}

// HandleReceiptPage shows a complaint's receipt and status to whoever holds
// its number (GET /piagam/aduan/:nomor). Lookups are limited per address.
func (s *Server) HandleReceiptPage(box Complaints) gin.HandlerFunc {
	return func(c *gin.Context) {
		lang := uiLang(c)
		v := receiptView{Fresh: c.Query("baru") == "1"}
		status := http.StatusOK
		nomor, ok := normalizeReceipt(c.Param("nomor"))
		switch err := s.allowPublic(c, "lookup", LookupsPerWindow, LookupWindow); {
		case errors.Is(err, ErrRateLimited):
			v.Limited, status = true, http.StatusTooManyRequests
		case err != nil:
			v.Down, status = true, http.StatusServiceUnavailable
		case box == nil:
			v.Down, status = true, http.StatusServiceUnavailable
		case !ok:
			v.NotFound, status = true, http.StatusNotFound
		default:
			cp, err := box.ByReceipt(c.Request.Context(), nomor)
			switch {
			case errors.Is(err, ErrComplaintNotFound):
				v.NotFound, status = true, http.StatusNotFound
			case err != nil:
				s.log.Error("complaint status", zap.Error(err))
				v.Down, status = true, http.StatusServiceUnavailable
			default:
				s.fillReceipt(&v, cp, lang)
			}
		}
		s.renderStandalone(c, status, "complaint_receipt", "rc_title", v, &v.Other)
	}
}

// fillReceipt words a complaint for its status page.
func (s *Server) fillReceipt(v *receiptView, cp Complaint, lang Lang) {
	stamp := func(t time.Time) string { return t.In(s.dep.Location).Format("2006-01-02 15:04 MST") }
	due := dueOf(cp, s.intake.Now())
	v.Receipt, v.Received, v.Channel, v.Text = cp.Receipt, stamp(cp.At), cp.Channel, cp.Text
	v.Place = fill(uiText(lang, "rc_place_"+cp.Channel), s.dep.City.Name)
	if cp.Topic != "" {
		v.Topic = uiText(lang, "topic_"+cp.Topic)
	}
	v.Officer, v.Incident = cp.Officer, cp.IncidentCode
	v.State, v.DaysLeft = due.State, due.DaysLeft
	v.Deadline = due.Deadline.In(s.dep.Location).Format("2006-01-02")
	if cp.Status == ComplaintAnswered {
		v.Answer, v.AnsweredAt, v.AnsweredBy = cp.Answer, stamp(cp.AnsweredAt), cp.AnsweredBy
	}
}

// renderStandalone writes a public page with its own layout (no console
// navigation): the receipt and the survey. Its URL holds a secret (the
// receipt number, the survey token), so it is never cached and never sent
// on as a referrer.
func (s *Server) renderStandalone(c *gin.Context, status int, name, titleKey string, data any, other *Lang) {
	lang := uiLang(c)
	if q := c.Query("lang"); q == "id" || q == "en" { // the choice holds for the form's POST too
		http.SetCookie(c.Writer, &http.Cookie{Name: "lang", Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
			Secure: s.auth.secureCookies, SameSite: http.SameSiteLaxMode})
	}
	token, err := c.Cookie(publicCSRFCookie)
	if err != nil || len(token) != 43 {
		token = NewSecret(32)
		s.auth.setCookie(c, publicCSRFCookie, token, 24*3600)
	}
	*other = langEN
	if lang == langEN {
		*other = langID
	}
	p := page{Lang: lang, CSRF: token, Path: c.Request.URL.Path, Data: data}
	p.Title = p.T(titleKey)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Content-Security-Policy", securityPolicy)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "no-referrer")
	c.Header("Cache-Control", "no-store")
	c.Status(status)
	if err := s.console.pages[name].ExecuteTemplate(c.Writer, name, p); err != nil {
		s.log.Error("render " + name + ": " + err.Error())
	}
}
