package smsreply

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sigap112/sigap/geo/fuzzy"
)

// Verb is what a responder's reply asks for.
type Verb string

// The commands a responder can send. The values are the canonical Indonesian
// words printed in the assignment SMS and in HelpText, so that a canonical
// reply reads the same to a human and to the parser.
const (
	VerbAck     Verb = "TERIMA"  // acknowledged: I take it
	VerbEnRoute Verb = "OTW"     // en route (also JALAN)
	VerbOnScene Verb = "TIBA"    // on scene
	VerbResolve Verb = "SELESAI" // resolved; optional note
	VerbDecline Verb = "TOLAK"   // cannot take it; a reason is required
	VerbFalse   Verb = "PALSU"   // false report found at the scene; optional note
	VerbInfo    Verb = "INFO"    // resend the details
	VerbHelp    Verb = "BANTU"   // help: list the commands
)

// Reply is a parsed SMS reply.
type Reply struct {
	Verb Verb
	// Code is the normalised incident code ("TT-0427"), or "" when the reply
	// names none. Text shaped like another deployment's code ("AB-0427") is
	// not a code here: it stays in Note, and the responder most likely
	// mistyped the prefix, so a caller that falls back to the responder's
	// only open assignment on an empty Code is usually right.
	Code string
	// Note is the free text after the verb and code: trimmed, in its original
	// case, at most maxNoteRunes runes.
	Note string
}

// Errors of ParseReply. On ErrReasonRequired the returned Reply still carries
// the verb and the code, so the caller can ask for the reason precisely.
var (
	ErrUnknownCommand = errors.New("no reply command recognised")
	ErrReasonRequired = errors.New("a TOLAK reply needs a reason")
)

// Limits that keep parsing cheap and the stored note bounded: 1,600 bytes is
// about ten concatenated SMS parts, far more than anyone types on a keypad.
const (
	maxReplyBytes = 1600
	maxNoteRunes  = 300
	maxCodeDigits = 6
	minCodeDigits = 4
	maxCodeSeps   = 3 // separator characters between prefix and number
)

// ParseReply reads one SMS body. prefix is the deployment's code prefix
// ("TT"); an empty prefix recognises no code at all.
//
// Responders type on feature phones, tired and in a hurry, so the grammar is
// forgiving where a mistake is harmless and strict where it is not:
//
//	reply = { filler | code } verb { complement } [ { filler | label } code ] note
//
// where:
//
//   - Case, whitespace, newlines and punctuation between tokens do not
//     matter: "terima,tt-0427", "*TERIMA#TT-0427", "TERIMA: TT 0427." are
//     the same reply. Only the first 1,600 bytes of body are read.
//   - Leading polite filler is skipped (ok, oke, siap, baik, pak, bu, bang,
//     ndan, mohon, izin, ijin, maaf, sudah, ...), and so are thanks ("terima
//     kasih", "makasih", "thanks"): thanks alone is not an acknowledgement.
//     "TERIMA KASIH TT-0427" is thanks too; "TERIMA TT-0427 terima kasih" is
//     an acknowledgement with the note "terima kasih".
//   - The verb must come first (after filler and an optional code): a reply
//     is a command, so "pasien tidak bisa jalan" is not TOLAK nor OTW. Each
//     verb has synonyms in Bahasa Indonesia and English (see replyVerbs);
//     words of five letters or more also match with one typo (one letter
//     added, dropped, changed or two swapped), shorter words must be exact.
//     A typo equally close to two different words matches neither.
//     "tolong" means BANTU only when no other verb follows it.
//   - A code is the prefix, up to three separators and 1-6 digits ("TT-0427",
//     "tt0427", "TT 427", "#TT-0427"), before or right after the verb. A bare
//     number of 1-6 digits is a code only right after the verb and only if it
//     is not a time or decimal ("14.30", "14:30") and not followed by a unit
//     ("5 menit", "2 korban"). Codes are normalised to PREFIX-NNNN, zero
//     padded to four digits. Codes of other prefixes ("AB-0427") are not
//     codes here and stay in the note. When no code was found up front, a
//     code of this deployment ending the note ("TOLAK mobil rusak TT-0427")
//     is taken as the code and cut from the note.
//   - Place complements after the verb ("OTW ke lokasi", "TIBA di TKP") are
//     skipped, and so are filler and labels ("kode", "no") when a code
//     follows them. The rest, trimmed, is the note.
//   - TOLAK needs a reason: a note with at least one letter or digit.
//
// ParseReply is idempotent on its canonical output: the Verb, Code and Note
// of a Reply, joined by spaces, parse back to the same Reply.
func ParseReply(body, prefix string) (Reply, error) {
	p := newReplyParser(replyClip(body), prefix)
	h, ok := p.head()
	if !ok {
		return Reply{}, ErrUnknownCommand
	}
	end, code := p.tail(h)
	note := replyTruncate(replyTrimNote(p.text[p.toks[end-1].end:]))
	if code == "" {
		code, note = p.trailingCode(note)
	}
	r := Reply{Verb: h.verb, Code: code, Note: note}
	if r.Verb == VerbDecline && !strings.ContainsFunc(r.Note, replyIsAlnum) {
		r.Note = ""
		return r, ErrReasonRequired
	}
	return r, nil
}

// HelpText lists the commands, short enough for one SMS (160 GSM-7
// characters), in Bahasa Indonesia ("id", the default for any other value) or
// English ("en"). The command words stay Indonesian in both: they are what
// the parser and every other responder's phone use.
func HelpText(lang string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "en") {
		return "Reply: TERIMA <code> (accept), OTW (en route), TIBA (on scene), SELESAI (done), " +
			"TOLAK <code> <reason>, PALSU (false report), INFO (resend), BANTU (help)"
	}
	return "Balas: TERIMA <kode>, OTW, TIBA, SELESAI <ket>, TOLAK <kode> <alasan>, " +
		"PALSU (laporan palsu), INFO (kirim ulang), BANTU. Kode boleh angka saja: TERIMA 427"
}

// replyClip keeps the first maxReplyBytes bytes of body, never half a rune,
// and replaces invalid UTF-8 so that the note is always valid text.
func replyClip(body string) string {
	if len(body) > maxReplyBytes {
		body = body[:maxReplyBytes]
		for i := len(body) - 1; i >= 0 && i >= len(body)-utf8.UTFMax; i-- {
			if utf8.RuneStart(body[i]) {
				if !utf8.FullRuneInString(body[i:]) {
					body = body[:i]
				}
				break
			}
		}
	}
	return strings.ToValidUTF8(body, "\uFFFD")
}

// replyToken is a run of letters, digits and marks, or a lone "?", in the
// clipped body; low is its lower-case text.
type replyToken struct {
	start, end int
	low        string
}

func replyIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func replyIsAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func replyIsDigit(b byte) bool { return '0' <= b && b <= '9' }

// replyIsCodeSep reports the characters allowed between prefix and number.
func replyIsCodeSep(b byte) bool { return strings.IndexByte(" \t-_./#:", b) >= 0 }

// replyIsLead reports the characters trimmed from the start of a note: the
// separators people put between a command and its text.
func replyIsLead(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(".,:;-#*=/\\|_~>!–—", r)
}

// replyIsTrail reports what is trimmed before a code cut from a note's end.
func replyIsTrail(r rune) bool { return replyIsLead(r) || r == '(' || r == '[' }

// replyTrimNote trims what surrounds the note proper.
func replyTrimNote(s string) string {
	return strings.TrimRightFunc(strings.TrimLeftFunc(s, replyIsLead), unicode.IsSpace)
}

// replyTruncate caps a note at maxNoteRunes runes, cutting before a word the
// cap would split (unless that word is the whole note).
func replyTruncate(s string) string {
	n := 0
	for i := range s {
		if n < maxNoteRunes {
			n++
			continue
		}
		cut := i
		next, _ := utf8.DecodeRuneInString(s[i:])
		if replyIsWordRune(next) {
			if w := strings.LastIndexFunc(s[:i], func(r rune) bool { return !replyIsWordRune(r) }); w > 0 {
				cut = w
			}
		}
		return strings.TrimRightFunc(s[:cut], unicode.IsSpace)
	}
	return s
}

// replyFormatCode normalises the digits of a code (at most maxCodeDigits, so
// they always fit an int) to PREFIX-NNNN.
func replyFormatCode(prefix, digits string) string {
	n, _ := strconv.Atoi(digits)
	return fmt.Sprintf("%s-%0*d", prefix, minCodeDigits, n)
}

// replyKind is the role of a phrase of the reply vocabulary.
type replyKind uint8

const (
	replyFiller     replyKind = iota + 1 // politeness and thanks: skipped
	replyCommand                         // a synonym of a verb
	replyComplement                      // place words after a verb: skipped
	replyLabel                           // "kode", "no": skipped before a code
)

func replyKinds(kinds ...replyKind) uint8 {
	var m uint8
	for _, k := range kinds {
		m |= 1 << k
	}
	return m
}

// replyPhrase is one entry of the vocabulary: one or more lower-case words.
type replyPhrase struct {
	words []string
	kind  replyKind
	verb  Verb // of a command or a complement
	soft  bool // a command that yields to a command right after it
}

func (ph *replyPhrase) sameMeaning(o *replyPhrase) bool {
	return ph.kind == o.kind && ph.verb == o.verb && ph.soft == o.soft
}

// replyVerbs are the synonyms of each verb. "tidak bisa" and its spellings
// are TOLAK only because a verb must open the reply.
var replyVerbs = []struct {
	verb    Verb
	phrases []string
}{
	{VerbAck, []string{"terima", "trima", "terimaa", "diterima", "ack", "acc", "accept", "accepted",
		"acknowledged", "ok terima"}},
	{VerbEnRoute, []string{"otw", "omw", "jalan", "berangkat", "meluncur", "menuju", "on the way",
		"on my way", "enroute", "en route"}},
	{VerbOnScene, []string{"tiba", "sampai", "sampe", "di lokasi", "dilokasi", "di tkp", "ditkp",
		"arrived", "arrive", "onscene", "on scene"}},
	{VerbResolve, []string{"selesai", "slesai", "beres", "tuntas", "done", "resolved", "finish", "finished"}},
	{VerbDecline, []string{"tolak", "menolak", "ditolak", "tidak bisa", "tdk bisa", "tdk bs", "tidak dapat",
		"tdk dapat", "gak bisa", "ga bisa", "gk bisa", "nggak bisa", "ngga bisa", "tak bisa", "gabisa",
		"gakbisa", "tidakbisa", "tdkbisa", "decline", "declined", "reject", "rejected", "cannot"}},
	{VerbFalse, []string{"palsu", "hoax", "hoaks", "prank", "iseng", "fiktif", "bohong", "laporan palsu",
		"lap palsu", "false", "fake"}},
	{VerbInfo, []string{"info", "detail", "rincian", "ulang", "kirim ulang", "kirim lagi", "resend"}},
	{VerbHelp, []string{"bantu", "bantuan", "help", "?", "menu"}},
}

// replyFillers open a reply without meaning anything for dispatch. Thanks are
// filler: "terima kasih" alone must never acknowledge an assignment.
var replyFillers = []string{
	"ok", "oke", "okay", "okey", "okee", "sip", "siap", "baik", "ya", "iya", "yes", "roger", "copy",
	"86", "laksanakan", "pak", "bu", "bang", "ndan", "dan", "komandan", "mas", "kak", "bapak", "ibu",
	"mohon", "izin", "ijin", "minta", "maaf", "sorry", "halo", "hallo", "selamat", "pagi", "siang",
	"sore", "malam", "sudah", "sdh", "udah", "udh", "dah", "sedang", "sdg", "lagi", "lg", "balas", "reply",
	"lapor", "melapor", "terima kasih", "terima kasi", "terima ksh", "terimakasih", "makasih", "makasi", "mksh", "maksih",
	"thanks", "thank you", "thx", "tq", "tks", "trims", "trmksh", "ty",
}

// replyComplements follow a verb and add nothing to it. TERIMA's are the
// second word of "terima kasih", so that the canonical "TERIMA <note>" never
// reads as thanks.
var replyComplements = map[Verb][]string{
	VerbAck:     {"kasih", "kasi", "ksh"},
	VerbEnRoute: {"ke lokasi", "kelokasi", "ke tkp", "ke sana", "kesana", "lokasi", "tkp"},
	VerbOnScene: {"di lokasi", "dilokasi", "di tkp", "ditkp", "di tempat", "ditempat", "lokasi", "tkp"},
}

// replyLabels may introduce a code: "TERIMA kode 0427".
var replyLabels = []string{"kode", "kd", "code", "no", "nomor", "nmr", "nr", "id", "insiden", "kejadian"}

// replyUnits after a number show it is a quantity, not a bare code:
// "OTW 5 menit", "SELESAI 2 korban".
var replyUnits = map[string]bool{
	"menit": true, "mnt": true, "mn": true, "min": true, "mins": true, "minute": true, "minutes": true,
	"jam": true, "jm": true, "detik": true, "dtk": true, "sec": true, "hour": true, "hours": true,
	"hari": true, "km": true, "m": true, "meter": true, "mtr": true, "org": true, "orang": true,
	"korban": true, "jiwa": true, "kk": true, "rumah": true, "unit": true, "mobil": true, "armada": true,
	"personil": true, "personel": true, "anggota": true, "petugas": true, "ekor": true, "lantai": true,
	"titik": true, "x": true, "kali": true, "wib": true, "wita": true, "wit": true, "thn": true, "tahun": true,
}

// replyNotTypos are real words one typo away from a synonym; they never
// match it ("sampah" is rubbish, not "sampai"; "beras" is rice).
var replyNotTypos = map[string]bool{
	"sampah": true, "sampan": true, "sampel": true, "sample": true, "beras": true, "prima": true,
	"accent": true, "retail": true, "kasir": true, "frank": true, "bantul": true, "malah": true,
}

var (
	replyLexicon = buildReplyLexicon()
	replyIdx     = buildReplyIndex(replyLexicon)
)

// replyIndex finds the phrases whose first word may match a token: those
// with that exact first word, and those whose first word is long enough for
// a typo, by its length (a typo changes the length by at most one).
type replyIndex struct {
	exact map[string][]int
	fuzzy [16][]int
}

func buildReplyIndex(lex []replyPhrase) *replyIndex {
	idx := &replyIndex{exact: map[string][]int{}}
	for k, ph := range lex {
		w := ph.words[0]
		idx.exact[w] = append(idx.exact[w], k)
		if n := len(w); n >= replyMinFuzzy && n < len(idx.fuzzy) {
			idx.fuzzy[n] = append(idx.fuzzy[n], k)
		}
	}
	return idx
}

func buildReplyLexicon() []replyPhrase {
	var lex []replyPhrase
	add := func(kind replyKind, verb Verb, soft bool, phrases ...string) {
		for _, s := range phrases {
			lex = append(lex, replyPhrase{words: strings.Fields(s), kind: kind, verb: verb, soft: soft})
		}
	}
	for _, v := range replyVerbs {
		add(replyCommand, v.verb, false, v.phrases...)
	}
	add(replyCommand, VerbHelp, true, "tolong")
	add(replyFiller, "", false, replyFillers...)
	add(replyLabel, "", false, replyLabels...)
	for _, v := range []Verb{VerbAck, VerbEnRoute, VerbOnScene} {
		add(replyComplement, v, false, replyComplements[v]...)
	}
	return lex
}

// replyParser holds one clipped body, the deployment prefix and the tokens
// read so far. Tokens are read on demand: the note needs none, so a long
// note costs no more than scanning it once.
type replyParser struct {
	text   string
	prefix string
	toks   []replyToken
	pos    int // bytes of text already tokenised
}

func newReplyParser(text, prefix string) *replyParser {
	prefix = strings.ToUpper(strings.TrimRight(strings.TrimSpace(prefix), "-"))
	return &replyParser{text: text, prefix: prefix, toks: make([]replyToken, 0, 8)}
}

// has reports whether token i exists, reading tokens up to it.
func (p *replyParser) has(i int) bool {
	for len(p.toks) <= i {
		t, ok := p.scan()
		if !ok {
			return false
		}
		p.toks = append(p.toks, t)
	}
	return true
}

// scan reads the token after p.pos.
func (p *replyParser) scan() (replyToken, bool) {
	start := -1
	for i, r := range p.text[p.pos:] {
		i += p.pos
		switch {
		case replyIsWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			p.pos = i
			return replyToken{start, i, strings.ToLower(p.text[start:i])}, true
		case r == '?':
			p.pos = i + 1
			return replyToken{i, i + 1, "?"}, true
		}
	}
	p.pos = len(p.text)
	if start < 0 {
		return replyToken{}, false
	}
	return replyToken{start, len(p.text), strings.ToLower(p.text[start:])}, true
}

// replyHead is what opens a reply: the verb, the index of the token after
// it, and a code written before it.
type replyHead struct {
	verb Verb
	next int
	code string
}

// head skips filler and at most one code (repeats of it are fine) up to the
// first verb. A soft verb ("tolong") is remembered and used only when no
// other verb follows.
func (p *replyParser) head() (replyHead, bool) {
	var code string
	var soft *replyHead
	for i := 0; p.has(i); {
		if ph := p.match(i, replyKinds(replyFiller, replyCommand), ""); ph != nil {
			i += len(ph.words)
			switch {
			case ph.kind == replyFiller:
			case ph.soft:
				if soft == nil {
					soft = &replyHead{verb: ph.verb, next: i, code: code}
				}
			default:
				return replyHead{verb: ph.verb, next: i, code: code}, true
			}
			continue
		}
		c, next, ok := p.code(i, false)
		if !ok || (code != "" && c != code) {
			break
		}
		code, i = c, next
	}
	if soft != nil {
		return *soft, true
	}
	return replyHead{}, false
}

// tail skips the verb's complements, then reads a code after them, possibly
// behind filler and labels. It returns the index of the first token after
// what it consumed (the note starts there) and the reply's code. A code
// after the verb is taken only if none came before or it is the same one.
func (p *replyParser) tail(h replyHead) (int, string) {
	i := p.skip(h.next, replyKinds(replyComplement), h.verb)
	j := p.skip(i, replyKinds(replyComplement, replyFiller, replyLabel), h.verb)
	if c, next, ok := p.code(j, h.code == ""); ok && (h.code == "" || c == h.code) {
		return next, c
	}
	return i, h.code
}

func (p *replyParser) skip(i int, kinds uint8, verb Verb) int {
	for p.has(i) {
		ph := p.match(i, kinds, verb)
		if ph == nil {
			break
		}
		i += len(ph.words)
	}
	return i
}

// match returns the phrase of the given kinds at token i: the longest, then
// the one with fewer typos; nil when none matches or when two different
// meanings match equally well. Only phrases whose first word can match the
// token are tried (see replyIndex).
func (p *replyParser) match(i int, kinds uint8, verb Verb) *replyPhrase {
	var b replyBest
	tok := p.toks[i].low
	for _, k := range replyIdx.exact[tok] {
		p.offer(&b, i, &replyLexicon[k], kinds, verb)
	}
	if n := len(tok); n >= replyMinFuzzy-1 && n <= utf8.UTFMax*len(replyIdx.fuzzy) {
		n = utf8.RuneCountInString(tok)
		for l := max(n-1, replyMinFuzzy); l <= n+1 && l < len(replyIdx.fuzzy); l++ {
			for _, k := range replyIdx.fuzzy[l] {
				p.offer(&b, i, &replyLexicon[k], kinds, verb)
			}
		}
	}
	if b.ambiguous {
		return nil
	}
	return b.ph
}

// replyBest is the best phrase offered so far to match.
type replyBest struct {
	ph        *replyPhrase
	fuzz      int
	ambiguous bool
}

func (p *replyParser) offer(b *replyBest, i int, ph *replyPhrase, kinds uint8, verb Verb) {
	if kinds&(1<<ph.kind) == 0 || (ph.kind == replyComplement && ph.verb != verb) {
		return
	}
	fuzz, ok := p.matchWords(i, ph.words)
	switch {
	case !ok:
	case b.ph == nil || len(ph.words) > len(b.ph.words) || len(ph.words) == len(b.ph.words) && fuzz < b.fuzz:
		*b = replyBest{ph: ph, fuzz: fuzz}
	case len(ph.words) == len(b.ph.words) && fuzz == b.fuzz && !ph.sameMeaning(b.ph):
		b.ambiguous = true
	}
}

// matchWords matches words against the tokens from i and counts the typos.
func (p *replyParser) matchWords(i int, words []string) (int, bool) {
	if !p.has(i + len(words) - 1) {
		return 0, false
	}
	fuzz := 0
	for k, w := range words {
		d, ok := replyWordDist(p.toks[i+k].low, w)
		if !ok {
			return 0, false
		}
		fuzz += d
	}
	return fuzz, true
}

// replyMinFuzzy is the shortest word matched with a typo: shorter words are
// too close to each other ("tiba", "tuba"; "info", "ino").
const replyMinFuzzy = 5

// replyWordDist is 0 when tok is word, 1 when both have replyMinFuzzy or
// more letters and tok is word with one typo, and false otherwise.
func replyWordDist(tok, word string) (int, bool) {
	if tok == word {
		return 0, true
	}
	// Cheap byte bounds first: a rune is 1..4 bytes, word is ASCII.
	if len(word) < replyMinFuzzy || len(tok) < replyMinFuzzy-1 || len(tok) > utf8.UTFMax*(len(word)+1) {
		return 0, false
	}
	n := utf8.RuneCountInString(tok)
	if replyNotTypos[tok] || n < replyMinFuzzy || n < len(word)-1 || n > len(word)+1 {
		return 0, false
	}
	// One edit leaves the first letter in place, or the second one, or
	// swaps or shifts them: a cheap test that rejects most words.
	r0, size := utf8.DecodeRuneInString(tok)
	r1, _ := utf8.DecodeRuneInString(tok[size:])
	w0, w1 := rune(word[0]), rune(word[1])
	if r0 != w0 && r1 != w1 && r0 != w1 && r1 != w0 {
		return 0, false
	}
	return 1, fuzzy.Within(tok, word, 1)
}

// code reads a code at token i: the deployment prefix with its number, or
// (when bare) a lone number that is not a time, a decimal or a quantity.
// It returns the code and the index of the token after it.
func (p *replyParser) code(i int, bare bool) (string, int, bool) {
	if p.prefix == "" || !p.has(i) {
		return "", 0, false
	}
	if c, end, ok := p.prefixedCode(p.toks[i].start); ok {
		for p.has(i) && p.toks[i].start < end {
			i++
		}
		return c, i, true
	}
	if bare && p.bareCode(i) {
		return replyFormatCode(p.prefix, p.toks[i].low), i + 1, true
	}
	return "", 0, false
}

// prefixedCode reads PREFIX, up to maxCodeSeps separators and 1-6 digits
// that end a word, at byte start; it returns the code and where it ends.
func (p *replyParser) prefixedCode(start int) (string, int, bool) {
	s, n := p.text[start:], len(p.prefix)
	if len(s) <= n || !strings.EqualFold(s[:n], p.prefix) {
		return "", 0, false
	}
	k := n
	for seps := 0; k < len(s) && seps < maxCodeSeps && replyIsCodeSep(s[k]); seps++ {
		k++
	}
	d := k
	for k < len(s) && replyIsDigit(s[k]) {
		k++
	}
	if k == d || k-d > maxCodeDigits {
		return "", 0, false
	}
	if r, _ := utf8.DecodeRuneInString(s[k:]); k < len(s) && replyIsWordRune(r) {
		return "", 0, false
	}
	return replyFormatCode(p.prefix, s[d:k]), start + k, true
}

// bareCode reports whether token i is a number that may be a code.
func (p *replyParser) bareCode(i int) bool {
	t := p.toks[i]
	if t.end-t.start > maxCodeDigits || strings.ContainsFunc(t.low, func(r rune) bool { return r < '0' || r > '9' }) {
		return false
	}
	if rest := p.text[t.end:]; len(rest) >= 2 && strings.IndexByte(".:,/-", rest[0]) >= 0 && replyIsDigit(rest[1]) {
		return false // 14.30, 14:30, 2,5, 1/2
	}
	return !p.has(i+1) || !replyUnits[p.toks[i+1].low]
}

// trailingCode takes a code of this deployment that ends note, when the
// reply had none up front ("TOLAK mobil rusak TT-0427"), and returns it with
// the note without it.
func (p *replyParser) trailingCode(note string) (string, string) {
	if p.prefix == "" {
		return "", note
	}
	end := len(strings.TrimRightFunc(note, func(r rune) bool { return !replyIsWordRune(r) }))
	k := end
	for k > 0 && replyIsDigit(note[k-1]) {
		k--
	}
	if k == end || end-k > maxCodeDigits {
		return "", note
	}
	j := k
	for seps := 0; j > 0 && seps < maxCodeSeps && replyIsCodeSep(note[j-1]); seps++ {
		j--
	}
	s := j - len(p.prefix)
	if s < 0 || !strings.EqualFold(note[s:j], p.prefix) {
		return "", note
	}
	if r, _ := utf8.DecodeLastRuneInString(note[:s]); s > 0 && replyIsWordRune(r) {
		return "", note
	}
	return replyFormatCode(p.prefix, note[k:end]), strings.TrimRightFunc(note[:s], replyIsTrail)
}
