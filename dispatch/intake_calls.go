package dispatch

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// LogCall records a call that is not an emergency (information, prank,
// silent…): two keystrokes for the call-taker, one line for the figures.
func (s *Service) LogCall(ctx context.Context, c Call) (Call, error) {
	ve := &ValidationError{}
	if !c.Type.Valid() || c.Type == CallEmergency {
		ve.Add("type", "invalid", "type must be information, non_emergency, silent, prank or dropped (an emergency is logged as an incident)")
	}
	phone, ok := normalizeCaller(c.CallerPhone)
	if !ok {
		ve.Add("caller_phone", "invalid", "not a phone number (e.g. 0812-3456-7890), or \"withheld\"")
	}
	c.Note = strings.TrimSpace(c.Note)
	if utf8.RuneCountInString(c.Note) > MaxAddress {
		ve.Add("note", "too_long", fmt.Sprintf("at most %d characters", MaxAddress))
	}
	if err := ve.OrNil(); err != nil {
		return c, err
	}
	c.ID, c.CallerPhone, c.At = uuid.Must(uuid.NewV7()).String(), phone, s.Now().UTC()
	if s.hoax != nil {
		f, err := s.facts(ctx, phone)
		if err != nil {
			return c, err
		}
		a := s.hoax.Assess(AssessInput{At: c.At, Facts: f, Cues: c.Cues, Callers: 1})
		c.Hoax = &a
	}
	return c, s.calls.LogCall(ctx, c)
}

// CallerHistory returns a caller's previous calls with their outcome.
func (s *Service) CallerHistory(ctx context.Context, raw string) ([]Call, error) {
	phone, ok := normalizeCaller(raw)
	if !ok {
		return nil, &ValidationError{Fields: map[string]FieldError{"phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	return s.calls.CallerHistory(ctx, phone, 50)
}
