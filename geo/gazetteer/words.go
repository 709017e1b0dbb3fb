package gazetteer

import (
	"strings"
	"unicode"

	"github.com/sigap112/sigap/geo/fuzzy"
)

// abbreviations are written both ways by call-takers and in OSM names.
var abbreviations = map[string]string{
	"jl": "jalan", "jln": "jalan", "jl.": "jalan", "gg": "gang", "kel": "kelurahan", "kec": "kecamatan",
	"msj": "masjid", "mesjid": "masjid", "mushola": "musholla", "musala": "musholla", "pkm": "puskesmas",
	"ps": "pasar", "lap": "lapangan", "simp": "simpang", "spbu": "spbu", "kpt": "kompleks", "komp": "kompleks",
	"perum": "perumahan", "sdn": "sd", "smpn": "smp", "sman": "sma", "smkn": "smk",
}

// fillers are words of a spoken description that name no place.
var fillers = map[string]bool{
	"dekat": true, "depan": true, "belakang": true, "samping": true, "sebelah": true, "seberang": true,
	"di": true, "ke": true, "dan": true, "arah": true, "ujung": true, "persis": true, "sekitar": true,
	"dari": true, "yang": true, "itu": true, "near": true, "the": true, "of": true, "no": true, "nomor": true,
	"negeri": true,
}

// generic words say what kind of place, not which: they count little.
var generic = map[string]bool{"jalan": true, "gang": true, "lorong": true, "kelurahan": true, "kecamatan": true}

// Words normalises a name into lower-case words, abbreviations expanded:
// "Jl. Jend. Sudirman" → [jalan jend sudirman].
func Words(s string) []string {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, f := range fields {
		if full, ok := abbreviations[f]; ok {
			fields[i] = full
		}
	}
	return fields
}

// queryWords are the words of a query that can name a place.
func queryWords(q string) []string {
	var out []string
	for _, w := range Words(q) {
		if !fillers[w] {
			out = append(out, w)
		}
	}
	return out
}

// score says how well the query's words match a name's words; 0 = not at
// all. A name need not hold every word ("Jalan Sudirman dekat masjid"
// finds the street and the mosques), but the more it holds the higher it
// ranks. Generic words ("jalan") alone match nothing.
func score(query []string, queryRunes [][]rune, e *entry) (total float64, matched int) {
	specific := false
	for i, q := range query {
		best := 0.0
		for j, n := range e.words {
			best = max(best, wordMatch(q, n, queryRunes[i], e.runes[j]))
			if best == 1 {
				break
			}
		}
		if best == 0 {
			continue
		}
		matched++
		if generic[q] {
			best *= 0.3
		} else {
			specific = true
		}
		total += best
	}
	if !specific {
		return 0, 0
	}
	return total, matched
}

// wordMatch: 1 the same word, 0.8 a prefix, 0.5 a prefix with one typo
// (words of four letters or more), else 0.
func wordMatch(q, n string, qr, nr []rune) float64 {
	switch {
	case q == n:
		return 1
	case strings.HasPrefix(n, q):
		return 0.8
	case len(qr) < 4 || len(nr)+1 < len(qr) || (qr[0] != nr[0] && qr[1] != nr[1]):
		return 0 // too short to guess at, or too different to be one typo
	}
	prefix := nr
	if len(prefix) > len(qr) {
		prefix = prefix[:len(qr)]
	}
	if fuzzy.Within(q, string(prefix), 1) || fuzzy.Within(q, n, 1) {
		return 0.5
	}
	return 0
}
