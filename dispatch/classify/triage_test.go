package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

// TestVictimRule: any sign of a person hurt, unconscious, trapped, buried,
// drowning or stranded brings the ambulance whatever the category, plus
// the rescue team where someone must be freed, at P1.
func TestVictimRule(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct {
		text string
		want []agencies.AgencyID // must all be there
	}{
		{"anak hanyut di sungai belakang sekolah", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"tabrakan di simpang kantor pos", []agencies.AgencyID{"dinkes", "dishub"}},
		{"longsor di kebun, dua orang tertimbun", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"pohon besar menimpa orang di pinggir jalan", []agencies.AgencyID{"bpbd", "damkar", "dinkes"}},
		{"banjir sedada, keluarga terjebak di lantai dua", []agencies.AgencyID{"bpbd", "dinkes"}},
		{"gudang terbakar, penjaganya masih di dalam", []agencies.AgencyID{"damkar", "dinkes"}},
		{"balita jatuh ke sumur tetangga", []agencies.AgencyID{"damkar", "dinkes"}},
		{"pemuda mau lompat dari jembatan", []agencies.AgencyID{"dinkes", "damkar"}},
		{"istri saya bilang mau bunuh diri", []agencies.AgencyID{"dinkes"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.Classify(tt.text)
			for _, a := range tt.want {
				if !slices.Contains(r.Agencies, a) {
					t.Errorf("%s: agencies %v lack %s (category %q)", tt.text, r.Agencies, a, r.Category)
				}
			}
			if r.Priority != agencies.P1 || !r.Emergency {
				t.Errorf("%s: priority %v emergency %v, want P1 emergency", tt.text, r.Priority, r.Emergency)
			}
		})
	}
}

// TestNoVictimNoAmbulance: the caller saying nobody is hurt keeps a crash
// with the traffic agency alone.
func TestNoVictimNoAmbulance(t *testing.T) {
	tx := testTaxonomy(t)
	r := tx.Classify("tabrakan dua mobil di simpang, tidak ada korban")
	if !slices.Equal(r.Agencies, []agencies.AgencyID{"dishub"}) {
		t.Errorf("agencies %v, want dishub alone", r.Agencies)
	}
}

// TestNotAnEmergencyIsProposedNeverDropped: jokes, figures of speech,
// questions about past events, denied events and events that are over are
// proposed as "not an emergency?" with a reason; the emergency reading
// stays one click away (Doubt.Category), and needs_confirmation is set.
func TestNotAnEmergencyIsProposedNeverDropped(t *testing.T) {
	tx := testTaxonomy(t)
	tests := []struct{ text, kind string }{
		{"semalam ada kebakaran di pasar ya pak?", "past_question"},
		{"bukan kebakaran pak, cuma asap dari dapur", "negated"},
		{"kirain banjir, ternyata cuma genangan", "negated"},
		{"api di kebun tadi sudah padam sendiri", "over"},
		{"kebakaran di hatiku, wkwk", ""},
		{"banjir rejeki akhir bulan", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := tx.Classify(tt.text)
			if r.Emergency || len(r.Agencies) > 0 {
				t.Fatalf("%s: dispatched %v (%q)", tt.text, r.Agencies, r.Category)
			}
			if tt.kind == "" {
				if r.Category != "iseng" {
					t.Errorf("%s: category %q, want iseng", tt.text, r.Category)
				}
				return
			}
			if r.Doubt == nil || r.Doubt.Kind != tt.kind || r.Doubt.Reason == "" || r.Doubt.Category == "" || !r.NeedsConfirmation {
				t.Errorf("%s: doubt %+v needs_confirmation %v, want kind %s with reason and reading", tt.text, r.Doubt, r.NeedsConfirmation, tt.kind)
			}
		})
	}
	// A victim keeps the call an emergency even when it sounds over.
	if r := tx.Classify("kebakaran tadi sudah padam tapi ada satu orang pingsan"); !r.Emergency || !slices.Contains(r.Agencies, "dinkes") {
		t.Errorf("victim after the fire: %+v", r)
	}
}

// TestTypoShortWords: SMS spellings of short words are corrected.
func TestTypoShortWords(t *testing.T) {
	tx := testTaxonomy(t)
	for text, cat := range map[string]CategoryID{"gmpa kuat": "gempa", "anak dmam tinggi": "sakit", "longsr di tebing": "longsor", "banjr di gang": "banjir"} {
		if r := tx.Classify(text); r.Category != cat {
			t.Errorf("%q: %q, want %q", text, r.Category, cat)
		}
	}
}

// TestKeyQuestionsChangeAgenciesAndPriority: answers set the response
// deterministically and say what they found for the SMS.
func TestKeyQuestionsChangeAgenciesAndPriority(t *testing.T) {
	tx := testTaxonomy(t)
	text := "tabrakan motor dan mobil di jalan sudirman"
	r := tx.Classify(text)
	if !slices.ContainsFunc(r.Questions, func(q Question) bool { return q.ID == "korban_lalin" }) {
		t.Fatalf("questions %+v lack korban_lalin", r.Questions)
	}
	no, err := tx.WithAnswers(text, r, map[string]string{"korban_lalin": "T"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(no.Agencies, []agencies.AgencyID{"dishub"}) || no.Category != "kecelakaan" || no.Priority != agencies.P2 {
		t.Errorf("no casualties: %q %v P%d, want kecelakaan [dishub] P2", no.Category, no.Agencies, no.Priority)
	}
	yes, err := tx.WithAnswers(text, r, map[string]string{"korban_lalin": "2", "tidak_sadar": "1", "terjepit": "y"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []agencies.AgencyID{"dinkes", "dishub", "damkar"} {
		if !slices.Contains(yes.Agencies, a) {
			t.Errorf("answers: agencies %v lack %s", yes.Agencies, a)
		}
	}
	if yes.Priority != agencies.P1 || yes.AnswerNote != "2 korban, 1 tidak sadar, ada terjepit" {
		t.Errorf("answers: P%d note %q", yes.Priority, yes.AnswerNote)
	}
	if yes.Questions[0].Answer != "2" {
		t.Errorf("answers not recorded on the questions: %+v", yes.Questions)
	}

	fire := "gudang kayu terbakar"
	rf := tx.Classify(fire)
	if slices.Contains(rf.Agencies, "dinkes") {
		t.Fatalf("a fire with nobody mentioned already has dinkes: %v", rf.Agencies)
	}
	trapped, err := tx.WithAnswers(fire, rf, map[string]string{"terjebak": "Y"})
	if err != nil || !slices.Contains(trapped.Agencies, "dinkes") || trapped.Priority != agencies.P1 {
		t.Errorf("trapped in a fire: %v P%d err %v", trapped.Agencies, trapped.Priority, err)
	}

	// Unsure: the default questions; a yes proposes a category.
	odd := "tolong pak ada sesuatu di belakang rumah"
	ro := tx.Classify(odd)
	if ro.Category != "" || !ro.NeedsConfirmation || len(ro.Questions) == 0 {
		t.Fatalf("unsure proposal: %+v", ro)
	}
	ru, err := tx.WithAnswers(odd, ro, map[string]string{"tidak_sadar": "y"})
	if err != nil || ru.Category != "tidak_sadar" || ru.Lead != "dinkes" || ru.Priority != agencies.P1 {
		t.Errorf("unconscious by answer: %q %q P%d err %v", ru.Category, ru.Lead, ru.Priority, err)
	}

	// Bad answers name the field.
	_, err = tx.WithAnswers(text, r, map[string]string{"korban_lalin": "mungkin", "api_menyala": "y"})
	if err == nil || !strings.Contains(err.Error(), "korban_lalin") || !strings.Contains(err.Error(), "api_menyala") {
		t.Errorf("bad answers: err %v", err)
	}
}
