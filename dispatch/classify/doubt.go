package classify

import (
	"fmt"
	"strings"
)

// Doubt says why a call that names an emergency may not be one. It is a
// proposal ("bukan darurat?"), never a decision: the call-taker decides.
type Doubt struct {
	// Kind: over (the event is finished, or the person is fine now),
	// past_question (a question about a past event or a hypothetical),
	// question (a request for information or a complaint put as a
	// question), negated ("bukan kebakaran", "saya kira …, ternyata …"),
	// joke (laughter, "becanda") or model (the learned model's reading).
	Kind     string `json:"kind"`
	Reason   string `json:"reason"`
	ReasonEN string `json:"reason_en"`
	Words    string `json:"words"` // the caller's words that raised the doubt
	// Category is the emergency reading the words would otherwise get.
	Category CategoryID `json:"category,omitempty"`
}

// Marks a signal may carry (taxonomy: signals[].marks).
const (
	markOver     = "over"
	markPast     = "past"
	markQuestion = "question"
	markUrgent   = "urgent"
	markDenied   = "denied"
	// Marks that raise a doubt even when a victim word is present.
	markPastFar    = "past_far"    // another day: "kemarin … ?"
	markOverPerson = "over_person" // the person is fine now: "sudah sadar"
	markLaugh      = "laugh"       // "wkwk", "hahaha"
	markJoke       = "joke"        // "becanda", "prank" (only without a victim)
	markMistaken   = "mistaken"    // "saya kira …, ternyata …"
	// A question about a service ("nomor ambulans berapa", "gratis gak"):
	// a doubt when no one is said to be hurt.
	markInfo = "info"
	// A question about how to do something ("cara menolong orang
	// pingsan", "dikasih odol boleh gak"): a doubt even with a victim word.
	markHowto = "howto"
	// The caller asks for help now ("tolong", "cepat"): no info doubt.
	markHelp = "help"
	// The caller says it is minor ("lukanya kecil", "masih lincah"): with
	// a question it is a request for advice, whoever is hurt.
	markMinor = "minor"
)

// victimOn reports whether a signal found a person hurt or in danger.
func (t *Taxonomy) victimOn(s *scratch) bool {
	for i := range t.sigs {
		if s.sigOn[i] && t.sigs[i].victim {
			return true
		}
	}
	return false
}

// victimFor is victimOn for a proposal of category cat: a signal limited to
// some categories (applies_to) counts only for them ("stuck" is a stranded
// person in a flood, not in a call about a cat on a roof).
func (t *Taxonomy) victimFor(s *scratch, cat int32) bool {
	for i := range t.sigs {
		if sg := &t.sigs[i]; s.sigOn[i] && sg.victim && (sg.general || sg.applies[cat]) {
			return true
		}
	}
	return false
}

// marked returns the caller's words of the first signal with mark m, and
// whether there is one.
func (t *Taxonomy) marked(s *scratch, m string) (string, bool) {
	for i := range t.sigs {
		if s.sigOn[i] && t.sigs[i].marks == m {
			return t.signalWords(s, int32(i)), true
		}
	}
	return "", false
}

func (t *Taxonomy) signalWords(s *scratch, i int32) string {
	src := s.sigSrc[i]
	if src.pair >= 0 {
		return s.pairSpan(src.pair)
	}
	h := s.hits[src.hit]
	return s.span(h.first, h.last)
}

// victimDoubt: an emergency reading is doubtful even with a victim word
// when the caller laughs, says the person is fine now, or asks about an
// event of another day ("kemarin ada yang tenggelam, udah ketemu?"). A
// caller who also says it is happening now keeps it an emergency, except
// for laughter.
func (t *Taxonomy) victimDoubt(s *scratch, text string) *Doubt {
	if w, ok := t.marked(s, markLaugh); ok && !s.earnest() {
		return &Doubt{Kind: "joke", Words: w,
			Reason:   fmt.Sprintf("penelepon tertawa (%q): mungkin bercanda atau kiasan", w),
			ReasonEN: fmt.Sprintf("the caller laughs (%q): maybe a joke or a figure of speech", w)}
	}
	if _, ok := t.marked(s, markUrgent); ok && !t.nowFine(s, markOverPerson) && !t.nowAsked(s) {
		return nil
	}
	if w, ok := t.marked(s, markMistaken); ok && !t.revealed(s) && !t.butAfter(s, markMistaken) {
		return deniedDoubt(w)
	}
	// Another day (or "if there were…") and a question; or any past time
	// and a question word ("tadi ada kecelakaan ya? korbannya siapa?").
	far, isFar := t.marked(s, markPastFar)
	near, isPast := t.marked(s, markPast)
	_, asked := t.marked(s, markQuestion)
	if (isFar && t.asks(s, text) || isPast && asked) && !(isConditional(far) && t.ownPerson(s)) {
		w := near
		if isFar {
			w = far
		}
		return &Doubt{Kind: "past_question", Words: w,
			Reason:   fmt.Sprintf("pertanyaan tentang kejadian yang sudah lewat (%q)", w),
			ReasonEN: fmt.Sprintf("a question about a past event (%q)", w)}
	}
	// A victim word after "sudah …" keeps the call, unless it is about
	// another day ("mau bilang terima kasih, kemarin … sesak napas").
	if w, ok := t.marked(s, markOverPerson); ok && !t.butAfter(s, markOverPerson) && (isFar || !t.victimAfter(s, markOverPerson)) {
		return &Doubt{Kind: "over", Words: w,
			Reason:   fmt.Sprintf("orangnya tampaknya sudah baik (%q)", w),
			ReasonEN: fmt.Sprintf("the person seems to be fine now (%q)", w)}
	}
	return nil
}

// nowFine reports that the caller's "now" word only introduces the person
// being fine or the event being over (the words of a signal marked m:
// "sekarang sudah main lagi", "sekarang udah sadar", "sekarang sudah bisa
// lewat?"): it does not make the call urgent.
func (t *Taxonomy) nowFine(s *scratch, m string) bool {
	var urgent, fine *hit
	for i := range t.sigs {
		if !s.sigOn[i] || s.sigSrc[i].pair >= 0 {
			continue
		}
		switch t.sigs[i].marks {
		case markUrgent:
			urgent = &s.hits[s.sigSrc[i].hit]
		case m:
			fine = &s.hits[s.sigSrc[i].hit]
		}
	}
	return urgent != nil && fine != nil && fine.first == urgent.last+1
}

// liveHere reports a life-threatening event stated by a word that alone
// names it, with a place ("kar berapa? ini rumah di depan saya terbakar di
// Jalan Bahilang"): a report that asks for the service, not a question.
func (t *Taxonomy) liveHere(s *scratch, cat int32) bool {
	if !t.cats[cat].LifeThreatening {
		return false
	}
	strong := false
	for _, h := range s.hits {
		for _, u := range t.lex.concepts[h.concept].cats {
			if u.cat == cat && u.weight >= 1 && !h.negated {
				strong = true
			}
		}
	}
	if !strong {
		return false
	}
	for i := range s.toks {
		if s.tokIs(int32(i), placeWords) {
			return true
		}
	}
	return false
}

// Words that give a place: an address or where the caller is.
var placeWords = []string{"ini", "jl", "jln", "jalan", "gang", "gg", "depan", "sebelah", "lingkungan", "kelurahan", "dekat"}

// ownPerson reports a person of the caller's own named with an owner word
// ("anak saya", "bayi ku", "kawan awak", "mamakku", "ini kawan saya"):
// somebody the caller is with, not a person in general ("orang pingsan").
func (t *Taxonomy) ownPerson(s *scratch) bool {
	for i := range s.toks {
		j := int32(i)
		if !t.personAt(s, j) && !s.tokIsStem(j, kinWords) || s.tokIsStem(j, notOwnWords) {
			continue
		}
		// "anak saya sehat kok": that person is fine.
		if s.tokIs(j+2, fineWords) || s.tokIs(j+3, fineWords) {
			continue
		}
		if s.tokIs(j+1, ownerWords) {
			return true
		}
		if w := s.text[s.toks[j].start:s.toks[j].end]; len(w) > 4 && strings.EqualFold(w[len(w)-2:], "ku") {
			return true
		}
	}
	return false
}

// personAt reports that token i belongs to a person word of the taxonomy
// (orang and its synonyms).
func (t *Taxonomy) personAt(s *scratch, i int32) bool {
	for _, h := range s.hits {
		if h.first <= i && i <= h.last {
			m := t.lex.concepts[h.concept].means
			return m == "orang" || m == "pengendara"
		}
	}
	return false
}

// Kin and friends a caller names, beyond the taxonomy's person words.
var kinWords = []string{"kawan", "teman", "temen", "mamak", "mama", "papa", "opung", "ompung", "atok", "mbah", "pacar",
	"suami", "istri", "bojo", "lae", "eda", "tulang", "uda", "cucu", "ponakan", "keponakan", "mertua", "adek", "dek"}

var (
	// A family or a household is not somebody the caller is with.
	notOwnWords = []string{"keluarga", "keluargaku", "rumah"}
	fineWords   = []string{"sehat", "baik", "aman", "selamat"}
)

func isConditional(w string) bool {
	for _, c := range []string{"kalau", "kalo", "klo", "kl", "jika", "bila", "apabila", "misalnya", "seandainya", "andaikan"} {
		if strings.EqualFold(w, c) {
			return true
		}
	}
	return false
}

// victimAfter reports a victim word after the words of the first signal
// with mark m: "sekarang udah lepas, kukunya copot berdarah" is not over.
func (t *Taxonomy) victimAfter(s *scratch, m string) bool {
	from := int32(-1)
	for i := range t.sigs {
		if s.sigOn[i] && t.sigs[i].marks == m && s.sigSrc[i].pair < 0 {
			from = s.hits[s.sigSrc[i].hit].last
			break
		}
	}
	if from < 0 {
		return false
	}
	for _, h := range s.hits {
		if h.first > from && !h.negated && t.victimConcept(h) {
			return true
		}
	}
	return false
}

// revealed reports a mistake that turned out to be an emergency: "aku
// kira petasan, ternyata kompresor meledak" — after "ternyata" or
// "rupanya" comes a word that alone names a life-threatening emergency (a
// keyword of weight >= strongWord, not denied; "ternyata mobil mogok" is
// still a mistake) and the caller did not say
// "ternyata cuma …" (the mistaken signal's own words).
func (t *Taxonomy) revealed(s *scratch) bool {
	turn := int32(-1)
	for i := range s.toks {
		if s.tokIs(int32(i), revealWords) {
			turn = int32(i)
			break
		}
	}
	if turn < 0 {
		return false
	}
	for i := range t.sigs {
		if s.sigOn[i] && t.sigs[i].marks == markMistaken && s.sigSrc[i].pair < 0 {
			if h := s.hits[s.sigSrc[i].hit]; h.first <= turn && h.last >= turn {
				return false // "ternyata cuma", "rupanya lagi"
			}
		}
	}
	for _, h := range s.hits {
		if h.first <= turn || h.negated {
			continue
		}
		for _, u := range t.lex.concepts[h.concept].cats {
			if c := &t.cats[u.cat]; c.Emergency && c.LifeThreatening && u.weight >= strongWord {
				return true
			}
		}
	}
	return false
}

var revealWords = []string{"ternyata", "rupanya", "taunya", "tahunya"}

// earnest reports that the caller says they mean it ("wkwk anjir, eh
// serius ini, kawan aku kelelep", "bukan bercanda, ini beneran"): nervous
// laughter is then no joke.
func (s *scratch) earnest() bool {
	for i := range s.toks {
		j := int32(i)
		// "bukan meledak beneran" says the opposite.
		if s.tokIs(j, earnestWords) && !s.tokIs(j-1, notWords) && !s.tokIs(j-2, notWords) && !s.tokIs(j-3, notWords) {
			return true
		}
	}
	return false
}

var notWords = []string{"bukan", "tidak", "gak", "ga", "nggak", "enggak", "ndak", "tak", "bkn", "gk"}

var earnestWords = []string{"serius", "seriusan", "beneran", "sungguhan", "sumpah", "betulan", "bneran"}

// nowAsked reports that the caller's "now" word ends a question ("anak
// yang kejepit minggu lalu gimana keadaannya sekarang?"): it asks about
// the present, it does not report it.
func (t *Taxonomy) nowAsked(s *scratch) bool {
	for i := range t.sigs {
		if !s.sigOn[i] || t.sigs[i].marks != markUrgent || s.sigSrc[i].pair >= 0 {
			continue
		}
		end := s.toks[s.hits[s.sigSrc[i].hit].last].end
		rest := strings.TrimLeft(s.text[end:], " ")
		return strings.HasPrefix(rest, "?")
	}
	return false
}

// hasBut reports a "but" (tapi, namun…) in the text: "sudah ditemukan, tapi
// tidak bernapas" is not over.
func (t *Taxonomy) hasBut(s *scratch) bool {
	for _, tok := range s.toks {
		if tok.lex >= 0 && t.lex.flags[tok.lex]&flagBreak != 0 {
			return true
		}
	}
	return false
}

// butAfter reports a "but" after the words of the first signal with mark
// m: "sudah ditemukan, tapi tidak bernapas" is not over; "tadi ada yang
// pingsan tapi udah sadar" is.
func (t *Taxonomy) butAfter(s *scratch, m string) bool {
	from := int32(0)
	for i := range t.sigs {
		if s.sigOn[i] && t.sigs[i].marks == m {
			if src := s.sigSrc[i]; src.pair >= 0 {
				ab := s.nearAB[src.pair]
				from = max(s.hits[ab[0]].last, s.hits[ab[1]].last)
			} else {
				from = s.hits[src.hit].last
			}
			break
		}
	}
	for i := from + 1; int(i) < len(s.toks); i++ {
		// A contrast, not "cuma" / "hanya" ("sudah dimakamkan, cuma mau
		// lapor" is over).
		if tok := s.toks[i]; tok.lex >= 0 && t.lex.flags[tok.lex]&flagBreak != 0 && !s.tokIs(i, onlyWords) {
			return true
		}
	}
	return false
}

var onlyWords = []string{"cuma", "hanya", "cuman", "kecuali"}

func (t *Taxonomy) asks(s *scratch, text string) bool {
	_, q := t.marked(s, markQuestion)
	return q || strings.Contains(text, "?") || s.tokIs(int32(len(s.toks)-1), questionTails)
}

// questionTails end a spoken yes/no question: "ambulansnya gratis gak",
// "harus ada surat dari RT tidak".
var questionWords = []string{"apa", "apakah", "mana", "manakah", "gimana", "bagaimana", "gmn", "cemana", "berapa", "kapan",
	"siapa", "bisakah", "bolehkah"}

var questionTails = []string{"gak", "ga", "gk", "nggak", "ngga", "enggak", "engga", "tidak", "tdk", "kah"}

// markDoubt: an emergency reading with no victim is doubtful when the
// caller jokes, says it is over, or asks about a past event; not when the
// caller also says it is happening now or asks for help.
func (t *Taxonomy) markDoubt(s *scratch, text string, cat int32) *Doubt {
	if w, ok := t.marked(s, markJoke); ok && !s.earnest() {
		return &Doubt{Kind: "joke", Words: w,
			Reason:   fmt.Sprintf("penelepon bilang bercanda (%q) dan tidak ada korban disebut", w),
			ReasonEN: fmt.Sprintf("the caller says it is a joke (%q) and no one is said to be hurt", w)}
	}
	if _, ok := t.marked(s, markUrgent); ok && !t.nowFine(s, markOver) && !t.nowAsked(s) {
		return nil
	}
	if w, ok := t.marked(s, markDenied); ok {
		return deniedDoubt(w)
	}
	if w, ok := t.marked(s, markOver); ok && !t.butAfter(s, markOver) {
		return &Doubt{Kind: "over", Words: w,
			Reason:   fmt.Sprintf("kejadian tampaknya sudah selesai (%q) dan tidak ada korban disebut", w),
			ReasonEN: fmt.Sprintf("the event seems to be over (%q) and no one is said to be hurt", w)}
	}
	w, past := t.marked(s, markPast)
	q, question := t.marked(s, markQuestion)
	if strings.Contains(text, "?") {
		question = true
	}
	if past && question {
		words := strings.TrimSpace(w + " … " + q)
		if q == "" {
			words = w
		}
		return &Doubt{Kind: "past_question", Words: words,
			Reason:   fmt.Sprintf("pertanyaan tentang kejadian yang sudah lewat (%q)", w),
			ReasonEN: fmt.Sprintf("a question about a past event (%q)", w)}
	}
	if w, ok := t.askingForInformation(s, question); ok && !t.liveHere(s, cat) {
		return &Doubt{Kind: "question", Words: w,
			Reason:   fmt.Sprintf("pertanyaan atau permintaan informasi (%q), bukan laporan kejadian", w),
			ReasonEN: fmt.Sprintf("a question or a request for information (%q), not a report", w)}
	}
	return nil
}

// askingForInformation: a question whose words also read as a request for
// information or a complaint ("apakah ada posko banjir?"): the strongest
// non-emergency category reaches min_score. It returns the words of that
// reading.
func (t *Taxonomy) askingForInformation(s *scratch, question bool) (string, bool) {
	if !question {
		return "", false
	}
	best := t.bestOf(s, false, 0)
	if best < 0 {
		return "", false
	}
	for _, h := range s.hits {
		for _, u := range t.lex.concepts[h.concept].cats {
			if u.cat == best && !h.negated {
				return s.span(h.first, h.last), true
			}
		}
	}
	return "", true
}

// infoDoubt: a question about a service or about how to do something is
// a request for information even when it names a patient's condition or a
// victim ("nomor ambulans puskesmas ada gak", "cara menolong orang pingsan
// gimana", "anak demam boleh dikasih paracetamol berapa"), unless the
// caller also asks for help or says it is happening now. A service
// question with a victim word stays an emergency ("bapak pingsan,
// ambulansnya bayar gak?"); a how-to question does not.
func (t *Taxonomy) infoDoubt(s *scratch, text string, cat int32) *Doubt {
	if _, ok := t.marked(s, markUrgent); ok {
		return nil
	}
	if _, ok := t.marked(s, markHelp); ok {
		return nil
	}
	// "bagaimana caranya …", "praktek hari apa" ask by themselves (the
	// question word may be inside the signal's phrase); "gak tau caranya"
	// does not.
	asks := t.asks(s, text)
	for i := range s.toks {
		asks = asks || s.tokIs(int32(i), questionWords)
	}
	// A minor hurt and a question: advice ("lukanya kecil, perlu dijahit
	// gak?").
	if w, ok := t.marked(s, markMinor); ok && asks {
		return infoQuestion(w)
	}
	// The caller's own person in danger ("bayi saya keselek, mukanya
	// biru, cara heimlich gimana?") is a report with a question.
	if t.victimFor(s, t.refile(s, cat)) && t.ownPerson(s) {
		return nil
	}
	w, ok := t.marked(s, markHowto)
	// "cuma mau tanya", "mung takon": the caller says they ask.
	if lw := strings.ToLower(w); ok && (asks || strings.Contains(lw, "tanya") || strings.Contains(lw, "nanya") || strings.Contains(lw, "takon")) {
		return infoQuestion(w)
	}
	if w, ok = t.marked(s, markInfo); !ok || !asks || t.victimFor(s, t.refile(s, cat)) || t.liveHere(s, cat) {
		return nil
	}
	return infoQuestion(w)
}

func infoQuestion(w string) *Doubt {
	return &Doubt{Kind: "question", Words: w,
		Reason:   fmt.Sprintf("pertanyaan atau permintaan informasi (%q), bukan laporan kejadian", w),
		ReasonEN: fmt.Sprintf("a question or a request for information (%q), not a report", w)}
}

func deniedDoubt(w string) *Doubt {
	return &Doubt{Kind: "negated", Words: w,
		Reason:   fmt.Sprintf("penelepon menyangkal kejadiannya (%q)", w),
		ReasonEN: fmt.Sprintf("the caller denies the event (%q)", w)}
}

// strongWord is how much a keyword must weigh to name an incident alone.
const strongWord = 0.7

// negatedDoubt: a word that alone names an emergency was denied ("bukan
// kebakaran, cuma asap dapur", "tidak ada banjir, cuma genangan") and no
// other word of that strength names category cat (-1: any category).
func (t *Taxonomy) negatedDoubt(s *scratch, cat ...int32) *Doubt {
	var d *Doubt
	for _, h := range s.hits {
		for _, u := range t.lex.concepts[h.concept].cats {
			c := &t.cats[u.cat]
			if !c.Emergency || u.weight < strongWord || len(cat) > 0 && u.cat != cat[0] {
				continue
			}
			if !h.negated {
				return nil
			}
			if d == nil {
				d = deniedDoubt(s.span(h.first, h.last))
				d.Category = c.ID
			}
		}
	}
	return d
}
