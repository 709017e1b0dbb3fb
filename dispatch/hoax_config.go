package dispatch

import (
	"fmt"
	"io/fs"
	"time"

	"github.com/sigap112/sigap/agencies"
	"github.com/sigap112/sigap/dispatch/classify"
)

// Weight is a signal's weight, optionally capped (cap counts occurrences).
type Weight struct {
	Weight float64 `yaml:"weight"`
	Cap    float64 `yaml:"cap"`
}

// HoaxConfig is hoax.yaml: weights, thresholds and duplicate rules.
type HoaxConfig struct {
	Levels struct {
		Verify    float64 `yaml:"verify"`
		Suspected float64 `yaml:"suspected"`
		// SuspectedNeedsCall is the call evidence (cues, location that does
		// not fit) a call needs before it can be suspected: the number's
		// history alone stops at verify.
		SuspectedNeedsCall float64 `yaml:"suspected_needs_call_evidence"`
	} `yaml:"levels"`
	HalfLifeDays float64 `yaml:"half_life_days"`
	Signals      struct {
		ConfirmedFalse   Weight `yaml:"confirmed_false_report"`
		UnconfirmedFalse Weight `yaml:"unconfirmed_false_report"`
		Prank24h         Weight `yaml:"prank_24h"`
		Silent24h        Weight `yaml:"silent_24h"`
		Burst            struct {
			Weight  float64 `yaml:"weight"`
			Calls   int     `yaml:"calls"`
			Minutes int     `yaml:"minutes"`
		} `yaml:"burst"`
		Withheld       Weight `yaml:"withheld"`
		Invalid        Weight `yaml:"invalid"`
		OutsideCity    Weight `yaml:"outside_city"`
		FarFromHandset struct {
			Weight float64 `yaml:"weight"`
			Metres float64 `yaml:"metres"`
		} `yaml:"far_from_handset"`
		SevereSingle Weight          `yaml:"severe_single_caller"`
		Cues         map[Cue]float64 `yaml:"cues"`
		Corroborated Weight          `yaml:"corroborated"`
		GenuinePast  Weight          `yaml:"genuine_past"`
		Credible     Weight          `yaml:"credible"`
	} `yaml:"signals"`
	WatchList struct {
		Enabled        bool `yaml:"enabled"`
		AfterConfirmed int  `yaml:"after_confirmed"`
	} `yaml:"watch_list"`
	Duplicates DuplicateConfig `yaml:"duplicates"`
}

// DuplicateConfig says when two reports may be of one event.
type DuplicateConfig struct {
	ClosedWithin     time.Duration    `yaml:"closed_within"`
	SameCallerWithin time.Duration    `yaml:"same_caller_within"`
	Groups           []DuplicateGroup `yaml:"groups"`
	// Categories overrides its group's radius or window for one category
	// (a drowning's callers stand along a river, hundreds of metres apart).
	Categories map[classify.CategoryID]DuplicateRule `yaml:"categories"`
	// FarFactor: incidents up to this many times the radius away are still
	// suggested, marked far; linking one needs the call-taker's confirmation.
	FarFactor float64 `yaml:"far_factor"`
	// TellCrewBeyondM: a caller linked farther than this from the
	// incident's point has its point texted to the crew (default 150 m).
	TellCrewBeyondM float64 `yaml:"tell_crew_beyond_m"`
	// StreetBeyond: beyond this fraction of the radius a link needs a
	// street both callers name, or a confirmation (default 0.5; 1: never).
	StreetBeyond float64 `yaml:"street_beyond"`
	Surge        struct {
		Callers int           `yaml:"callers"`
		RadiusM float64       `yaml:"radius_m"`
		Window  time.Duration `yaml:"window"`
	} `yaml:"surge"`
}

// DuplicateRule is how near in space and time a second report must be.
type DuplicateRule struct {
	RadiusM float64       `yaml:"radius_m"`
	Window  time.Duration `yaml:"window"`
}

// DuplicateGroup is a set of compatible categories with its radius and window.
type DuplicateGroup struct {
	Name       string                `yaml:"name"`
	RadiusM    float64               `yaml:"radius_m"`
	Window     time.Duration         `yaml:"window"`
	Categories []classify.CategoryID `yaml:"categories"`
	// SameHouse: the scene is one house (a patient): callers naming the
	// same street with different house numbers are at different places.
	SameHouse bool `yaml:"same_house"`
}

// HalfLife is how long a confirmed false report takes to lose half its weight.
func (h *HoaxConfig) HalfLife() time.Duration {
	return time.Duration(h.HalfLifeDays * 24 * float64(time.Hour))
}

// Group returns the duplicate group of a category, nil when it has none.
func (d *DuplicateConfig) Group(c classify.CategoryID) *DuplicateGroup {
	for i := range d.Groups {
		for _, gc := range d.Groups[i].Categories {
			if gc == c {
				return &d.Groups[i]
			}
		}
	}
	return nil
}

func LoadHoax(fsys fs.FS, file string, tax *classify.Taxonomy) (*HoaxConfig, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	var h HoaxConfig
	if err := agencies.DecodeConfig(data, file, &h); err != nil {
		return nil, err
	}
	errs := agencies.NewConfigErrors(file)
	if h.Levels.Verify <= 0 || h.Levels.Suspected <= h.Levels.Verify {
		errs.Add("levels", "need 0 < verify < suspected, got %v and %v", h.Levels.Verify, h.Levels.Suspected)
	}
	if h.Levels.SuspectedNeedsCall <= 0 {
		errs.Add("levels.suspected_needs_call_evidence", "must be positive: a number's history alone must never make a call suspected")
	}
	if h.HalfLifeDays <= 0 {
		errs.Add("half_life_days", "must be positive")
	}
	if h.Signals.Burst.Calls < 2 || h.Signals.Burst.Minutes <= 0 {
		errs.Add("signals.burst", "calls ≥ 2 and minutes > 0")
	}
	if h.Signals.Corroborated.Weight > 0 || h.Signals.Credible.Weight > 0 || h.Signals.GenuinePast.Weight > 0 {
		errs.Add("signals", "corroborated, credible and genuine_past must lower the score (weight ≤ 0)")
	}
	if h.WatchList.Enabled && h.WatchList.AfterConfirmed < 1 {
		errs.Add("watch_list.after_confirmed", "must be at least 1")
	}
	for cue := range h.Signals.Cues {
		if _, ok := CueLabels[cue]; !ok {
			errs.Add("signals.cues", "unknown cue %q (child_voice, laughter, asks_money, obscene)", cue)
		}
	}
	seen := map[classify.CategoryID]string{}
	for i, g := range h.Duplicates.Groups {
		if g.RadiusM <= 0 || g.Window <= 0 {
			errs.Add(fmt.Sprintf("duplicates.groups[%d]", i), "radius_m and window must be positive")
		}
		for _, c := range g.Categories {
			if _, ok := tax.Category(c); !ok {
				errs.Add(fmt.Sprintf("duplicates.groups[%d].categories", i), "unknown category %q", c)
			}
			if other, dup := seen[c]; dup {
				errs.Add(fmt.Sprintf("duplicates.groups[%d].categories", i), "%q is also in group %s", c, other)
			}
			seen[c] = g.Name
		}
	}
	validDuplicateRules(&h.Duplicates, tax, errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return &h, nil
}

func validDuplicateRules(d *DuplicateConfig, tax *classify.Taxonomy, errs *agencies.ConfigErrors) {
	if d.SameCallerWithin <= 0 {
		errs.Add("duplicates.same_caller_within", "must be positive")
	}
	if d.FarFactor != 0 && d.FarFactor < 1 {
		errs.Add("duplicates.far_factor", "must be at least 1 (1: no far suggestions)")
	}
	if d.StreetBeyond < 0 || d.StreetBeyond > 1 {
		errs.Add("duplicates.street_beyond", "must be a fraction of the radius between 0 and 1 (1: never)")
	}
	if d.TellCrewBeyondM < 0 {
		errs.Add("duplicates.tell_crew_beyond_m", "must not be negative")
	}
	for c, r := range d.Categories {
		if _, ok := tax.Category(c); !ok {
			errs.Add("duplicates.categories", "unknown category %q", c)
			continue
		}
		if r.RadiusM < 0 || r.Window < 0 || (r.RadiusM == 0 && r.Window == 0) {
			errs.Add("duplicates.categories."+string(c), "give a positive radius_m or window")
		}
		if d.Group(c) == nil {
			errs.Add("duplicates.categories."+string(c), "the category is in no group: add it to one first")
		}
	}
}

// rule is a category's radius and window: its group's, or the category's
// own where it gives one.
func (d *DuplicateConfig) rule(c classify.CategoryID) DuplicateRule {
	var r DuplicateRule
	if g := d.Group(c); g != nil {
		r = DuplicateRule{RadiusM: g.RadiusM, Window: g.Window}
	}
	if o, ok := d.Categories[c]; ok {
		if o.RadiusM > 0 {
			r.RadiusM = o.RadiusM
		}
		if o.Window > 0 {
			r.Window = o.Window
		}
	}
	return r
}

// Pair is the rule of a new report of category a about an incident of
// category b: the larger radius of the two (a drowning reported as "someone
// in trouble" still gets the river's radius), and the incident's window (a
// flood goes on for hours; a fallen tree next to it is another event).
func (d *DuplicateConfig) Pair(a, b classify.CategoryID) DuplicateRule {
	ra, rb := d.rule(a), d.rule(b)
	return DuplicateRule{RadiusM: max(ra.RadiusM, rb.RadiusM), Window: rb.Window}
}

// GroupReach is the largest radius and window of any category of g.
func (d *DuplicateConfig) GroupReach(g *DuplicateGroup) DuplicateRule {
	r := DuplicateRule{RadiusM: g.RadiusM, Window: g.Window}
	for _, c := range g.Categories {
		cr := d.rule(c)
		r.RadiusM, r.Window = max(r.RadiusM, cr.RadiusM), max(r.Window, cr.Window)
	}
	return r
}

func (d *DuplicateConfig) EffectiveFarFactor() float64 {
	if d.FarFactor < 1 {
		return 1
	}
	return d.FarFactor
}

// Lookback is the longest a report may be looked back for.
func (d *DuplicateConfig) Lookback() time.Duration {
	m := d.SameCallerWithin
	for i := range d.Groups {
		m = max(m, d.GroupReach(&d.Groups[i]).Window)
	}
	return m + d.ClosedWithin
}

// Keep is how long the duplicate index keeps an entry.
func (d *DuplicateConfig) Keep() time.Duration { return d.Lookback() + time.Hour }

// Houses: the group's scene is one house (a patient), so different house
// numbers on one street are different places.
func (d *DuplicateConfig) Houses(c classify.CategoryID) bool {
	g := d.Group(c)
	return g != nil && g.SameHouse
}

// StreetBeyondFraction is the fraction of the radius from which a common street is needed.
func (d *DuplicateConfig) StreetBeyondFraction() float64 {
	if d.StreetBeyond <= 0 {
		return 0.5
	}
	return d.StreetBeyond
}

// defaultTellCrewBeyondM applies when the configuration gives none.
const defaultTellCrewBeyondM = 150

// TellCrewBeyond is the distance from which the crew is texted a linked caller's point.
func (d *DuplicateConfig) TellCrewBeyond() float64 {
	if d.TellCrewBeyondM > 0 {
		return d.TellCrewBeyondM
	}
	return defaultTellCrewBeyondM
}
