package apperr

import "testing"

func TestLineProblem(t *testing.T) {
	for _, ok := range []string{"", "Büroleiter (m/w/d)", "Backoffice – Vertrieb", "Ærøskøbing GmbH & Co. KG", "مدير المكتب", "日本語"} {
		if p := LineProblem(ok); p != "" {
			t.Errorf("%q refused: %s", ok, p)
		}
	}
	for _, bad := range []string{"a\nb", "a\rb", "a\tb", "a\x00b", "a\u0085b", "a\u2028b",
		"gpj.\u202eexe", "a\u202ab", "a\u2066b", "a\u2069b", "a\u200fb",
		"Ad\u200bmin", "a\u200cb", "a\u200db", "a\u2060b", "\ufeffa", "a\u00adb"} {
		if LineProblem(bad) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}
