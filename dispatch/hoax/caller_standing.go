package hoax

import (
	"context"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/sigap112/sigap/dispatch"
	"github.com/sigap112/sigap/dispatch/classify"
	"github.com/sigap112/sigap/geo"
)

// ClearCaller is an appeal granted: the number's false reports up to now
// stop counting. The history stays.
func (s *Service) ClearCaller(ctx context.Context, raw, note, actor string) error {
	phone, ok := dispatch.NormalizeCaller(raw)
	if !ok || phone == dispatch.Withheld {
		return &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	if strings.TrimSpace(note) == "" {
		return &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"note": {Code: "required", Message: "say why the number is cleared"}}}
	}
	return s.Callers.AddStanding(ctx, phone, dispatch.StandingEvent{Type: dispatch.StandingCleared, At: s.Now().UTC(), Actor: actor, Note: strings.TrimSpace(note)})
}

// ErrWatchPolicy is returned when the watch list is off or the number has
// too few confirmed false reports to be placed on it.
var ErrWatchPolicy = fmt.Errorf("%w: watch-list policy", dispatch.ErrInvalidEvent)

// Watch puts a number on (or takes it off) the repeat-offender watch list.
// A supervisor decides; nothing is ever blocked.
func (s *Service) Watch(ctx context.Context, raw string, on bool, note, actor string) error {
	phone, ok := dispatch.NormalizeCaller(raw)
	if !ok || phone == dispatch.Withheld {
		return &dispatch.ValidationError{Fields: map[string]dispatch.FieldError{"phone": {Code: "invalid", Message: "not a phone number"}}}
	}
	t := dispatch.StandingWatchOff
	if on {
		t = dispatch.StandingWatchOn
		_, st, _, err := s.AssessCaller(ctx, phone)
		if err != nil {
			return err
		}
		if !s.Hoax.WatchList.Enabled || st.ConfirmedCount < s.Hoax.WatchList.AfterConfirmed {
			return fmt.Errorf("%w: enabled=%v, %d of %d confirmed false reports", ErrWatchPolicy,
				s.Hoax.WatchList.Enabled, st.ConfirmedCount, s.Hoax.WatchList.AfterConfirmed)
		}
	}
	return s.Callers.AddStanding(ctx, phone, dispatch.StandingEvent{Type: t, At: s.Now().UTC(), Actor: actor, Note: strings.TrimSpace(note)})
}

// Facts gathers what is known about a number.
func (s *Service) Facts(ctx context.Context, phone string) (CallerFacts, error) {
	f := CallerFacts{Phone: phone}
	if phone == dispatch.Withheld || phone == "" {
		f.Phone = dispatch.Withheld
		return f, nil
	}
	calls, err := s.Calls.CallerHistory(ctx, phone, 200)
	if err != nil {
		return f, err
	}
	f.Calls = calls
	if s.Callers != nil {
		if f.Standing, err = s.Callers.Standing(ctx, phone); err != nil {
			return f, err
		}
	}
	return f, nil
}

// AssessReport scores a report before it is stored.
func (s *Service) AssessReport(ctx context.Context, r dispatch.Report, res classify.Result) (dispatch.Assessment, error) {
	if s.Hoax == nil {
		return dispatch.Assessment{Level: dispatch.LevelNormal}, nil
	}
	f, err := s.Facts(ctx, r.CallerPhone)
	if err != nil {
		return dispatch.Assessment{}, err
	}
	cat, _ := s.Tax.Category(res.Category)
	in := AssessInput{At: s.Now().UTC(), Facts: f, LifeThreatening: cat.LifeThreatening, Cues: r.Cues, Callers: 1, Credible: r.Credible}
	in.OutsideCity = !s.Atlas.Locate(orb.Point{r.Lon, r.Lat}).InCity
	if r.Handset != nil {
		in.HandsetDistance = geo.Distance(orb.Point{r.Lon, r.Lat}, orb.Point{r.Handset.Lon, r.Handset.Lat})
	}
	return Assess(s.Hoax, in), nil
}

// Reassess scores a stored incident again after corroboration changed.
func (s *Service) Reassess(ctx context.Context, inc *dispatch.Incident) (dispatch.Assessment, error) {
	if s.Hoax == nil {
		return dispatch.Assessment{Level: dispatch.LevelNormal}, nil
	}
	f, err := s.Facts(ctx, inc.CallerPhone)
	if err != nil {
		return dispatch.Assessment{}, err
	}
	// The number's history as it was when the call came in, plus what came since about this incident.
	in := AssessInput{At: inc.ReceivedAt, Facts: f, LifeThreatening: inc.LifeThreat, Cues: inc.Cues,
		Callers: inc.ActiveCallers(), Credible: inc.Credible, OutsideCity: !inc.Location.InCity}
	if inc.Handset != nil {
		in.HandsetDistance = geo.Distance(dispatch.PointOf(inc), orb.Point{inc.Handset.Lon, inc.Handset.Lat})
	}
	return Assess(s.Hoax, in), nil
}

// AssessCaller scores a number as if it called now (for the caller page).
func (s *Service) AssessCaller(ctx context.Context, raw string) (dispatch.Assessment, dispatch.Standing, []dispatch.StandingEvent, error) {
	phone, ok := dispatch.NormalizeCaller(raw)
	f, err := s.Facts(ctx, phone)
	if err != nil || s.Hoax == nil {
		return dispatch.Assessment{}, dispatch.Standing{}, nil, err
	}
	f.Invalid = !ok
	now := s.Now().UTC()
	return Assess(s.Hoax, AssessInput{At: now, Facts: f, Callers: 1}), standingOf(f.Standing, now, s.Hoax.HalfLife()), f.Standing, nil
}
