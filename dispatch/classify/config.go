package classify

import (
	"errors"
	"fmt"
	"io"

	"github.com/sigap112/sigap/agencies"
)

// fileConfig mirrors taxonomy.yaml. It holds data only; compile turns it
// into the matcher.
type fileConfig struct {
	Version            int               `yaml:"version"`
	City               string            `yaml:"city"`
	MinScore           float64           `yaml:"min_score"`
	NonEmergencyMargin float64           `yaml:"non_emergency_margin"`
	TierRatio          float64           `yaml:"tier_ratio"`
	NearWindow         int               `yaml:"near_window"`
	ConfirmBelow       float64           `yaml:"confirm_below"`
	Aliases            map[string]string `yaml:"aliases"`
	Keep               []string          `yaml:"keep"`
	Common             []string          `yaml:"common"`
	Negation           negationConfig    `yaml:"negation"`
	Synonyms           []synonymConfig   `yaml:"synonyms"`
	Categories         []categoryConfig  `yaml:"categories"`
	Signals            []signalConfig    `yaml:"signals"`
	Rules              []ruleConfig      `yaml:"rules"`
	Questions          []questionConfig  `yaml:"questions"`
	// DefaultQuestions are asked when no category is recognised.
	DefaultQuestions []string `yaml:"default_questions"`
}

type negationConfig struct {
	Words  []string `yaml:"words"`  // negate what follows: tidak, tanpa, belum
	After  []string `yaml:"after"`  // negate what precedes at clause end: "tidak ada", nihil
	Skip   []string `yaml:"skip"`   // not counted in the window: ada, yang
	Breaks []string `yaml:"breaks"` // end the scope: tapi, namun
	Window int      `yaml:"window"` // content words between negator and keyword, +1
}

type synonymConfig struct {
	Means string   `yaml:"means"`
	Words []string `yaml:"words"`
}

type categoryConfig struct {
	ID              string          `yaml:"id"`
	Name            string          `yaml:"name"`
	NameEN          string          `yaml:"name_en"`
	Lead            string          `yaml:"lead"`
	Support         []string        `yaml:"support"`
	Priority        int             `yaml:"priority"`
	LifeThreatening bool            `yaml:"life_threatening"`
	Emergency       *bool           `yaml:"emergency"`
	Tier            int             `yaml:"tier"`
	Keywords        []keywordConfig `yaml:"keywords"`
	Near            []nearConfig    `yaml:"near"`
	Questions       []string        `yaml:"questions"` // key questions, at most 4
}

func (c *categoryConfig) emergency() bool { return c.Emergency == nil || *c.Emergency }

type keywordConfig struct {
	Weight float64  `yaml:"weight"`
	Words  []string `yaml:"words"`
}

type nearConfig struct {
	Weight float64    `yaml:"weight"`
	Means  string     `yaml:"means"`
	Window int        `yaml:"window"`
	Words  [][]string `yaml:"words"` // exactly two groups
}

type signalConfig struct {
	ID        string       `yaml:"id"`
	Means     string       `yaml:"means"`
	Adds      []string     `yaml:"adds"`
	Implies   []string     `yaml:"implies"`
	Priority  int          `yaml:"priority"`
	AppliesTo []string     `yaml:"applies_to"`
	Except    []string     `yaml:"except"`
	Words     []string     `yaml:"words"`
	Near      []nearConfig `yaml:"near"`
	// Victim: the signal means a person is hurt or in danger; it keeps a
	// call an emergency whatever else the text says.
	Victim bool `yaml:"victim"`
	// Marks: over (the event is finished), past (a past time), question,
	// urgent (happening now, help wanted): they let the classifier propose
	// "not an emergency?" for a question about a past event or an event
	// that is over. Such signals add no agency.
	Marks string `yaml:"marks"`
}

type ruleConfig struct {
	Category string `yaml:"category"`
	Signal   string `yaml:"signal"`
	// Unless: the rule applies when this signal is absent ("a crash is
	// presumed to have casualties unless the caller says there are none").
	Unless string `yaml:"unless"`
	Then   string `yaml:"then"`
}

// decodeConfig parses YAML strictly: unknown fields and duplicate keys are
// errors, since a misspelt field would otherwise be silently ignored.
func decodeConfig(data []byte, name string) (*fileConfig, error) {
	var cfg fileConfig
	if err := agencies.DecodeConfig(data, name, &cfg); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty taxonomy", name)
		}
		return nil, err
	}
	return &cfg, nil
}
