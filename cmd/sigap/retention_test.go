package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/archive"
)

func (h *harness) closeIncident(id dispatch.IncidentID) {
	h.t.Helper()
	resp, body := h.post("/api/v1/incidents/"+string(id)+"/close", map[string]string{"disposition": "resolved", "note": "selesai"}, nil)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("close: %d %s", resp.StatusCode, body)
	}
}

// TestRetentionArchivesOnlyClosedIncidentsPastThePeriod: an incident closed
// 401 days ago leaves Redis for the archive, where it is readable with its
// log and can be restored; one closed 201 days ago and one still open (from
// 401 days ago) stay; the report of the archived incident's day keeps it.
func TestRetentionArchivesOnlyClosedIncidentsPastThePeriod(t *testing.T) {
	dir := t.TempDir()
	h := newHarnessWith(t, func(o *Options) { o.ArchiveDir = dir })
	old := h.createFire()
	h.closeIncident(old.ID)
	stillOpen := h.createFire()
	day := old.ReceivedAt.In(h.app.Deployment.Location).Format("2006-01-02")
	h.clock = h.clock.AddDate(0, 0, 200)
	recent := h.createFire()
	h.closeIncident(recent.ID)
	h.clock = h.clock.AddDate(0, 0, 201)

	res, err := h.app.RunRetention(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Archived != 1 || res.Calls != 2 {
		t.Errorf("archived %d incidents and %d calls, want 1 and 2 (the calls of both incidents of 401 days ago)", res.Archived, res.Calls)
	}
	if calls, err := h.app.Store.CallerHistory(context.Background(), old.CallerPhone, 50); err != nil || len(calls) != 1 || calls[0].IncidentID != recent.ID {
		t.Errorf("caller history after retention: %+v %v", calls, err)
	}
	if _, err := h.app.Store.Get(context.Background(), string(old.ID)); !errors.Is(err, dispatch.ErrIncidentNotFound) {
		t.Errorf("archived incident still in Redis: %v", err)
	}
	if _, err := h.app.Store.Get(context.Background(), old.Code); !errors.Is(err, dispatch.ErrIncidentNotFound) {
		t.Errorf("archived incident's code still resolves: %v", err)
	}
	for _, id := range []dispatch.IncidentID{recent.ID, stillOpen.ID} {
		if inc := h.incident(id); inc == nil {
			t.Errorf("%s removed", id)
		}
	}
	rec, err := (archive.Dir{Path: dir}).Find(old.Code)
	if err != nil || rec.Incident.ID != old.ID || len(rec.Events) < 2 || rec.Events[len(rec.Events)-1].Type != dispatch.EventClosed {
		t.Fatalf("archive: %+v %v", rec, err)
	}
	// The report of that day still counts it (its facts stay in Redis), also
	// after `sigap reports rebuild`, which reads the archive too.
	official := apiToken(t, h.app, "walikota", "official", "")
	dayCount := func() int {
		req, _ := http.NewRequest("GET", h.http.URL+"/api/v1/reports/compliance?from="+day+"&to="+day, nil)
		req.Header.Set("Authorization", "Bearer "+official)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var rep struct {
			Overall struct{ Incidents int } `json:"overall"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&rep)
		return rep.Overall.Incidents
	}
	if n := dayCount(); n != 2 {
		t.Errorf("report of %s counts %d incidents, want 2 (archived and open)", day, n)
	}
	env := map[string]string{"SIGAP_ARCHIVE_DIR": dir, "REDIS_URL": h.app.Options.RedisURL}
	var out strings.Builder
	if err := reportsCommand(context.Background(), []string{"rebuild"}, func(k string) string { return env[k] }, &out, &out); err != nil ||
		!strings.Contains(out.String(), "and 1 in the archive") {
		t.Fatalf("reports rebuild: %v\n%s", err, out.String())
	}
	if n := dayCount(); n != 2 {
		t.Errorf("after reports rebuild the report of %s counts %d incidents, want 2", day, n)
	}
	// Read and restore through the command.
	out.Reset()
	if err := archiveCommand(context.Background(), []string{"list"}, func(k string) string { return env[k] }, &out, &out); err != nil ||
		!strings.Contains(out.String(), old.ReceivedAt.In(h.app.Deployment.Location).Format("2006-01")) {
		t.Errorf("archive list: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := archiveCommand(context.Background(), []string{"show", old.Code}, func(k string) string { return env[k] }, &out, &out); err != nil ||
		!strings.Contains(out.String(), `"closed"`) {
		t.Errorf("archive show: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := archiveCommand(context.Background(), []string{"restore", old.Code}, func(k string) string { return env[k] }, &out, &out); err != nil {
		t.Fatalf("archive restore: %v\n%s", err, out.String())
	}
	if inc := h.incident(old.ID); inc.Status != dispatch.StatusClosed || len(h.events(old.ID, dispatch.EventClosed)) != 1 {
		t.Errorf("restored: %+v", inc)
	}
	// A second run archives it again (still past the period); the archive reads it once.
	if res, err := h.app.RunRetention(context.Background()); err != nil || res.Archived != 1 {
		t.Errorf("second run: %+v %v", res, err)
	}
	months, _ := (archive.Dir{Path: dir}).Months()
	if len(months) != 1 || months[0].Incidents != 1 {
		t.Errorf("months: %+v", months)
	}
}
