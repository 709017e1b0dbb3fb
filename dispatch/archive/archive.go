// Package archive keeps closed incidents that left Redis: one append-only,
// gzip-compressed JSON-lines file per month of receipt (YYYY-MM.jsonl.gz),
// each line an incident with its whole event log. Every run appends one
// gzip member, written and fsynced before the incidents leave Redis; a
// line written twice (a crash between the two) is read once, the last wins.
package archive

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/sigap112/sigap/dispatch"
)

// Record is one archived incident.
type Record struct {
	Incident   *dispatch.Incident `json:"incident"`
	Events     []dispatch.Event   `json:"events"`
	ArchivedAt time.Time          `json:"archived_at"`
}

// ErrNotFound: no archived incident has that id or code.
var ErrNotFound = errors.New("not in the archive")

// Dir is an archive directory.
type Dir struct {
	Path string
	Loc  *time.Location // months are the city's; default UTC
}

var monthFile = regexp.MustCompile(`^(\d{4}-\d{2})\.jsonl\.gz$`)

func (d Dir) month(t time.Time) string {
	loc := d.Loc
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01")
}

// Append writes the records to their months' files, one gzip member per
// file, and fsyncs each before returning.
func (d Dir) Append(recs []Record) error {
	if err := os.MkdirAll(d.Path, 0o750); err != nil {
		return fmt.Errorf("archive dir: %w", err)
	}
	byMonth := map[string][]Record{}
	for _, r := range recs {
		m := d.month(r.Incident.ReceivedAt)
		byMonth[m] = append(byMonth[m], r)
	}
	for m, rs := range byMonth {
		if err := d.appendMonth(m, rs); err != nil {
			return err
		}
	}
	return nil
}

func (d Dir) appendMonth(month string, recs []Record) error {
	if err := appendLines(filepath.Join(d.Path, month+".jsonl.gz"), recs); err != nil {
		return fmt.Errorf("archive %s: %w", month, err)
	}
	return nil
}

// AppendCalls writes calls that left the call log to calls-YYYY-MM.jsonl.gz.
func (d Dir) AppendCalls(calls []dispatch.Call) error {
	if err := os.MkdirAll(d.Path, 0o750); err != nil {
		return fmt.Errorf("archive dir: %w", err)
	}
	byMonth := map[string][]dispatch.Call{}
	for _, c := range calls {
		m := d.month(c.At)
		byMonth[m] = append(byMonth[m], c)
	}
	for m, cs := range byMonth {
		if err := appendLines(filepath.Join(d.Path, "calls-"+m+".jsonl.gz"), cs); err != nil {
			return fmt.Errorf("archive calls %s: %w", m, err)
		}
	}
	return nil
}

// appendLines appends one gzip member of JSON lines and fsyncs the file.
func appendLines[T any](name string, items []T) error {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f)
	enc := json.NewEncoder(zw)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			_ = f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// Month is one file of the archive.
type Month struct {
	Month     string `json:"month"`
	Incidents int    `json:"incidents"`
	Bytes     int64  `json:"bytes"`
}

// Months lists the archive's months, oldest first, with their counts.
func (d Dir) Months() ([]Month, error) {
	entries, err := os.ReadDir(d.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Month
	for _, e := range entries {
		m := monthFile.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		recs, err := d.Read(m[1])
		if err != nil {
			return nil, err
		}
		info, _ := e.Info()
		out = append(out, Month{Month: m[1], Incidents: len(recs), Bytes: info.Size()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Month < out[j].Month })
	return out, nil
}

// Read returns a month's incidents in archive order, each once.
func (d Dir) Read(month string) ([]Record, error) {
	f, err := os.Open(filepath.Join(d.Path, month+".jsonl.gz"))
	if err != nil {
		return nil, fmt.Errorf("archive %s: %w", month, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f) // reads every member
	if err != nil {
		return nil, fmt.Errorf("archive %s: %w", month, err)
	}
	seen := map[dispatch.IncidentID]int{}
	var out []Record
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.Incident == nil {
			return nil, fmt.Errorf("archive %s: line %d: bad record", month, len(out)+1)
		}
		if i, ok := seen[r.Incident.ID]; ok {
			out[i] = r
			continue
		}
		seen[r.Incident.ID] = len(out)
		out = append(out, r)
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("archive %s: %w", month, err)
	}
	return out, nil
}

// Find looks an incident up by id or code (TT-0427) in every month.
func (d Dir) Find(idOrCode string) (Record, error) {
	months, err := d.Months()
	if err != nil {
		return Record{}, err
	}
	for i := len(months) - 1; i >= 0; i-- {
		recs, err := d.Read(months[i].Month)
		if err != nil {
			return Record{}, err
		}
		for _, r := range recs {
			if string(r.Incident.ID) == idOrCode || strings.EqualFold(r.Incident.Code, idOrCode) {
				return r, nil
			}
		}
	}
	return Record{}, fmt.Errorf("%s: %w", idOrCode, ErrNotFound)
}

// Calls returns the archived calls of every month, each once.
func (d Dir) Calls() ([]dispatch.Call, error) {
	files, err := filepath.Glob(filepath.Join(d.Path, "calls-*.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	seen := map[string]bool{}
	var out []dispatch.Call
	for _, name := range files {
		if err := readLines(name, func(line []byte) error {
			var c dispatch.Call
			if err := json.Unmarshal(line, &c); err != nil {
				return err
			}
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
			return nil
		}); err != nil {
			return nil, fmt.Errorf("archive %s: %w", filepath.Base(name), err)
		}
	}
	return out, nil
}

func readLines(name string, fn func([]byte) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if err := fn(sc.Bytes()); err != nil {
			return err
		}
	}
	return sc.Err()
}
