package agencies

import (
	"fmt"
	"sort"
	"time"
)

// Targets are the charter's promised times for one assignment, counted from
// the moment the call was received.
type Targets struct {
	Acknowledge time.Duration `json:"acknowledge"`
	Arrive      time.Duration `json:"arrive"`
	Resolve     time.Duration `json:"resolve"`
}

// Deadlines turns targets into wall-clock deadlines for a call received at t.
func (t Targets) Deadlines(received time.Time) Deadlines {
	return Deadlines{
		Acknowledge: received.Add(t.Acknowledge),
		Arrive:      received.Add(t.Arrive),
		Resolve:     received.Add(t.Resolve),
	}
}

// Deadlines are the wall-clock times by which an assignment must be
// acknowledged, on scene and resolved.
type Deadlines struct {
	Acknowledge time.Time `json:"acknowledge"`
	Arrive      time.Time `json:"arrive"`
	Resolve     time.Time `json:"resolve"`
}

// Standard is one line of the charter: the targets of an agency for a
// category and priority. Category "*" and Priority 0 match any.
type Standard struct {
	Agency   AgencyID `json:"agency"`
	Category string   `json:"category"`
	Priority Priority `json:"priority"` // 0 = any
	Targets  Targets  `json:"targets"`
}

// Charter is the city's maklumat pelayanan: a public promise of how fast each
// agency acknowledges, arrives and resolves. The most specific standard wins:
// agency+category+priority, then agency+category, then agency+priority, then
// the agency's default (which every agency must have, so a lookup never fails).
type Charter struct {
	Version   int // 1 for the configured charter, then one more per change
	ValidFrom time.Time
	// WarningAt is the fraction of a target after which the clock turns amber.
	WarningAt float64
	// CallProcessing is the promised time from a call received to its
	// assignments dispatched (NFPA 1225: 60 s).
	CallProcessing time.Duration
	standards      map[charterKey]Targets
}

type charterKey struct {
	agency   AgencyID
	category string
	priority Priority
}

// Targets returns the standard for an assignment; ok is false only for an
// agency the charter does not know.
func (c *Charter) Targets(agency AgencyID, category string, p Priority) (Targets, bool) {
	for _, k := range []charterKey{
		{agency, category, p}, {agency, category, 0}, {agency, "*", p}, {agency, "*", 0},
	} {
		if t, ok := c.standards[k]; ok {
			return t, true
		}
	}
	return Targets{}, false
}

// Standards lists every line of the charter, sorted, for the public page and reports.
func (c *Charter) Standards() []Standard {
	out := make([]Standard, 0, len(c.standards))
	for k, t := range c.standards {
		out = append(out, Standard{Agency: k.agency, Category: k.category, Priority: k.priority, Targets: t})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Agency != b.Agency {
			return a.Agency < b.Agency
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		return a.Priority < b.Priority
	})
	return out
}

type charterFile struct {
	ValidFrom      string        `yaml:"valid_from"`
	WarningAt      float64       `yaml:"warning_at"`
	CallProcessing string        `yaml:"call_processing"`
	Standards      []standardDoc `yaml:"standards"`
}

type standardDoc struct {
	Agency      AgencyID `yaml:"agency"`
	Category    string   `yaml:"category"`
	Priority    any      `yaml:"priority"` // 1..3 or "*"
	Acknowledge string   `yaml:"acknowledge"`
	Arrive      string   `yaml:"arrive"`
	Resolve     string   `yaml:"resolve"`
}

// ParseCharter reads charter.yaml. known lists the agencies of the city;
// every one of them must have a default standard.
func ParseCharter(data []byte, file string, known map[AgencyID]bool) (*Charter, error) {
	var doc charterFile
	if err := DecodeConfig(data, file, &doc); err != nil {
		return nil, err
	}
	errs := &configErrors{file: file}
	c := &Charter{WarningAt: doc.WarningAt, standards: map[charterKey]Targets{}}
	vf, err := time.Parse("2006-01-02", doc.ValidFrom)
	if err != nil {
		errs.add("valid_from", "%q is not a date YYYY-MM-DD", doc.ValidFrom)
	}
	c.ValidFrom = vf
	if c.WarningAt == 0 {
		c.WarningAt = 0.8
	}
	if c.WarningAt <= 0 || c.WarningAt >= 1 {
		errs.add("warning_at", "must be a fraction between 0 and 1, got %v", doc.WarningAt)
	}
	c.CallProcessing = time.Minute
	if doc.CallProcessing != "" {
		if d, err := time.ParseDuration(doc.CallProcessing); err != nil || d <= 0 {
			errs.add("call_processing", "%q is not a positive duration like 60s", doc.CallProcessing)
		} else {
			c.CallProcessing = d
		}
	}
	for i, s := range doc.Standards {
		c.addStandard(s, fieldf("standards[%d]", i), known, errs)
	}
	for a := range known {
		if _, ok := c.standards[charterKey{a, "*", 0}]; !ok {
			errs.add("standards", "agency %q has no default standard (category \"*\", priority \"*\")", a)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Charter) addStandard(s standardDoc, field string, known map[AgencyID]bool, errs *configErrors) {
	if !known[s.Agency] {
		errs.add(field+".agency", "unknown agency %q", s.Agency)
	}
	if s.Category == "" {
		errs.add(field+".category", "required (use \"*\" for any category)")
	}
	p, ok := parsePriority(s.Priority)
	if !ok {
		errs.add(field+".priority", "must be 1, 2, 3 or \"*\", got %v", s.Priority)
	}
	var t Targets
	durs := []struct {
		name string
		text string
		dst  *time.Duration
	}{{"acknowledge", s.Acknowledge, &t.Acknowledge}, {"arrive", s.Arrive, &t.Arrive}, {"resolve", s.Resolve, &t.Resolve}}
	for _, d := range durs {
		v, err := time.ParseDuration(d.text)
		if err != nil || v <= 0 {
			errs.add(field+"."+d.name, "%q is not a positive duration like 2m or 1h30m", d.text)
		}
		*d.dst = v
	}
	if t.Acknowledge > 0 && t.Arrive > 0 && t.Resolve > 0 && !(t.Acknowledge <= t.Arrive && t.Arrive <= t.Resolve) {
		errs.add(field, "targets must satisfy acknowledge ≤ arrive ≤ resolve")
	}
	k := charterKey{s.Agency, s.Category, p}
	if _, dup := c.standards[k]; dup {
		errs.add(field, "duplicate standard for %s/%s/%v", s.Agency, s.Category, s.Priority)
	}
	c.standards[k] = t
}

func parsePriority(v any) (Priority, bool) {
	switch x := v.(type) {
	case nil:
		return 0, true
	case string:
		return 0, x == "*"
	case int:
		p := Priority(x)
		return p, p.Valid()
	}
	return 0, false
}

// String formats targets for logs and the public page: "2m0s/15m0s/3h0m0s".
func (t Targets) String() string {
	return fmt.Sprintf("%v/%v/%v", t.Acknowledge, t.Arrive, t.Resolve)
}
