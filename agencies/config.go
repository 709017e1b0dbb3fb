package agencies

import (
	"errors"
	"fmt"
	"strings"
)

// ConfigError says which file and field of the city configuration is wrong
// and why, so that the process can refuse to start with a useful message.
type ConfigError struct {
	File   string
	Field  string
	Reason string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.File, e.Field, e.Reason)
}

// configErrors collects every problem of one file instead of stopping at the
// first: whoever edits the file fixes them all in one go.
type configErrors struct {
	file string
	errs []error
}

func (c *configErrors) add(field, format string, args ...any) {
	c.errs = append(c.errs, &ConfigError{File: c.file, Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (c *configErrors) err() error { return errors.Join(c.errs...) }

// fieldf builds a field path such as "stations[2].service_area".
func fieldf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func blank(s string) bool { return strings.TrimSpace(s) == "" }
