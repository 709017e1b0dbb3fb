package classify

import (
	"fmt"
	"strings"

	"github.com/sigap112/sigap/agencies"
)

// errList is agencies.ConfigErrors (the project's one collector of config
// problems: every problem of a file at once, "file: field.path: reason")
// with the deployment's agencies to check ids against.
type errList struct {
	*agencies.ConfigErrors
	// known are the deployment's agencies (agencies.yaml); nil accepts any
	// well-formed id. A misspelt agency would otherwise route calls nowhere.
	known map[agencies.AgencyID]bool
}

func (e *errList) add(path, format string, args ...any) { e.Add(path, format, args...) }

func (e *errList) err() error { return e.Err() }

func (c *fileConfig) validate(name string, known map[agencies.AgencyID]bool) error {
	e := &errList{ConfigErrors: agencies.NewConfigErrors(name), known: known}
	if c.Version != 1 {
		e.add("version", "unsupported version %d (want 1)", c.Version)
	}
	if c.MinScore <= 0 || c.MinScore > 10 {
		e.add("min_score", "must be in (0, 10], got %v", c.MinScore)
	}
	if c.NonEmergencyMargin < 0 {
		e.add("non_emergency_margin", "must not be negative")
	}
	if c.TierRatio < 1 {
		e.add("tier_ratio", "must be at least 1, got %v", c.TierRatio)
	}
	if c.ConfirmBelow < 0 || c.ConfirmBelow >= 1 {
		e.add("confirm_below", "must be in [0, 1), got %v", c.ConfirmBelow)
	}
	if c.NearWindow < 0 {
		e.add("near_window", "must not be negative")
	}
	c.validateWords(e)
	cats := c.validateCategories(e)
	sigs := c.validateSignals(e, cats)
	c.validateRules(e, cats, sigs)
	c.validateQuestions(e, cats)
	return e.err()
}

// validateWords checks the vocabulary sections that are not categories.
func (c *fileConfig) validateWords(e *errList) {
	for k, v := range c.Aliases {
		p := fmt.Sprintf("aliases.%s", k)
		if len(splitWords(k)) != 1 || splitWords(k)[0] != k {
			e.add(p, "alias must be one lower-case word")
		}
		if len(splitWords(v)) == 0 {
			e.add(p, "empty replacement")
		}
		if v == k {
			e.add(p, "alias maps to itself")
		}
	}
	checkList(e, "keep", c.Keep)
	checkList(e, "common", c.Common)
	n := c.Negation
	if len(n.Words) == 0 {
		e.add("negation.words", "no negation words")
	}
	if n.Window < 0 {
		e.add("negation.window", "must not be negative")
	}
	checkList(e, "negation.words", n.Words)
	checkList(e, "negation.after", n.After)
	checkList(e, "negation.skip", n.Skip)
	checkList(e, "negation.breaks", n.Breaks)
	seen := map[string]string{}
	for i, s := range c.Synonyms {
		p := fmt.Sprintf("synonyms[%d]", i)
		if len(splitWords(s.Means)) == 0 {
			e.add(p+".means", "empty")
		}
		if len(s.Words) == 0 {
			e.add(p+".words", "no words")
		}
		for j, w := range s.Words {
			wp := fmt.Sprintf("%s.words[%d]", p, j)
			if !checkWord(e, wp, w) {
				continue
			}
			key := strings.Join(splitWords(w), " ")
			if first, dup := seen[key]; dup {
				e.add(wp, "duplicate word %q (first at %s)", w, first)
				continue
			}
			seen[key] = wp
		}
	}
}

func checkList(e *errList, path string, words []string) {
	for i, w := range words {
		checkWord(e, fmt.Sprintf("%s[%d]", path, i), w)
	}
}

// checkWord refuses keywords that normalise to nothing (e.g. "", "!!").
func checkWord(e *errList, path, w string) bool {
	if len(splitWords(w)) == 0 {
		e.add(path, "empty keyword %q", w)
		return false
	}
	return true
}

func checkPriority(e *errList, path string, p int) {
	if !agencies.Priority(p).Valid() {
		e.add(path, "invalid priority %d (want 1, 2 or 3)", p)
	}
}

func checkAgency(e *errList, path, a string) {
	if e.known != nil && !e.known[agencies.AgencyID(a)] {
		e.add(path, "unknown agency %q", a)
		return
	}
	checkID(e, path, a)
}

func checkID(e *errList, path, id string) {
	if id == "" {
		e.add(path, "empty id")
		return
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			e.add(path, "id %q must use only a-z, 0-9 and _", id)
			return
		}
	}
}
