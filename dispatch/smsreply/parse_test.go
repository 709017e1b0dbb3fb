package smsreply

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sigap112/sigap/agencies"
)

const replyTestPrefix = "TT"

type replyCase struct {
	body string
	want Reply
	err  error
}

func replyAck(code, note string) Reply        { return Reply{VerbAck, code, note} }
func replyOf(v Verb, code, note string) Reply { return Reply{v, code, note} }

// replyCases are real-looking replies to an assignment for TT-0427.
var replyCases = []replyCase{
	// Acknowledgement, and the tolerance every verb shares.
	{"TERIMA TT-0427", replyAck("TT-0427", ""), nil},
	{"terima,tt-0427", replyAck("TT-0427", ""), nil},
	{"TERIMA: TT 0427.", replyAck("TT-0427", ""), nil},
	{"  Terima   tt0427 ", replyAck("TT-0427", ""), nil},
	{"*TERIMA#TT-0427", replyAck("TT-0427", ""), nil},
	{"TERIMA\nTT-0427\n", replyAck("TT-0427", ""), nil},
	{"AcK Tt-0427", replyAck("TT-0427", ""), nil},
	{"Siap ndan, TERIMA TT-0427", replyAck("TT-0427", ""), nil},
	{"Mohon izin ndan, terima TT-0427 🙏", replyAck("TT-0427", "🙏"), nil},
	{"oke siap 86 terima tt 427", replyAck("TT-0427", ""), nil},
	{"ok terima 0427", replyAck("TT-0427", ""), nil},
	{"trima tt-0427", replyAck("TT-0427", ""), nil},
	{"terimaa TT-0427", replyAck("TT-0427", ""), nil},
	{"diterima TT 427", replyAck("TT-0427", ""), nil},
	{"accept TT-0427", replyAck("TT-0427", ""), nil},
	{"accepted, TT-0427", replyAck("TT-0427", ""), nil},
	{"terimq TT-0427", replyAck("TT-0427", ""), nil}, // substitution
	{"teirma TT-0427", replyAck("TT-0427", ""), nil}, // swap
	{"terma TT-0427", replyAck("TT-0427", ""), nil},  // deletion
	{"TERIMA 427", replyAck("TT-0427", ""), nil},
	{"terima 0427", replyAck("TT-0427", ""), nil},
	{"TERIMA kode 0427", replyAck("TT-0427", ""), nil},
	{"TERIMA ndan TT-0427", replyAck("TT-0427", ""), nil},
	{"TT-0427 TERIMA", replyAck("TT-0427", ""), nil},
	{"#TT-0427 terima", replyAck("TT-0427", ""), nil},
	{"Siap, TT-0427 diterima ndan", replyAck("TT-0427", "ndan"), nil},
	{"TT-0427 TERIMA TT-0427", replyAck("TT-0427", ""), nil},
	{"TT-0427 TERIMA TT-0428", replyAck("TT-0427", "TT-0428"), nil},
	{"TERIMA TT-12345", replyAck("TT-12345", ""), nil},
	{"TERIMA TT-00427", replyAck("TT-0427", ""), nil},
	{"terima", replyAck("", ""), nil},
	{"Balas: TERIMA TT-0427 sebelum 05:43 WIB", replyAck("TT-0427", "sebelum 05:43 WIB"), nil},
	{"TERIMA TT-0427 terima kasih", replyAck("TT-0427", "terima kasih"), nil},
	{"Terima kasih ndan. TERIMA TT-0427", replyAck("TT-0427", ""), nil},
	{"TERIMA TT-0427\n\nDikirim dari HP Nokia", replyAck("TT-0427", "Dikirim dari HP Nokia"), nil},
	{"TERIMA TT-0427 好的", replyAck("TT-0427", "好的"), nil},

	// En route.
	{"OTW TT-0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"otw", replyOf(VerbEnRoute, "", ""), nil},
	{"jalan tt 0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"Berangkat TT-0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"brangkat tt-0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"meluncur ke lokasi TT-0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"menuju TKP tt-0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"on the way TT-0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"en route TT-0427 ETA 10 min", replyOf(VerbEnRoute, "TT-0427", "ETA 10 min"), nil},
	{"enroute tt0427", replyOf(VerbEnRoute, "TT-0427", ""), nil},
	{"Siap 86, otw", replyOf(VerbEnRoute, "", ""), nil},
	{"OTW 10 menit", replyOf(VerbEnRoute, "", "10 menit"), nil},
	{"OTW 14.30", replyOf(VerbEnRoute, "", "14.30"), nil},
	{"OTW TT-0427 tiba 14.30", replyOf(VerbEnRoute, "TT-0427", "tiba 14.30"), nil},
	{"TT-0427 otw, macet di Jl. Sudirman", replyOf(VerbEnRoute, "TT-0427", "macet di Jl. Sudirman"), nil},
	{"🚒 OTW TT-0427 🚒", replyOf(VerbEnRoute, "TT-0427", "🚒"), nil},
	{"OTW 5", replyOf(VerbEnRoute, "TT-0005", ""), nil}, // a bare number right after the verb is a code

	// On scene.
	{"TIBA TT-0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"sampai di lokasi TT-0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"sampe tt0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"di lokasi TT-0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"dilokasi 0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"Sudah tiba di TKP, TT-0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"arrived TT-0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"arrive", replyOf(VerbOnScene, "", ""), nil},
	{"on scene tt-0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"onscene TT-0427", replyOf(VerbOnScene, "TT-0427", ""), nil},
	{"TIBA TT-0427 لقد وصلنا", replyOf(VerbOnScene, "TT-0427", "لقد وصلنا"), nil},

	// Resolved.
	{"SELESAI TT-0427 api sudah padam, 1 korban dibawa ke RSUD",
		replyOf(VerbResolve, "TT-0427", "api sudah padam, 1 korban dibawa ke RSUD"), nil},
	{"SELESAI tt-0427. Api padam pukul 14.30, tidak ada korban.",
		replyOf(VerbResolve, "TT-0427", "Api padam pukul 14.30, tidak ada korban."), nil},
	{"SELESAI 0427 2 korban luka ringan", replyOf(VerbResolve, "TT-0427", "2 korban luka ringan"), nil},
	{"SELESAI 2 korban luka ringan", replyOf(VerbResolve, "", "2 korban luka ringan"), nil},
	{"SELESAI TT-0427 tidak bisa dipadamkan total", replyOf(VerbResolve, "TT-0427", "tidak bisa dipadamkan total"), nil},
	{"slesai tt-0427", replyOf(VerbResolve, "TT-0427", ""), nil},
	{"selesau TT-0427", replyOf(VerbResolve, "TT-0427", ""), nil},
	{"selsai TT-0427", replyOf(VerbResolve, "TT-0427", ""), nil},
	{"beres TT-0427", replyOf(VerbResolve, "TT-0427", ""), nil},
	{"tuntas TT-0427", replyOf(VerbResolve, "TT-0427", ""), nil},
	{"done TT-0427", replyOf(VerbResolve, "TT-0427", ""), nil},
	{"resolved TT-0427", replyOf(VerbResolve, "TT-0427", ""), nil},
	{"finish", replyOf(VerbResolve, "", ""), nil},
	{"finished TT-0427 all clear", replyOf(VerbResolve, "TT-0427", "all clear"), nil},

	// Declined: a reason is required.
	{"TOLAK TT-0427 mobil rusak", replyOf(VerbDecline, "TT-0427", "mobil rusak"), nil},
	{"TOLAK TT-0427: mobil rusak", replyOf(VerbDecline, "TT-0427", "mobil rusak"), nil},
	{"TOLAK TT-0427", replyOf(VerbDecline, "TT-0427", ""), ErrReasonRequired},
	{"TOLAK TT-0427 !!!", replyOf(VerbDecline, "TT-0427", ""), ErrReasonRequired},
	{"TOLAK mobil rusak", replyOf(VerbDecline, "", "mobil rusak"), nil},
	{"TOLAK mobil rusak TT-0427", replyOf(VerbDecline, "TT-0427", "mobil rusak"), nil},
	{"tidak bisa TT-0427, sedang tangani kebakaran lain",
		replyOf(VerbDecline, "TT-0427", "sedang tangani kebakaran lain"), nil},
	{"Maaf ndan tdk bisa, mobil rusak", replyOf(VerbDecline, "", "mobil rusak"), nil},
	{"gak bisa", replyOf(VerbDecline, "", ""), ErrReasonRequired},
	{"ga bisa tt 427 ban bocor", replyOf(VerbDecline, "TT-0427", "ban bocor"), nil},
	{"menolak TT-0427 personel kurang", replyOf(VerbDecline, "TT-0427", "personel kurang"), nil},
	{"decline TT-0427 no crew", replyOf(VerbDecline, "TT-0427", "no crew"), nil},
	{"declined: crew on another call", replyOf(VerbDecline, "", "crew on another call"), nil},
	{"reject TT-0427 out of area", replyOf(VerbDecline, "TT-0427", "out of area"), nil},

	// False report.
	{"PALSU TT-0427 tidak ada kebakaran", replyOf(VerbFalse, "TT-0427", "tidak ada kebakaran"), nil},
	{"hoax tt-0427", replyOf(VerbFalse, "TT-0427", ""), nil},
	{"hoaks TT-0427", replyOf(VerbFalse, "TT-0427", ""), nil},
	{"prank TT-0427 anak2", replyOf(VerbFalse, "TT-0427", "anak2"), nil},
	{"iseng TT-0427", replyOf(VerbFalse, "TT-0427", ""), nil},
	{"fiktif TT-0427", replyOf(VerbFalse, "TT-0427", ""), nil},
	{"bohong TT-0427", replyOf(VerbFalse, "TT-0427", ""), nil},
	{"laporan palsu TT-0427", replyOf(VerbFalse, "TT-0427", ""), nil},
	{"false TT-0427 alarm", replyOf(VerbFalse, "TT-0427", "alarm"), nil},
	{"fake", replyOf(VerbFalse, "", ""), nil},

	// Details again, help.
	{"INFO TT-0427", replyOf(VerbInfo, "TT-0427", ""), nil},
	{"detail tt0427", replyOf(VerbInfo, "TT-0427", ""), nil},
	{"detil TT-0427", replyOf(VerbInfo, "TT-0427", ""), nil},
	{"rincian 427", replyOf(VerbInfo, "TT-0427", ""), nil},
	{"ulangi TT-0427", replyOf(VerbInfo, "TT-0427", ""), nil},
	{"tolong kirim ulang TT-0427", replyOf(VerbInfo, "TT-0427", ""), nil},
	{"BANTU", replyOf(VerbHelp, "", ""), nil},
	{"bantuan", replyOf(VerbHelp, "", ""), nil},
	{"help", replyOf(VerbHelp, "", ""), nil},
	{"?", replyOf(VerbHelp, "", ""), nil},
	{"menu", replyOf(VerbHelp, "", ""), nil},
	{"tolong", replyOf(VerbHelp, "", ""), nil},
	{"tolong pak, bingung", replyOf(VerbHelp, "", "pak, bingung"), nil},

	// False friends and noise.
	{"terima kasih", Reply{}, ErrUnknownCommand},
	{"Terima kasih ndan", Reply{}, ErrUnknownCommand},
	{"TERIMA KASIH TT-0427", Reply{}, ErrUnknownCommand},
	{"trima kasih", Reply{}, ErrUnknownCommand},
	{"makasih", Reply{}, ErrUnknownCommand},
	{"terimakasih", Reply{}, ErrUnknownCommand},
	{"thanks", Reply{}, ErrUnknownCommand},
	{"ok thank you", Reply{}, ErrUnknownCommand},
	{"ok", Reply{}, ErrUnknownCommand},
	{"pasien tidak bisa jalan", Reply{}, ErrUnknownCommand},
	{"", Reply{}, ErrUnknownCommand},
	{"   \n\t  ", Reply{}, ErrUnknownCommand},
	{"👍", Reply{}, ErrUnknownCommand},
	{"Спасибо, принято", Reply{}, ErrUnknownCommand},
	{"TT-0427", Reply{}, ErrUnknownCommand},
	{"427 terima", Reply{}, ErrUnknownCommand},
	{"tolk TT-0427 mobil rusak", Reply{}, ErrUnknownCommand}, // 4 letters: no typo allowed
	{"112 TT-0427 P1 GAWAT\nKEBAKARAN", Reply{}, ErrUnknownCommand},

	// Codes of other deployments and numbers that are not codes.
	{"AB-0427 TERIMA", Reply{}, ErrUnknownCommand},
	{"TERIMA AB-0427", replyAck("", "AB-0427"), nil},
	{"TERIMA TT-1234567", replyAck("", "TT-1234567"), nil},
	{"TERIMA 081234567890", replyAck("", "081234567890"), nil},
	{"TERIMA TTX-0427", replyAck("", "TTX-0427"), nil},
}

func TestParseReply(t *testing.T) {
	for _, c := range replyCases {
		t.Run(c.body, func(t *testing.T) {
			got, err := ParseReply(c.body, replyTestPrefix)
			if !errors.Is(err, c.err) || (c.err == nil && err != nil) {
				t.Fatalf("ParseReply(%q) error = %v, want %v", c.body, err, c.err)
			}
			if got != c.want {
				t.Errorf("ParseReply(%q) = %#v, want %#v", c.body, got, c.want)
			}
		})
	}
}

func TestParseReplyPrefix(t *testing.T) {
	cases := []struct {
		name, body, prefix string
		want               Reply
	}{
		{"other deployment", "TERIMA INC-0042", "INC", replyAck("INC-0042", "")},
		{"lower-case prefix", "terima tt-0427", "tt", replyAck("TT-0427", "")},
		{"prefix with dash", "terima tt-0427", " TT- ", replyAck("TT-0427", "")},
		{"foreign prefix", "TERIMA TT-0427", "INC", replyAck("", "TT-0427")},
		{"no prefix: no codes", "TERIMA TT-0427", "", replyAck("", "TT-0427")},
		{"no prefix: no bare codes", "TERIMA 427", "", replyAck("", "427")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseReply(c.body, c.prefix)
			if err != nil || got != c.want {
				t.Errorf("ParseReply(%q, %q) = %#v, %v; want %#v", c.body, c.prefix, got, err, c.want)
			}
		})
	}
}

// TestParseReplySynonyms checks every synonym of every verb, alone and with
// a code, so that a typo in the vocabulary cannot hide.
func TestParseReplySynonyms(t *testing.T) {
	for _, v := range replyVerbs {
		for _, s := range v.phrases {
			t.Run(s, func(t *testing.T) {
				body := strings.ToUpper(s) + " TT-0427 alasan"
				got, err := ParseReply(body, replyTestPrefix)
				if err != nil || got != replyOf(v.verb, "TT-0427", "alasan") {
					t.Errorf("ParseReply(%q) = %#v, %v; want %s", body, got, err, v.verb)
				}
			})
		}
	}
}

func TestParseReplyLongBodies(t *testing.T) {
	long := "SELESAI TT-0427 " + strings.Repeat("api padam ", 200)
	cases := []struct {
		name, body string
		check      func(Reply, error) bool
	}{
		{"note capped at a word", long, func(r Reply, err error) bool {
			return err == nil && utf8.RuneCountInString(r.Note) <= maxNoteRunes &&
				strings.HasSuffix(r.Note, "padam") && r.Code == "TT-0427"
		}},
		{"nothing after 1600 bytes", strings.Repeat("siap ", 320) + "TERIMA TT-0427", func(r Reply, err error) bool {
			return errors.Is(err, ErrUnknownCommand)
		}},
		{"half a rune at the cut", "TOLAK TT-0427 " + strings.Repeat("é", 1000), func(r Reply, err error) bool {
			return err == nil && utf8.ValidString(r.Note) && utf8.RuneCountInString(r.Note) == maxNoteRunes
		}},
		{"invalid UTF-8", "TOLAK TT-0427 mobil \xff\xfe rusak", func(r Reply, err error) bool {
			return err == nil && r.Note == "mobil \uFFFD rusak"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r, err := ParseReply(c.body, replyTestPrefix); !c.check(r, err) {
				t.Errorf("ParseReply(%.40q...) = %#v, %v", c.body, r, err)
			}
		})
	}
}

// TestParseReplyLinear feeds the worst bodies found: every token a filler,
// a near-miss of a long word, or a soft verb.
func TestParseReplyLinear(t *testing.T) {
	bodies := map[string]string{
		"fillers":     strings.Repeat("siap ", 2000),
		"near misses": strings.Repeat("acknowledgex ", 500),
		"soft verbs":  strings.Repeat("tolong ", 500),
		"one token":   strings.Repeat("a", 5000),
		"separators":  strings.Repeat("-#.", 2000),
		"codes":       strings.Repeat("TT-0427 ", 500),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			for range 20 {
				_, _ = ParseReply(body, replyTestPrefix)
			}
			limit := 20 * time.Millisecond
			if raceEnabled {
				limit *= 10 // the race detector slows the parser down several times
			}
			if d := time.Since(start) / 20; d > limit {
				t.Errorf("ParseReply took %v on a %d-byte body", d, len(body))
			}
		})
	}
}

func TestReplyHelpText(t *testing.T) {
	for _, lang := range []string{"id", "en", "", "EN", "fr"} {
		t.Run(lang, func(t *testing.T) {
			h := HelpText(lang)
			if n := len(h); n > 160 || agencies.Segments(h) != 1 {
				t.Errorf("HelpText(%q) is %d bytes, %d SMS parts", lang, n, agencies.Segments(h))
			}
			for _, r := range h {
				if r < ' ' || r > '~' || strings.ContainsRune("^{}\\[]~|", r) {
					t.Errorf("HelpText(%q) has %q, not a one-septet GSM-7 character", lang, r)
				}
			}
			for _, v := range replyVerbs {
				if !strings.Contains(h, string(v.verb)) {
					t.Errorf("HelpText(%q) does not mention %s", lang, v.verb)
				}
			}
		})
	}
	if HelpText("en") == HelpText("id") {
		t.Error("HelpText has no English text")
	}
}

// TestReplyLexicon checks what the matcher assumes of the vocabulary.
func TestReplyLexicon(t *testing.T) {
	canonical := map[string]bool{}
	for _, v := range replyVerbs {
		canonical[strings.ToLower(string(v.verb))] = true
	}
	for _, ph := range replyLexicon {
		t.Run(strings.Join(ph.words, " "), func(t *testing.T) {
			for _, w := range ph.words {
				if w != strings.ToLower(w) || len(w) >= 16 || !utf8.ValidString(w) {
					t.Errorf("word %q must be lower-case and shorter than 16 bytes", w)
				}
			}
			// A phrase opening with a canonical verb would make "VERB note"
			// read differently from the reply it came from.
			first := ph.words[0]
			if len(ph.words) > 1 && ph.kind != replyFiller && canonical[first] {
				t.Errorf("phrase starts with the canonical verb %q", first)
			}
		})
	}
}

func BenchmarkParseReply(b *testing.B) {
	bodies := []string{
		"TERIMA TT-0427",
		"Siap ndan, terima tt 427",
		"SELESAI TT-0427 api sudah padam, 1 korban dibawa ke RSUD",
		"terima kasih",
		strings.Repeat("tolak mobil rusak ", 100),
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range bodies {
			_, _ = ParseReply(body, replyTestPrefix)
		}
	}
}
