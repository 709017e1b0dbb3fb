package agencies

import (
	"errors"
	"fmt"
	"strings"
)

// ConfigError says which file and field of the city configuration is wrong
// and why, so that the process can refuse to start with a useful message.
// Line is the line in the file when it is known (0 otherwise).
type ConfigError struct {
	File   string
	Line   int
	Field  string
	Reason string
}

func (e *ConfigError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", where, e.Reason)
	}
	return fmt.Sprintf("%s: %s: %s", where, e.Field, e.Reason)
}

// ConfigErrors collects every problem of one file instead of stopping at the
// first: whoever edits the file fixes them all in one go. It is the one
// collector every configuration loader uses; Err joins what was added.
type ConfigErrors struct {
	file string
	errs []error
}

// NewConfigErrors starts collecting the problems of file.
func NewConfigErrors(file string) *ConfigErrors { return &ConfigErrors{file: file} }

// Add records a problem with a field.
func (c *ConfigErrors) Add(field, format string, args ...any) {
	c.AddLine(0, field, format, args...)
}

// AddLine records a problem with a field at a line of the file.
func (c *ConfigErrors) AddLine(line int, field, format string, args ...any) {
	c.errs = append(c.errs, &ConfigError{File: c.file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Err is nil when nothing was added, else every problem joined.
func (c *ConfigErrors) Err() error { return errors.Join(c.errs...) }

// configErrors is the name the loaders of this package grew up with.
type configErrors = ConfigErrors

func (c *ConfigErrors) add(field, format string, args ...any) { c.Add(field, format, args...) }

func (c *ConfigErrors) err() error { return c.Err() }

// fieldf builds a field path such as "stations[2].service_area".
func fieldf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func blank(s string) bool { return strings.TrimSpace(s) == "" }
