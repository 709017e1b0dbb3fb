package hotline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/dispatch"
)

// Every JSON body of the API is read here, strictly: a field the endpoint
// does not know is an error naming it (a misspelt "watch" for "on" must not
// silently turn watching off), the body must be one object (an empty body or
// `null` is not "no changes"), and nothing may follow it.

// errEmptyBody is a body that is empty or null.
var errEmptyBody = errors.New("empty body")

// decodeStrict decodes one JSON object from body into dst. Errors:
// errEmptyBody, *unknownFieldError, *json.UnmarshalTypeError, or a syntax error.
func decodeStrict(body []byte, dst any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return errEmptyBody
	}
	if trimmed[0] != '{' {
		return &json.UnmarshalTypeError{Value: "not an object", Type: nil}
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return &unknownFieldError{Field: strings.Trim(name, `"`)}
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON object")
	}
	return nil
}

// unknownFieldError names a field the endpoint does not take.
type unknownFieldError struct{ Field string }

func (e *unknownFieldError) Error() string { return fmt.Sprintf("unknown field %q", e.Field) }

// bodyFieldTexts explain the body errors per field, {id, en}.
var bodyFieldTexts = map[string][2]string{
	"unknown_field": {"Kolom %q tidak dikenal untuk permintaan ini (salah ketik?).", "Field %q is not accepted here (a typo?)."},
	"type":          {"Kolom %q berisi jenis data yang salah.", "Field %q has the wrong type."},
	"empty":         {"Isi permintaan kosong atau null: kirim objek JSON.", "The body is empty or null: send a JSON object."},
}

func bodyText(lang Lang, key, field string) string {
	t := bodyFieldTexts[key][0]
	if lang == langEN {
		t = bodyFieldTexts[key][1]
	}
	if strings.Contains(t, "%q") {
		return fmt.Sprintf(t, field)
	}
	return t
}

// answerBodyError writes the 400 for a body decodeStrict refused.
func answerBodyError(c *gin.Context, err error) {
	lang := langOf(c)
	var unknown *unknownFieldError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errEmptyBody):
		failWith(c, http.StatusBadRequest, "empty_body", map[string]dispatch.FieldError{
			"body": {Code: "required", Message: bodyText(lang, "empty", "")}})
	case errors.As(err, &unknown):
		failWith(c, http.StatusBadRequest, "unknown_field", map[string]dispatch.FieldError{
			unknown.Field: {Code: "unknown_field", Message: bodyText(lang, "unknown_field", unknown.Field)}})
	case errors.As(err, &typ) && typ.Field != "":
		failWith(c, http.StatusBadRequest, "bad_json", map[string]dispatch.FieldError{
			typ.Field: {Code: "type", Message: bodyText(lang, "type", typ.Field)}})
	default:
		failWith(c, http.StatusBadRequest, "bad_json", nil)
	}
}

// bindJSON reads and strictly decodes the request body into dst, answering
// 413 or 400 itself; false means the handler must stop.
func bindJSON(c *gin.Context, dst any) bool {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if isTooLarge(err) {
			failWith(c, http.StatusRequestEntityTooLarge, "too_large", nil)
		} else {
			failWith(c, http.StatusBadRequest, "bad_json", nil)
		}
		return false
	}
	if err := decodeStrict(body, dst); err != nil {
		answerBodyError(c, err)
		return false
	}
	return true
}

// callerGiven refuses an empty caller number: a withheld caller ID is
// recorded only when the call-taker says so ("withheld"), never because a
// field was left out or a client sent null.
func (s *Server) callerGiven(c *gin.Context, phone string) bool {
	if strings.TrimSpace(phone) != "" {
		return true
	}
	s.fail(c, &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{
		"caller_phone": {Code: "required", Message: `give the caller's number, or "withheld" when the network shows none`}}})
	return false
}
