package jobs

import (
	"math"
	"testing"
)

func TestYearlyEquivalent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		typ    string
		hours  float64
		period string
		amount float64
		want   float64
		ok     bool
	}{
		{"full time per year", "vollzeit", 0, PerYear, 44000, 44000, true},
		{"full time per month", "vollzeit", 0, PerMonth, 3500, 42000, true},
		{"per hour", "teilzeit", 20, PerHour, 17, 17 * 2080, true},
		{"part time per month, 20 h", "teilzeit", 20, PerMonth, 1750, 42000, true},
		{"part time per year, 30 h", "teilzeit", 30, PerYear, 30000, 40000, true},
		{"minijob per month without hours", "minijob", 0, PerMonth, 538, 0, false},
		{"minijob per month, 10 h", "minijob", 10, PerMonth, 538, 538 * 12 * 4, true},
		{"werkstudent per month without hours", "werkstudent", 0, PerMonth, 1200, 0, false},
		{"no pay", "vollzeit", 0, PerYear, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Posting{}
			p.Employment.Type, p.Employment.HoursPerWeek = tc.typ, tc.hours
			p.Salary.Period = tc.period
			got, ok := p.YearlyEquivalent(tc.amount)
			if ok != tc.ok || math.Abs(got-tc.want) > 0.001 {
				t.Errorf("YearlyEquivalent(%v) = %v, %v; want %v, %v", tc.amount, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestJobDocHasPlaceAndPay(t *testing.T) {
	p := &Posting{ID: "p_1"}
	p.Location = Location{City: "Muenchen", Bundesland: "BY", PostalCode: "80331"}
	p.Employment.Type, p.Employment.HoursPerWeek = "teilzeit", 20
	p.Salary = Salary{Min: 1500, Max: 1750, Period: PerMonth, Currency: "EUR"}
	d := p.JobDoc()
	if !d.HasGeo || math.Abs(d.Lat-48.137) > 0.01 || math.Abs(d.Lng-11.575) > 0.01 {
		t.Errorf("coordinates = %v %v %v, want München's", d.HasGeo, d.Lat, d.Lng)
	}
	if d.SalaryPeriod != PerMonth || d.SalaryYearMax != 42000 {
		t.Errorf("pay = %s %v, want month and a full-time equivalent of 42000", d.SalaryPeriod, d.SalaryYearMax)
	}
	doc := d.Document()
	if doc.Fields["lat"] == nil || doc.Fields["salaryYearMax"] != 42000.0 {
		t.Errorf("document fields = %v", doc.Fields)
	}
	// An unknown place has no coordinates; a Minijob per month without
	// hours has no yearly figure and is left out of salary filters.
	p.Location.City = "Atlantis"
	p.Employment = Employment{Type: "minijob"}
	d = p.JobDoc()
	if d.HasGeo || d.SalaryYearMax != 0 {
		t.Errorf("JobDoc = %+v", d)
	}
	if _, ok := d.Document().Fields["salaryYearMax"]; ok {
		t.Error("a posting without a yearly figure carries salaryYearMax")
	}
}
