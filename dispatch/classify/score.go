package classify

import (
	"slices"

	"github.com/sigap112/sigap/agencies"
)

// score adds up, per category, the weights of the keywords and near pairs
// found, each concept once, and raises signals.
func (t *Taxonomy) score(s *scratch) {
	clear(s.score)
	clear(s.sigOn)
	clear(s.nearOn)
	s.gen++
	l := &t.lex
	for hi, h := range s.hits {
		if h.negated || s.seen[h.concept] == s.gen {
			continue
		}
		s.seen[h.concept] = s.gen
		c := &l.concepts[h.concept]
		for _, u := range c.cats {
			s.score[u.cat] += u.weight
		}
		for _, sg := range c.sigs {
			t.raise(s, sg, source{hit: int32(hi), pair: -1})
		}
	}
	for a, ha := range s.hits {
		if ha.negated {
			continue
		}
		for _, ns := range l.concepts[ha.concept].near {
			if ns.slot == 0 && !s.nearOn[ns.pair] {
				t.pairUp(s, a, ns.pair)
			}
		}
	}
}

// pairUp fires near pair p if hit a has a partner of the other group close
// enough and in the same clause: in "jatuh dari pohon, kakinya patah" the
// tree is not what broke. Hits are in text order, so only the neighbours
// within the window are looked at.
func (t *Taxonomy) pairUp(s *scratch, a int, p int32) {
	ha := s.hits[a]
	np := &t.near[p]
	w := int32(np.window)
	for b := a - 1; b >= 0 && ha.last-s.hits[b].first <= w; b-- {
		if t.partner(s, ha, s.hits[b], p) {
			t.fire(s, p, a, b)
			return
		}
	}
	for b := a + 1; b < len(s.hits) && s.hits[b].last-ha.first <= w; b++ {
		if t.partner(s, ha, s.hits[b], p) {
			t.fire(s, p, a, b)
			return
		}
	}
}

func (t *Taxonomy) partner(s *scratch, ha, hb hit, p int32) bool {
	return !hb.negated && s.toks[ha.first].clause == s.toks[hb.first].clause &&
		slices.Contains(t.lex.concepts[hb.concept].near, nearSlot{pair: p, slot: 1})
}

func (t *Taxonomy) fire(s *scratch, p int32, a, b int) {
	np := &t.near[p]
	s.nearOn[p] = true
	s.nearAB[p] = [2]int32{int32(a), int32(b)}
	if np.cat >= 0 {
		s.score[np.cat] += np.weight
	} else {
		t.raise(s, np.sig, source{hit: -1, pair: p})
	}
}

// raise turns a signal and those it implies on, remembering the first
// evidence for the reasons.
func (t *Taxonomy) raise(s *scratch, sg int32, src source) {
	if !s.sigOn[sg] {
		s.sigOn[sg] = true
		s.sigSrc[sg] = src
	}
	for _, im := range t.sigs[sg].implies {
		if !s.sigOn[im] {
			s.sigOn[im] = true
			s.sigSrc[im] = src
		}
	}
}

// result assembles the Result for category final, whose evidence was
// scored for category scored (they differ when a rule refiled it).
func (t *Taxonomy) result(s *scratch, scored, final int32, conf float64) Result {
	c := &t.cats[final]
	r := Result{Category: c.ID, Lead: c.Lead, Priority: c.Priority, Confidence: conf, Emergency: c.Emergency}
	n := 0
	if c.Emergency {
		n = 1 + len(c.Support)
		for i, sg := range t.sigs {
			if s.sigOn[i] && sg.applies[final] {
				n += len(sg.adds)
			}
		}
	}
	r.Agencies = make([]agencies.AgencyID, 0, n)
	if c.Emergency {
		r.Agencies = append(r.Agencies, c.Lead)
		r.Agencies = appendNew(r.Agencies, c.Support...)
	}
	for i := range t.sigs {
		sg := &t.sigs[i]
		if !s.sigOn[i] || !sg.applies[final] {
			continue
		}
		r.Agencies = appendNew(r.Agencies, sg.adds...)
		if sg.priority != 0 && sg.priority < r.Priority {
			r.Priority = sg.priority
		}
	}
	r.Reasons = t.reasons(s, scored, final)
	return r
}

func appendNew(list []agencies.AgencyID, add ...agencies.AgencyID) []agencies.AgencyID {
	for _, a := range add {
		if !slices.Contains(list, a) {
			list = append(list, a)
		}
	}
	return list
}
