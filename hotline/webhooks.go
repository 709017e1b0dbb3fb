package hotline

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/twilio/twilio-go/client"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/smsreply"
)

const emptyTwiML = `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`

// notRecordedTwiML answers a reply Sigap could not record (storage down).
const notRecordedTwiML = `<?xml version="1.0" encoding="UTF-8"?><Response><Message>` +
	`Sistem 112 gangguan: balasan Anda BELUM tercatat. Laporkan lewat radio/telepon ke 112.</Message></Response>`

// verifyTwilio checks X-Twilio-Signature against the configured public URL
// (never the request's Host header, which a forger controls). A request
// without a valid signature gets 403 and changes nothing.
func (s *Server) verifyTwilio(path string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.cfg.TwilioAuthToken == "" {
			c.AbortWithStatusJSON(http.StatusNotFound, gin.H{"error": apiError{Code: "not_found",
				Message: "SMS webhooks need TWILIO_AUTH_TOKEN"}})
			return
		}
		if err := c.Request.ParseForm(); err != nil {
			c.AbortWithStatus(http.StatusBadRequest)
			return
		}
		params := make(map[string]string, len(c.Request.PostForm))
		for k, v := range c.Request.PostForm {
			params[k] = strings.Join(v, "")
		}
		url := strings.TrimRight(s.cfg.PublicURL, "/") + path
		rv := client.NewRequestValidator(s.cfg.TwilioAuthToken)
		if !rv.Validate(url, params, c.GetHeader("X-Twilio-Signature")) {
			s.log.Warn("rejected webhook with a bad signature", zap.String("path", path), zap.String("remote", c.ClientIP()))
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}

// HandleInboundSMS takes a responder's reply (Twilio's form format). The
// answer goes out as its own SMS (recorded, idempotent per MessageSid), so
// the webhook answers with empty TwiML.
func (s *Server) HandleInboundSMS() gin.HandlerFunc {
	return func(c *gin.Context) {
		from, err := agencies.NormalizePhone(c.PostForm("From"))
		if err != nil {
			from = c.PostForm("From")
		}
		in := smsreply.InboundSMS{MessageID: agencies.MessageID(c.PostForm("MessageSid")), From: from, Body: c.PostForm("Body")}
		if in.MessageID == "" {
			c.AbortWithStatus(http.StatusBadRequest)
			return
		}
		if s.complaintSMS(c, in) {
			return // a citizen's complaint (ADUAN …), answered with its receipt
		}
		if _, err := s.inbox.HandleReply(c.Request.Context(), in); err != nil {
			// Twilio does not retry a messaging webhook that answered 500: tell
			// the responder, through Twilio itself, that the reply was not taken.
			s.log.Error("inbound sms not recorded", zap.String("message_id", string(in.MessageID)), zap.Error(err))
			c.Data(http.StatusOK, "text/xml; charset=utf-8", []byte(notRecordedTwiML))
			return
		}
		c.Data(http.StatusOK, "text/xml; charset=utf-8", []byte(emptyTwiML))
	}
}

// HandleStatusCallback records the delivery status of an SMS Sigap sent.
func (s *Server) HandleStatusCallback() gin.HandlerFunc {
	return func(c *gin.Context) {
		sid := agencies.MessageID(c.PostForm("MessageSid"))
		status := c.PostForm("MessageStatus")
		if sid == "" || status == "" {
			c.AbortWithStatus(http.StatusBadRequest)
			return
		}
		if err := s.inbox.HandleReceipt(c.Request.Context(), sid, status); err != nil {
			s.log.Error("status callback failed; Twilio will retry", zap.String("message_id", string(sid)), zap.Error(err))
			c.AbortWithStatus(http.StatusInternalServerError)
			return
		}
		c.Status(http.StatusNoContent)
	}
}
