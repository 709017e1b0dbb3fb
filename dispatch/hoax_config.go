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

// group returns the duplicate group of a category, nil when it has none.
func (d *DuplicateConfig) group(c classify.CategoryID) *DuplicateGroup {
	for i := range d.Groups {
		for _, gc := range d.Groups[i].Categories {
			if gc == c {
				return &d.Groups[i]
			}
		}
	}
	return nil
}

func loadHoax(fsys fs.FS, file string, tax *classify.Taxonomy) (*HoaxConfig, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	var h HoaxConfig
	if err := agencies.DecodeConfig(data, file, &h); err != nil {
		return nil, err
	}
	bad := func(field, format string, args ...any) error {
		return &agencies.ConfigError{File: file, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case h.Levels.Verify <= 0 || h.Levels.Suspected <= h.Levels.Verify:
		return nil, bad("levels", "need 0 < verify < suspected, got %v and %v", h.Levels.Verify, h.Levels.Suspected)
	case h.Levels.SuspectedNeedsCall <= 0:
		return nil, bad("levels.suspected_needs_call_evidence", "must be positive: a number's history alone must never make a call suspected")
	case h.HalfLifeDays <= 0:
		return nil, bad("half_life_days", "must be positive")
	case h.Signals.Burst.Calls < 2 || h.Signals.Burst.Minutes <= 0:
		return nil, bad("signals.burst", "calls ≥ 2 and minutes > 0")
	case h.Signals.Corroborated.Weight > 0 || h.Signals.Credible.Weight > 0 || h.Signals.GenuinePast.Weight > 0:
		return nil, bad("signals", "corroborated, credible and genuine_past must lower the score (weight ≤ 0)")
	case h.WatchList.Enabled && h.WatchList.AfterConfirmed < 1:
		return nil, bad("watch_list.after_confirmed", "must be at least 1")
	}
	for cue := range h.Signals.Cues {
		if _, ok := cueLabels[cue]; !ok {
			return nil, bad("signals.cues", "unknown cue %q (child_voice, laughter, asks_money, obscene)", cue)
		}
	}
	if err := validDuplicateRules(&h.Duplicates, tax, bad); err != nil {
		return nil, err
	}
	seen := map[classify.CategoryID]string{}
	for i, g := range h.Duplicates.Groups {
		if g.RadiusM <= 0 || g.Window <= 0 {
			return nil, bad(fmt.Sprintf("duplicates.groups[%d]", i), "radius_m and window must be positive")
		}
		for _, c := range g.Categories {
			if _, ok := tax.Category(c); !ok {
				return nil, bad(fmt.Sprintf("duplicates.groups[%d].categories", i), "unknown category %q", c)
			}
			if other, dup := seen[c]; dup {
				return nil, bad(fmt.Sprintf("duplicates.groups[%d].categories", i), "%q is also in group %s", c, other)
			}
			seen[c] = g.Name
		}
	}
	return &h, nil
}

func validDuplicateRules(d *DuplicateConfig, tax *classify.Taxonomy, bad func(field, format string, args ...any) error) error {
	switch {
	case d.SameCallerWithin <= 0:
		return bad("duplicates.same_caller_within", "must be positive")
	case d.FarFactor != 0 && d.FarFactor < 1:
		return bad("duplicates.far_factor", "must be at least 1 (1: no far suggestions)")
	case d.StreetBeyond < 0 || d.StreetBeyond > 1:
		return bad("duplicates.street_beyond", "must be a fraction of the radius between 0 and 1 (1: never)")
	case d.TellCrewBeyondM < 0:
		return bad("duplicates.tell_crew_beyond_m", "must not be negative")
	}
	for c, r := range d.Categories {
		if _, ok := tax.Category(c); !ok {
			return bad("duplicates.categories", "unknown category %q", c)
		}
		if r.RadiusM < 0 || r.Window < 0 || (r.RadiusM == 0 && r.Window == 0) {
			return bad("duplicates.categories."+string(c), "give a positive radius_m or window")
		}
		if d.group(c) == nil {
			return bad("duplicates.categories."+string(c), "the category is in no group: add it to one first")
		}
	}
	return nil
}
