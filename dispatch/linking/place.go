package linking

import (
	"strings"
	"unicode"

	"github.com/sigap112/sigap/dispatch"
)

// Streets named in an address or a description ("Jl. Sudirman No. 5",
// "gang mawar", "Lorong 3", "Perumahan Griya Asri") are what a call-taker
// compares when two reports of the same kind come from a few hundred metres
// apart: geometry and time cannot tell two fires 250 m apart from one fire
// seen by neighbours, the street the caller names can. Two reports that both
// name streets and share none are at a different place until the call-taker
// confirms otherwise (a wrong link leaves an emergency unattended; a missed
// one costs a second crew).

// streetWords introduce a street or a housing block.
var streetWords = map[string]bool{
	"jl": true, "jln": true, "jalan": true, "gg": true, "gang": true, "lr": true, "lorong": true,
	"komp": true, "komplek": true, "kompleks": true, "perum": true, "perumahan": true,
	"simp": true, "simpang": true, "lingk": true, "lingkungan": true, "dusun": true,
}

// notName ends a street's name ("Jl. Sudirman no 5 dekat masjid").
var notName = map[string]bool{
	"no": true, "nomor": true, "nomer": true, "rt": true, "rw": true, "dekat": true, "depan": true, "belakang": true,
	"samping": true, "sebelah": true, "seberang": true, "di": true, "ke": true, "dari": true, "arah": true, "ujung": true,
	"kel": true, "kelurahan": true, "kec": true, "kecamatan": true, "kota": true, "tebing": true, "tinggi": true,
	"dan": true, "yang": true, "ada": true, "ini": true, "itu": true, "sana": true, "situ": true, "sini": true,
	"tolong": true, "cepat": true, "pak": true, "bu": true,
	// words describing a road, not naming it ("jalan licin", "jalan kaki")
	"kaki": true, "rusak": true, "licin": true, "berlubang": true, "macet": true, "tertutup": true, "besar": true,
	"kecil": true, "utama": true, "menuju": true, "masuk": true, "keluar": true, "sempit": true, "gelap": true,
	"jl": true, "jln": true, "jalan": true, "gg": true, "gang": true, "lr": true, "lorong": true,
}

// titles are dropped from names: "Jl. Jend. Sudirman" is "Jl. Sudirman".
var titles = map[string]bool{"jend": true, "jenderal": true, "jendral": true, "letjen": true, "mayjen": true,
	"kh": true, "dr": true, "ir": true, "prof": true, "h": true, "hj": true, "raya": true}

// streetsIn returns the names of the streets a text names, lower case,
// without the street word ("sudirman", "mawar", "3"), with the house number
// after a # when one is given ("ahmad yani#144").
func streetsIn(texts ...string) []string {
	var out []string
	for _, text := range texts {
		words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for i := 0; i < len(words); i++ {
			if !streetWords[words[i]] {
				continue
			}
			var name []string
			j := i + 1
			for ; j < len(words) && len(name) < 3 && !notName[words[j]]; j++ {
				if !titles[words[j]] {
					name = append(name, words[j])
				}
			}
			if len(name) > 0 {
				n := strings.Join(name, " ")
				if j+1 < len(words) && (words[j] == "no" || words[j] == "nomor" || words[j] == "nomer") && unicode.IsDigit(rune(words[j+1][0])) {
					n += "#" + words[j+1] // the house number
				}
				out = append(out, n)
			}
			i = j - 1
		}
	}
	return out
}

// sameStreet: one name is the other, or is contained in it word for word
// ("sudirman" and "sudirman gang 2"). With houses (a patient is at one
// house), two different house numbers on the same street are two places.
func sameStreet(a, b string, houses bool) bool {
	a, an, _ := strings.Cut(a, "#")
	b, bn, _ := strings.Cut(b, "#")
	if houses && an != "" && bn != "" && an != bn {
		return false
	}
	if a == b {
		return true
	}
	aw, bw := strings.Fields(a), strings.Fields(b)
	if len(aw) > len(bw) {
		aw, bw = bw, aw
	}
	in := map[string]bool{}
	for _, w := range bw {
		in[w] = true
	}
	for _, w := range aw {
		if !in[w] && !initial(w, bw) {
			return false
		}
	}
	return true
}

// initial: a one-letter word abbreviates one of words ("A. Yani").
func initial(w string, words []string) bool {
	if len(w) != 1 {
		return false
	}
	for _, x := range words {
		if strings.HasPrefix(x, w) {
			return true
		}
	}
	return false
}

// differentPlace: both name streets and none of them is the same.
func differentPlace(a, b []string, houses bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if sameStreet(x, y, houses) {
				return false
			}
		}
	}
	return true
}

// placeCheck compares the streets a new caller names with an incident's at
// a distance dist within radius: different (both name streets, none the
// same), or unverified — in the outer half of the radius (three quarters of
// its area, where another event of the same kind is likelier than a caller
// of this one) without a street both name. Either needs the call-taker to
// ask and confirm.
func placeCheck(mine, theirs []string, houses bool, dist, radius, beyond float64) (different, unverified bool) {
	if differentPlace(mine, theirs, houses) {
		return true, false
	}
	if dist <= radius*beyond {
		return false, false
	}
	return false, len(mine) == 0 || len(theirs) == 0
}

// streetsOf is every street the incident's callers named: the first caller's
// address and words and each linked caller's still on it.
func streetsOf(inc *dispatch.Incident) []string {
	out := streetsIn(inc.Address, inc.Description)
	for _, c := range inc.Callers {
		if !c.Unlinked && c.SplitTo == "" {
			out = append(out, streetsIn(c.Address, c.Description)...)
		}
	}
	return out
}
