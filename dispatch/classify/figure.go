package classify

import (
	"fmt"
	"strings"
)

// A figure of speech compares something to an emergency ("rambutku kayak
// habis kena gempa", "hati saya hancur bagai diterjang tsunami"): the
// emergency word follows a comparison word. A caller describing what they
// sense ("bau seperti kebakaran", "ada suara kayak ledakan", "rasanya
// seperti gempa") or hedging a report ("seperti ada kebakaran") is not
// comparing: those stay emergencies. Structural, so it holds for figures
// nobody listed.
var (
	comparisonWords = []string{"kayak", "kaya", "kek", "kyk", "seperti", "sprti", "spt", "bagai", "bagaikan",
		"laksana", "serasa", "ibarat", "macam", "bak", "mirip", "layaknya", "persis"}
	// Words that may stand between the comparison and the emergency word.
	figureFiller = []string{"habis", "abis", "kena", "terkena", "diterjang", "dilanda", "dihantam",
		"orang", "mau", "lagi", "sehabis", "pasca", "korban"}
	// Words of a caller describing what they sense: a comparison after
	// them is a report ("bunyinya kayak ledakan").
	senseWords = []string{"bau", "baunya", "suara", "suaranya", "bunyi", "bunyinya", "terdengar",
		"kedengaran", "kedengarannya", "kelihatan", "kelihatannya", "keliatan", "tampak", "nampak",
		"terlihat", "asap", "asapnya", "getaran", "getarannya", "goyang", "goyangannya", "rasanya",
		"berasa", "terasa", "bergetar", "gemuruh", "dentuman", "ledakan", "api", "apinya", "air", "airnya"}
)

func (s *scratch) tokIs(i int32, words []string) bool {
	if i < 0 || int(i) >= len(s.toks) {
		return false
	}
	w := s.text[s.toks[i].start:s.toks[i].end]
	for _, x := range words {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

// figurative reports whether every keyword naming category cat is the
// second term of a comparison, and returns the caller's words of one.
func (t *Taxonomy) figurative(s *scratch, cat int32) (string, bool) {
	words, fig := "", false
	for _, h := range s.hits {
		named := false
		for _, u := range t.lex.concepts[h.concept].cats {
			if u.cat == cat {
				named = true
			}
		}
		if !named {
			continue
		}
		j := h.first - 1
		for k := 0; k < 2 && j >= 0 && !s.toks[j+1].brk && s.tokIs(j, figureFiller); k++ {
			j--
		}
		if j < 0 || s.toks[j+1].brk || !s.tokIs(j, comparisonWords) {
			return "", false
		}
		for b := j - 1; b >= 0 && b >= j-3; b-- {
			if s.tokIs(b, senseWords) {
				return "", false
			}
			if s.toks[b+1].brk {
				break
			}
		}
		if !fig {
			words, fig = s.span(j, h.last), true
		}
	}
	return words, fig
}

func figureDoubt(w string) *Doubt {
	return &Doubt{Kind: "figure", Words: w,
		Reason:   fmt.Sprintf("kata darurat dipakai sebagai perbandingan (%q), bukan laporan kejadian", w),
		ReasonEN: fmt.Sprintf("the emergency word is used as a comparison (%q), not a report", w)}
}
