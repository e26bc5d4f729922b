package apperr

import "unicode"

// LineProblem says what is wrong with a one-line text field (a title, a
// name), or "" when nothing is: control characters (line breaks and tabs
// included), the bidirectional controls that reorder what a reader sees
// (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C), and
// zero-width and invisible characters (U+200B–U+200D, U+2060–U+2064, U+FEFF,
// U+180E, U+00AD) that make two different names look the same.
func LineProblem(s string) string {
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return "must be one line without control characters"
		case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
			return "must not contain bidirectional control characters"
		case r >= '\u200b' && r <= '\u200d', r >= '\u2060' && r <= '\u2064', r == '\ufeff', r == '\u180e', r == '\u00ad':
			return "must not contain invisible (zero-width) characters"
		}
	}
	return ""
}
