package twiliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sigap112/sigap/agencies"
)

const (
	apiVersion  = "2010-04-01"
	maxBodyLen  = 1600 // Twilio's limit for one message
	maxPageSize = 1000
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	base := "/" + apiVersion + "/Accounts/{AccountSid}/Messages"
	mux.HandleFunc("POST "+base+".json", s.createMessage)
	mux.HandleFunc("GET "+base+".json", s.listMessages)
	mux.HandleFunc("GET "+base+"/{file}", s.fetchMessage)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 20404, "The requested resource "+r.URL.Path+" was not found")
	})
	return mux
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, 20001, "Invalid form: "+err.Error())
		return
	}
	if status, latency := s.conditions(); status != 0 {
		time.Sleep(latency)
		writeError(w, status, 20500, "Injected outage")
		return
	} else if latency > 0 {
		time.Sleep(latency)
	}
	if f, ok := s.takeFault(); ok {
		writeError(w, f.status, f.code, "Injected failure")
		return
	}
	to, from, body := r.PostForm.Get("To"), r.PostForm.Get("From"), r.PostForm.Get("Body")
	switch {
	case to == "":
		writeError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
	case !e164.MatchString(to):
		writeError(w, http.StatusBadRequest, 21211, fmt.Sprintf("Invalid 'To' Phone Number: %s", to))
	case from == "":
		writeError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
	case body == "":
		writeError(w, http.StatusBadRequest, 21602, "Message body is required.")
	case len([]rune(body)) > maxBodyLen:
		writeError(w, http.StatusBadRequest, 21617, "The concatenated message body exceeds the 1600 character limit.")
	default:
		m := &Message{
			Sid: newSid("SM"), AccountSid: s.sid, To: to, From: from, Body: body,
			StatusCallback: r.PostForm.Get("StatusCallback"), Status: "queued", Created: s.now(),
		}
		res := toResource(*m) // before add: a status change may follow at once
		s.add(m)
		writeJSON(w, http.StatusCreated, res)
	}
}

func (s *Server) fetchMessage(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	sid, ok := strings.CutSuffix(r.PathValue("file"), ".json")
	if m, found := s.message(sid); ok && found {
		writeJSON(w, http.StatusOK, toResource(m))
		return
	}
	writeError(w, http.StatusNotFound, 20404, "The requested resource "+r.URL.Path+" was not found")
}

func (s *Server) message(sid string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.msgs {
		if m.Sid == sid {
			return *m, true
		}
	}
	return Message{}, false
}

// listMessages serves the newest messages first, filtered by To, From and
// DateSent (=, <, >), in Twilio's page shape.
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	q := r.URL.Query()
	match, err := listFilter(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, 20001, err.Error())
		return
	}
	size, page := intParam(q, "PageSize", 50), intParam(q, "Page", 0)
	size = min(max(size, 1), maxPageSize)
	all := s.Messages()
	var hits []Message
	for i := len(all) - 1; i >= 0; i-- {
		if match(all[i]) {
			hits = append(hits, all[i])
		}
	}
	start := min(page*size, len(hits))
	end := min(start+size, len(hits))
	writeJSON(w, http.StatusOK, s.listPage(r.URL.Path, q, hits[start:end], page, size, end < len(hits)))
}

func (s *Server) listPage(path string, q url.Values, msgs []Message, page, size int, more bool) map[string]any {
	pageURI := func(p int) string {
		v := url.Values{}
		for _, k := range []string{"To", "From", "DateSent", "DateSent<", "DateSent>"} {
			if q.Has(k) {
				v.Set(k, q.Get(k))
			}
		}
		v.Set("PageSize", strconv.Itoa(size))
		v.Set("Page", strconv.Itoa(p))
		return path + "?" + v.Encode()
	}
	res := make([]resource, len(msgs))
	for i, m := range msgs {
		res[i] = toResource(m)
	}
	out := map[string]any{
		"messages": res, "page": page, "page_size": size, "start": page * size,
		"end": page*size + max(len(msgs)-1, 0), "uri": pageURI(page), "first_page_uri": pageURI(0),
		"next_page_uri": nil, "previous_page_uri": nil,
	}
	if more {
		out["next_page_uri"] = pageURI(page + 1)
	}
	if page > 0 {
		out["previous_page_uri"] = pageURI(page - 1)
	}
	return out
}

// listFilter builds the predicate for Twilio's list query. DateSent filters
// accept a day (YYYY-MM-DD, GMT) as documented, or an RFC 3339 time as
// twilio-go sends; a message not yet sent has no date and never matches.
func listFilter(q url.Values) (func(Message) bool, error) {
	var bounds [3]time.Time // exact day, before, after
	for i, k := range []string{"DateSent", "DateSent<", "DateSent>"} {
		if v := q.Get(k); v != "" {
			t, err := parseDate(v)
			if err != nil {
				return nil, fmt.Errorf("invalid %s: %q", k, v)
			}
			bounds[i] = t
		}
	}
	to, from := q.Get("To"), q.Get("From")
	return func(m Message) bool {
		if (to != "" && m.To != to) || (from != "" && m.From != from) {
			return false
		}
		if bounds == [3]time.Time{} {
			return true
		}
		day, before, after := bounds[0], bounds[1], bounds[2]
		switch {
		case m.Sent.IsZero():
			return false
		case !day.IsZero() && !m.Sent.Truncate(24*time.Hour).Equal(day.Truncate(24*time.Hour)):
			return false
		case !before.IsZero() && m.Sent.After(before):
			return false
		case !after.IsZero() && m.Sent.Before(after):
			return false
		}
		return true
	}, nil
}

func parseDate(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, v)
}

func intParam(q url.Values, key string, def int) int {
	n, err := strconv.Atoi(q.Get(key))
	if err != nil || n < 0 {
		return def
	}
	return n
}

// resource is a Message in Twilio's JSON shape.
type resource struct {
	Sid                 string            `json:"sid"`
	AccountSid          string            `json:"account_sid"`
	To                  string            `json:"to"`
	From                string            `json:"from"`
	Body                string            `json:"body"`
	Status              string            `json:"status"`
	Direction           string            `json:"direction"`
	NumSegments         string            `json:"num_segments"`
	NumMedia            string            `json:"num_media"`
	APIVersion          string            `json:"api_version"`
	DateCreated         string            `json:"date_created"`
	DateUpdated         string            `json:"date_updated"`
	DateSent            *string           `json:"date_sent"`
	ErrorCode           *int              `json:"error_code"`
	ErrorMessage        *string           `json:"error_message"`
	Price               *string           `json:"price"`
	PriceUnit           string            `json:"price_unit"`
	MessagingServiceSid *string           `json:"messaging_service_sid"`
	URI                 string            `json:"uri"`
	SubresourceURIs     map[string]string `json:"subresource_uris"`
}

func toResource(m Message) resource {
	uri := fmt.Sprintf("/%s/Accounts/%s/Messages/%s", apiVersion, m.AccountSid, m.Sid)
	r := resource{
		Sid: m.Sid, AccountSid: m.AccountSid, To: m.To, From: m.From, Body: m.Body,
		Status: m.Status, Direction: "outbound-api", NumSegments: strconv.Itoa(agencies.Segments(m.Body)),
		NumMedia: "0", APIVersion: apiVersion, DateCreated: rfc2822(m.Created), DateUpdated: rfc2822(m.Created),
		PriceUnit: "USD", URI: uri + ".json",
		SubresourceURIs: map[string]string{"media": uri + "/Media.json", "feedback": uri + "/Feedback.json"},
	}
	if !m.Sent.IsZero() {
		sent := rfc2822(m.Sent)
		r.DateSent, r.DateUpdated = &sent, sent
	}
	if m.ErrorCode != 0 {
		code := m.ErrorCode
		r.ErrorCode = &code
	}
	return r
}

// rfc2822 is how Twilio writes dates: "Mon, 16 Aug 2010 03:45:01 +0000".
func rfc2822(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing to do
}

// writeError answers in Twilio's legacy error shape, which twilio-go decodes
// into client.TwilioRestError.
func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{
		"code": code, "message": msg, "status": status,
		"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code),
	})
}
