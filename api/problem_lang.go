package api

import (
	"regexp"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Problem details are written in English and given in German when the
// request or the account asks for German: ?lang= first, then
// Accept-Language (when sent), then the signed-in user's chosen language
// (PATCH /me, the website's account page); without any of them they stay
// English, which API clients have always parsed. This is the order of
// requestLang (content), except that the last resort is English, not
// German. Field names (the keys of errors) never change. Messages the
// catalogue below does not know stay English.

// problemLang is the language of a problem response: "de" or "en".
func problemLang(c *fiber.Ctx) string {
	if l := normaliseLang(c.Query("lang")); l != "" {
		return l
	}
	if c.Get(fiber.HeaderAcceptLanguage) != "" {
		if l := c.AcceptsLanguages(languages...); l != "" {
			return l
		}
	}
	if u := currentUser(c); u != nil && slices.Contains(languages, u.Language) {
		return u.Language
	}
	return "en"
}

var problemTitlesDE = map[int]string{
	400: "Ungültige Anfrage", 401: "Nicht angemeldet", 403: "Nicht erlaubt", 404: "Nicht gefunden", 405: "Methode nicht erlaubt",
	409: "Konflikt", 410: "Nicht mehr verfügbar", 412: "Vorbedingung nicht erfüllt", 413: "Anfrage zu groß",
	415: "Nicht unterstütztes Format", 428: "Vorbedingung erforderlich", 429: "Zu viele Anfragen", 500: "Interner Fehler",
	503: "Vorübergehend nicht verfügbar",
}

// nounsDE names the things a "not found" message may be about.
var nounsDE = map[string]string{
	"role": "Rolle", "course": "Kurs", "skill": "Fähigkeit", "path": "Weg", "posting": "Stellenanzeige", "user": "Konto",
	"saved search": "Gespeicherte Suche", "application": "Bewerbung", "session": "Sitzung", "organisation": "Organisation",
	"enrolment": "Einschreibung", "notification": "Benachrichtigung", "invite": "Einladung",
}

type problemRule struct {
	re *regexp.Regexp
	de string // may use $1, $2 …
}

func rule(pattern, de string) problemRule {
	return problemRule{regexp.MustCompile("^" + pattern + "$"), de}
}

var problemRulesDE = []problemRule{
	rule(`is required`, "ist erforderlich"),
	rule(`is required: (.+)`, "ist erforderlich: $1"),
	rule(`must be at most (\d+) characters`, "darf höchstens $1 Zeichen lang sein"),
	rule(`must be one line of at most (\d+) characters`, "muss eine Zeile mit höchstens $1 Zeichen sein"),
	rule(`must be one line of plain text`, "muss eine Zeile reiner Text sein"),
	rule(`must be plain text`, "muss reiner Text sein"),
	rule(`must be one of: (.+)`, "muss einer dieser Werte sein: $1"),
	rule(`must be an integer from (-?\d+) to (-?\d+)`, "muss eine ganze Zahl von $1 bis $2 sein"),
	rule(`must be from (\S+) to (\S+)`, "muss zwischen $1 und $2 liegen"),
	rule(`must be between (\S+) and (\S+)`, "muss zwischen $1 und $2 liegen"),
	rule(`must be in the future`, "muss in der Zukunft liegen"),
	rule(`must not be in the future`, "darf nicht in der Zukunft liegen"),
	rule(`must be within a year`, "muss innerhalb eines Jahres liegen"),
	rule(`must be true or false`, "muss true oder false sein"),
	rule(`must be a string`, "muss ein Text sein"),
	rule(`must be a number`, "muss eine Zahl sein"),
	rule(`must be an array`, "muss eine Liste sein"),
	rule(`must be an object`, "muss ein Objekt sein"),
	rule(`must be a JSON object`, "muss ein JSON-Objekt sein"),
	rule(`must be a single JSON object`, "muss genau ein JSON-Objekt sein"),
	rule(`is not valid JSON`, "ist kein gültiges JSON"),
	rule(`unknown field`, "unbekanntes Feld"),
	rule(`unknown parameter; this route takes only lang`, "unbekannter Parameter; diese Route nimmt nur lang"),
	rule(`unknown parameter; allowed: (.+)`, "unbekannter Parameter; erlaubt: $1"),
	rule(`must be a slug \(lowercase letters, digits and hyphens\)`, "muss ein Slug sein (Kleinbuchstaben, Ziffern und Bindestriche)"),
	rule(`must be a (role|skill) slug`, "muss ein Slug sein"),
	rule(`unknown role "([^"]*)"; one of: (.+)`, `unbekannte Rolle "$1"; eine von: $2`),
	rule(`must be a date \(YYYY-MM-DD\) or a date-time \(RFC 3339\)`, "muss ein Datum (JJJJ-MM-TT) oder ein Zeitpunkt (RFC 3339) sein"),
	rule(`must be at most 5 MB`, "darf höchstens 5 MB groß sein"),
	rule(`invalid query parameters`, "ungültige Abfrageparameter"),
	rule(`invalid request`, "ungültige Anfrage"),
	rule(`invalid (.+)`, "ungültige Angaben: $1"),
	rule(`no such resource: (.+)`, "keine solche Ressource: $1"),
	rule(`the request body is too large: a CV upload may be up to (\d+) MB, JSON bodies up to (\d+) KB`,
		"der Body der Anfrage ist zu groß: ein Lebenslauf darf bis zu $1 MB groß sein, JSON-Bodys bis zu $2 KB"),
	rule(`send the body as Content-Type: application/json`, "bitte den Body als Content-Type: application/json senden"),
	rule(`sign in first: send Authorization: Bearer <access token>`, "bitte zuerst anmelden: Authorization: Bearer <Access-Token> senden"),
	rule(`sign in first`, "bitte zuerst anmelden"),
	rule(`invalid or expired access token`, "ungültiges oder abgelaufenes Access-Token"),
	rule(`not allowed`, "nicht erlaubt"),
	rule(`too many attempts; try again in (\d+) seconds`, "zu viele Versuche; bitte in $1 Sekunden erneut versuchen"),
	rule(`something went wrong on our side; the request id helps us find it`, "bei uns ist etwas schiefgegangen; die Request-ID hilft uns, den Fehler zu finden"),
}

// notFoundRe matches "<noun> not found" and "<noun> "<key>" not found".
var notFoundRe = regexp.MustCompile(`^([a-z ]+?)(?: ("[^"]*"))? not found(.*)$`)

// translateDE returns msg in German, or msg when the catalogue lacks it.
func translateDE(msg string) string {
	for _, r := range problemRulesDE {
		if r.re.MatchString(msg) {
			return r.re.ReplaceAllString(msg, r.de)
		}
	}
	if m := notFoundRe.FindStringSubmatch(msg); m != nil {
		if noun, ok := nounsDE[m[1]]; ok {
			out := noun
			if m[2] != "" {
				out += " " + m[2]
			}
			rest := m[3]
			if strings.HasPrefix(rest, `; it is "`) {
				rest = "; sie heißt " + strings.TrimPrefix(rest, "; it is ")
			}
			return out + " nicht gefunden" + rest
		}
	}
	return msg
}

// localizeProblem puts p's title, detail and field problems into lang.
func localizeProblem(p *Problem, lang string) {
	if lang != "de" {
		return
	}
	if t, ok := problemTitlesDE[p.Status]; ok {
		p.Title = t
	}
	p.Detail = translateDE(p.Detail)
	if len(p.Errors) > 0 {
		errs := make(map[string]string, len(p.Errors))
		for k, v := range p.Errors {
			errs[k] = translateDE(v)
		}
		p.Errors = errs
	}
}
