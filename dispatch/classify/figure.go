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
	// Words of a caller describing what they sense: a comparison after
	// them is a report ("bunyinya kayak ledakan").
	senseWords = []string{"bau", "baunya", "suara", "suaranya", "bunyi", "bunyinya", "terdengar",
		"kedengaran", "kedengarannya", "kelihatan", "kelihatannya", "keliatan", "tampak", "nampak",
		"terlihat", "asap", "asapnya", "getaran", "getarannya", "goyang", "goyangannya", "rasanya",
		"berasa", "terasa", "bergetar", "gemuruh", "dentuman", "ledakan", "api", "apinya", "air", "airnya",
		// A body part compared is a symptom ("dadanya kayak diikat tali",
		// "kepalanya kayak dipukul palu").
		"dada", "dadanya", "kepala", "kepalanya", "perut", "perutnya", "badan", "badannya", "sakit", "nyeri",
		"sakitnya", "nyerinya", "napas", "napasnya", "jantung", "jantungnya", "mata", "matanya", "dadaku"}
)

// Things that are neither places nor people: an emergency word said of
// them is a figure ("rekening ku gempa", "dompet ku sesak napas", "modal
// usaha ku udah tenggelam", "jadwal kuliah ku tabrakan", "lini belakang
// PSMS kebakaran"). Places (pasar, kantor, rumah) are not in the list: a
// market does burn.
var abstractSubjects = []string{"harga", "dompet", "rekening", "saldo", "modal", "gaji", "cicilan", "utang", "hutang",
	"tagihan", "jadwal", "hati", "perasaan", "pikiran", "otak", "target", "nilai", "akun", "rank", "ranked", "timnas",
	"lini", "pertandingan", "kerjaan", "pekerjaan", "penjualan", "bisnis", "usaha", "saham", "investasi", "grup", "chat",
	"baterai", "sinyal", "kuota", "rapor", "skripsi", "tugas", "ujian", "karir", "karier", "hubungan", "asmara", "cinta",
	"dagangan", "omzet", "followers", "mood", "semangat", "ekonomi", "rupiah", "niat", "strategi", "nasib",
	"kantong", "tabungan", "pinjol", "notifikasi", "inbox", "timeline", "beranda", "laptop", "handphone", "komputer",
	"server", "wifi", "jualan", "gajian",
	// What goes viral or gets an audience: "video aku meledak di tiktok".
	"video", "konten", "postingan", "komentar", "lagu", "tiktok", "status", "story", "views", "viewers"}

// Words that may stand between a subject and what is said of it.
var predicateFiller = []string{"ku", "aku", "saya", "kami", "mu", "kau", "awak", "udah", "sudah", "lagi", "langsung",
	"makin", "jadi", "kayak", "mau", "pun", "juga", "sampai", "sampe", "benar", "bener", "lah", "rasanya", "serasa"}

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

// tokIsStem is tokIs that also accepts a possessive suffix ("dompetku",
// "hatinya", "rekeningmu").
func (s *scratch) tokIsStem(i int32, words []string) bool {
	if i < 0 || int(i) >= len(s.toks) {
		return false
	}
	w := s.text[s.toks[i].start:s.toks[i].end]
	for _, suf := range []string{"", "ku", "mu", "nya"} {
		if len(w) < len(suf)+3 || !strings.EqualFold(w[len(w)-len(suf):], suf) {
			continue
		}
		b := w[:len(w)-len(suf)]
		for _, x := range words {
			if strings.EqualFold(b, x) {
				return true
			}
		}
	}
	return false
}

// saidOfThing reports whether the words before hit h (in its clause, a few
// words back) make a thing that is neither a place nor a person its subject.
// The subject may be a few words back ("lini belakang PSMS kebakaran",
// "harga cabe di pajak udah kebakaran"); "ada" ends the search: "harga …,
// ada kebakaran" is a report.
//
// With owned true (for a victim word, which otherwise always brings the
// ambulance) the thing must be the caller's own and close: "dompet ku sesak
// napas", "rekeningku gempa", "akun ku udah …"; "pemanjat tower sinyal
// pingsan" is not.
func (s *scratch) saidOfThing(h hit, owned bool) bool {
	back := int32(5)
	if owned {
		back = 4
	}
	for j := h.first - 1; j >= 0 && j >= h.first-back; j-- {
		if s.toks[j+1].brk || s.tokIs(j, reportWords) {
			return false
		}
		if !s.tokIsStem(j, abstractSubjects) {
			continue
		}
		if !owned {
			return true
		}
		w := strings.ToLower(s.text[s.toks[j].start:s.toks[j].end])
		return strings.HasSuffix(w, "ku") || strings.HasSuffix(w, "mu") || s.tokIs(j+1, ownerWords)
	}
	return false
}

var ownerWords = []string{"ku", "aku", "saya", "kami", "mu", "kau", "awak", "gue", "gw"}

// Words that make what follows a report, not a comparison or a figure.
var reportWords = []string{"ada", "terjadi", "sedang", "lagi ada", "yang"}

// compared reports whether hit h is the second term of a comparison
// ("kayak habis kena gempa") and not a caller's sensing ("bunyinya kayak
// ledakan"); it returns the index of the comparison word.
func (s *scratch) compared(h hit) (int32, bool) {
	// Up to two words may stand between ("kayak habis kena gempa",
	// "kayak kapal tenggelam"), but not a report's "ada" ("seperti ada
	// kebakaran").
	j := h.first - 1
	for k := 0; k < 2 && j >= 0 && !s.toks[j+1].brk && !s.tokIs(j, comparisonWords); k++ {
		if s.tokIs(j, reportWords) {
			return 0, false
		}
		j--
	}
	if j < 0 || s.toks[j+1].brk || !s.tokIs(j, comparisonWords) {
		return 0, false
	}
	for b := j - 1; b >= 0 && b >= j-3; b-- {
		if s.tokIs(b, senseWords) {
			return 0, false
		}
		if s.toks[b+1].brk {
			break
		}
	}
	return j, true
}

// caused reports whether hit h is a reaction something caused ("film
// horor tadi bikin jantungan", "harga tiket bikin aku pingsan", "gol menit
// terakhir bikin satu kampung meledak"): "bikin" a few words before it in
// its clause. Only counted when every emergency word is a figure, so "asap
// kebakaran bikin warga sesak" stays a fire with a victim.
func (s *scratch) caused(h hit) (int32, bool) {
	for j := h.first - 1; j >= 0 && j >= h.first-4; j-- {
		if s.toks[j+1].brk {
			return 0, false
		}
		if s.tokIs(j, causeWords) {
			return j, true
		}
	}
	return 0, false
}

var causeWords = []string{"bikin", "membuat", "bikinnya", "bkin", "bkn"}

// feltFrom reports whether hit h is a feeling the caller puts down to an
// emotion or to watching or thinking about something ("aku hampir pingsan
// bangga", "sampai gak napas nonton penalti", "sesak karena cicilan",
// "pingsan liat saldo", "emak-emak pingsan berjamaah"): a word of that
// kind right after it, in its clause; it returns the index of the last
// word of the feeling. Only counted when every emergency
// word is a figure and no person is named in the clause.
func (s *scratch) feltFrom(h hit) (int32, bool) {
	for j := h.last + 1; int(j) < len(s.toks) && j <= h.last+3; j++ {
		if s.toks[j].brk {
			return 0, false
		}
		if s.tokIsStem(j, emotionWords) {
			return j, true
		}
		if s.tokIs(j, watchWords) {
			return j, true
		}
		if s.tokIs(j, reasonWords) && (s.tokIsStem(j+1, abstractSubjects) || s.tokIsStem(j+1, emotionWords)) {
			return j + 1, true
		}
	}
	return 0, false
}

var (
	// Emotions and jokey crowd words: a victim word followed by one is
	// a feeling, not a patient ("pingsan bangga", "pingsan berjamaah").
	emotionWords = []string{"bangga", "senang", "bahagia", "terharu", "gembira", "gemas", "gregetan", "saking",
		"berjamaah", "baper", "salting", "kegirangan", "girang", "excited"}
	// Reasons: "karena", "gara-gara", "liat", "nonton" … followed by a thing
	// (abstractSubjects) or an emotion; watching alone is enough ("gak
	// napas nonton").
	reasonWords = []string{"karena", "gara", "gara-gara", "gegara", "liat", "lihat", "ngeliat", "melihat", "nonton",
		"menonton", "mikirin", "memikirkan", "denger", "dengar", "baca", "membaca"}
	watchWords = []string{"nonton", "menonton"}
)

// victimConcept reports whether hit h's word raises a victim signal.
func (t *Taxonomy) victimConcept(h hit) bool {
	for _, sg := range t.lex.concepts[h.concept].sigs {
		if t.sigs[sg].victim {
			return true
		}
	}
	return false
}

// personInClause reports a person word (orang and its synonyms) in the
// clause of hit h: "pemanjat tower sinyal pingsan", "siswa pingsan waktu
// ujian" are about a person, whatever thing is named next to the word.
func (t *Taxonomy) personInClause(s *scratch, h hit) bool {
	c := s.toks[h.first].clause
	for _, o := range s.hits {
		// "kayak orang tenggelam" compares: that person is not there.
		if s.toks[o.first].clause == c && !s.tokIs(o.first-1, comparisonWords) {
			if m := t.lex.concepts[o.concept].means; m == "orang" || m == "pengendara" {
				return true
			}
		}
	}
	return false
}

// allFigurative reports whether every keyword that names an emergency is
// a figure: compared to, or said of a thing. It holds even when the
// keyword is a victim word ("dompet ku sesak napas", "akun ku udah kayak
// kapal tenggelam"); one literal emergency word anywhere keeps the call.
func (t *Taxonomy) allFigurative(s *scratch) (string, bool) {
	words, fig := "", false
	for _, h := range s.hits {
		emergency := false
		for _, u := range t.lex.concepts[h.concept].cats {
			if t.cats[u.cat].Emergency {
				emergency = true
			}
		}
		if !emergency {
			continue
		}
		if t.personInClause(s, h) {
			return "", false
		}
		from, to := h.first, h.last
		if j, ok := s.compared(h); ok {
			from = j
		} else if j, ok := s.caused(h); ok {
			from = j
		} else if j, ok := s.feltFrom(h); ok {
			from, to = h.first+1, j
		} else if !s.saidOfThing(h, t.victimConcept(h)) {
			return "", false
		}
		if !fig {
			words, fig = s.span(max(from-1, 0), to), true
		}
	}
	return words, fig
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
		j, ok := s.compared(h)
		if !ok {
			return "", false
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
