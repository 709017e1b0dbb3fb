package intake

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/hoax"
)

// LogCall records a call that is not an emergency (information, prank,
// silent…): two keystrokes for the call-taker, one line for the figures.
func (s *Service) LogCall(ctx context.Context, c dispatch.Call) (dispatch.Call, error) {
	ve := &dispatch.ValidationError{}
	if !c.Type.Valid() || c.Type == dispatch.CallEmergency {
		ve.Add("type", "invalid", "type must be information, non_emergency, silent, prank or dropped (an emergency is logged as an incident)")
	}
	phone, ok := dispatch.NormalizeCaller(c.CallerPhone)
	if !ok {
		ve.Add("caller_phone", "invalid", "not a phone number (e.g. 0812-3456-7890), or \"withheld\"")
	}
	c.Note = strings.TrimSpace(c.Note)
	if utf8.RuneCountInString(c.Note) > dispatch.MaxAddress {
		ve.Add("note", "too_long", fmt.Sprintf("at most %d characters", dispatch.MaxAddress))
	}
	if err := ve.OrNil(); err != nil {
		return c, err
	}
	c.ID, c.CallerPhone, c.At = uuid.Must(uuid.NewV7()).String(), phone, s.Now().UTC()
	if s.Hoax != nil {
		f, err := s.hoax.Facts(ctx, phone)
		if err != nil {
			return c, err
		}
		a := hoax.Assess(s.Hoax, hoax.AssessInput{At: c.At, Facts: f, Cues: c.Cues, Callers: 1})
		c.Hoax = &a
	}
	return c, s.Calls.LogCall(ctx, c)
}

// CallerHistory returns a caller's previous calls with their outcome.
func (s *Service) CallerHistory(ctx context.Context, raw string) ([]dispatch.Call, error) {
	phone, ok := dispatch.NormalizeCaller(raw)
	if !ok {
		return nil, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	return s.Calls.CallerHistory(ctx, phone, 50)
}
