package classify

import (
	"slices"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// TestStructuralDoubts: cues that hold for sentences nobody listed. An
// emergency word as the second term of a comparison is a figure of speech;
// a laughing emoji is laughter; hearsay or "pernah" with a question is a
// question about another day. The word lists alone (no model) must see it.
func TestStructuralDoubts(t *testing.T) {
	tx := testTaxonomy(t)
	doubts := []struct{ text, kind string }{
		{"rambutku kayak habis kena gempa", "figure"},
		{"kamarku berantakan bagai dilanda banjir bandang", "figure"},
		{"harga cabe naik kayak kebakaran aja", "figure"},
		{"kerjaan numpuk sampai tenggelam aku bang 😂", "joke"},
		{"ada yang kesurupan pingsan di kelas, ngakak", "joke"},
		{"katanya ada yang tenggelam di sungai, bener gak bang?", "past_question"},
		{"dulu pernah ada kebakaran di pasar ya?", "past_question"},
		{"viral di grup wa ada banjir bandang, itu benar?", "past_question"},
		// Said of a thing that is neither a place nor a person, or a
		// reaction something caused: even a victim word is a figure.
		{"sewa kos naik dua kali lipat, dompet ku sesak napas", "figure"},
		{"rekening ku gempa bang, saldonya tinggal dua ribu", "figure"},
		{"harga cabe di pajak udah kebakaran kali", "figure"},
		{"film horor tadi bikin aku jantungan sampai sekarang", "figure"},
		// The person is fine now, the "but" came before.
		{"tadi ada yg pingsan di mesjid tapi udah sadar dan pulang sendiri", "over"},
		// Staged.
		{"orang-orang teriak ada ledakan di jembatan, rupanya anak kampus lagi syuting", "negated"},
	}
	for _, tt := range doubts {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.ClassifyLexicon(tt.text)
			if r.Emergency || len(r.Agencies) > 0 {
				t.Fatalf("dispatched %v (%q), want a doubt", r.Agencies, r.Category)
			}
			if r.Doubt == nil || r.Doubt.Kind != tt.kind || r.Doubt.Category == "" || r.Doubt.Reason == "" {
				t.Fatalf("doubt %+v, want kind %q with the emergency reading and a reason", r.Doubt, tt.kind)
			}
		})
	}
	// A caller describing what they sense, or hedging, is reporting.
	live := []string{
		"ada bunyi kayak ledakan dari gudang belakang",
		"baunya seperti kebakaran, asap dari rumah sebelah",
		"kayaknya ada kebakaran di ruko depan",
		"seperti ada banjir di jalan depan, air masuk rumah",
		"katanya ada orang tenggelam di sungai, tolong segera",
		"asap kebakaran bikin warga sesak napas",
		"pasar kebakaran, kios habis",
		"anak yang tenggelam sudah ditemukan, tapi tidak bernapas",
	}
	for _, text := range live {
		t.Run(text, func(t *testing.T) {
			if r := tx.ClassifyLexicon(text); !r.Emergency || r.Doubt != nil {
				t.Errorf("%q: %q %v doubt %+v, want an emergency", text, r.Category, r.Agencies, r.Doubt)
			}
		})
	}
}

// TestPersonWithHazardBringsAmbulance: a person word where a collapse is,
// a person in a wheelchair in a flood, a person coughing at a fire: dinkes,
// without any injury word.
func TestPersonWithHazardBringsAmbulance(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"pohon tumbang nimpa motor, pengendaranya masih di bawah",
		"rumah roboh kena angin, ada anak kecil di dalam tadi",
		"longsor di kebun, bapak saya lagi nyangkul di situ",
		"banjir sudah sedada, kakek saya pakai kursi roda masih di rumah",
		"ada kebakaran ruko, tadi ada ibu-ibu yang keluar batuk batuk terus",
	} {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if !r.Emergency || !slices.Contains(r.Agencies, agencies.Dinkes) || r.Priority != 1 {
				t.Errorf("%q: %q %v P%d, want dinkes at P1", text, r.Category, r.Agencies, r.Priority)
			}
		})
	}
}

// TestDeniedVictimWordIsNotAVictim: "tidak ada yang tenggelam" denies the
// drowning (a word list that made "tidak" a keyword once broke this).
func TestDeniedVictimWordIsNotAVictim(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"tidak ada yang tenggelam pak, anak-anak cuma berenang",
		"gak ada yang pingsan, cuma kecapean",
	} {
		if r := tx.ClassifyLexicon(text); r.Emergency || slices.Contains(r.Agencies, agencies.Dinkes) {
			t.Errorf("%q: %q %v, want no dispatch", text, r.Category, r.Agencies)
		}
	}
}

// TestFiguresNeverHideAPerson: a thing named next to a victim word is not a
// figure when a person is in the clause or the thing is not the caller's
// own; a body part compared is a symptom; a nervous "hehe" does not doubt
// a victim (laughing "wkwk" still does).
func TestFiguresNeverHideAPerson(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"pemanjat tower sinyal pingsan di atas, tergantung di tali pengaman",
		"siswa pingsan waktu ujian di aula",
		"kata bapak dadanya kayak mau meledak dari dalam, dia gak bisa berdiri, keringatan",
		"ya ampun hehe maaf, bapak saya jatuh, sekarang tidak sadar",
	} {
		t.Run(text, func(t *testing.T) {
			r := tx.ClassifyLexicon(text)
			if !r.Emergency || !slices.Contains(r.Agencies, agencies.Dinkes) {
				t.Errorf("%q: %q %v doubt %+v, want dinkes", text, r.Category, r.Agencies, r.Doubt)
			}
		})
	}
	if r := tx.ClassifyLexicon("bapak saya pingsan wkwkwk"); r.Emergency {
		t.Errorf("laughing with a victim word: %q %v, want a doubt", r.Category, r.Agencies)
	}
}
