package classify

import (
	"fmt"
	"slices"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// TestDoubtsThatHoldWithAVictimWord: laughter, the person being fine now,
// a mistaken report, and a question about another day or a hypothetical are
// proposed as "bukan darurat?" even when a victim word is in the text; the
// emergency reading stays in Doubt.Category. The same words in a live call
// stay an emergency with the ambulance.
func TestDoubtsThatHoldWithAVictimWord(t *testing.T) {
	tx := testTaxonomy(t)
	doubts := []struct{ text, kind string }{
		{"tolong pak ada yang kecelakaan wkwkwk", "joke"},
		{"ada orang pingsan hahaha", "joke"},
		{"orang yang pingsan tadi sudah sadar dan sudah pulang", "over"},
		{"saya kira ada orang tenggelam, ternyata lagi berenang", "negated"},
		{"kemarin ada yang tenggelam di sungai, sudah ditemukan belum?", "past_question"},
		{"kalau ada orang tenggelam harus lapor ke mana?", "past_question"},
		{"tadi siang ada kecelakaan di simpang ya? korbannya siapa?", "past_question"},
		{"tadi terkunci di kamar mandi, tidak bisa keluar, pintunya sudah diperbaiki", "over"},
	}
	for _, tt := range doubts {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.Classify(tt.text)
			if r.Emergency || len(r.Agencies) > 0 {
				t.Fatalf("dispatched %v (%q), want a doubt", r.Agencies, r.Category)
			}
			if r.Doubt == nil || r.Doubt.Kind != tt.kind || r.Doubt.Category == "" || r.Doubt.Reason == "" {
				t.Fatalf("doubt %+v, want kind %q with the emergency reading and a reason", r.Doubt, tt.kind)
			}
			if !r.NeedsConfirmation {
				t.Error("a doubt must ask the call-taker to confirm")
			}
		})
	}
	live := []string{
		"anak-anak bercanda di sungai, satu tenggelam",
		"tadi dia jatuh dan sekarang tidak sadar",
		"kemarin jatuh dari motor, sekarang masih pingsan?",
		"saya kira cuma asap, ternyata ada orang pingsan di dalam, sekarang masih di dalam",
		"anak yang tenggelam sudah ditemukan, tapi tidak bernapas",
	}
	for _, text := range live {
		t.Run(text, func(t *testing.T) {
			r := tx.Classify(text)
			if !r.Emergency || !slices.Contains(r.Agencies, agencies.Dinkes) {
				t.Errorf("%q: %q %v doubt %+v, want an emergency with dinkes", text, r.Category, r.Agencies, r.Doubt)
			}
		})
	}
}

// TestLifeSignalsSetPriority: a person hurt in an incident, or any life
// signal, is P1; an injury alone keeps its category's P2.
func TestLifeSignalsSetPriority(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		text string
		want agencies.Priority
	}{
		{"jari saya luka kena pisau", agencies.P2},
		{"anak jatuh dari ayunan, tangannya bengkok", agencies.P2},
		{"ditusuk di perut, tidak sadar", agencies.P1},
		{"kebakaran di ruko, ada yang luka", agencies.P1},
		{"angin kencang, atap seng kena kepala warga, berdarah", agencies.P1},
		{"nenek jatuh di kamar mandi, tidak bernapas", agencies.P1},
	}
	for _, tt := range tests {
		if r := tx.Classify(tt.text); r.Priority != tt.want || !slices.Contains(r.Agencies, agencies.Dinkes) {
			t.Errorf("%q: %q %v %v, want %v with dinkes", tt.text, r.Category, r.Agencies, r.Priority, tt.want)
		}
	}
}

// TestVictimRuleGeneralises: the failure kinds of issue 11 in wordings
// that are in no corpus line.
func TestVictimRuleGeneralises(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		text string
		want []agencies.AgencyID
	}{
		{"tembok pabrik rubuh, dua buruh ketimpa", []agencies.AgencyID{"bpbd", "dinkes", "damkar"}},
		{"tanah galian ambrol, pak mandor tertimbun", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"sampan nelayan karam di muara", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"banjir, kakek lumpuh gak bisa keluar rumah", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"ruko terbakar, ada karyawan teriak dari lantai tiga", []agencies.AgencyID{"damkar", "dinkes"}},
		{"bau gas menyengat, ibu kos pingsan di dapur", []agencies.AgencyID{"damkar", "dinkes"}},
		{"someone drowning near the bridge", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"pemuda manjat tower, katanya mau lompat", []agencies.AgencyID{"dinkes", "damkar"}},
		{"tbrkn bus sm truk d jln lintas", []agencies.AgencyID{"dinkes", "dishub"}},
	}
	for _, tt := range tests {
		r := tx.Classify(tt.text)
		for _, a := range tt.want {
			if !r.Emergency || !slices.Contains(r.Agencies, a) {
				t.Errorf("%q: %q %v lacks %s", tt.text, r.Category, r.Agencies, a)
			}
		}
	}
}

// TestFiguresComplaintsAndQuestionsNotDispatched: figures of speech,
// complaints and information requests in wordings of no corpus line.
func TestFiguresComplaintsAndQuestionsNotDispatched(t *testing.T) {
	tx := testTaxonomy(t)
	for _, text := range []string{
		"toko kue kami kebanjiran pesanan jelang natal",
		"saham teman saya longsor parah minggu ini",
		"mau komplain, ambulans kemarin lama datangnya",
		"apakah ada posko banjir di kelurahan kami? mau menyumbang",
		"saya mau minta data kejadian kebakaran untuk skripsi",
	} {
		if r := tx.Classify(text); r.Emergency || len(r.Agencies) > 0 {
			t.Errorf("%q: dispatched %v (%q)", text, r.Agencies, r.Category)
		}
	}
}

// TestModelNamingAnotherLeadAsksToConfirm: with a learned model installed,
// a proposal the model reads as another lead agency is left for the
// call-taker to confirm even when the calibrated confidence is high; words
// both read the same way are pre-filled.
func TestModelNamingAnotherLeadAsksToConfirm(t *testing.T) {
	tx := testTaxonomy(t)
	var ex []Example
	for i := range 30 {
		ex = append(ex,
			Example{Text: fmt.Sprintf("kebakaran api membesar asap hitam qorvex %d", i), Category: "banjir", Lead: "bpbd", Agencies: []agencies.AgencyID{"bpbd"}},
			Example{Text: fmt.Sprintf("rumah terbakar api besar %d", i), Category: "kebakaran", Lead: "damkar", Agencies: []agencies.AgencyID{"damkar"}},
			Example{Text: fmt.Sprintf("air sungai masuk rumah %d", i), Category: "banjir", Lead: "bpbd", Agencies: []agencies.AgencyID{"bpbd"}})
	}
	m := tx.TrainModel(ex, 0)
	// A calibration that is always sure, so that only the disagreement can
	// ask for a confirmation.
	m.Calibration = &Calibration{W: []float64{10, 0, 0, 0, 0, 0, 0}}
	tx.SetModel(m)
	defer tx.SetModel(nil)
	// Words sure enough (0.83) that the model does not replace them.
	r := tx.Classify("kebakaran api membesar asap hitam qorvex")
	if r.Category != "kebakaran" || r.Model == nil || r.Model.Category != "banjir" {
		t.Fatalf("setup: proposal %q, model %+v; want the lexicon's kebakaran and the model's banjir", r.Category, r.Model)
	}
	if !r.NeedsConfirmation {
		t.Errorf("the model names another lead (%+v), want needs_confirmation", r.Model)
	}
	if r := tx.Classify("rumah terbakar api besar"); r.NeedsConfirmation {
		t.Errorf("lexicon and model agree on kebakaran (confidence %.2f), want it pre-filled", r.Confidence)
	}
}

// TestStaleCalibrationIgnored: a model saved by an older build, whose
// calibration has another number of features, does not turn every call
// into "needs confirmation": the lexicon's confidence and confirm_below
// apply until the next training.
func TestStaleCalibrationIgnored(t *testing.T) {
	tx := testTaxonomy(t)
	m := tx.TrainModel(TrainSplit()[:300], 0)
	m.Calibration = &Calibration{W: []float64{1, 2, 3, 4, 5, 6}} // six features: an older build
	tx.SetModel(m)
	defer tx.SetModel(nil)
	text := "rumah terbakar, api besar di gang mawar"
	r, lex := tx.Classify(text), tx.ClassifyLexicon(text)
	if r.NeedsConfirmation || r.Confidence != lex.Confidence {
		t.Errorf("stale calibration: needs_confirmation %v, confidence %.2f (lexicon %.2f); want the lexicon's, pre-filled",
			r.NeedsConfirmation, r.Confidence, lex.Confidence)
	}
}
