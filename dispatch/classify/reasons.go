package classify

// reasons lists the evidence for category scored and the signals that
// shaped the response of category final, in the order found.
func (t *Taxonomy) reasons(s *scratch, scored, final int32) []Reason {
	n := 0
	t.eachReason(s, scored, final, func(Reason) { n++ })
	out := make([]Reason, 0, n)
	t.eachReason(s, scored, final, func(r Reason) { out = append(out, r) })
	return out
}

func (t *Taxonomy) eachReason(s *scratch, scored, final int32, emit func(Reason)) {
	l := &t.lex
	s.gen++
	id := t.cats[scored].ID
	for _, h := range s.hits {
		if h.negated || s.seen[h.concept] == s.gen {
			continue
		}
		s.seen[h.concept] = s.gen
		c := &l.concepts[h.concept]
		for _, u := range c.cats {
			if u.cat == scored {
				emit(Reason{Word: s.span(h.first, h.last), Means: c.means, Category: id, Weight: u.weight})
			}
		}
	}
	for p := range t.near {
		if np := &t.near[p]; s.nearOn[p] && np.cat == scored {
			emit(Reason{Word: s.pairSpan(int32(p)), Means: t.pairMeans(s, int32(p)), Category: id, Weight: np.weight})
		}
	}
	for i := range t.sigs {
		sg := &t.sigs[i]
		if !s.sigOn[i] || !sg.applies[final] {
			continue
		}
		src := s.sigSrc[i]
		if src.pair >= 0 {
			emit(Reason{Word: s.pairSpan(src.pair), Means: t.pairMeans(s, src.pair), Signal: sg.id})
			continue
		}
		h := s.hits[src.hit]
		emit(Reason{Word: s.span(h.first, h.last), Means: l.concepts[h.concept].means, Signal: sg.id})
	}
}

// span is the caller's text from token a to token b.
func (s *scratch) span(a, b int32) string {
	return s.text[s.toks[a].start:s.toks[b].end]
}

func (s *scratch) pairSpan(p int32) string {
	ab := s.nearAB[p]
	ha, hb := s.hits[ab[0]], s.hits[ab[1]]
	return s.span(min(ha.first, hb.first), max(ha.last, hb.last))
}

// pairMeans names what a fired near pair found ("lampu lalu lintas + rusak").
func (t *Taxonomy) pairMeans(s *scratch, p int32) string {
	np := &t.near[p]
	if np.means != "" {
		return np.means
	}
	ab := s.nearAB[p]
	return np.pairMeans[[2]int32{s.hits[ab[0]].concept, s.hits[ab[1]].concept}]
}
