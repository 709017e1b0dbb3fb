package classify

// SMS spelling drops vowels: "tbrkn" (tabrakan), "bnjr" (banjir), "lngsr"
// (longsor), "pngsn" (pingsan), "kcelakaan". Edit distance cannot reach
// these (three or four letters are missing), so a word the taxonomy does
// not know is also compared by its skeleton: the first letter and the
// consonants that follow. It matches a known word when it is that word with
// vowels left out and no other known word of that skeleton fits.

// smsMinConsonants: a skeleton this short ("rm", "ad") fits too many words.
const smsMinConsonants = 3

// smsIndex maps a skeleton to the known words that have it.
type smsIndex map[string][]smsTarget

type smsTarget struct {
	word    string
	lex     []lexID
	keyword bool // means something to the taxonomy
}

// skeleton appends w's first letter and its later consonants to dst; ok is
// false when w has characters other than a–z.
func skeleton(dst, w []byte) ([]byte, bool) {
	for i, c := range w {
		if !isLetter(c) {
			return dst, false
		}
		if i == 0 || !isVowel(c) {
			dst = append(dst, c)
		}
	}
	return dst, true
}

// add indexes a known word; words of fewer than smsMinConsonants+1 letters
// are left out.
func (x smsIndex) add(word string, lex []lexID, keyword bool) {
	if len(word) <= smsMinConsonants {
		return
	}
	sk, ok := skeleton(nil, []byte(word))
	if !ok || len(sk) < smsMinConsonants || len(sk) == len(word) {
		return
	}
	x[string(sk)] = append(x[string(sk)], smsTarget{word: word, lex: lex, keyword: keyword})
}

// lookup returns the lexemes of the one known word that w spells with
// vowels dropped, or nil. When several fit, a keyword wins over ordinary
// words ("bnjr" is banjir, not banjar: a 112 call means the emergency), but
// two keywords that fit are not guessed between.
func (x smsIndex) lookup(w []byte) []lexID {
	if len(w) < smsMinConsonants || len(x) == 0 {
		return nil
	}
	var buf [maxFuzzy]byte
	if len(w) > len(buf) {
		return nil
	}
	sk, ok := skeleton(buf[:0], w)
	if !ok || len(sk) < smsMinConsonants {
		return nil
	}
	var found, plain []lexID
	plainAmbiguous := false
	for _, t := range x[string(sk)] {
		if len(t.word) <= len(w) || !subsequence(w, t.word) {
			continue
		}
		switch {
		case !t.keyword:
			plainAmbiguous = plainAmbiguous || plain != nil && !sameLex(plain, t.lex)
			plain = t.lex
		case found != nil && !sameLex(found, t.lex):
			return nil // two keywords fit: do not guess
		default:
			found = t.lex
		}
	}
	if found == nil && !plainAmbiguous {
		return plain
	}
	return found
}

// subsequence reports whether w is word with some letters left out.
func subsequence(w []byte, word string) bool {
	i := 0
	for j := 0; j < len(word) && i < len(w); j++ {
		if word[j] == w[i] {
			i++
		}
	}
	return i == len(w)
}

func sameLex(a, b []lexID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
