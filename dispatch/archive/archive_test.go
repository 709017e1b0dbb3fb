package archive_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/archive"
)

func rec(id, code string, at time.Time, note string) archive.Record {
	return archive.Record{Incident: &dispatch.Incident{ID: dispatch.IncidentID(id), Code: code, ReceivedAt: at, Status: dispatch.StatusClosed},
		Events: []dispatch.Event{{Type: dispatch.EventClosed, Note: note}}, ArchivedAt: at}
}

func TestAppendIsPerMonthAndReadsEachIncidentOnce(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	d := archive.Dir{Path: filepath.Join(t.TempDir(), "archive"), Loc: wib}
	jan31 := time.Date(2025, 1, 31, 18, 0, 0, 0, time.UTC) // 1 February in WIB
	if err := d.Append([]archive.Record{rec("a", "TT-0001", jan31, "first"), rec("b", "TT-0002", jan31.AddDate(0, 0, -5), "")}); err != nil {
		t.Fatal(err)
	}
	// A crash between archive and purge archives "a" again in the next run.
	if err := d.Append([]archive.Record{rec("a", "TT-0001", jan31, "second")}); err != nil {
		t.Fatal(err)
	}
	months, err := d.Months()
	if err != nil || len(months) != 2 || months[0].Month != "2025-01" || months[1].Month != "2025-02" || months[1].Incidents != 1 {
		t.Fatalf("months: %+v %v", months, err)
	}
	r, err := d.Find("tt-0001")
	if err != nil || r.Events[0].Note != "second" {
		t.Errorf("find by code: %+v %v", r, err)
	}
	if _, err := d.Find("TT-9999"); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
	if _, err := os.Stat(filepath.Join(d.Path, "2025-02.jsonl.gz")); err != nil {
		t.Error(err)
	}
}
