package intake

import (
	"context"
	"fmt"
	"strings"

	"go.uber.org/zap"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
)

// SplitLinked turns the report of every independent linked caller not yet
// split off into an incident of its own, at the caller's own point with the
// caller's own words, dispatched like any other: when responders find
// nothing at the first caller's point (a prank, a wrong address), the other
// callers may still have seen a real emergency elsewhere. Each split is an
// event on the original incident. It is idempotent: a retry, or a second
// PALSU, creates nothing twice.
func (s *Service) SplitLinked(ctx context.Context, id, reason, actor string) (*dispatch.Incident, []*dispatch.Incident, error) {
	inc, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var made []*dispatch.Incident
	for i, c := range inc.Callers {
		if !inc.Independent(c) || c.SplitTo != "" {
			continue
		}
		own, _, err := s.Intake(ctx, s.splitReport(inc, c, actor), fmt.Sprintf("split:%s:%d", inc.ID, i))
		if err != nil {
			return inc, made, fmt.Errorf("split caller %d off %s: %w", i, inc.Code, err)
		}
		made = append(made, own)
		split := c
		split.SplitTo = own.Code
		inc, err = s.Store.Append(ctx, inc.ID, dispatch.Event{Type: dispatch.EventCallerSplit, At: s.Now().UTC(), Actor: actor, Channel: dispatch.ChannelSystem,
			Caller: &split, Key: fmt.Sprintf("split:%d", i),
			Reason: fmt.Sprintf("laporan penelepon dipisah menjadi %s dan dikirim ke lokasinya sendiri: %s", own.Code, reason)})
		if err != nil {
			return inc, made, err
		}
	}
	return inc, made, nil
}

// splitReport is a linked caller's own report.
func (s *Service) splitReport(inc *dispatch.Incident, c dispatch.LinkedCaller, actor string) dispatch.Report {
	r := dispatch.Report{CallerPhone: c.Phone, Description: c.Description, Lat: c.Lat, Lon: c.Lon, Address: c.Address,
		Category: c.Category, Actor: actor, Channel: dispatch.ChannelSystem, SplitFrom: inc.Code}
	if r.Category == "" || !s.emergency(r.Category) {
		r.Category = inc.Category
	}
	if strings.TrimSpace(r.Description) == "" {
		r.Description = fmt.Sprintf("penelepon yang digabung ke %s: %s", inc.Code, inc.Description)
	}
	if r.Lat == 0 && r.Lon == 0 {
		// No point of its own was taken: the first caller's, and say so.
		r.Lat, r.Lon = inc.Location.Lat, inc.Location.Lon
		r.Address = strings.TrimSpace(r.Address + " (lokasi penelepon tidak tercatat: hubungi kembali " + c.Phone + ")")
	}
	return r
}

func (s *Service) emergency(c classify.CategoryID) bool {
	cat, ok := s.Tax.Category(c)
	return ok && cat.Emergency
}

// SplitAfterFalse is run when a responder reports an incident false
// (PALSU): the linked callers' reports go out on their own at once. A
// failure is logged loudly; closing the incident as false or confirming it
// false runs the split again.
func (s *Service) SplitAfterFalse(ctx context.Context, inc *dispatch.Incident) {
	if inc == nil || inc.IndependentCallers() == 0 {
		return
	}
	_, made, err := s.SplitLinked(ctx, string(inc.ID), "petugas melaporkan PALSU", "system:split")
	if err != nil {
		s.Log.Error("linked callers of a false report NOT split off: a person must dispatch them", zap.String("incident", inc.Code), zap.Error(err))
		return
	}
	for _, m := range made {
		s.Log.Info("linked caller split off a false report", zap.String("incident", inc.Code), zap.String("new", m.Code))
	}
}
