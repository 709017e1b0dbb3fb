package classify

import (
	"slices"
	"testing"

	"github.com/sigap112/sigap/agencies"
)

func TestTailsOfStartAtEachSentenceBreak(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"rumah no 12 gg mawar terbakar", nil},
		{"Bang damkar kapan datang? Cincin adik saya makin susah dicabut, jarinya udah ungu",
			[]string{"Cincin adik saya makin susah dicabut, jarinya udah ungu"}},
		{"mau tanya jadwal posyandu... eh pak tolong, ibu saya pingsan. Gak bangun dari tadi",
			[]string{"eh pak tolong, ibu saya pingsan. Gak bangun dari tadi", "Gak bangun dari tadi"}},
		{"halo, saya mau tanya soal bpjs, eh ada tabrakan di depan",
			[]string{"ada tabrakan di depan"}},
		// fewer than three words after a break: no tail from it on
		{"kebakaran! tolong pak", nil},
	} {
		if got := tailsOf(c.text); !slices.Equal(got, c.want) {
			t.Errorf("tailsOf(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestTailReadsTheReportAfterAQuestion: a caller who opens with a question
// or small talk and then reports something happening now gets the
// response; the words' question doubt is lifted because the part after the
// break reads an emergency. Calls that stay questions, finished events or
// jokes after the break are not sent.
func TestTailReadsTheReportAfterAQuestion(t *testing.T) {
	m := shippedLikeModel(t)
	defer func(on bool) { tailsOn = on }(tailsOn)
	live := []struct {
		text string
		lead agencies.AgencyID
	}{
		{"pak mau tanya, kantor damkar di mana ya? gudang tetangga saya kebakaran, asapnya hitam", agencies.Damkar},
		{"saya mau tanya jadwal kereta ke medan. terus ini di perlintasan dekat rumah palangnya gak turun padahal kereta mau lewat", agencies.Dishub},
		{"mau tanya berapa nomor puskesmas? adik saya demam tinggi dari semalam, sekarang kejang-kejang", agencies.Dinkes},
	}
	notLive := []string{
		"kemarin ada kebakaran di pasar. sudah padam kok pak, cuma mau tanya bantuan untuk pedagang",
		"rumah saya kebakaran wkwk. bercanda pak, cuma tes nomor",
	}
	sent := func(r Result) bool { return r.Emergency && len(r.Agencies) > 0 }
	tailsOn = true
	for _, c := range live {
		_, r := withModel(t, m, c.text)
		if !sent(r) || r.Lead != c.lead || !r.NeedsConfirmation {
			t.Errorf("%q: %s lead %q doubt %+v confirm %v, want %s sent, to be confirmed", c.text, r.Category, r.Lead, r.Doubt, r.NeedsConfirmation, c.lead)
		}
	}
	for _, s := range notLive {
		if _, r := withModel(t, m, s); sent(r) {
			t.Errorf("%q: sent as %s", s, r.Category)
		}
	}
	// Without the tails the same words are doubted: the test is of them.
	tailsOn = false
	doubted := 0
	for _, c := range live {
		if _, r := withModel(t, m, c.text); !sent(r) {
			doubted++
		}
	}
	if doubted == 0 {
		t.Error("without the tails every live call is sent too: the test does not exercise them")
	}
}
