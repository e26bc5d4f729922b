package searchtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// Vocabulary is what generated postings are made of. The caller fills it,
// usually from the curated content (roles, skills, task sentences), so the
// search package does not depend on the content package.
type Vocabulary struct {
	Roles  []VocabRole
	Skills []VocabSkill
	// Tasks are task sentences ("Termine koordinieren") used when a role
	// has none of its own.
	Tasks []string
}

// VocabRole is a role postings are written for.
type VocabRole struct {
	Slug string
	// Title is the gendered role title, e.g. "Backoffice-Manager/in".
	Title string
	// Tasks are the role's task sentences; optional.
	Tasks []string
}

// VocabSkill is a skill postings ask for.
type VocabSkill struct {
	Slug string
	Name string
}

// city is a place postings are in.
type city struct {
	name       string
	bundesland string // ISO 3166-2:DE code without "DE-"
	postal     []string
	weight     int // roughly the size of its job market
}

// cities: the largest German cities with their Bundesland and postal code
// prefixes (first two digits of their Postleitzahlen).
var cities = []city{
	{"Berlin", "BE", []string{"10", "12", "13"}, 40},
	{"Hamburg", "HH", []string{"20", "21", "22"}, 25},
	{"München", "BY", []string{"80", "81"}, 24},
	{"Köln", "NW", []string{"50", "51"}, 16},
	{"Frankfurt am Main", "HE", []string{"60", "65"}, 16},
	{"Stuttgart", "BW", []string{"70"}, 11},
	{"Düsseldorf", "NW", []string{"40"}, 11},
	{"Leipzig", "SN", []string{"04"}, 8},
	{"Dortmund", "NW", []string{"44"}, 7},
	{"Essen", "NW", []string{"45"}, 7},
	{"Bremen", "HB", []string{"28"}, 7},
	{"Dresden", "SN", []string{"01"}, 7},
	{"Hannover", "NI", []string{"30"}, 7},
	{"Nürnberg", "BY", []string{"90"}, 6},
	{"Duisburg", "NW", []string{"47"}, 4},
	{"Bochum", "NW", []string{"44"}, 4},
	{"Wuppertal", "NW", []string{"42"}, 4},
	{"Bielefeld", "NW", []string{"33"}, 4},
	{"Bonn", "NW", []string{"53"}, 4},
	{"Münster", "NW", []string{"48"}, 4},
	{"Mannheim", "BW", []string{"68"}, 4},
	{"Karlsruhe", "BW", []string{"76"}, 4},
	{"Augsburg", "BY", []string{"86"}, 3},
	{"Wiesbaden", "HE", []string{"65"}, 3},
	{"Mainz", "RP", []string{"55"}, 3},
	{"Kiel", "SH", []string{"24"}, 3},
	{"Magdeburg", "ST", []string{"39"}, 2},
	{"Erfurt", "TH", []string{"99"}, 2},
	{"Rostock", "MV", []string{"18"}, 2},
	{"Potsdam", "BB", []string{"14"}, 2},
	{"Saarbrücken", "SL", []string{"66"}, 2},
	{"Schwerin", "MV", []string{"19"}, 1},
	{"Regensburg", "BY", []string{"93"}, 2},
	{"Freiburg im Breisgau", "BW", []string{"79"}, 2},
	{"Lübeck", "SH", []string{"23"}, 2},
	{"Osnabrück", "NI", []string{"49"}, 2},
	{"Würzburg", "BY", []string{"97"}, 2},
}

var (
	departments = []string{"Vertrieb", "Einkauf", "Personal", "Buchhaltung", "Logistik", "Kundenservice",
		"Verwaltung", "Geschäftsführung", "Marketing", "Auftragsabwicklung", "Finanzen", "Empfang"}
	// generic titles that do not follow a role title; role is the content
	// role slug they are filed under when the vocabulary has it.
	genericTitles = []struct{ title, role string }{
		{"Kaufmann/-frau für Büromanagement", "backoffice-mitarbeiter"},
		{"Sachbearbeiter/in Buchhaltung", "backoffice-mitarbeiter"},
		{"Sachbearbeitung Auftragsabwicklung", "backoffice-mitarbeiter"},
		{"Assistenz der Geschäftsführung", "backoffice-manager"},
		{"Teamassistenz", "backoffice-mitarbeiter"},
		{"Office-Manager/in", "backoffice-manager"},
		{"Büroleitung", "bueroleiter"},
		{"Bürokraft", "backoffice-mitarbeiter"},
		{"Verwaltungsangestellte/r", "backoffice-mitarbeiter"},
		{"Empfangskraft", "backoffice-mitarbeiter"},
		{"Mitarbeiter/in Innendienst", "backoffice-mitarbeiter"},
		{"Administrator/in Back Office", "back-office-administrator"},
	}
	surnames = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
		"Hoffmann", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
		"Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler"}
	brands = []string{"Nordlicht", "Alpenblick", "Rheinwerk", "Elbtal", "Spreeblick", "Hansa", "Mainufer", "Isartal",
		"Weserland", "Sonnenhof", "Lindenbaum", "Eichenwald", "Brückner", "Kompass", "Leuchtturm", "Blauwal"}
	industries = []string{"Logistik", "Immobilien", "Steuerberatung", "Versicherungen", "Medizintechnik", "Maschinenbau",
		"Handel", "Software", "Gebäudetechnik", "Pflege", "Energie", "Bau", "Personaldienstleistungen", "Reisen"}
	legalForms = []string{"GmbH", "GmbH & Co. KG", "AG", "KG", "e. V.", "mbH"}
	intros     = []string{
		"Die %s sucht zum nächstmöglichen Zeitpunkt eine/n %s für den Standort %s.",
		"Für unser Team in %[3]s suchen wir, die %[1]s, ab sofort eine/n %[2]s.",
		"Als wachsendes Unternehmen sucht die %s Verstärkung: %s in %s.",
		"Wir, die %s, besetzen in %[3]s die Stelle als %[2]s.",
	}
	profileLines = []string{
		"Wir wünschen uns Stärken im Bereich %s.",
		"Wichtig sind uns Kenntnisse im Bereich %s.",
		"Im Bereich %s bringen Sie Erfahrung mit.",
		"Ein Plus sind Kenntnisse im Bereich %s.",
	}
	studentAreas   = []string{"Backoffice", "Office Management", "Buchhaltung", "Verwaltung", "Vertrieb", "Personal"}
	qualifications = []string{
		"Eine abgeschlossene kaufmännische Ausbildung, etwa als Kaufmann oder Kauffrau für Büromanagement, setzen wir voraus.",
		"Sie haben eine kaufmännische Ausbildung oder eine vergleichbare Qualifikation.",
		"Berufserfahrung im Backoffice oder in der Verwaltung ist wünschenswert.",
		"Auch Quereinsteiger mit Erfahrung in der Büroorganisation sind willkommen.",
		"Sie arbeiten strukturiert, zuverlässig und behalten auch in hektischen Zeiten den Überblick.",
	}
	offers = []string{
		"Wir bieten flexible Arbeitszeiten und die Möglichkeit zum mobilen Arbeiten.",
		"Es erwarten Sie 30 Tage Urlaub, ein Jobticket und betriebliche Altersvorsorge.",
		"Sie erhalten eine strukturierte Einarbeitung und regelmäßige Weiterbildungen.",
		"Ein kollegiales Team, kurze Entscheidungswege und ein moderner Arbeitsplatz warten auf Sie.",
		"Wir zahlen Urlaubs- und Weihnachtsgeld sowie Zuschüsse zum Mittagessen.",
	}
	closings = []string{
		"Wir freuen uns auf Ihre Bewerbung mit Angabe Ihrer Gehaltsvorstellung.",
		"Bitte senden Sie uns Ihre vollständigen Bewerbungsunterlagen über unser Karriereportal.",
		"Schwerbehinderte Bewerberinnen und Bewerber werden bei gleicher Eignung bevorzugt berücksichtigt.",
	}
)

// genEpoch is the newest publication date of generated postings, fixed so
// a seed always gives the same postings.
var genEpoch = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// GenerateJobs returns n realistic German back-office postings built from v,
// the same for the same seed: titles such as "Backoffice-Mitarbeiter (m/w/d)
// Vertrieb" or "Büroleitung (m/w/d) in Teilzeit", cities with their
// Bundesland and postal code, salaries by employment type, skills and a
// description of several sentences. v needs at least one role and skill.
func GenerateJobs(n int, seed int64, v Vocabulary) []search.JobDoc {
	if len(v.Roles) == 0 || len(v.Skills) == 0 {
		panic("searchtest.GenerateJobs: the vocabulary needs roles and skills")
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x4c617566626168))
	totalWeight := 0
	for _, c := range cities {
		totalWeight += c.weight
	}
	roleBySlug := map[string]VocabRole{}
	for _, ro := range v.Roles {
		roleBySlug[ro.Slug] = ro
	}
	employers := make([]string, 0, 400)
	for i := 0; i < 400; i++ {
		switch i % 3 {
		case 0:
			employers = append(employers, fmt.Sprintf("%s %s %s", pick(r, brands), pick(r, industries), pick(r, legalForms)))
		case 1:
			employers = append(employers, fmt.Sprintf("%s & %s %s %s", pick(r, surnames), pick(r, surnames), pick(r, industries), pick(r, legalForms)))
		default:
			employers = append(employers, fmt.Sprintf("%s %s", pick(r, surnames), pick(r, legalForms)))
		}
	}

	jobs := make([]search.JobDoc, n)
	for i := range jobs {
		// Role and title.
		role := v.Roles[r.IntN(len(v.Roles))]
		base, generic := postingTitle(role.Title), false
		if r.IntN(3) == 0 {
			g := genericTitles[r.IntN(len(genericTitles))]
			if ro, ok := roleBySlug[g.role]; ok {
				role, base, generic = ro, postingTitle(g.title), true
			}
		}
		employment := pickWeighted(r, []string{"vollzeit", "teilzeit", "minijob", "ausbildung", "werkstudent", "praktikum"},
			[]int{55, 25, 4, 5, 8, 3})
		title := base + " (m/w/d)"
		switch employment {
		case "ausbildung":
			title = "Ausbildung Kaufmann/-frau für Büromanagement (m/w/d)"
		case "werkstudent":
			title = "Werkstudent " + pick(r, studentAreas) + " (m/w/d)"
		case "praktikum":
			title = "Praktikum " + pick(r, studentAreas) + " (m/w/d)"
		case "minijob":
			title += " auf Minijob-Basis"
		default:
			switch x := r.IntN(10); {
			case x < 3 && !generic:
				title += " " + pick(r, departments)
			case x < 4 && employment == "vollzeit":
				title = "Junior " + title
			case x < 5 && employment == "vollzeit":
				title = "Senior " + title
			case x < 7 && employment == "teilzeit":
				title += " in Teilzeit"
			case x < 8 && !generic:
				title = base + " " + pick(r, departments) + " (m/w/d)"
			}
		}

		// Place.
		c := cities[len(cities)-1]
		for w, j := r.IntN(totalWeight), 0; j < len(cities); j++ {
			if w < cities[j].weight {
				c = cities[j]
				break
			}
			w -= cities[j].weight
		}
		postal := pick(r, c.postal) + fmt.Sprintf("%03d", r.IntN(1000))
		ei := r.IntN(len(employers))
		employer := employers[ei]

		// Pay.
		lo, hi, year, period := salary(r, employment)
		if f := map[string]float64{"Junior": 0.85, "Senior": 1.2}[strings.Fields(title)[0]]; f > 0 {
			lo, hi, year = math.Round(lo*f/500)*500, math.Round(hi*f/500)*500, math.Round(year*f/500)*500
		}

		// Skills.
		perm := r.Perm(len(v.Skills))
		k := min(len(v.Skills), 3+r.IntN(5))
		skills := make([]string, k)
		skillNames := make([]string, k)
		for j := range k {
			skills[j] = v.Skills[perm[j]].Slug
			skillNames[j] = v.Skills[perm[j]].Name
		}

		// Description.
		var d strings.Builder
		fmt.Fprintf(&d, pick(r, intros), employer, base, c.name)
		tasks := role.Tasks
		if len(tasks) == 0 {
			tasks = v.Tasks
		}
		if len(tasks) > 0 {
			d.WriteString(" Ihre Aufgaben:")
			tp := r.Perm(len(tasks))
			for j := range min(len(tasks), 3+r.IntN(3)) {
				d.WriteString(" ")
				d.WriteString(strings.TrimSuffix(tasks[tp[j]], "."))
				d.WriteString(".")
			}
		}
		d.WriteString(" Ihr Profil: ")
		d.WriteString(pick(r, qualifications))
		for j := range min(k, 2) {
			d.WriteString(" ")
			fmt.Fprintf(&d, pick(r, profileLines), skillNames[j])
		}
		d.WriteString(" ")
		d.WriteString(pick(r, offers))
		d.WriteString(" ")
		d.WriteString(pick(r, closings))

		jobs[i] = search.JobDoc{
			ID:             fmt.Sprintf("gen-%d-%06d", seed, i),
			Title:          title,
			Role:           role.Slug,
			RoleTitle:      role.Title,
			EmployerID:     fmt.Sprintf("emp-%04d", ei),
			Employer:       employer,
			City:           c.name,
			Bundesland:     c.bundesland,
			PostalCode:     postal,
			Remote:         pickWeighted(r, []string{"onsite", "hybrid", "remote"}, []int{50, 40, 10}),
			EmploymentType: employment,
			FixedTerm:      r.IntN(5) == 0,
			SalaryMin:      lo,
			SalaryMax:      hi,
			SalaryPeriod:   period,
			SalaryYearMax:  year,
			Skills:         skills,
			SkillNames:     skillNames,
			Description:    d.String(),
			PublishedAt:    genEpoch.Add(-time.Duration(r.IntN(60*24*60)) * time.Minute),
		}
	}
	// Coordinates from the gazetteer, as the jobs package sets them.
	for i := range jobs {
		if p, ok := places.Germany().LookupIn(jobs[i].City, jobs[i].Bundesland); ok {
			jobs[i].Lat, jobs[i].Lng, jobs[i].HasGeo = p.Lat, p.Lng, true
		}
	}
	return jobs
}

// postingTitle turns a gendered role title into a posting title without
// the gender suffix: "Backoffice-Manager/in" → "Backoffice-Manager".
func postingTitle(t string) string {
	t = strings.ReplaceAll(t, "/in ", " ")
	return strings.TrimSuffix(strings.TrimSuffix(t, "/in"), "/r")
}

// salary returns the advertised range, its full-time yearly equivalent
// (as package jobs computes it) and its period: yearly for full- and
// part-time (part-time for 25 hours a week), monthly for mini-jobs (no
// equivalent: the hours are not given), apprenticeships and internships,
// hourly for working students.
func salary(r *rand.Rand, employment string) (lo, hi, yearMax float64, period string) {
	round := func(x, to float64) float64 { return math.Round(x/to) * to }
	switch employment {
	case "vollzeit":
		lo = round(32000+r.Float64()*22000, 500)
		hi = lo + round(3000+r.Float64()*9000, 500)
		return lo, hi, hi, "year"
	case "teilzeit":
		lo = round(18000+r.Float64()*14000, 500)
		hi = lo + round(2000+r.Float64()*5000, 500)
		return lo, hi, hi * 40 / 25, "year"
	case "minijob":
		return 538, 556, 0, "month"
	case "ausbildung":
		lo = round(950+r.Float64()*250, 10)
		hi = lo + 200
		return lo, hi, hi * 12, "month"
	case "praktikum":
		lo = round(600+r.Float64()*900, 50)
		return lo, lo, lo * 12, "month"
	default: // werkstudent
		lo = round(13.5+r.Float64()*3, 0.5)
		hi = lo + 2
		return lo, hi, hi * 40 * 52, "hour"
	}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func pickWeighted(r *rand.Rand, xs []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x -= w; x < 0 {
			return xs[i]
		}
	}
	return xs[len(xs)-1]
}
