package agencies

import (
	"strings"
	"unicode"
	"unicode/utf16"
)

// GSM 03.38 (3GPP TS 23.038). No Go library for it is in the module cache,
// so the tables are written out here. Segment counting follows what carriers
// and Twilio bill: 160 septets in one SMS, 153 per part of a concatenated SMS
// (the user data header takes 7), 70/67 UTF-16 code units when any character
// needs UCS-2.
const (
	gsmSingle  = 160
	gsmPart    = 153
	ucs2Single = 70
	ucs2Part   = 67
)

// gsmBasic is the GSM-7 default alphabet (one septet each), without ESC.
const gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑܧ¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsmExtension holds the characters sent as ESC + code: two septets each.
const gsmExtension = "\f^{}\\[~]|€"

// Segments returns how many SMS parts body is sent as (and billed for). An
// empty body is 0. An escape sequence or a UTF-16 surrogate pair is never
// split across parts, as real encoders do, so a part may hold one less.
func Segments(body string) int {
	if body == "" {
		return 0
	}
	if w, ok := gsmWeights(body); ok {
		return countParts(w, gsmSingle, gsmPart)
	}
	w := make([]int, 0, len(body))
	for _, r := range body {
		w = append(w, len(utf16.Encode([]rune{r})))
	}
	return countParts(w, ucs2Single, ucs2Part)
}

// gsmWeights returns the septets each rune of s takes, or false when s needs
// UCS-2.
func gsmWeights(s string) ([]int, bool) {
	w := make([]int, 0, len(s))
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			w = append(w, 1)
		case strings.ContainsRune(gsmExtension, r):
			w = append(w, 2)
		default:
			return nil, false
		}
	}
	return w, true
}

// countParts packs indivisible units of the given widths into parts.
func countParts(widths []int, single, part int) int {
	total := 0
	for _, n := range widths {
		total += n
	}
	if total <= single {
		return 1
	}
	parts, used := 1, 0
	for _, n := range widths {
		if used+n > part {
			parts++
			used = 0
		}
		used += n
	}
	return parts
}

// Transliteration of Latin-1 Supplement (U+00C0..U+00FF) and Latin
// Extended-A (U+0100..U+017F) letters to their ASCII base letter; '?' marks
// the few that need more than one letter (see gsmMulti).
const (
	latin1Base = "AAAAAA?CEEEEIIIIDNOOOOOxOUUUUY??aaaaaa?ceeeeiiiidnooooo/ouuuuy?y"
	latinABase = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkkLlLlLlLlLlNnNnNn?NnOoOoOo??" +
		"RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs"
)

// gsmMulti maps the remaining characters seen in Indonesian addresses and
// pasted text to plain GSM-7 text.
var gsmMulti = map[rune]string{
	'Æ': "AE", 'æ': "ae", 'Þ': "Th", 'þ': "th", 'ß': "ss", 'Ĳ': "IJ", 'ĳ': "ij",
	'ŉ': "'n", 'Œ': "OE", 'œ': "oe",
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
	'“': "\"", '”': "\"", '„': "\"", '‟': "\"", '″': "\"", '«': "\"", '»': "\"",
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-", '~': "-",
	'•': "-", '·': "-", '…': "..", '№': "No", '²': "2", '³': "3", '¹': "1",
	'[': "(", '{': "(", ']': ")", '}': ")", '\\': "/", '|': "/", '€': "EUR",
}

// gsmSafe rewrites s using only printable ASCII characters of the GSM-7
// basic alphabet plus newline: every handset shows them, each costs one
// septet, and no accented or escaped character can push the message into
// UCS-2 (70 characters a part) or an extra part. Characters without a
// sensible transliteration (emoji, scripts other than Latin) are dropped;
// other whitespace becomes a space.
func gsmSafe(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteString(gsmSafeRune(r))
	}
	return b.String()
}

func gsmSafeRune(r rune) string {
	if m, ok := gsmMulti[r]; ok {
		return m
	}
	switch {
	case r == '\n' || (r >= ' ' && r <= '~' && r != '^'):
		return string(r)
	case r >= 0xC0 && r <= 0xFF && latin1Base[r-0xC0] != '?':
		return latin1Base[r-0xC0 : r-0xC0+1]
	case r >= 0x100 && r <= 0x17F && latinABase[r-0x100] != '?':
		return latinABase[r-0x100 : r-0x100+1]
	case unicode.IsSpace(r):
		return " "
	}
	return ""
}
