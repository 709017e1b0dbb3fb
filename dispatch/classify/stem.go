package classify

// Indonesian affixes, stripped to reach the root a keyword is written as.
// Particles and possessives come off first, then derivational suffixes, then
// prefixes with the nasal sound changes of me-/pe- (menabrak → tabrak,
// menyengat → sengat, memukul → pukul) and their informal spoken forms
// (nabrak, nyangkut, ngetes).
var (
	particles   = []string{"lah", "kah", "pun", "tah"}
	possessives = []string{"nya", "ku", "mu"}
	derivations = []string{"kan", "an", "i", "in"}
)

// minRoot is the shortest root a strip may leave: shorter leftovers of
// ordinary words ("kaki" → "kak") are noise.
const minRoot = 3

// maxStemWord bounds the words the stemmer looks at; nothing longer is an
// Indonesian word, and the bound keeps the arena from growing.
const maxStemWord = 40

// stemmer produces candidate roots of a word, least stripped first, without
// allocating once its arena has grown.
type stemmer struct {
	buf   []byte   // restored forms ("t"+"abrak"); never reallocated mid-run
	out   [][]byte // candidates
	forms [][]byte
}

// candidates returns the candidate roots of w (w itself excluded). The
// slices are valid until the next call.
func (s *stemmer) candidates(w []byte) [][]byte {
	s.out, s.forms = s.out[:0], s.forms[:0]
	if len(w) > maxStemWord || len(w) <= minRoot {
		return s.out
	}
	if need := 64 * (len(w) + 2); cap(s.buf) < need {
		s.buf = make([]byte, 0, need)
	}
	s.buf = s.buf[:0]
	base := w
	if x, ok := cutSuffix(base, particles); ok {
		s.add(x)
		base = x
	}
	if x, ok := cutSuffix(base, possessives); ok {
		s.add(x)
		base = x
	}
	s.forms = append(s.forms, w)
	s.forms = append(s.forms, s.out...)
	for _, f := range s.forms[:len(s.forms)] {
		for _, d := range derivations {
			if len(f) > len(d)+minRoot-1 && string(f[len(f)-len(d):]) == d {
				s.add(f[:len(f)-len(d)])
			}
		}
	}
	n := len(s.out)
	s.forms = append(s.forms[:1], s.out[:n]...)
	for _, f := range s.forms {
		s.prefixes(f, 2)
	}
	return s.out
}

func cutSuffix(w []byte, sufs []string) ([]byte, bool) {
	for _, x := range sufs {
		if len(w) >= len(x)+minRoot && string(w[len(w)-len(x):]) == x {
			return w[:len(w)-len(x)], true
		}
	}
	return nil, false
}

func (s *stemmer) add(c []byte) {
	if len(c) >= minRoot {
		s.out = append(s.out, c)
	}
}

// restore adds letter+rest, the root before a nasal prefix replaced its
// first sound.
func (s *stemmer) restore(letter byte, rest []byte) {
	if len(rest)+1 < minRoot || len(s.buf)+len(rest)+1 > cap(s.buf) {
		return
	}
	start := len(s.buf)
	s.buf = append(s.buf, letter)
	s.buf = append(s.buf, rest...)
	s.out = append(s.out, s.buf[start:len(s.buf):len(s.buf)])
}

func has(f []byte, p string) bool { return len(f) > len(p) && string(f[:len(p)]) == p }

// prefixes adds the roots left by stripping one prefix of f, and, within
// depth, a second one ("diperbaiki", "keterlaluan").
func (s *stemmer) prefixes(f []byte, depth int) {
	if depth == 0 || len(f) <= minRoot {
		return
	}
	before := len(s.out)
	switch {
	case has(f, "me") || has(f, "pe"):
		s.nasal(f)
	case has(f, "ber") || has(f, "ter"):
		s.add(f[3:])
		if f[2] == 'r' && len(f) > 3 && isVowel(f[3]) {
			s.add(f[2:]) // te+rendam, be+renang
		}
	case has(f, "be") || has(f, "di") || has(f, "ke"):
		s.add(f[2:])
	case has(f, "se") && len(f) >= 6:
		s.add(f[2:])
	case has(f, "nge"):
		s.add(f[3:])
		s.add(f[2:])
		s.restore('k', f[2:])
	case has(f, "ny"):
		s.restore('s', f[2:])
	case has(f, "ng"):
		s.add(f[2:])
		s.restore('k', f[2:])
	case f[0] == 'n' && isVowel(f[1]):
		s.restore('t', f[1:])
	case f[0] == 'm' && isVowel(f[1]):
		s.restore('p', f[1:])
	}
	after := len(s.out)
	for i := before; i < after; i++ {
		if c := s.out[i]; has(c, "per") || has(c, "ber") || has(c, "ter") || has(c, "pe") || has(c, "ke") {
			s.prefixes(c, depth-1)
		}
	}
}

// nasal strips me-/pe- and their nasal forms, restoring the first sound the
// nasal replaced.
func (s *stemmer) nasal(f []byte) {
	p := f[0] // 'm' or 'p'
	switch {
	case has(f[1:], "eny"):
		s.restore('s', f[4:])
	case has(f[1:], "enge"):
		s.add(f[5:])
		s.add(f[4:])
		s.restore('k', f[4:])
	case has(f[1:], "eng"):
		s.add(f[4:])
		s.restore('k', f[4:])
	case has(f[1:], "em"):
		s.add(f[3:])
		s.restore('p', f[3:])
	case has(f[1:], "en"):
		s.add(f[3:])
		s.restore('t', f[3:])
	case p == 'p' && has(f[1:], "er"):
		s.add(f[3:])
	}
	s.add(f[2:])
}
