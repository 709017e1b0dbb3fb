package classify

import "github.com/sigap112/sigap/geo/fuzzy"

// Typing mistakes are tolerated by edit distance (insertion, deletion,
// adjacent transposition, and substitution of a plausible letter): 1 for
// words of at least fuzzyMin letters, 2 for words of at least fuzzyMin2.
// Short words are never matched approximately: "luka"/"lupa" or "api"/"apa"
// are different words. The first letter must agree too, because neighbours
// that differ there are usually other words (parah/darah, ingin/angin).
//
// A substitution counts only when fuzzy.Keyboard finds it plausible
// (neighbouring keys, vowels, f/p/v, c/k/q, j/z/s): "sejak" is not a typo of
// "sedak". The distance itself is the project's one matcher, geo/fuzzy.
const (
	fuzzyMin  = 5
	fuzzyMin2 = 9
	maxFuzzy  = 32 // longest word compared
)

// fuzzyTarget is one word a typo can be corrected to.
type fuzzyTarget struct {
	word string
	lex  []lexID
	maxd int
	// keyword: the word means something to the taxonomy (not only an
	// ordinary word kept from correction). On a tie the keyword wins:
	// "banjr" is one letter from banjar and banjir; a 112 call means banjir.
	keyword bool
}

// fuzzyIndex finds targets within edit distance through symmetric deletion:
// a word and a typo of it share a form with up to maxd letters deleted. Only
// hashes of those forms are stored, so a look-up allocates nothing.
type fuzzyIndex struct {
	targets []fuzzyTarget
	buckets map[uint64][]int32
}

func maxDistance(n int) int {
	switch {
	case n >= fuzzyMin2:
		return 2
	case n >= fuzzyMin:
		return 1
	}
	return 0
}

// hashSkip is FNV-1a of w without the bytes at i and j (-1 for none).
func hashSkip(w []byte, i, j int) uint64 {
	h := uint64(14695981039346656037)
	for k, c := range w {
		if k == i || k == j {
			continue
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

func (f *fuzzyIndex) addTarget(word string, lex []lexID, keyword bool) {
	d := maxDistance(len(word))
	if d == 0 || len(word) > maxFuzzy {
		return
	}
	if f.buckets == nil {
		f.buckets = map[uint64][]int32{}
	}
	id := int32(len(f.targets))
	f.targets = append(f.targets, fuzzyTarget{word: word, lex: lex, maxd: d, keyword: keyword})
	w := []byte(word)
	f.put(hashSkip(w, -1, -1), id)
	for i := range w {
		f.put(hashSkip(w, i, -1), id)
		if d < 2 {
			continue
		}
		for j := i + 1; j < len(w); j++ {
			f.put(hashSkip(w, i, j), id)
		}
	}
}

func (f *fuzzyIndex) put(h uint64, id int32) {
	b := f.buckets[h]
	if len(b) > 0 && b[len(b)-1] == id {
		return
	}
	f.buckets[h] = append(b, id)
}

// lookup returns the closest target within its allowed distance, or nil.
// A word one letter shorter than fuzzyMin is corrected only to a keyword
// one letter longer with the same first letter, by the missing letter
// alone: SMS spelling drops vowels ("gmpa", "dmam"), but "luka" must not
// become anything else.
func (f *fuzzyIndex) lookup(w []byte) []lexID {
	short := len(w) == fuzzyMin-1
	if len(w) < fuzzyMin-1 || len(w) > maxFuzzy || f.buckets == nil {
		return nil
	}
	best, bestD, bestKW := int32(-1), 3, false
	try := func(h uint64) {
		for _, id := range f.buckets[h] {
			t := &f.targets[id]
			if t.word[0] != w[0] || abs(len(t.word)-len(w)) > t.maxd {
				continue
			}
			if short && (len(t.word) != len(w)+1 || !t.keyword) {
				continue
			}
			d := fuzzy.DistanceBytes(w, t.word, t.maxd, fuzzy.Keyboard)
			if d > t.maxd {
				continue
			}
			if d < bestD || d == bestD && (t.keyword && !bestKW || t.keyword == bestKW && id < best) {
				best, bestD, bestKW = id, d, t.keyword
			}
		}
	}
	try(hashSkip(w, -1, -1))
	if short {
		if best < 0 {
			return nil
		}
		return f.targets[best].lex
	}
	for i := range w {
		try(hashSkip(w, i, -1))
		if len(w) < fuzzyMin2-2 {
			continue
		}
		for j := i + 1; j < len(w); j++ {
			try(hashSkip(w, i, j))
		}
	}
	if best < 0 {
		return nil
	}
	return f.targets[best].lex
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
