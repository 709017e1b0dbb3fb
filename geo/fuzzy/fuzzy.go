// Package fuzzy is Sigap's one approximate word matcher: the distance that
// forgives a typo in a call description (classifier), in a responder's SMS
// reply, in a street name (gazetteer) and in a configuration key ("did you
// mean feedback_sms_after?").
//
// The distance is optimal string alignment (insertions, deletions,
// substitutions and swaps of two adjacent letters each cost 1), counted in
// runes, with an optional substitution cost so that a caller can say which
// letter swaps are plausible typos. It lives under geo only because geo is
// the bottom of the import order (geo ← agencies ← dispatch ← hotline), so
// every layer can use it; it knows nothing about places.
package fuzzy

import "unicode/utf8"

// Cost is the price of substituting b for a (a != b). A cost above the
// limit of a comparison forbids that substitution.
type Cost func(a, b rune) int

// maxStack runes per word are compared without allocating.
const maxStack = 48

// Distance is the optimal-string-alignment distance between a and b, or
// limit+1 as soon as it must exceed limit. sub prices a substitution; nil
// prices every one at 1.
func Distance(a, b string, limit int, sub Cost) int {
	var ab, bb [maxStack]rune
	return distance(runesOf(&ab, a), runesOf(&bb, b), limit, sub)
}

// DistanceBytes is Distance for a word held in bytes (UTF-8), which it
// compares without converting.
func DistanceBytes(a []byte, b string, limit int, sub Cost) int {
	var ab, bb [maxStack]rune
	ra := ab[:0]
	if utf8.RuneCount(a) > maxStack {
		ra = make([]rune, 0, len(a))
	}
	for i := 0; i < len(a); {
		r, n := utf8.DecodeRune(a[i:])
		ra = append(ra, r)
		i += n
	}
	return distance(ra, runesOf(&bb, b), limit, sub)
}

// Within reports whether a and b are at most limit edits apart, every
// substitution costing 1.
func Within(a, b string, limit int) bool { return Distance(a, b, limit, nil) <= limit }

// Closest returns the candidate nearest to word within limit edits (ties
// go to the earlier candidate) and its distance, or "" and limit+1.
func Closest(word string, candidates []string, limit int) (string, int) {
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := Distance(word, c, limit, nil); d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD
}

func runesOf(buf *[maxStack]rune, s string) []rune {
	out := buf[:0]
	if len(s) > maxStack && utf8.RuneCountInString(s) > maxStack {
		out = make([]rune, 0, len(s))
	}
	for _, r := range s {
		out = append(out, r)
	}
	return out
}

func distance(a, b []rune, limit int, sub Cost) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var stack [3][maxStack + 1]int
	var prev2, prev, cur []int
	if len(b) <= maxStack {
		prev2, prev, cur = stack[0][:len(b)+1], stack[1][:len(b)+1], stack[2][:len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 0
			if a[i-1] != b[j-1] {
				cost = 1
				if sub != nil {
					cost = sub(a[i-1], b[j-1])
				}
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}
