package classify

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// wordScanner walks a description word by word without allocating. A word
// is a run of letters and digits, with inner hyphens (reduplication,
// "kejang-kejang") and apostrophes kept inside it.
type wordScanner struct {
	text string
	pos  int
}

// next returns the byte span of the next word and whether a clause break
// (punctuation, a line break, a lone dash) separates it from the previous
// word. ok is false at the end of the text.
func (s *wordScanner) next() (start, end int, brk, ok bool) {
	for s.pos < len(s.text) {
		r, n := utf8.DecodeRuneInString(s.text[s.pos:])
		if isWordRune(r) {
			break
		}
		if isLaughEmoji(r) {
			// A laughing emoji is a word of its own: laughter.
			start = s.pos
			s.pos += n
			return start, s.pos, brk, true
		}
		if isBreakRune(r) {
			brk = true
		}
		s.pos += n
	}
	if s.pos >= len(s.text) {
		return 0, 0, brk, false
	}
	start = s.pos
	for s.pos < len(s.text) {
		r, n := utf8.DecodeRuneInString(s.text[s.pos:])
		if isWordRune(r) {
			s.pos += n
			continue
		}
		if (r == '-' || r == '\'' || r == '’') && s.pos+n < len(s.text) {
			if r2, _ := utf8.DecodeRuneInString(s.text[s.pos+n:]); isWordRune(r2) {
				s.pos += n
				continue
			}
		}
		break
	}
	return start, s.pos, brk, true
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isBreakRune(r rune) bool {
	switch r {
	case ',', '.', ';', ':', '!', '?', '(', ')', '\n', '\r', '-', '…', '–', '—':
		return true
	}
	return false
}

// maxPieces bounds how many pieces one written word yields ("a-b-c-d").
const maxPieces = 4

// normWord appends the normalised pieces of one written word to dst and
// records their offsets in dst. Normalisation lower-cases, squeezes letters
// repeated three times or more ("tolooong" → "tolong"), drops the "2" of
// SMS reduplication ("anak2"), folds hyphenated reduplication to one piece
// ("kejang-kejang", "berdarah-darah", "sakit-sakitan") and maps laughter
// ("wkwkwk", "hahaha") to "haha". Different halves ("kedap-kedip") stay two
// pieces.
func normWord(dst []byte, word string, pieces *[maxPieces][2]int) ([]byte, int) {
	n := 0
	for len(word) > 0 && n < maxPieces {
		i := 0
		for i < len(word) && word[i] != '-' {
			i++
		}
		start := len(dst)
		dst = appendPiece(dst, word[:i])
		if len(dst) > start {
			pieces[n] = [2]int{start, len(dst)}
			n++
		}
		if i >= len(word) {
			break
		}
		word = word[i+1:]
	}
	n = foldReduplication(dst, pieces, n)
	for i := 0; i < n; i++ {
		p := dst[pieces[i][0]:pieces[i][1]]
		if isLaughter(p) {
			// A soft "hehe"/"hihi" is often nervous, not a joke: it
			// doubts only a call with no victim (taxonomy: bercanda).
			if soft := p[1] == 'e' || p[1] == 'i'; soft && p[0] == 'h' {
				copy(p, "hehe")
			} else {
				copy(p, "haha")
			}
			pieces[i][1] = pieces[i][0] + 4
		}
	}
	return dst, n
}

// appendPiece lower-cases one hyphen-free piece, collapses letters the
// caller held down ("tolooong", "apiii") to one, and drops the "2" of SMS
// reduplication ("anak2"). Genuine doubles ("maaf", "tunggu") stay.
func appendPiece(dst []byte, s string) []byte {
	start := len(dst)
	for _, r := range s {
		if r == '\'' || r == '’' {
			continue
		}
		if r < utf8.RuneSelf {
			dst = append(dst, lower(byte(r)))
		} else {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	w := start
	for r := start; r < len(dst); {
		j := r + 1
		for j < len(dst) && dst[j] == dst[r] && isLetter(dst[r]) {
			j++
		}
		if j-r >= 3 {
			dst[w] = dst[r]
			w++
		} else {
			w += copy(dst[w:], dst[r:j])
		}
		r = j
	}
	dst = dst[:w]
	if l := len(dst); l-start >= 3 && dst[l-1] == '2' && isLetter(dst[l-2]) {
		dst = dst[:l-1]
	}
	return dst
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' }

// foldReduplication merges "x-x" (and "xy-y", "x-xy") into one piece.
func foldReduplication(buf []byte, p *[maxPieces][2]int, n int) int {
	if n != 2 {
		return n
	}
	a, b := buf[p[0][0]:p[0][1]], buf[p[1][0]:p[1][1]]
	switch {
	case bytes.Equal(a, b) || len(a) > len(b) && bytes.HasSuffix(a, b):
		return 1
	case len(b) > len(a) && bytes.HasPrefix(b, a):
		p[0] = p[1]
		return 1
	}
	return 2
}

// isLaughEmoji recognises the emoji callers laugh with (😂 🤣 😆 …).
func isLaughEmoji(r rune) bool {
	switch r {
	case '😂', '🤣', '😆', '😹', '😝', '😜', '🤪', '🤭', '😁', '😄', '😀', '😃':
		return true
	}
	return false
}

// isLaughter recognises "haha", "hihihi", "hehe", "wkwkwk", "xixi" and a
// laughing emoji.
func isLaughter(w []byte) bool {
	if len(w) < 4 {
		return false
	}
	if r, n := utf8.DecodeRune(w); n == len(w) && isLaughEmoji(r) {
		return true
	}
	if w[0] == 'w' || w[0] == 'k' {
		hasW, hasK := false, false
		for _, c := range w {
			switch c {
			case 'w':
				hasW = true
			case 'k':
				hasK = true
			default:
				return false
			}
		}
		return hasW && hasK
	}
	if w[0] != 'h' && w[0] != 'x' || len(w)%2 == 1 && w[len(w)-1] != w[0] {
		return false
	}
	for i, c := range w {
		if i%2 == 0 && c != w[0] || i%2 == 1 && !isVowel(c) {
			return false
		}
	}
	return true
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// splitWords normalises a keyword or phrase from the taxonomy the same way
// descriptions are normalised, so that both meet on equal terms.
func splitWords(s string) []string {
	var out []string
	var buf []byte
	var pieces [maxPieces][2]int
	sc := wordScanner{text: s}
	for {
		start, end, _, ok := sc.next()
		if !ok {
			return out
		}
		buf = buf[:0]
		var n int
		buf, n = normWord(buf, s[start:end], &pieces)
		for i := 0; i < n; i++ {
			out = append(out, string(buf[pieces[i][0]:pieces[i][1]]))
		}
	}
}
