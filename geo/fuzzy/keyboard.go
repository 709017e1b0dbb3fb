package fuzzy

// Keyboard prices the substitutions a person typing Indonesian on a phone
// plausibly makes at 1: neighbouring keys of a QWERTY keyboard, one vowel
// for another, and letters Indonesians write for one another (f/p/v,
// c/k/q, j/z/s). Any other substitution costs 3, more than a one- or
// two-edit limit allows: "sejak" is not a typo of "sedak", nor "tukang" of
// "tulang". Letters outside a–z substitute only for themselves.
func Keyboard(a, b rune) int {
	if a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z' && substitutable[a-'a'][b-'a'] {
		return 1
	}
	return 3
}

// substitutable[a][b] marks letter pairs a typist plausibly swaps.
var substitutable = func() (m [26][26]bool) {
	link := func(a, b byte) { m[a-'a'][b-'a'], m[b-'a'][a-'a'] = true, true }
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	for r, row := range rows {
		for i := range row {
			if i+1 < len(row) {
				link(row[i], row[i+1])
			}
			if r+1 < len(rows) {
				// The row below is shifted right by about half a key.
				below := rows[r+1]
				for _, k := range []int{i - 1, i} {
					if k >= 0 && k < len(below) {
						link(row[i], below[k])
					}
				}
			}
		}
	}
	for _, grp := range []string{"aeiou", "fpv", "ckq", "jzs"} {
		for i := range grp {
			for j := i + 1; j < len(grp); j++ {
				link(grp[i], grp[j])
			}
		}
	}
	return m
}()
