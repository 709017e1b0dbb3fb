package twiliotest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/agencies/twiliosms"
)

// Sign computes X-Twilio-Signature as Twilio does for a POST webhook:
// base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 ...))
// with the parameters sorted by name (byte order) and, for a repeated name,
// its values sorted too. rawURL must be exactly the URL Twilio was
// configured with, including scheme, port and query string.
func Sign(authToken, rawURL string, params url.Values) string {
	return twiliosms.SignWebhook(authToken, rawURL, params)
}

// SendInbound posts an incoming SMS to webhookURL the way Twilio does when a
// responder texts the service's number: a signed form with the fields a
// Twilio messaging webhook receives. The caller closes the response body.
// Inbound messages are not added to Messages.
func (s *Server) SendInbound(ctx context.Context, webhookURL, from, to, body string) (*http.Response, error) {
	sid := newSid("SM")
	form := url.Values{
		"MessageSid":    {sid},
		"SmsSid":        {sid},
		"SmsMessageSid": {sid},
		"AccountSid":    {s.sid},
		"From":          {from},
		"To":            {to},
		"Body":          {body},
		"NumMedia":      {"0"},
		"NumSegments":   {strconv.Itoa(max(agencies.Segments(body), 1))},
		"SmsStatus":     {"received"},
		"ApiVersion":    {apiVersion},
	}
	addCountry(form, "FromCountry", from)
	addCountry(form, "ToCountry", to)
	return s.postSigned(ctx, webhookURL, form)
}

// DeliverStatus moves message sid to status (sent, delivered, undelivered,
// failed, ...) and posts Twilio's signed status callback to the message's
// StatusCallback URL, if it has one. Failed and undelivered messages get
// error code 30008 and 30003 (unknown error, unreachable handset). A
// callback answered with a non-2xx status is an error.
func (s *Server) DeliverStatus(ctx context.Context, sid, status string) error {
	m, err := s.setStatus(sid, status)
	if err != nil {
		return err
	}
	if m.StatusCallback == "" {
		return nil
	}
	form := url.Values{
		"MessageSid":    {m.Sid},
		"SmsSid":        {m.Sid},
		"AccountSid":    {m.AccountSid},
		"From":          {m.From},
		"To":            {m.To},
		"MessageStatus": {status},
		"SmsStatus":     {status},
		"ApiVersion":    {apiVersion},
	}
	if m.ErrorCode != 0 {
		form.Set("ErrorCode", strconv.Itoa(m.ErrorCode))
	}
	resp, err := s.postSigned(ctx, m.StatusCallback, form)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("twiliotest: status callback %s answered %s", m.StatusCallback, resp.Status)
	}
	return nil
}

// setStatus records a status change as Twilio would show it in the API.
func (s *Server) setStatus(sid, status string) (Message, error) {
	if status == "" {
		return Message{}, errors.New("twiliotest: empty status")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.msgs {
		if m.Sid != sid {
			continue
		}
		m.Status = status
		switch status {
		case "sent", "delivered", "undelivered", "read":
			if m.Sent.IsZero() {
				m.Sent = time.Now().UTC()
			}
		}
		switch status {
		case "failed":
			m.ErrorCode = 30008
		case "undelivered":
			m.ErrorCode = 30003
		}
		return *m, nil
	}
	return Message{}, fmt.Errorf("twiliotest: no message %s", sid)
}

func (s *Server) postSigned(ctx context.Context, target string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("twiliotest: webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	req.Header.Set("X-Twilio-Signature", Sign(s.token, target, form))
	resp, err := s.webhooks.Do(req)
	if err != nil {
		return nil, fmt.Errorf("twiliotest: webhook %s: %w", target, err)
	}
	return resp, nil
}

// addCountry sets a *Country field for the prefixes the project meets.
func addCountry(form url.Values, field, phone string) {
	switch {
	case strings.HasPrefix(phone, "+62"):
		form.Set(field, "ID")
	case strings.HasPrefix(phone, "+1"):
		form.Set(field, "US")
	}
}
