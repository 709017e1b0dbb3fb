package twiliosms

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/twilio/twilio-go/client"
	"go.uber.org/zap"

	"github.com/sigap112/sigap/agencies"
)

// permanentCodes are Twilio errors about the recipient's number: sending the
// same message again cannot succeed, so the dispatcher should pick another
// responder instead of retrying. https://www.twilio.com/docs/api/errors
var permanentCodes = map[int]string{
	21211: "invalid 'To' number",
	21217: "number does not appear to be valid",
	21265: "'To' cannot be a short code",
	21401: "invalid phone number",
	21407: "number type does not support SMS",
	21408: "sending to this region is not enabled",
	21610: "recipient unsubscribed (replied STOP) or is blocked",
	21612: "'To' number cannot be reached via SMS",
	21614: "'To' is not a mobile number",
}

// classify turns a twilio-go error into one the dispatcher can act on:
// wrapping agencies.ErrUndeliverable when the number is at fault, the
// context's error when the call was cancelled, and otherwise a transient
// error that keeps Twilio's code visible (errors.As *client.TwilioRestError).
// Twilio's messages quote the number ("Invalid 'To' Phone Number:
// +62812..."), so the text is masked as well.
func classify(ctx context.Context, op string, err error) error {
	return maskedError{classifyRaw(ctx, op, err)}
}

func classifyRaw(ctx context.Context, op string, err error) error {
	var te *client.TwilioRestError
	if errors.As(err, &te) {
		if reason, ok := permanentCodes[te.Code]; ok {
			return fmt.Errorf("twiliosms: %s: Twilio error %d (%s): %w: %w",
				op, te.Code, reason, agencies.ErrUndeliverable, err)
		}
		return fmt.Errorf("twiliosms: %s: Twilio error %d (HTTP %d), may be retried: %w",
			op, te.Code, te.Status, err)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("twiliosms: %s: %w (%w)", op, ctxErr, err)
	}
	return fmt.Errorf("twiliosms: %s, may be retried: %w", op, err)
}

// logFailure logs at a level that matches who must act: a number problem
// is routine, a rejected request (credentials, sender, our own bug) needs
// an operator, an outage is a warning.
func logFailure(log *zap.Logger, msg string, err error) {
	var te *client.TwilioRestError
	switch {
	case errors.Is(err, agencies.ErrUndeliverable):
		log.Info(msg, zap.Bool("permanent", true), zap.Error(err))
	case errors.As(err, &te) && te.Status >= 400 && te.Status < 500 && te.Status != 429:
		log.Error(msg, zap.Int("twilio_code", te.Code), zap.Error(err))
	default:
		log.Warn(msg, zap.Error(err))
	}
}

// maskedError hides phone numbers in an error's text, for it ends up in
// logs, while errors.Is and errors.As still see the original.
type maskedError struct{ err error }

func (e maskedError) Error() string { return maskNumbers(e.err.Error()) }
func (e maskedError) Unwrap() error { return e.err }

var phoneLike = regexp.MustCompile(`\+?[0-9]{8,15}`)

func maskNumbers(s string) string {
	return phoneLike.ReplaceAllStringFunc(s, agencies.MaskPhone)
}
