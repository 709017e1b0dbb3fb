package agencies

import (
	"context"
	"errors"
	"time"
)

// MessageID is the provider's id of one sent SMS (a Twilio MessageSid, or an
// outbox id when no provider is configured).
type MessageID string

// SMS is one text message to one phone.
type SMS struct {
	To   string // E.164
	Body string
	// Tag identifies the message within Sigap (e.g. "assign:<incident>:<agency>:<responder>")
	// so that a resend after a crash can be recognised. It is not sent to the phone.
	Tag        string
	IncidentID string
}

// ErrUndeliverable is returned by a Notifier when the provider rejects the
// message permanently (invalid number, blocked); retrying will not help.
var ErrUndeliverable = errors.New("sms undeliverable")

// Notifier sends one SMS. Returns ErrUndeliverable when the provider rejects
// the number; any other error is transient and the send may be retried.
type Notifier interface {
	Send(ctx context.Context, msg SMS) (MessageID, error)
}

// Finder is implemented by notifiers that can tell whether a message was
// already accepted: after a crash between "sent" and "recorded", the worker
// asks before sending again. Returns found=false when no such message exists.
type Finder interface {
	Find(ctx context.Context, to, body string, since time.Time) (id MessageID, found bool, err error)
}
