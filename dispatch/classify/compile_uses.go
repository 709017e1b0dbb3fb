package classify

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/sigap112/sigap/agencies"
)

func (b *builder) buildCategories(t *Taxonomy) {
	for i, c := range b.cfg.Categories {
		cat := Category{
			ID: CategoryID(c.ID), Name: c.Name, NameEN: c.NameEN,
			Lead:            agencies.AgencyID(c.Lead),
			Priority:        agencies.Priority(c.Priority),
			LifeThreatening: c.LifeThreatening, Emergency: c.emergency(), Tier: c.Tier,
		}
		for _, s := range c.Support {
			cat.Support = append(cat.Support, agencies.AgencyID(s))
		}
		t.cats = append(t.cats, cat)
		t.catIndex[cat.ID] = i
	}
}

func (b *builder) buildCategoryTerms(t *Taxonomy) {
	for i, c := range b.cfg.Categories {
		for j, k := range c.Keywords {
			for n, w := range k.Words {
				path := fmt.Sprintf("categories[%d].keywords[%d].words[%d]", i, j, n)
				b.useInCategory(int32(i), w, k.Weight, path)
			}
		}
		for _, n := range c.Near {
			b.addNear(t, n, int32(i), -1)
		}
	}
}

// useInCategory records that keyword w scores weight for category cat. Two
// keywords of a category that mean the same thing would count it twice.
func (b *builder) useInCategory(cat int32, w string, weight float64, path string) {
	cid := b.conceptOf(w)
	key := [2]int32{cid, cat}
	if first, dup := b.usePath[key]; dup {
		b.e.add(path, "%q means the same as the keyword at %s (%q)", w, first, b.lex.concepts[cid].means)
		return
	}
	b.usePath[key] = path
	c := &b.lex.concepts[cid]
	c.cats = append(c.cats, catUse{cat: cat, weight: weight})
}

func (b *builder) addNear(t *Taxonomy, n nearConfig, cat, sig int32) {
	window := n.Window
	if window == 0 {
		window = b.cfg.NearWindow
	}
	if window == 0 {
		window = 6
	}
	pid := int32(len(t.near))
	np := nearPair{cat: cat, sig: sig, weight: n.Weight, window: window, means: n.Means}
	var groups [2][]int32
	for g, grp := range n.Words {
		for _, w := range grp {
			cid := b.conceptOf(w)
			c := &b.lex.concepts[cid]
			slot := nearSlot{pair: pid, slot: int8(g)}
			if !slices.Contains(c.near, slot) {
				c.near = append(c.near, slot)
				groups[g] = append(groups[g], cid)
			}
		}
	}
	if np.means == "" {
		// Spell out each combination once, so that a reason names the two
		// things actually found without building strings per call.
		np.pairMeans = map[[2]int32]string{}
		for _, x := range groups[0] {
			for _, y := range groups[1] {
				np.pairMeans[[2]int32{x, y}] = b.lex.concepts[x].means + " + " + b.lex.concepts[y].means
			}
		}
	}
	t.near = append(t.near, np)
}

func (b *builder) buildSignals(t *Taxonomy) {
	ids := map[string]int32{}
	for i, s := range b.cfg.Signals {
		ids[s.ID] = int32(i)
	}
	for i, s := range b.cfg.Signals {
		sg := signal{id: s.ID, means: s.Means, priority: agencies.Priority(s.Priority), victim: s.Victim, marks: s.Marks}
		for _, a := range s.Adds {
			sg.adds = append(sg.adds, agencies.AgencyID(a))
		}
		sg.applies, sg.general = make([]bool, len(t.cats)), len(s.AppliesTo) == 0
		for ci, c := range t.cats {
			sg.applies[ci] = c.Emergency && (len(s.AppliesTo) == 0 || slices.Contains(s.AppliesTo, string(c.ID))) &&
				!slices.Contains(s.Except, string(c.ID))
		}
		sg.implies = closure(b.cfg.Signals, ids, int32(i))
		t.sigs = append(t.sigs, sg)
		for _, w := range s.Words {
			c := &b.lex.concepts[b.conceptOf(w)]
			if !slices.Contains(c.sigs, int32(i)) {
				c.sigs = append(c.sigs, int32(i))
			}
		}
		for _, n := range s.Near {
			b.addNear(t, n, -1, int32(i))
		}
	}
}

// closure lists every signal that signal i implies, directly or not.
func closure(sigs []signalConfig, ids map[string]int32, i int32) []int32 {
	var out []int32
	stack := []int32{i}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, im := range sigs[s].Implies {
			j := ids[im]
			if j != i && !slices.Contains(out, j) {
				out = append(out, j)
				stack = append(stack, j)
			}
		}
	}
	return out
}

func (b *builder) buildRules(t *Taxonomy) {
	sig := map[string]int32{}
	for i, s := range t.sigs {
		sig[s.id] = int32(i)
	}
	for _, r := range b.cfg.Rules {
		rl := rule{
			cat:  int32(t.catIndex[CategoryID(r.Category)]),
			sig:  sig[r.Signal],
			then: int32(t.catIndex[CategoryID(r.Then)]),
		}
		if r.Unless != "" {
			rl.sig, rl.unless = sig[r.Unless], true
		}
		t.rules = append(t.rules, rl)
	}
}

// index builds the first-lexeme index of terms and the typo index.
func (b *builder) index() {
	l := b.lex
	l.byFirst = make([][]int32, len(l.names))
	for i, t := range l.terms {
		if len(t.lex) > 0 {
			l.byFirst[t.lex[0]] = append(l.byFirst[t.lex[0]], int32(i))
		}
	}
	for _, ts := range l.byFirst {
		slices.SortStableFunc(ts, func(x, y int32) int {
			return cmp.Compare(len(l.terms[y].lex), len(l.terms[x].lex))
		})
	}
	keys := make([]string, 0, len(l.words))
	for k := range l.words {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	meaningful := make([]bool, len(l.names))
	for _, t := range l.terms {
		if l.concepts[t.concept].used() {
			for _, x := range t.lex {
				meaningful[x] = true
			}
		}
	}
	for _, k := range keys {
		kw := false
		for _, x := range l.words[k] {
			kw = kw || meaningful[x]
		}
		l.fuzzy.addTarget(k, l.words[k], kw)
	}
	l.sms = smsIndex{}
	for _, k := range keys {
		kw := false
		for _, x := range l.words[k] {
			kw = kw || meaningful[x]
		}
		l.sms.add(k, l.words[k], kw)
	}
}
