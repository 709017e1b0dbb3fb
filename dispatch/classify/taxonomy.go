package classify

import (
	"fmt"
	"io/fs"
	"sync"

	"github.com/sigap112/sigap/agencies"
)

// CategoryID names an incident category of the taxonomy (e.g. "kebakaran").
// It is what the console stores and what the call-taker picks on override.
type CategoryID string

// Category is one kind of call the centre recognises, with the response it
// gets by default.
type Category struct {
	ID     CategoryID
	Name   string // Bahasa Indonesia label shown to the call-taker
	NameEN string // English label for reports and logs
	// Lead is the agency in charge; "" for calls that need no agency
	// (information requests, pranks, non-emergency complaints).
	Lead    agencies.AgencyID
	Support []agencies.AgencyID // sent along with Lead, in this order
	// Priority is the default before signals escalate it.
	Priority        agencies.Priority
	LifeThreatening bool
	// Emergency is false for calls the centre answers without dispatching
	// (informasi, iseng, non_darurat).
	Emergency bool
	// Tier orders emergency categories when a description mentions several
	// things: 1 is the incident itself (fire, flood, crash), 2 the rescue of
	// someone from a situation, 3 the patient's condition. A lower tier that
	// is recognised wins; the others then act only through signals, so that
	// "crash, the rider is bleeding" is a crash with casualties, not a wound.
	// 0 for non-emergency categories.
	Tier int
}

// Taxonomy is a compiled taxonomy file: the categories and everything needed
// to classify descriptions. It is immutable and safe for concurrent use.
type Taxonomy struct {
	name      string
	cats      []Category
	catIndex  map[CategoryID]int
	minScore  float64
	margin    float64
	tierRatio float64
	// confirmBelow: a proposal less sure than this is not pre-filled.
	confirmBelow float64
	lex          lexicon
	sigs         []signal
	rules        []rule
	near         []nearPair
	cfg          *fileConfig // questions are read from it
	qOnce        sync.Once
	questions    map[CategoryID][]Question
	pool         sync.Pool // *scratch
	model        modelSlot
}

// Load reads and compiles a taxonomy file. Errors name the file, the field
// path and the reason, so that whoever edits the YAML can fix it directly.
// known lists the deployment's agencies (from agencies.yaml): categories,
// signals and answers may name only those; nil accepts any well-formed id.
func Load(fsys fs.FS, path string, known ...agencies.AgencyID) (*Taxonomy, error) {
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	return Parse(data, path, known...)
}

// Parse compiles a taxonomy from YAML; name is used in error messages only.
// known: see Load.
func Parse(data []byte, name string, known ...agencies.AgencyID) (*Taxonomy, error) {
	cfg, err := decodeConfig(data, name)
	if err != nil {
		return nil, err
	}
	var knownSet map[agencies.AgencyID]bool
	if len(known) > 0 {
		knownSet = map[agencies.AgencyID]bool{}
		for _, a := range known {
			knownSet[a] = true
		}
	}
	if err := cfg.validate(name, knownSet); err != nil {
		return nil, err
	}
	t, err := compile(cfg, name)
	if err != nil {
		return nil, err
	}
	t.pool.New = func() any { return newScratch(t) }
	return t, nil
}

// Category returns the category with the given id.
func (t *Taxonomy) Category(id CategoryID) (Category, bool) {
	i, ok := t.catIndex[id]
	if !ok {
		return Category{}, false
	}
	return t.cats[i].clone(), true
}

// Categories returns all categories in file order, for the console's
// override list.
func (t *Taxonomy) Categories() []Category {
	out := make([]Category, len(t.cats))
	for i, c := range t.cats {
		out[i] = c.clone()
	}
	return out
}

// clone copies the support slice so callers cannot alter the taxonomy.
func (c Category) clone() Category {
	c.Support = append([]agencies.AgencyID(nil), c.Support...)
	return c
}
