package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sigap112/sigap/agencies"
)

// builder compiles a validated fileConfig into a Taxonomy.
type builder struct {
	cfg     *fileConfig
	e       *errList
	aliases map[string][]string
	keep    map[string]bool
	written map[string]bool   // every word of every keyword, as written
	root    map[string]string // written word → root it reduces to
	lex     *lexicon
	termIdx map[string]int32
	usePath map[[2]int32]string // (concept, category) → first keyword path
	st      stemmer
}

func compile(cfg *fileConfig, name string) (*Taxonomy, error) {
	b := &builder{
		cfg: cfg, e: &errList{ConfigErrors: agencies.NewConfigErrors(name)},
		aliases: map[string][]string{}, keep: map[string]bool{},
		written: map[string]bool{}, root: map[string]string{},
		lex:     &lexicon{words: map[string][]lexID{}},
		termIdx: map[string]int32{}, usePath: map[[2]int32]string{},
	}
	for k, v := range cfg.Aliases {
		b.aliases[k] = splitWords(v)
	}
	for _, k := range cfg.Keep {
		b.keep[strings.Join(b.phrase(k), " ")] = true
	}
	b.collectWords()
	b.assignLexemes()
	t := &Taxonomy{catIndex: map[CategoryID]int{}, minScore: cfg.MinScore, margin: cfg.NonEmergencyMargin, tierRatio: cfg.TierRatio, confirmBelow: cfg.ConfirmBelow, cfg: cfg}
	b.buildCategories(t)
	b.buildSynonyms()
	b.buildSignals(t)
	b.buildCategoryTerms(t)
	b.buildRules(t)
	b.index()
	t.lex = *b.lex
	if err := b.e.err(); err != nil {
		return nil, err
	}
	return t, nil
}

// phrase normalises a keyword into words, expanding aliases ("gak bisa
// napas" → "tidak bisa napas").
func (b *builder) phrase(s string) []string {
	var out []string
	for _, w := range splitWords(s) {
		if a, ok := b.aliases[w]; ok {
			out = append(out, a...)
		} else {
			out = append(out, w)
		}
	}
	return out
}

// allPhrases lists every keyword text of the file.
func (b *builder) allPhrases() []string {
	c := b.cfg
	var out []string
	for _, s := range c.Synonyms {
		out = append(out, s.Means)
		out = append(out, s.Words...)
	}
	addNear := func(ns []nearConfig) {
		for _, n := range ns {
			for _, g := range n.Words {
				out = append(out, g...)
			}
		}
	}
	for _, cat := range c.Categories {
		for _, k := range cat.Keywords {
			out = append(out, k.Words...)
		}
		addNear(cat.Near)
	}
	for _, s := range c.Signals {
		out = append(out, s.Words...)
		addNear(s.Near)
	}
	return append(out, c.Negation.After...)
}

func (b *builder) collectWords() {
	for _, p := range b.allPhrases() {
		for _, w := range b.phrase(p) {
			b.written[w] = true
		}
	}
}

// reduce maps a written keyword word to the shortest root that is itself a
// keyword word ("kebakaran" → "bakar" when "bakar" is listed), so that all
// forms of a word meet. Words in keep are never reduced ("meninggal" must
// not become "tinggal").
func (b *builder) reduce(w string, depth int) string {
	if r, ok := b.root[w]; ok {
		return r
	}
	r := w
	if !b.keep[w] && depth < 4 {
		for _, c := range b.st.candidates([]byte(w)) {
			cs := string(c)
			if a, ok := b.aliases[cs]; ok && len(a) == 1 && len(cs) >= minAliasStem {
				cs = a[0]
			}
			if cs != w && b.written[cs] {
				r = b.reduce(cs, depth+1)
				break
			}
		}
	}
	b.root[w] = r
	return r
}

// lexOf returns the lexeme of a root, creating it.
func (b *builder) lexOf(root string) lexID {
	if x, ok := b.lex.words[root]; ok && len(x) == 1 && b.lex.names[x[0]] == root {
		return x[0]
	}
	id := lexID(len(b.lex.names))
	b.lex.names = append(b.lex.names, root)
	b.lex.flags = append(b.lex.flags, 0)
	b.lex.self = append(b.lex.self, id)
	b.lex.words[root] = b.lex.self[id : id+1 : id+1]
	return id
}

func (b *builder) assignLexemes() {
	words := make([]string, 0, len(b.written))
	for w := range b.written {
		words = append(words, w)
	}
	slices.Sort(words)
	for _, w := range words {
		r := b.reduce(w, 0)
		id := b.lexOf(r)
		b.lex.words[w] = []lexID{id}
	}
	c := b.cfg
	extra := slices.Concat(c.Common, c.Negation.Words, c.Negation.Skip, c.Negation.Breaks)
	for _, p := range extra {
		for _, w := range b.phrase(p) {
			if _, ok := b.lex.words[w]; !ok {
				b.lexOf(w)
			}
		}
	}
	b.flag(c.Negation.Words, flagNeg)
	b.flag(c.Negation.Skip, flagSkip)
	b.flag(c.Negation.Breaks, flagBreak)
	keys := make([]string, 0, len(b.aliases))
	for k := range b.aliases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var ids []lexID
		for _, w := range b.aliases[k] {
			if x, ok := b.lex.words[w]; ok {
				ids = append(ids, x...)
			} else {
				ids = append(ids, b.lexOf(w))
			}
		}
		b.lex.words[k] = ids
		if len(k) < minAliasStem {
			if b.lex.shortAlias == nil {
				b.lex.shortAlias = map[string]bool{}
			}
			b.lex.shortAlias[k] = true
		}
	}
	b.lex.window = max(c.Negation.Window, 1)
	for _, a := range c.Negation.After {
		b.lex.after = append(b.lex.after, b.lexemes(b.phrase(a)))
	}
}

func (b *builder) flag(words []string, f uint8) {
	for _, p := range words {
		for _, w := range b.phrase(p) {
			for _, id := range b.lex.words[w] {
				b.lex.flags[id] |= f
			}
		}
	}
}

func (b *builder) lexemes(words []string) []lexID {
	out := make([]lexID, 0, len(words))
	for _, w := range words {
		if x, ok := b.lex.words[w]; ok {
			out = append(out, x...)
		} else {
			out = append(out, b.lexOf(w))
		}
	}
	return out
}

// termOf returns the term of a keyword text, creating it.
func (b *builder) termOf(s string) int32 {
	ids := b.lexemes(b.phrase(s))
	key := fmt.Sprint(ids)
	if id, ok := b.termIdx[key]; ok {
		return id
	}
	id := int32(len(b.lex.terms))
	b.lex.terms = append(b.lex.terms, term{lex: ids, concept: -1})
	b.termIdx[key] = id
	return id
}

// conceptOf returns the concept a keyword text means: its synonym group, or
// a concept of its own named after it.
func (b *builder) conceptOf(s string) int32 {
	t := &b.lex.terms[b.termOf(s)]
	if t.concept < 0 {
		t.concept = int32(len(b.lex.concepts))
		b.lex.concepts = append(b.lex.concepts, concept{means: strings.Join(b.phrase(s), " ")})
	}
	return t.concept
}

func (b *builder) buildSynonyms() {
	owner := map[int32]string{}
	for i, s := range b.cfg.Synonyms {
		cid := int32(len(b.lex.concepts))
		b.lex.concepts = append(b.lex.concepts, concept{means: strings.TrimSpace(s.Means)})
		for j, w := range append([]string{s.Means}, s.Words...) {
			tid := b.termOf(w)
			t := &b.lex.terms[tid]
			path := fmt.Sprintf("synonyms[%d].words[%d]", i, j-1)
			switch {
			case t.concept < 0:
				t.concept = cid
				owner[tid] = path
			case t.concept != cid:
				if j == 0 {
					path = fmt.Sprintf("synonyms[%d].means", i)
				}
				b.e.add(path, "%q already means %q (%s)", w, b.lex.concepts[t.concept].means, owner[tid])
			}
		}
	}
}
