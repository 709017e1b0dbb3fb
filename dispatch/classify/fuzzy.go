package classify

// Typing mistakes are tolerated by edit distance (insertion, deletion,
// adjacent transposition, and substitution of a plausible letter): 1 for
// words of at least fuzzyMin letters, 2 for words of at least fuzzyMin2.
// Short words are never matched approximately: "luka"/"lupa" or "api"/"apa"
// are different words. The first letter must agree too, because neighbours
// that differ there are usually other words (parah/darah, ingin/angin).
//
// A substitution counts only between neighbouring keys of a QWERTY keyboard,
// between vowels, or between letters Indonesians write for one another
// (f/p/v, c/k/q, j/z/s): "sejak" is not a typo of "sedak", nor "tukang" of
// "tulang" when the taxonomy lists it as an ordinary word.
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
			d := osa(w, t.word, t.maxd)
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

// osa is the optimal-string-alignment distance between a and b, giving up
// (returning max+1) once it exceeds max. Both are at most maxFuzzy+2 bytes.
func osa(a []byte, b string, max int) int {
	var rows [3][maxFuzzy + 3]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 0
			if a[i-1] != b[j-1] {
				cost = substCost(a[i-1], b[j-1])
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// substitutable[a][b] marks letter pairs a typist plausibly swaps.
var substitutable = func() (m [26][26]bool) {
	link := func(a, b byte) { m[a-'a'][b-'a'], m[b-'a'][a-'a'] = true, true }
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	for r, row := range rows {
		for i := range row {
			if i+1 < len(row) {
				link(row[i], row[i+1])
			}
			if r+1 < len(rows) {
				// The row below is shifted right by about half a key.
				below := rows[r+1]
				for _, k := range []int{i - 1, i} {
					if k >= 0 && k < len(below) {
						link(row[i], below[k])
					}
				}
			}
		}
	}
	for _, grp := range []string{"aeiou", "fpv", "ckq", "jzs"} {
		for i := range grp {
			for j := i + 1; j < len(grp); j++ {
				link(grp[i], grp[j])
			}
		}
	}
	return m
}()

// substCost is 1 for a plausible substitution, and too much otherwise.
func substCost(a, b byte) int {
	if a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z' && substitutable[a-'a'][b-'a'] {
		return 1
	}
	return 3
}
