package classify

import (
	"fmt"
	"strings"
)

// validateCategories checks each category and returns the set of ids.
func (c *fileConfig) validateCategories(e *errList) map[string]bool {
	ids := map[string]bool{}
	if len(c.Categories) == 0 {
		e.add("categories", "no categories")
	}
	for i := range c.Categories {
		cat := &c.Categories[i]
		p := fmt.Sprintf("categories[%d]", i)
		checkID(e, p+".id", cat.ID)
		if ids[cat.ID] {
			e.add(p+".id", "duplicate category %q", cat.ID)
		}
		ids[cat.ID] = true
		if strings.TrimSpace(cat.Name) == "" {
			e.add(p+".name", "empty")
		}
		if strings.TrimSpace(cat.NameEN) == "" {
			e.add(p+".name_en", "empty")
		}
		checkPriority(e, p+".priority", cat.Priority)
		validateResponse(e, p, cat)
		if len(cat.Keywords) == 0 && len(cat.Near) == 0 {
			e.add(p+".keywords", "no keywords")
		}
		seen := map[string]string{}
		for j, k := range cat.Keywords {
			kp := fmt.Sprintf("%s.keywords[%d]", p, j)
			checkWeight(e, kp+".weight", k.Weight)
			if len(k.Words) == 0 {
				e.add(kp+".words", "no words")
			}
			for n, w := range k.Words {
				wp := fmt.Sprintf("%s.words[%d]", kp, n)
				if !checkWord(e, wp, w) {
					continue
				}
				key := strings.Join(splitWords(w), " ")
				if first, dup := seen[key]; dup {
					e.add(wp, "duplicate keyword %q (first at %s)", w, first)
				}
				seen[key] = wp
			}
		}
		validateNear(e, p+".near", cat.Near)
	}
	return ids
}

// validateResponse checks lead, support and tier, which depend on whether
// the category is an emergency.
func validateResponse(e *errList, p string, cat *categoryConfig) {
	if !cat.emergency() {
		if cat.Lead != "" || len(cat.Support) > 0 {
			e.add(p+".lead", "a non-emergency category dispatches no agency")
		}
		if cat.Tier != 0 {
			e.add(p+".tier", "a non-emergency category has no tier")
		}
		return
	}
	if cat.Lead == "" {
		e.add(p+".lead", "an emergency category needs a lead agency")
	} else {
		checkAgency(e, p+".lead", cat.Lead)
	}
	seen := map[string]bool{cat.Lead: true}
	for j, s := range cat.Support {
		sp := fmt.Sprintf("%s.support[%d]", p, j)
		checkAgency(e, sp, s)
		if seen[s] {
			e.add(sp, "duplicate agency %q", s)
		}
		seen[s] = true
	}
	if cat.Tier < 1 || cat.Tier > 3 {
		e.add(p+".tier", "tier must be 1, 2 or 3, got %d", cat.Tier)
	}
}

func checkWeight(e *errList, path string, w float64) {
	if w <= 0 || w > 5 {
		e.add(path, "weight must be in (0, 5], got %v", w)
	}
}

func validateNear(e *errList, path string, near []nearConfig) {
	for j, n := range near {
		np := fmt.Sprintf("%s[%d]", path, j)
		checkWeight(e, np+".weight", n.Weight)
		if n.Window < 0 {
			e.add(np+".window", "must not be negative")
		}
		if len(n.Words) != 2 {
			e.add(np+".words", "need exactly two word groups, got %d", len(n.Words))
			continue
		}
		for g, grp := range n.Words {
			if len(grp) == 0 {
				e.add(fmt.Sprintf("%s.words[%d]", np, g), "no words")
			}
			checkList(e, fmt.Sprintf("%s.words[%d]", np, g), grp)
		}
	}
}

// validateSignals checks signals and returns the set of ids.
func (c *fileConfig) validateSignals(e *errList, cats map[string]bool) map[string]bool {
	ids := map[string]bool{}
	for i, s := range c.Signals {
		if ids[s.ID] {
			e.add(fmt.Sprintf("signals[%d].id", i), "duplicate signal %q", s.ID)
		}
		ids[s.ID] = true
	}
	for i, s := range c.Signals {
		p := fmt.Sprintf("signals[%d]", i)
		checkID(e, p+".id", s.ID)
		for j, a := range s.Adds {
			checkAgency(e, fmt.Sprintf("%s.adds[%d]", p, j), a)
		}
		for j, im := range s.Implies {
			if !ids[im] || im == s.ID {
				e.add(fmt.Sprintf("%s.implies[%d]", p, j), "unknown signal %q", im)
			}
		}
		if s.Priority != 0 {
			checkPriority(e, p+".priority", s.Priority)
		}
		for j, cid := range s.AppliesTo {
			if !cats[cid] {
				e.add(fmt.Sprintf("%s.applies_to[%d]", p, j), "unknown category %q", cid)
			}
		}
		for j, cid := range s.Except {
			if !cats[cid] {
				e.add(fmt.Sprintf("%s.except[%d]", p, j), "unknown category %q", cid)
			}
		}
		if len(s.Words) == 0 && len(s.Near) == 0 {
			e.add(p+".words", "no words")
		}
		switch s.Marks {
		case "", markOver, markPast, markQuestion, markUrgent, markDenied, markPastFar, markOverPerson, markLaugh, markJoke, markMistaken,
			markInfo, markHowto, markHelp, markMinor:
		default:
			e.add(p+".marks", "unknown mark %q (want over, past, question, urgent, denied, past_far, over_person, laugh, joke, mistaken, info, howto, help or minor)", s.Marks)
		}
		if s.Marks != "" && len(s.Adds) > 0 {
			e.add(p+".adds", "a signal that marks %s adds no agency", s.Marks)
		}
		checkList(e, p+".words", s.Words)
		validateNear(e, p+".near", s.Near)
	}
	return ids
}

func (c *fileConfig) validateRules(e *errList, cats, sigs map[string]bool) {
	emergency := map[string]bool{}
	for _, cat := range c.Categories {
		emergency[cat.ID] = cat.emergency()
	}
	for i, r := range c.Rules {
		p := fmt.Sprintf("rules[%d]", i)
		if !cats[r.Category] {
			e.add(p+".category", "unknown category %q", r.Category)
		}
		switch {
		case r.Signal != "" && r.Unless != "":
			e.add(p+".unless", "give signal or unless, not both")
		case r.Unless != "" && !sigs[r.Unless]:
			e.add(p+".unless", "unknown signal %q", r.Unless)
		case r.Unless == "" && !sigs[r.Signal]:
			e.add(p+".signal", "unknown signal %q", r.Signal)
		}
		switch {
		case !cats[r.Then]:
			e.add(p+".then", "unknown category %q", r.Then)
		case !emergency[r.Then]:
			e.add(p+".then", "category %q is not an emergency", r.Then)
		case r.Then == r.Category:
			e.add(p+".then", "rule leads to its own category")
		}
	}
}
