package classify

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestAuditCommonWords is a tool for whoever edits the taxonomy: it runs
// every word of a Bahasa Indonesia word list through the classifier and
// lists the real words that a typo correction or affix stripping turns into
// a keyword. Those belong in the taxonomy's "common" list unless they are
// variants of the keyword. Run it with a hunspell dictionary:
//
//	SIGAP_WORDLIST=/usr/share/hunspell/id_ID.dic go test -run TestAuditCommonWords -v ./dispatch/classify/
func TestAuditCommonWords(t *testing.T) {
	path := os.Getenv("SIGAP_WORDLIST")
	if path == "" {
		t.Skip("SIGAP_WORDLIST not set")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tx := testTaxonomy(t)
	var typo, affix []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.ToLower(strings.SplitN(sc.Text(), "/", 2)[0])
		if len(w) < fuzzyMin-1 || strings.ContainsAny(w, "-. '") {
			continue
		}
		s := tx.analyse(w)
		if len(s.toks) == 1 && s.toks[0].lex >= 0 && len(s.hits) > 0 {
			root := tx.lex.names[s.toks[0].lex]
			if _, listed := tx.lex.words[w]; s.toks[0].fuzzy {
				typo = append(typo, w+"→"+root)
			} else if !listed {
				affix = append(affix, w+"→"+root)
			}
		}
		tx.pool.Put(s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("corrected as typos (%d): %s", len(typo), strings.Join(typo, " "))
	t.Logf("reached by affix stripping (%d): %s", len(affix), strings.Join(affix, " "))
}
