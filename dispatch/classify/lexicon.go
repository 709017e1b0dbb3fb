package classify

import (
	"github.com/sigap112/sigap/agencies"
)

// lexID numbers a lexeme: a root word after normalisation, aliasing and
// affix stripping. Text and keywords meet as sequences of lexemes.
type lexID = int32

// Lexeme flags used by negation.
const (
	flagNeg   uint8 = 1 << iota // negates what follows (tidak, tanpa, belum)
	flagSkip                    // not counted in the negation window (ada, yang)
	flagBreak                   // ends a negation's scope (tapi, namun)
)

// lexicon is the compiled vocabulary of a taxonomy.
type lexicon struct {
	words map[string][]lexID // written form (or alias) → lexemes
	// shortAlias holds alias keys too short to be reached by stripping
	// affixes: "dahan" must not become "dah" (sudah).
	shortAlias map[string]bool
	self       []lexID  // self[i] == i: one-lexeme results without allocating
	names      []string // lexeme → its root, for tests and debugging
	flags      []uint8
	terms      []term
	byFirst    [][]int32 // first lexeme → terms, longest first
	concepts   []concept
	after      [][]lexID // post-negators ("tidak ada", "nihil") at clause end
	window     int       // negation window
	fuzzy      fuzzyIndex
	sms        smsIndex // vowel-less SMS spellings (sms.go)
}

// term is a keyword or phrase as a lexeme sequence.
type term struct {
	lex     []lexID
	concept int32
}

// concept is what one or more terms mean (a synonym group, or the keyword
// itself) and where it counts.
type concept struct {
	means string
	cats  []catUse
	sigs  []int32
	near  []nearSlot
}

func (c *concept) used() bool { return len(c.cats)+len(c.sigs)+len(c.near) > 0 }

type catUse struct {
	cat    int32
	weight float64
}

type nearSlot struct {
	pair int32
	slot int8
}

// nearPair scores when a word of each of its two groups occurs within
// window words of each other ("lampu merah … mati").
type nearPair struct {
	cat    int32 // category scored, or -1
	sig    int32 // signal raised, or -1
	weight float64
	window int
	means  string // as configured, or "" to name the pair found
	// pairMeans names each (first group, second group) concept pair.
	pairMeans map[[2]int32]string
}

// signal is a fact found in the text that changes the response whatever
// the category: a casualty adds the ambulance, a trapped person the rescue
// team.
type signal struct {
	id       string
	means    string
	adds     []agencies.AgencyID
	implies  []int32 // transitive
	priority agencies.Priority
	applies  []bool // per category
	general  bool   // no applies_to: a victim whatever the category
	victim   bool
	marks    string
}

// rule refiles a category when a signal is present (a crash with casualties
// is led by the ambulance).
type rule struct {
	cat, sig, then int32
	unless         bool // applies when sig is absent
}

// minAliasStem is the shortest alias key that an affix-stripped word may
// match.
const minAliasStem = 5

// lookup resolves one normalised word to its lexemes: exactly, then through
// its affix-stripped roots, then through a typo-tolerant match.
func (l *lexicon) lookup(w []byte, st *stemmer) (lex []lexID, fuzzy bool) {
	if x, ok := l.words[string(w)]; ok {
		return x, false
	}
	for _, c := range st.candidates(w) {
		if x, ok := l.words[string(c)]; ok && (len(c) >= minAliasStem || !l.shortAlias[string(c)]) {
			return x, false
		}
	}
	if x := l.fuzzy.lookup(w); x != nil {
		return x, true
	}
	if x := l.sms.lookup(w); x != nil {
		return x, true
	}
	// A typo in an inflected word: "kebakarannya" → "kebakaran"+"nya".
	for _, x := range []string{"nya", "lah"} {
		if len(w) > len(x)+fuzzyMin && string(w[len(w)-len(x):]) == x {
			if y := l.fuzzy.lookup(w[:len(w)-len(x)]); y != nil {
				return y, true
			}
		}
	}
	return nil, false
}
