package jobs

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Warning is a quality hint: the posting is valid, but would do better with
// a change. Warnings never block saving or publishing.
type Warning struct {
	// Code is stable for clients, e.g. "title_gender_marker".
	Code  string `json:"code"`
	Field string `json:"field"`
	// Message is in English until Localize picks the request's language.
	Message string `json:"message"`
	de      string
}

// LocalizeWarnings returns the warnings with their messages in lang ("de"
// or "en"); codes and field names stay as they are.
func LocalizeWarnings(ws []Warning, lang string) []Warning {
	out := make([]Warning, len(ws))
	for i, w := range ws {
		out[i] = w
		if lang == "de" && w.de != "" {
			out[i].Message = w.de
		}
	}
	return out
}

// Thresholds of the quality check.
const (
	// MinDescriptionChars is the plain-text length below which a
	// description is called very short.
	MinDescriptionChars = 400
	// WideSalaryFactor: a range whose maximum is more than this times its
	// minimum says little about the pay.
	WideSalaryFactor = 1.5
)

// genderMarkerRe finds the customary German gender marker: (m/w/d),
// (w/m/d), (m/w/x), (all genders) and the like.
var genderMarkerRe = regexp.MustCompile(`(?i)\((?:[mwdfx]|div)(?:\s*/\s*(?:[mwdfx]|div|divers)){1,3}\)|\(all genders\)|\(alle geschlechter\)`)

// CodeRequiredToPublish is the warning code of a field a draft still
// lacks and publishing requires.
const CodeRequiredToPublish = "required_to_publish"

// Missing is a field a draft lacks that publishing requires.
type Missing struct {
	Field  string
	en, de string
}

// MissingToPublish lists the fields in lacks that publishing requires:
// what Google for Jobs requires of a JobPosting (title, description,
// employmentType, jobLocation; datePosted, validThrough and
// hiringOrganization are set on publishing), what our search needs (the
// role, remote mode) and the salary range the EU pay transparency directive
// (2023/970, art. 5) asks for. Validate refuses the same fields.
func MissingToPublish(in *Input) []Missing {
	var out []Missing
	miss := func(cond bool, field, en, de string) {
		if cond {
			out = append(out, Missing{Field: field, en: en, de: de})
		}
	}
	miss(in.Title == "", "title", "required to publish: the title (Google for Jobs: title)", "zum Veröffentlichen nötig: der Titel (Google for Jobs: title)")
	miss(in.Role == "", "role", "required to publish: the occupation of the job, one of our role profiles", "zum Veröffentlichen nötig: der Beruf der Stelle, eines unserer Berufsprofile")
	miss(strings.TrimSpace(in.Description) == "", "description", "required to publish: the description (Google for Jobs: description)",
		"zum Veröffentlichen nötig: die Beschreibung (Google for Jobs: description)")
	miss(in.Location.PostalCode == "", "location.postalCode", "required to publish: the postal code of the place of work (Google for Jobs: jobLocation)",
		"zum Veröffentlichen nötig: die Postleitzahl des Arbeitsorts (Google for Jobs: jobLocation)")
	miss(in.Location.City == "", "location.city", "required to publish: the town of the place of work (Google for Jobs: jobLocation)",
		"zum Veröffentlichen nötig: der Ort des Arbeitsplatzes (Google for Jobs: jobLocation)")
	miss(in.Location.Bundesland == "", "location.bundesland", "required to publish: the federal state of the place of work (Google for Jobs: jobLocation)",
		"zum Veröffentlichen nötig: das Bundesland des Arbeitsorts (Google for Jobs: jobLocation)")
	miss(in.Remote.Mode == "", "remote.mode", "required to publish: on site, hybrid or remote (Google for Jobs: jobLocationType)",
		"zum Veröffentlichen nötig: vor Ort, hybrid oder remote (Google for Jobs: jobLocationType)")
	miss(in.Employment.Type == "", "employment.type", "required to publish: the employment type (Google for Jobs: employmentType)",
		"zum Veröffentlichen nötig: die Anstellungsart (Google for Jobs: employmentType)")
	miss(in.Apply.Method == "", "apply.method", "required to publish: how to apply", "zum Veröffentlichen nötig: wie man sich bewirbt")
	miss(in.Salary.Min <= 0, "salary.min", "required to publish: the lowest pay offered (EU pay transparency directive; Google for Jobs: baseSalary)",
		"zum Veröffentlichen nötig: das niedrigste angebotene Gehalt (EU-Entgelttransparenzrichtlinie; Google for Jobs: baseSalary)")
	miss(in.Salary.Max <= 0, "salary.max", "required to publish: the highest pay offered (EU pay transparency directive; Google for Jobs: baseSalary)",
		"zum Veröffentlichen nötig: das höchste angebotene Gehalt (EU-Entgelttransparenzrichtlinie; Google for Jobs: baseSalary)")
	miss(in.Salary.Period == "", "salary.period", "required to publish: whether the pay is per year, month or hour (Google for Jobs: baseSalary.unitText)",
		"zum Veröffentlichen nötig: ob das Gehalt pro Jahr, Monat oder Stunde gilt (Google for Jobs: baseSalary.unitText)")
	return out
}

// Quality checks a valid posting and returns its warnings: fields Google
// for Jobs recommends (street address, start date, benefits), a very short
// description, a title without "(m/w/d)", a very wide salary range, and
// the like. A draft's warnings start with the fields publishing still
// requires (CodeRequiredToPublish, see MissingToPublish). descriptionText is
// the rendered description as plain text.
func Quality(in *Input, descriptionText string, now time.Time) []Warning {
	w := []Warning{}
	// add keeps the message in English and German (the same arguments).
	add := func(code, field, en, de string, args ...any) {
		w = append(w, Warning{Code: code, Field: field, Message: fmt.Sprintf(en, args...), de: fmt.Sprintf(de, args...)})
	}
	for _, m := range MissingToPublish(in) {
		w = append(w, Warning{Code: CodeRequiredToPublish, Field: m.Field, Message: m.en, de: m.de})
	}
	if in.Title != "" && !genderMarkerRe.MatchString(in.Title) {
		add("title_gender_marker", "title", "the title lacks the customary gender marker \"(m/w/d)\"; the AGG asks job ads to address all genders",
			"dem Titel fehlt der übliche Hinweis \"(m/w/d)\"; nach dem AGG sollen Stellenanzeigen alle Geschlechter ansprechen")
	}
	if n := utf8.RuneCountInString(in.Title); n > 80 {
		add("title_long", "title", "a title of %d characters is cut off in search results; keep it under 80",
			"ein Titel mit %d Zeichen wird in Suchergebnissen abgeschnitten; bleiben Sie unter 80", n)
	}
	if n := utf8.RuneCountInString(descriptionText); n < MinDescriptionChars {
		add("description_short", "description", "the description has %d characters; postings with at least %d (tasks, profile, what you offer) get more applications",
			"die Beschreibung hat %d Zeichen; Anzeigen mit mindestens %d (Aufgaben, Profil, was Sie bieten) bekommen mehr Bewerbungen", n, MinDescriptionChars)
	}
	if len(in.Tasks) == 0 {
		add("tasks_missing", "tasks", "list the main tasks", "nennen Sie die wichtigsten Aufgaben")
	}
	if len(in.Skills) == 0 {
		add("skills_missing", "skills", "name the skills you need, so matching learners find the posting",
			"nennen Sie die gesuchten Fähigkeiten, damit passende Lernende die Anzeige finden")
	}
	if in.Location.Street == "" {
		add("street_missing", "location.street", "Google for Jobs recommends the street address (jobLocation.address.streetAddress)",
			"Google for Jobs empfiehlt die Straße und Hausnummer (jobLocation.address.streetAddress)")
	}
	if in.StartDate == "" {
		add("start_date_missing", "startDate", "no start date: the posting says \"ab sofort\"", "kein Eintrittsdatum: die Anzeige sagt \"ab sofort\"")
	} else if d, err := time.Parse(time.DateOnly, in.StartDate); err == nil && d.Before(now.Truncate(24*time.Hour)) {
		add("start_date_past", "startDate", "the start date is in the past", "das Eintrittsdatum liegt in der Vergangenheit")
	}
	if len(in.Benefits) == 0 {
		add("benefits_missing", "benefits", "name what you offer besides pay (holidays, flexible hours, training)",
			"nennen Sie, was Sie außer dem Gehalt bieten (Urlaub, flexible Arbeitszeiten, Weiterbildung)")
	}
	if in.Contact == nil {
		add("contact_missing", "contact", "a named contact person makes applying easier", "eine namentlich genannte Ansprechperson erleichtert die Bewerbung")
	}
	if in.Salary.Min > 0 && in.Salary.Max > in.Salary.Min*WideSalaryFactor {
		add("salary_wide", "salary", "the salary range is unusually wide (the maximum is %.1f times the minimum); a narrower range tells applicants more",
			"die Gehaltsspanne ist ungewöhnlich breit (das Maximum ist das %.1f-Fache des Minimums); eine engere Spanne sagt Bewerbenden mehr", in.Salary.Max/in.Salary.Min)
	}
	if in.Salary.Period == PerYear && in.Salary.Min > 0 && in.Salary.Min < 1000 {
		add("salary_period", "salary.period", "a yearly salary below 1000 EUR: is the period right?", "ein Jahresgehalt unter 1000 EUR: stimmt der Zeitraum?")
	}
	if in.Salary.Period == PerHour && in.Salary.Max > 200 {
		add("salary_period", "salary.period", "an hourly rate above 200 EUR: is the period right?", "ein Stundenlohn über 200 EUR: stimmt der Zeitraum?")
	}
	if in.ValidThrough != nil && in.ValidThrough.Sub(now) > 90*24*time.Hour {
		add("valid_through_far", "validThrough", "postings older than 90 days look stale; publish for a shorter time and extend",
			"Anzeigen, die älter als 90 Tage sind, wirken veraltet; veröffentlichen Sie kürzer und verlängern Sie bei Bedarf")
	}
	return w
}
