package classify

// token is one normalised word of the description, resolved to a lexeme.
type token struct {
	start, end int32 // span in the description, as the caller wrote it
	lex        lexID // -1 when the word means nothing to the taxonomy
	brk        bool  // a clause break precedes it
	fuzzy      bool  // reached through a typo correction
	used       bool  // part of a matched keyword
	clause     int32 // index of the clause (between breaks) it is in
}

// hit is one keyword found in the description.
type hit struct {
	concept     int32
	first, last int32 // token indices
	negated     bool
}

// source is what raised a signal: a hit, or a near pair of hits.
type source struct {
	hit, pair int32 // -1 when unused
}

// scratch is the per-call working memory, pooled so that classifying
// allocates only the result.
type scratch struct {
	text   string
	buf    []byte
	toks   []token
	hits   []hit
	st     stemmer
	score  []float64
	seen   []uint32 // concept → generation it was counted in
	gen    uint32
	sigOn  []bool
	sigSrc []source
	nearOn []bool
	nearAB [][2]int32
}

func newScratch(t *Taxonomy) *scratch {
	return &scratch{
		score:  make([]float64, len(t.cats)),
		seen:   make([]uint32, len(t.lex.concepts)),
		sigOn:  make([]bool, len(t.sigs)),
		sigSrc: make([]source, len(t.sigs)),
		nearOn: make([]bool, len(t.near)),
		nearAB: make([][2]int32, len(t.near)),
	}
}

// tokenize splits and resolves the description into s.toks.
func (s *scratch) tokenize(l *lexicon, text string) {
	s.text = text
	s.toks = s.toks[:0]
	sc := wordScanner{text: text}
	var pieces [maxPieces][2]int
	pending, clause := false, int32(0)
	for {
		start, end, brk, ok := sc.next()
		if !ok {
			return
		}
		pending = pending || brk
		var n int
		s.buf, n = normWord(s.buf[:0], text[start:end], &pieces)
		for i := 0; i < n; i++ {
			piece := s.buf[pieces[i][0]:pieces[i][1]]
			lex, fz := l.lookup(piece, &s.st)
			if pending && len(s.toks) > 0 {
				clause++
			}
			tok := token{start: int32(start), end: int32(end), lex: -1, brk: pending, fuzzy: fz, clause: clause}
			pending = false
			if len(lex) == 0 {
				// Words typed without spaces ("adaorangpingsandijalan"):
				// the known words inside, each a token of the same span.
				var segs [maxSegments][2]int
				if k := l.segment(piece, &segs); k > 0 {
					for _, sg := range segs[:k] {
						sub, sfz := l.lookup(piece[sg[0]:sg[1]], &s.st)
						tok.fuzzy = sfz
						for _, id := range sub {
							tok.lex = id
							s.toks = append(s.toks, tok)
							tok.brk = false
						}
					}
					continue
				}
				s.toks = append(s.toks, tok)
				continue
			}
			for _, id := range lex {
				tok.lex = id
				s.toks = append(s.toks, tok)
				tok.brk = false
			}
		}
	}
}

// match finds keywords, longest first, left to right; a word belongs to at
// most one keyword, so "kereta api" is never also "kereta".
func (s *scratch) match(l *lexicon) {
	s.hits = s.hits[:0]
	toks := s.toks
	for i := 0; i < len(toks); {
		n, tid := 0, int32(-1)
		if id := toks[i].lex; id >= 0 {
			for _, c := range l.byFirst[id] {
				if matchAt(toks, i, l.terms[c].lex) {
					n, tid = len(l.terms[c].lex), c
					break
				}
			}
		}
		if n == 0 {
			i++
			continue
		}
		for k := i; k < i+n; k++ {
			toks[k].used = true
		}
		if cid := l.terms[tid].concept; l.concepts[cid].used() {
			neg := s.negatedBefore(l, i) || s.negatedAfter(l, i+n)
			s.hits = append(s.hits, hit{concept: cid, first: int32(i), last: int32(i + n - 1), negated: neg})
		}
		i += n
	}
}

// matchAt reports whether seq occurs at toks[i:] within one clause (its
// first word may follow a break).
func matchAt(toks []token, i int, seq []lexID) bool {
	if i+len(seq) > len(toks) {
		return false
	}
	for k, id := range seq {
		if toks[i+k].lex != id || k > 0 && toks[i+k].brk {
			return false
		}
	}
	return true
}

// negatedBefore reports whether a negation word governs the keyword at i:
// "tidak ada korban", "belum ada yang luka", "tanpa korban". The scope ends
// at a clause break or a word like "tapi", and spans at most window content
// words; a negation word that belongs to a keyword ("tidak sadarkan diri")
// negates nothing.
func (s *scratch) negatedBefore(l *lexicon, i int) bool {
	n := 0
	for j := i - 1; j >= 0; j-- {
		if s.toks[j+1].brk {
			return false
		}
		t := s.toks[j]
		var f uint8
		if t.lex >= 0 {
			f = l.flags[t.lex]
		}
		switch {
		case !t.used && f&flagNeg != 0:
			return true
		case f&flagBreak != 0:
			return false
		case t.used || f&flagSkip == 0:
			n++
		}
		if n >= l.window {
			return false
		}
	}
	return false
}

// negatedAfter reports whether the keyword ending before e is denied at the
// end of its clause: "korban tidak ada", "korbannya nihil pak".
func (s *scratch) negatedAfter(l *lexicon, e int) bool {
	e = s.skipFiller(l, e)
	if e >= len(s.toks) || s.toks[e].brk {
		return false
	}
	for _, seq := range l.after {
		if matchAt(s.toks, e, seq) {
			k := s.skipFiller(l, e+len(seq))
			return k == len(s.toks) || s.toks[k].brk
		}
	}
	return false
}

// skipFiller moves past words the negation window ignores, within a clause.
func (s *scratch) skipFiller(l *lexicon, i int) int {
	for i < len(s.toks) && s.toks[i].lex >= 0 && l.flags[s.toks[i].lex]&flagSkip != 0 {
		if i > 0 && s.toks[i].brk {
			break
		}
		i++
	}
	return i
}

// Words typed without spaces are split into the known words they contain
// when the run is at least segmentMin letters long and unknown as a whole.
const (
	segmentMin  = 12
	segmentMax  = 64
	maxSegments = 16
	segWordMin  = 3 // shorter known words ("di", "ke") are left as gaps
)

// segment finds the split of w that covers the most letters with words the
// taxonomy knows exactly (keywords, ordinary words, aliases), leaving
// unknown letters as gaps; it writes the known words' spans to out and
// returns how many, or 0 when fewer than two words (or most of w) are found.
// It allocates nothing.
func (l *lexicon) segment(w []byte, out *[maxSegments][2]int) int {
	n := len(w)
	if n < segmentMin || n > segmentMax {
		return 0
	}
	for _, c := range w {
		if !isLetter(c) {
			return 0
		}
	}
	var best [segmentMax + 1]int // letters covered by known words in w[:i]
	var from [segmentMax + 1]int // start of the word ending at i, or -1 for a gap
	for i := 1; i <= n; i++ {
		best[i], from[i] = best[i-1], -1
		for j := max(0, i-maxFuzzy); j <= i-segWordMin; j++ {
			if _, ok := l.words[string(w[j:i])]; ok && best[j]+i-j > best[i] {
				best[i], from[i] = best[j]+i-j, j
			}
		}
	}
	if best[n]*3 < n*2 {
		return 0
	}
	k := 0
	var rev [maxSegments][2]int
	for i := n; i > 0; {
		if from[i] < 0 {
			i--
			continue
		}
		if k == maxSegments {
			return 0
		}
		rev[k] = [2]int{from[i], i}
		k++
		i = from[i]
	}
	if k < 2 {
		return 0
	}
	for i := 0; i < k; i++ {
		out[i] = rev[k-1-i]
	}
	return k
}
