package jobs

import (
	"github.com/laufbahn/laufbahn/search/places"
)

// FullTimeHours is the weekly hours of a full-time job, the base of the
// yearly equivalent.
const FullTimeHours = 40

// YearlyEquivalent converts an amount of the posting's pay to what it comes
// to over a full-time year (HoursPerYear hours), so pay per hour, month or
// year and full- or part-time jobs compare fairly in salary filters and
// sorting. A monthly or yearly amount for fewer hours (Teilzeit, Minijob,
// Werkstudent) is scaled up by the hours; without the hours it has no
// equivalent and ok is false: such a posting is never compared as if it
// were full-time.
func (p *Posting) YearlyEquivalent(amount float64) (yearly float64, ok bool) {
	if amount <= 0 {
		return 0, false
	}
	if p.Salary.Period == PerHour {
		return amount * HoursPerYear, true
	}
	switch p.Employment.Type {
	case "teilzeit", "minijob", "werkstudent":
		h := p.Employment.HoursPerWeek
		if h <= 0 || h > FullTimeHours {
			return 0, false
		}
		return p.Salary.Annual(amount) * FullTimeHours / h, true
	}
	return p.Salary.Annual(amount), true
}

// place finds the posting's place in the gazetteer: by city within its
// Bundesland, else by city alone.
func (p *Posting) place() (places.Place, bool) {
	g := places.Germany()
	if pl, ok := g.LookupIn(p.Location.City, p.Location.Bundesland); ok && pl.Bundesland == p.Location.Bundesland {
		return pl, true
	}
	return g.Lookup(p.Location.City)
}
