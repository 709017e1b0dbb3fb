package dispatch

import (
	"sort"
	"strings"
)

// FieldError says what is wrong with one input field, as a code the console
// translates (Bahasa Indonesia or English) and an English default message.
type FieldError struct {
	Code    string `json:"code"`    // required, invalid, out_of_range, too_long, not_emergency, unknown
	Message string `json:"message"` // English, for API clients and logs
}

// ValidationError lists every invalid field of a request, so that the
// call-taker fixes them all at once. Nothing is written when it is returned.
type ValidationError struct {
	Fields map[string]FieldError
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k+": "+e.Fields[k].Message)
	}
	sort.Strings(keys)
	return "invalid input: " + strings.Join(keys, "; ")
}

func (e *ValidationError) Add(field, code, msg string) {
	if e.Fields == nil {
		e.Fields = map[string]FieldError{}
	}
	if _, seen := e.Fields[field]; !seen {
		e.Fields[field] = FieldError{Code: code, Message: msg}
	}
}

func (e *ValidationError) OrNil() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}
