package smsreply

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var replyCodeRE = regexp.MustCompile(`^` + replyTestPrefix + `-\d{4,6}$`)

// FuzzParseReply checks that no body makes ParseReply panic or return an
// inconsistent Reply, and that a Reply's canonical text parses back to it.
func FuzzParseReply(f *testing.F) {
	for _, c := range replyCases {
		f.Add(c.body)
	}
	for _, s := range []string{"TOLAK TT-0427 \xff", "terima\u0301 tt-0427", "tolong tolong ?", "OTW tt-1 5 menit TT-2",
		"ack kasih", "arrived di lokasi di lokasi", "TERIMA x TT-0428 TT-0427", strings.Repeat("é", 801)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		checkReplyRoundTrip(t, body)
	})
}

// TestReplyCanonicalRandom does what the fuzzer cannot do quickly: it builds
// replies from the parser's own vocabulary, codes, numbers and separators,
// mangled by case changes and dropped letters, and checks each one.
func TestReplyCanonicalRandom(t *testing.T) {
	words := []string{"TT-0427", "tt0427", "TT 12", "TT-1234567", "AB-0427", "427", "0427", "14.30", "14:30",
		"081234567890", "kasiih", "mobil", "di", "ke", "🙏", "é", "\u0301", "TT", "tt-", "\xff"}
	for _, ph := range replyLexicon {
		words = append(words, strings.Join(ph.words, " "))
	}
	for u := range replyUnits {
		words = append(words, u)
	}
	seps := []string{" ", "  ", ",", ", ", ".", ":", "-", "#", "\n", "!", "(", ")", "", "?"}
	rnd := rand.New(rand.NewPCG(112, 427))
	n := 100_000
	if testing.Short() {
		n = 5_000
	}
	for range n {
		var b strings.Builder
		for range 1 + rnd.IntN(6) {
			w := words[rnd.IntN(len(words))]
			if rnd.IntN(3) == 0 {
				w = strings.ToUpper(w)
			}
			if i := rnd.IntN(len(w)); rnd.IntN(8) == 0 {
				w = w[:i] + w[i+1:]
			}
			b.WriteString(w + seps[rnd.IntN(len(seps))])
		}
		checkReplyRoundTrip(t, b.String())
		if t.Failed() {
			return
		}
	}
}

// checkReplyRoundTrip parses body and checks the result's invariants and
// that its canonical text parses back to the same Reply.
func checkReplyRoundTrip(t *testing.T, body string) {
	t.Helper()
	r, err := ParseReply(body, replyTestPrefix)
	if err != nil {
		if !errors.Is(err, ErrUnknownCommand) && !errors.Is(err, ErrReasonRequired) {
			t.Errorf("ParseReply(%q): unexpected error %v", body, err)
		}
		return
	}
	checkReplyInvariants(t, body, r)
	canon := string(r.Verb) + " " + r.Code + " " + r.Note
	if again, err := ParseReply(canon, replyTestPrefix); err != nil || again != r {
		t.Errorf("ParseReply(%q) = %#v, but its canonical %q parses to %#v, %v", body, r, canon, again, err)
	}
}

func checkReplyInvariants(t *testing.T, body string, r Reply) {
	t.Helper()
	switch r.Verb {
	case VerbAck, VerbEnRoute, VerbOnScene, VerbResolve, VerbDecline, VerbFalse, VerbInfo, VerbHelp:
	default:
		t.Errorf("ParseReply(%q): verb %q", body, r.Verb)
	}
	if r.Code != "" && !replyCodeRE.MatchString(r.Code) {
		t.Errorf("ParseReply(%q): code %q", body, r.Code)
	}
	if !utf8.ValidString(r.Note) || utf8.RuneCountInString(r.Note) > maxNoteRunes {
		t.Errorf("ParseReply(%q): note %q (%d runes)", body, r.Note, utf8.RuneCountInString(r.Note))
	}
	if r.Verb == VerbDecline && !strings.ContainsFunc(r.Note, replyIsAlnum) {
		t.Errorf("ParseReply(%q): TOLAK without a reason: %q", body, r.Note)
	}
}
