package classify

import (
	"slices"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// Session 3 mechanisms of the word lists, each on sentences written for
// the test (not taken from any corpus). The word lists alone (no model)
// must see them: what the call-taker notices is the agencies, the priority
// and whether a doubt is shown.

// TestVictimByContext: a person described only by what the caller sees
// (rousing without answer, a farewell, a means at hand, the edge of a
// height) gets the ambulance at P1.
func TestVictimByContext(t *testing.T) {
	tx := testTaxonomy(t)
	cases := []struct {
		text string
		want []agencies.AgencyID
		cat  CategoryID
	}{
		// Roused with nothing back.
		{"kakek di kamar udah kami goyang-goyang tapi diam aja", []agencies.AgencyID{"dinkes"}, "tidak_sadar"},
		{"bang, istri ku di sofa dibangunin dari tadi gak bangun-bangun", []agencies.AgencyID{"dinkes"}, "tidak_sadar"},
		{"mbah ku dipanggil-panggil gak nyahut, tiduran di teras", []agencies.AgencyID{"dinkes"}, "tidak_sadar"},
		// Quiet suicide calls.
		{"pak, aku udah capek, rasanya hidupku gak ada gunanya lagi", []agencies.AgencyID{"dinkes"}, "krisis_jiwa"},
		{"kakak ku kirim chat pamit, bilang ini yang terakhir, hp nya mati", []agencies.AgencyID{"dinkes"}, "krisis_jiwa"},
		// (Read as poisoning or as a crisis: the ambulance leads either way.)
		{"suami ku ngunci diri di gudang, tadi beli racun rumput", []agencies.AgencyID{"dinkes"}, ""},
		{"anak muda itu bilang lebih baik mati, dia jalan ke arah sungai", []agencies.AgencyID{"dinkes"}, "krisis_jiwa"},
		// At the edge of a height: the rescue team joins.
		{"ada cewek berdiri di pinggir atap ruko lantai empat, nangis terus", []agencies.AgencyID{"dinkes", "damkar"}, "krisis_jiwa"},
		// On the railway: the railway side is told.
		{"kawan ku tiduran di rel, bilang biar mati saja", []agencies.AgencyID{"dinkes", "dishub"}, "krisis_jiwa"},
	}
	for _, tt := range cases {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.ClassifyLexicon(tt.text)
			if !r.Emergency || r.Doubt != nil {
				t.Fatalf("not dispatched (doubt %+v), want %v", r.Doubt, tt.want)
			}
			if tt.cat != "" && r.Category != tt.cat || r.Priority != 1 || r.Lead != "dinkes" {
				t.Fatalf("category %q lead %s P%d, want %q led by dinkes at P1", r.Category, r.Lead, r.Priority, tt.cat)
			}
			for _, a := range tt.want {
				if !slices.Contains(r.Agencies, a) {
					t.Fatalf("agencies %v, want %v among them", r.Agencies, tt.want)
				}
			}
		})
	}
}

// TestInformationQuestionsWithVictimWords: a question about a service or
// about how to do something is proposed as "bukan darurat?" with the
// reading kept, even when it names a patient's condition; a caller who asks
// for help, or names a victim alongside a service question, is dispatched.
func TestInformationQuestionsWithVictimWords(t *testing.T) {
	tx := testTaxonomy(t)
	doubted := []string{
		"ambulans puskesmas itu bayar atau gratis ya pak",
		"mau tanya tarif sewa ambulans ke Medan berapa",
		"nomor ambulans rumah sakit swasta di kota ini ada gak",
		"gimana cara kasih pertolongan pertama ke orang kejang?",
		"anak ku demam, boleh dikasih obat penurun panas apa",
		"cara menolong orang tenggelam yang benar gimana ya",
		// A spoken yes/no question ends in "gak"; "bagaimana caranya" asks
		// by itself; a doctor's hours are asked about.
		"kalau mau pakai ambulans harus bawa fotokopi KTP gak",
		"bagaimana caranya matikan kompor yang apinya nyambar ke atas",
		"poli jantung rumah sakit umum praktek hari apa",
	}
	for _, text := range doubted {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if r.Emergency || len(r.Agencies) > 0 {
				t.Fatalf("dispatched %v (%q), want a doubt", r.Agencies, r.Category)
			}
			// Either read as a request for information outright, or a
			// question doubt with the emergency reading one click away.
			if r.Category != "informasi" && (r.Doubt == nil || r.Doubt.Category == "" ||
				r.Doubt.Kind != "question" && r.Doubt.Kind != "past_question") {
				t.Fatalf("category %q doubt %+v, want informasi or a question doubt with the emergency reading kept", r.Category, r.Doubt)
			}
		})
	}
	dispatched := []string{
		"tolong, nomor ambulans berapa, bapak ku kejang",
		"ibu saya sesak napas, ambulansnya bayar gak?",
		"cepat pak, orang tenggelam di kolam, gimana cara nolongnya?",
		"anak saya pingsan di sekolah sekarang, gimana caranya",
		"adik ku tenggelam di kolam, aku gak tau caranya",
	}
	for _, text := range dispatched {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if !r.Emergency || r.Doubt != nil || !slices.Contains(r.Agencies, "dinkes") {
				t.Fatalf("got %v doubt %+v, want dispatched with dinkes", r.Agencies, r.Doubt)
			}
		})
	}
}

// TestFeelingsAreFigures: a victim word put down to an emotion or to
// watching something is a figure; the same word with a bodily cause stays
// a patient.
func TestFeelingsAreFigures(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"lulus ujian, aku sampai mau pingsan saking senangnya",
		"adek ku sesak napas nonton film horor, lucu kali",
		"anak ku juara kelas, aku hampir pingsan saking bangganya",
	} {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if r.Emergency || r.Doubt == nil || r.Doubt.Kind != "figure" {
				t.Fatalf("got %v doubt %+v, want a figure doubt", r.Agencies, r.Doubt)
			}
		})
	}
	for _, text := range []string{
		"nenek pingsan karena kepanasan di pasar",
		"bapak pingsan waktu nonton bola, gak bangun-bangun",
		"ibu saya sesak napas karena asap sampah",
	} {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if !r.Emergency || r.Doubt != nil || !slices.Contains(r.Agencies, "dinkes") {
				t.Fatalf("got %v doubt %+v, want dispatched with dinkes", r.Agencies, r.Doubt)
			}
		})
	}
}

// TestNowFineIsOver: "sekarang" that only introduces the person being fine
// does not make the call urgent; "sekarang" with a live state does.
func TestNowFineIsOver(t *testing.T) {
	tx := testTaxonomy(t)
	r := tx.ClassifyLexicon("adik tadi keselek bakso, udah keluar, sekarang sudah sehat")
	if r.Emergency || r.Doubt == nil || r.Doubt.Kind != "over" {
		t.Fatalf("got %v doubt %+v, want an over doubt", r.Agencies, r.Doubt)
	}
	r = tx.ClassifyLexicon("pagi tadi ada kebakaran gudang di jalan lintas, sekarang sudah padam?")
	if r.Emergency || r.Doubt == nil {
		t.Fatalf("got %v doubt %+v, want a doubt (the fire is out)", r.Agencies, r.Doubt)
	}
	r = tx.ClassifyLexicon("pekerja yang jatuh dari perancah minggu lalu itu gimana keadaannya sekarang?")
	if r.Emergency || r.Doubt == nil {
		t.Fatalf("got %v doubt %+v, want a doubt (a question about another day)", r.Agencies, r.Doubt)
	}
	r = tx.ClassifyLexicon("adik tadi keselek bakso, sekarang bibirnya membiru")
	if !r.Emergency || r.Doubt != nil || !slices.Contains(r.Agencies, "dinkes") {
		t.Fatalf("got %v doubt %+v, want dispatched with dinkes", r.Agencies, r.Doubt)
	}
}

// TestMistakeRevealsAnEmergency: "I thought it was X, it turned out to be
// [a life-threatening emergency]" is a report; "it turned out to be only
// …" or a lesser thing stays a mistake. "kira-kira" (about) is no mistake.
func TestMistakeRevealsAnEmergency(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"saya kira suara knalpot, ternyata tabung gas warung meledak",
		"aku kira orang tidur, rupanya pingsan, gak bangun-bangun",
		"ada ular di gudang beras, panjangnya kira-kira dua meter",
	} {
		t.Run(text, func(t *testing.T) {
			if r := tx.ClassifyLexicon(text); !r.Emergency || r.Doubt != nil {
				t.Fatalf("got %v doubt %+v, want dispatched", r.Agencies, r.Doubt)
			}
		})
	}
	for _, text := range []string{
		"saya kira ada tabrakan, ternyata cuma mobil mogok",
		"kirain ada kebakaran, rupanya orang bakar ikan",
	} {
		t.Run(text, func(t *testing.T) {
			if r := tx.ClassifyLexicon(text); r.Emergency || r.Doubt == nil {
				t.Fatalf("got %v doubt %+v, want a doubt", r.Agencies, r.Doubt)
			}
		})
	}
}

// TestSilentCallsAndPapers: a silent or pocket call noted by the
// call-taker, or a family asking about papers for someone who already died,
// is not dispatched; a caller who cannot speak because of a patient is.
func TestSilentCallsAndPapers(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"(suara musik dan motor, penelepon tidak merespon sapaan petugas)",
		"opung sudah meninggal tadi pagi di rumah, kami mau urus surat kematian",
		"nenek tetangga meninggal minggu lalu, sudah dimakamkan, cuma mau lapor",
	} {
		t.Run(text, func(t *testing.T) {
			if r := tx.ClassifyLexicon(text); r.Emergency {
				t.Fatalf("dispatched %v (%q), want no dispatch", r.Agencies, r.Category)
			}
		})
	}
	r := tx.ClassifyLexicon("ibu saya gak merespon dipanggil, badannya dingin")
	if !r.Emergency || !slices.Contains(r.Agencies, "dinkes") {
		t.Fatalf("got %v doubt %+v, want dispatched with dinkes", r.Agencies, r.Doubt)
	}
}

// TestEventsWithoutTheirName: the incident described by what the caller
// sees gets the right lead, and a person in it the ambulance.
func TestEventsWithoutTheirName(t *testing.T) {
	tx := testTaxonomy(t)
	cases := []struct {
		text  string
		lead  agencies.AgencyID
		needs []agencies.AgencyID
	}{
		{"kuli bangunan pingsan di dalam sumur galian, kawannya gak berani turun", "damkar", []agencies.AgencyID{"damkar", "dinkes"}},
		{"air udah setinggi kasur, nenek gak bisa jalan", "bpbd", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"adek main di empang, tadi kelihatan, sekarang gak timbul lagi", "bpbd", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"bapak ku mulutnya herot, cakap pelat, tangan kiri lemas", "dinkes", []agencies.AgencyID{"dinkes"}},
		{"istri ku mules-mules tiap lima menit, ketuban belum pecah", "dinkes", []agencies.AgencyID{"dinkes"}},
		{"anak makan permen tiba-tiba megangin leher, gak keluar suara", "dinkes", []agencies.AgencyID{"dinkes"}},
		{"kerbau lepas ngamuk di pasar, ada bapak ditanduk", "damkar", []agencies.AgencyID{"damkar", "dinkes"}},
		{"ada bunyi keras dari bengkel sampai kaca warung sebelah pecah", "damkar", []agencies.AgencyID{"damkar"}},
		{"macet panjang di jalan lintas, udah sejam gak gerak", "dishub", []agencies.AgencyID{"dishub"}},
	}
	for _, tt := range cases {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.ClassifyLexicon(tt.text)
			if !r.Emergency || r.Lead != tt.lead {
				t.Fatalf("lead %q (%q, doubt %+v), want %q", r.Lead, r.Category, r.Doubt, tt.lead)
			}
			for _, a := range tt.needs {
				if !slices.Contains(r.Agencies, a) {
					t.Fatalf("agencies %v, want %v among them", r.Agencies, tt.needs)
				}
			}
			if tt.lead == "dishub" && slices.Contains(r.Agencies, "dinkes") {
				t.Fatalf("agencies %v: traffic that does not move is not a person who does not move", r.Agencies)
			}
		})
	}
}

// TestOwnPersonInDangerIsAReport: a question asked about the caller's own
// person in danger is a report with a question (the first law); a "but"
// after a mistake, or a victim word after "sudah …", keeps the call live.
func TestOwnPersonInDangerIsAReport(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"gimana cara napas buatan pak? anak saya gak napas, bibirnya biru",
		"kalau orang kejang gimana pak, ini suami saya kejang dari tadi",
		"boleh gak kasih minum? kawan awak pingsan di depan saya",
		"kirain cuma tidur, tapi opung gak bangun-bangun dipanggil",
		"tangan adik tadi kejepit pagar, sekarang udah lepas, jarinya patah berdarah",
	} {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if !r.Emergency || r.Doubt != nil || !slices.Contains(r.Agencies, "dinkes") {
				t.Fatalf("got %v doubt %+v, want dispatched with dinkes", r.Agencies, r.Doubt)
			}
		})
	}
	// The same questions about people in general stay questions.
	for _, text := range []string{
		"gimana cara napas buatan ke orang yang gak napas?",
		"kalau anak kejang demam, pertolongan pertamanya apa? anak saya sehat kok",
	} {
		t.Run(text, func(t *testing.T) {
			if r := tx.ClassifyLexicon(text); r.Emergency {
				t.Fatalf("dispatched %v (%q), want a doubt", r.Agencies, r.Category)
			}
		})
	}
}

// TestMinorHurtQuestionsAndThanks: a minor hurt with a question is a
// request for advice, even about the caller's own child; thanks and a
// person feeling better again are over; "stopped" alone is not.
func TestMinorHurtQuestionsAndThanks(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"jari anak saya kegores pisau, lukanya kecil, perlu ke IGD gak?",
		"adik jatuh dari sepeda, cuma lecet sedikit di lutut, dikasih apa ya",
		"pak saya cuma mau tanya, kemarin tetangga pingsan di pesta itu dibawa ke rumah sakit mana",
		"mau bilang terima kasih, kemarin ambulans cepat sekali jemput bapak yang sesak napas",
		"nenek tadi pusing mau pingsan, sekarang sudah enakan setelah minum teh",
	} {
		t.Run(text, func(t *testing.T) {
			if r := tx.ClassifyLexicon(text); r.Emergency {
				t.Fatalf("dispatched %v (%q), want a doubt", r.Agencies, r.Category)
			}
		})
	}
	for _, text := range []string{
		"bapak saya napasnya sudah berhenti, dadanya gak naik turun",
		"anak saya kejang, lukanya kecil di kepala tapi gak sadar, tolong cepat",
	} {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if !r.Emergency || r.Doubt != nil || !slices.Contains(r.Agencies, "dinkes") {
				t.Fatalf("got %v doubt %+v, want dispatched with dinkes", r.Agencies, r.Doubt)
			}
		})
	}
}

// TestServiceQuestionDuringAFire: asking for the service while naming a
// life-threatening event at a place is a report; the same service question
// alone is information.
func TestServiceQuestionDuringAFire(t *testing.T) {
	tx := testTaxonomy(t)
	r := tx.ClassifyLexicon("nomor damkar berapa? gudang di jalan Thamrin terbakar")
	if !r.Emergency || r.Lead != "damkar" {
		t.Fatalf("got %q %v doubt %+v, want damkar dispatched", r.Category, r.Agencies, r.Doubt)
	}
	r = tx.ClassifyLexicon("lift apartemen berhenti di antara lantai, ada tiga orang di dalam")
	if !r.Emergency || r.Lead != "damkar" {
		t.Fatalf("got %q %v doubt %+v, want damkar dispatched", r.Category, r.Agencies, r.Doubt)
	}
	r = tx.ClassifyLexicon("regulator sudah dicabut tapi gasnya tetap bocor, baunya makin menyengat")
	if !r.Emergency || r.Doubt != nil {
		t.Fatalf("got %q %v doubt %+v, want dispatched (still leaking)", r.Category, r.Agencies, r.Doubt)
	}
}

// TestWordsWithoutSpaces: a description typed without spaces is read by
// the known words inside it; an unknown long word stays unknown.
func TestWordsWithoutSpaces(t *testing.T) {
	tx := testTaxonomy(t)
	r := tx.ClassifyLexicon("tolongnenekkamipingsandikamarmandi")
	if !r.Emergency || r.Category != "tidak_sadar" || !slices.Contains(r.Agencies, "dinkes") {
		t.Fatalf("got %q %v, want tidak_sadar with dinkes", r.Category, r.Agencies)
	}
	r = tx.ClassifyLexicon("gudangkayudibelakangpasarkebakaran")
	if !r.Emergency || r.Lead != "damkar" {
		t.Fatalf("got %q %v, want damkar", r.Category, r.Agencies)
	}
	if r := tx.ClassifyLexicon("assalamualaikumwarahmatullah"); r.Emergency {
		t.Fatalf("got %q %v, want nothing", r.Category, r.Agencies)
	}
}

// TestGuestWhoFaintedIsAPatient: "flooded with guests" is a figure, a
// guest who fainted is a patient.
func TestGuestWhoFaintedIsAPatient(t *testing.T) {
	tx := testTaxonomy(t)
	r := tx.ClassifyLexicon("resepsionis hotel, ada tamu pingsan di kamar 204")
	if !r.Emergency || !slices.Contains(r.Agencies, "dinkes") {
		t.Fatalf("got %q %v doubt %+v, want dinkes", r.Category, r.Agencies, r.Doubt)
	}
	for _, text := range []string{"penyanyi dangdut pingsan di panggung pesta", "pelanggan pingsan di kasir minimarket"} {
		if r := tx.ClassifyLexicon(text); !r.Emergency || !slices.Contains(r.Agencies, "dinkes") {
			t.Fatalf("%q: got %q %v doubt %+v, want dinkes", text, r.Category, r.Agencies, r.Doubt)
		}
	}
	if r := tx.ClassifyLexicon("warung kami kebanjiran pengunjung hari ini"); r.Emergency {
		t.Fatalf("dispatched %v (%q), want no dispatch", r.Agencies, r.Category)
	}
}
