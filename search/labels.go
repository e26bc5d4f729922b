package search

// Label is a value's name in German and English.
type Label struct{ DE, EN string }

// In returns the label in lang, German by default.
func (l Label) In(lang string) string {
	if lang == "en" {
		return l.EN
	}
	return l.DE
}

// Bundeslaender maps the ISO 3166-2:DE subdivision codes (without "DE-")
// used in job documents to their names.
var Bundeslaender = map[string]Label{
	"BW": {"Baden-Württemberg", "Baden-Württemberg"},
	"BY": {"Bayern", "Bavaria"},
	"BE": {"Berlin", "Berlin"},
	"BB": {"Brandenburg", "Brandenburg"},
	"HB": {"Bremen", "Bremen"},
	"HH": {"Hamburg", "Hamburg"},
	"HE": {"Hessen", "Hesse"},
	"MV": {"Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"},
	"NI": {"Niedersachsen", "Lower Saxony"},
	"NW": {"Nordrhein-Westfalen", "North Rhine-Westphalia"},
	"RP": {"Rheinland-Pfalz", "Rhineland-Palatinate"},
	"SL": {"Saarland", "Saarland"},
	"SN": {"Sachsen", "Saxony"},
	"ST": {"Sachsen-Anhalt", "Saxony-Anhalt"},
	"SH": {"Schleswig-Holstein", "Schleswig-Holstein"},
	"TH": {"Thüringen", "Thuringia"},
}

// RemoteModes are the values of a job's remote field.
var RemoteModes = map[string]Label{
	"onsite": {"Vor Ort", "On site"},
	"hybrid": {"Hybrid", "Hybrid"},
	"remote": {"Remote", "Remote"},
}

// EmploymentTypes are the values of a job's employmentType field.
var EmploymentTypes = map[string]Label{
	"vollzeit":    {"Vollzeit", "Full time"},
	"teilzeit":    {"Teilzeit", "Part time"},
	"minijob":     {"Minijob", "Mini job"},
	"ausbildung":  {"Ausbildung", "Apprenticeship"},
	"werkstudent": {"Werkstudent/in", "Working student"},
	"praktikum":   {"Praktikum", "Internship"},
}
