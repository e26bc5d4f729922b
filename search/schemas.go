package search

import (
	"strings"
	"time"
)

// JobSchema: openings. Searchable fields in order of importance.
var JobSchema = Schema{
	Kind: Jobs,
	Fields: []Field{
		{Name: "title", Type: Text, Searchable: true, Highlight: true},
		{Name: "roleTitle", Type: Text, Searchable: true},
		{Name: "skillNames", Type: Text, Searchable: true},
		{Name: "employer", Type: Text, Searchable: true, Highlight: true},
		{Name: "city", Type: Text, Searchable: true},
		{Name: "description", Type: Text, Searchable: true, Highlight: true},
		{Name: "role", Type: Keyword, Filterable: true, Facet: true},
		{Name: "employerId", Type: Keyword, Filterable: true},
		{Name: "cityKey", Type: Keyword, Filterable: true, Facet: true},
		{Name: "bundesland", Type: Keyword, Filterable: true, Facet: true},
		{Name: "postalCode", Type: Keyword, Filterable: true},
		{Name: "remote", Type: Keyword, Filterable: true, Facet: true},
		{Name: "employmentType", Type: Keyword, Filterable: true, Facet: true},
		{Name: "skills", Type: Keyword, Filterable: true, Facet: true},
		{Name: "salaryMin", Type: Number, Filterable: true, Sortable: true},
		{Name: "salaryMax", Type: Number, Filterable: true, Sortable: true},
		{Name: "salaryYearMax", Type: Number, Filterable: true, Sortable: true},
		{Name: "publishedAt", Type: Number, Filterable: true, Sortable: true},
		{Name: "fixedTerm", Type: Bool, Filterable: true},
		{Name: "salaryPeriod", Type: Keyword, Filterable: true},
		{Name: "lat", Type: Number},
		{Name: "lng", Type: Number},
	},
	Sorts: []SortSpec{{ByDate, "publishedAt"}, {BySalary, "salaryYearMax"}},
	Geo:   &GeoFields{Lat: "lat", Lng: "lng"},
}

// CourseSchema: courses, trainings and degrees from the curated content.
var CourseSchema = Schema{
	Kind: Courses,
	Fields: []Field{
		{Name: "title", Type: Text, Searchable: true, Highlight: true},
		{Name: "titleEn", Type: Text, Searchable: true},
		{Name: "qualification", Type: Text, Searchable: true},
		{Name: "skillNames", Type: Text, Searchable: true},
		{Name: "summary", Type: Text, Searchable: true, Highlight: true},
		{Name: "topics", Type: Text, Searchable: true},
		{Name: "format", Type: Keyword, Filterable: true, Facet: true},
		{Name: "providerType", Type: Keyword, Filterable: true, Facet: true},
		{Name: "skills", Type: Keyword, Filterable: true, Facet: true},
		{Name: "roles", Type: Keyword, Filterable: true, Facet: true},
		{Name: "durationMonths", Type: Number, Filterable: true, Sortable: true},
	},
}

// RoleSchema: role profiles from the curated content.
var RoleSchema = Schema{
	Kind: Roles,
	Fields: []Field{
		{Name: "title", Type: Text, Searchable: true, Highlight: true},
		{Name: "altTitles", Type: Text, Searchable: true},
		{Name: "titleEn", Type: Text, Searchable: true},
		{Name: "specializationNames", Type: Text, Searchable: true},
		{Name: "summary", Type: Text, Searchable: true, Highlight: true},
		{Name: "tasks", Type: Text, Searchable: true},
		{Name: "level", Type: Keyword, Filterable: true, Facet: true},
		{Name: "specializations", Type: Keyword, Filterable: true, Facet: true},
	},
}

// JobDoc is a job posting as the jobs index sees it. The openings feature
// builds it from a published posting.
type JobDoc struct {
	ID             string
	Title          string
	Role           string // content role slug
	RoleTitle      string
	EmployerID     string
	Employer       string
	City           string
	Bundesland     string // e.g. "BY", "BE" (ISO 3166-2:DE subdivision code without "DE-")
	PostalCode     string
	Remote         string // onsite, hybrid, remote
	EmploymentType string // vollzeit, teilzeit, minijob, ausbildung, werkstudent, praktikum
	FixedTerm      bool
	SalaryMin      float64
	SalaryMax      float64
	// SalaryPeriod is the period SalaryMin and SalaryMax are paid per:
	// year, month or hour.
	SalaryPeriod string
	// SalaryYearMax is SalaryMax as a full-time yearly equivalent, so
	// postings paid by year, month or hour, full or part time, compare
	// fairly; 0 when there is none (a Minijob paid by the month).
	SalaryYearMax float64
	// Lat and Lng are the coordinates of the place (HasGeo).
	Lat, Lng    float64
	HasGeo      bool
	Skills      []string // skill slugs
	SkillNames  []string
	Description string // plain text
	PublishedAt time.Time
}

// Document converts the posting for the index.
func (j JobDoc) Document() Document {
	d := Document{ID: j.ID, Fields: map[string]any{
		"title": j.Title, "roleTitle": j.RoleTitle, "skillNames": j.SkillNames, "employer": j.Employer,
		"city": j.City, "description": j.Description, "role": j.Role, "employerId": j.EmployerID,
		"cityKey": CityKey(j.City), "bundesland": j.Bundesland, "postalCode": j.PostalCode, "remote": j.Remote,
		"employmentType": j.EmploymentType, "skills": nonNil(j.Skills), "salaryMin": j.SalaryMin, "salaryMax": j.SalaryMax,
		// Seconds with microseconds: a saved search's "new since" must tell
		// apart a posting published in the same second as the last look.
		"publishedAt": float64(j.PublishedAt.UnixMicro()) / 1e6, "fixedTerm": j.FixedTerm, "salaryPeriod": j.SalaryPeriod,
	}}
	// A posting whose pay has no yearly equivalent is left out of salary
	// filters and sorts last by salary.
	if j.SalaryYearMax > 0 {
		d.Fields["salaryYearMax"] = j.SalaryYearMax
	}
	if j.HasGeo {
		d.Fields["lat"], d.Fields["lng"] = j.Lat, j.Lng
	}
	return d
}

// CityKey is the facet value of a city: its name as written, trimmed.
func CityKey(city string) string { return strings.Join(strings.Fields(city), " ") }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
