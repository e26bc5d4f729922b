package frontend

import (
	"math"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // dates are shown in Europe/Berlin, also where the system has no zone files

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// printers format numbers per language with golang.org/x/text.
var printers = map[string]*message.Printer{
	"de": message.NewPrinter(language.German),
	"en": message.NewPrinter(language.English),
}

func printer(lang string) *message.Printer {
	if p, ok := printers[lang]; ok {
		return p
	}
	return printers["de"]
}

// formatNumber groups digits per locale: 37.400 / 37,400.
func formatNumber(lang string, v float64) string {
	if v == math.Trunc(v) {
		return printer(lang).Sprintf("%d", int64(v))
	}
	return printer(lang).Sprintf("%.2f", v)
}

// formatMoney writes an amount in euros per locale: "37.400 €" in German,
// "€37,400" in English.
func formatMoney(lang string, v float64) string {
	n := formatNumber(lang, v)
	if lang == "en" {
		return "€" + n
	}
	return n + "\u00a0€"
}

var months = map[string][]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// formatDate writes a date per locale: 29.11.2026 / 29 Nov 2026.
func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(berlin)
	if lang == "en" {
		return strings.Join([]string{itoa(t.Day()), months["en"][t.Month()-1], itoa(t.Year())}, " ")
	}
	return t.Format("02.01.2006")
}

func itoa(n int) string { return strconv.Itoa(n) }

// berlin is the time zone dates are shown in.
var berlin = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return l
	}
	return time.UTC
}()
