package jobs

import (
	"strconv"
	"time"
)

// JSON-LD of a posting: a schema.org JobPosting with every property Google
// for Jobs requires (title, description, datePosted, hiringOrganization,
// jobLocation, or jobLocationType TELECOMMUTE with
// applicantLocationRequirements) and those it recommends (validThrough,
// employmentType, baseSalary, identifier, directApply).

// JobPostingLD is the schema.org JobPosting.
type JobPostingLD struct {
	Context                       string           `json:"@context"`
	Type                          string           `json:"@type"`
	Title                         string           `json:"title"`
	Description                   string           `json:"description"`
	DatePosted                    string           `json:"datePosted"`
	ValidThrough                  string           `json:"validThrough,omitempty"`
	HiringOrganization            OrganizationLD   `json:"hiringOrganization"`
	JobLocation                   PlaceLD          `json:"jobLocation"`
	JobLocationType               string           `json:"jobLocationType,omitempty"`
	ApplicantLocationRequirements *CountryLD       `json:"applicantLocationRequirements,omitempty"`
	EmploymentType                any              `json:"employmentType"`
	BaseSalary                    MonetaryAmountLD `json:"baseSalary"`
	Identifier                    PropertyValueLD  `json:"identifier"`
	DirectApply                   bool             `json:"directApply"`
	Skills                        []string         `json:"skills,omitempty"`
	Responsibilities              []string         `json:"responsibilities,omitempty"`
	JobBenefits                   []string         `json:"jobBenefits,omitempty"`
	EducationRequirements         string           `json:"educationRequirements,omitempty"`
	ExperienceRequirements        *ExperienceLD    `json:"experienceRequirements,omitempty"`
	JobStartDate                  string           `json:"jobStartDate,omitempty"`
	WorkHours                     string           `json:"workHours,omitempty"`
}

// OrganizationLD is the hiring organisation.
type OrganizationLD struct {
	Type   string `json:"@type"`
	Name   string `json:"name"`
	SameAs string `json:"sameAs,omitempty"`
}

// PlaceLD is the job's place.
type PlaceLD struct {
	Type    string          `json:"@type"`
	Address PostalAddressLD `json:"address"`
}

// PostalAddressLD is a German address.
type PostalAddressLD struct {
	Type            string `json:"@type"`
	StreetAddress   string `json:"streetAddress,omitempty"`
	PostalCode      string `json:"postalCode"`
	AddressLocality string `json:"addressLocality"`
	AddressRegion   string `json:"addressRegion"`
	AddressCountry  string `json:"addressCountry"`
}

// CountryLD is a country applicants must be able to work in.
type CountryLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// MonetaryAmountLD is the salary range.
type MonetaryAmountLD struct {
	Type     string         `json:"@type"`
	Currency string         `json:"currency"`
	Value    QuantitativeLD `json:"value"`
}

// QuantitativeLD is a range with its unit.
type QuantitativeLD struct {
	Type     string  `json:"@type"`
	MinValue float64 `json:"minValue"`
	MaxValue float64 `json:"maxValue"`
	UnitText string  `json:"unitText"`
}

// PropertyValueLD is the employer-side identifier of the posting.
type PropertyValueLD struct {
	Type  string `json:"@type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ExperienceLD is the required experience in months.
type ExperienceLD struct {
	Type               string `json:"@type"`
	MonthsOfExperience int    `json:"monthsOfExperience"`
}

// employmentTypes maps our types to Google's values.
var employmentTypes = map[string]string{
	"vollzeit": "FULL_TIME", "teilzeit": "PART_TIME", "minijob": "PART_TIME",
	"ausbildung": "OTHER", "werkstudent": "PART_TIME", "praktikum": "INTERN",
}

var unitTexts = map[string]string{PerYear: "YEAR", PerMonth: "MONTH", PerHour: "HOUR"}

// JSONLD returns the posting's JobPosting.
func (p *Posting) JSONLD() JobPostingLD {
	ld := JobPostingLD{
		Context: "https://schema.org/", Type: "JobPosting",
		Title: p.Title, Description: p.DescriptionHTML,
		HiringOrganization: OrganizationLD{Type: "Organization", Name: p.Employer.Name, SameAs: p.Employer.Website},
		JobLocation: PlaceLD{Type: "Place", Address: PostalAddressLD{Type: "PostalAddress", StreetAddress: p.Location.Street,
			PostalCode: p.Location.PostalCode, AddressLocality: p.Location.City, AddressRegion: p.Location.Bundesland, AddressCountry: "DE"}},
		BaseSalary: MonetaryAmountLD{Type: "MonetaryAmount", Currency: p.Salary.Currency, Value: QuantitativeLD{Type: "QuantitativeValue",
			MinValue: p.Salary.Min, MaxValue: p.Salary.Max, UnitText: unitTexts[p.Salary.Period]}},
		Identifier:            PropertyValueLD{Type: "PropertyValue", Name: p.Employer.Name, Value: p.ID},
		DirectApply:           p.Apply.Method == "platform",
		Skills:                p.SkillNames,
		Responsibilities:      p.Tasks,
		JobBenefits:           p.Benefits,
		EducationRequirements: p.Education,
		JobStartDate:          p.StartDate,
	}
	if p.PublishedAt != nil {
		ld.DatePosted = p.PublishedAt.UTC().Format(time.DateOnly)
	}
	if p.ValidThrough != nil {
		ld.ValidThrough = p.ValidThrough.UTC().Format(time.RFC3339)
	}
	if p.Remote.Mode == "remote" {
		ld.JobLocationType = "TELECOMMUTE"
		ld.ApplicantLocationRequirements = &CountryLD{Type: "Country", Name: "DE"}
	}
	et := employmentTypes[p.Employment.Type]
	if p.Employment.FixedTerm {
		ld.EmploymentType = []string{et, "TEMPORARY"}
	} else {
		ld.EmploymentType = et
	}
	if p.ExperienceYears > 0 {
		ld.ExperienceRequirements = &ExperienceLD{Type: "OccupationalExperienceRequirements", MonthsOfExperience: p.ExperienceYears * 12}
	}
	if p.Employment.HoursPerWeek > 0 {
		ld.WorkHours = formatHours(p.Employment.HoursPerWeek)
	}
	return ld
}

func formatHours(h float64) string {
	return strconv.FormatFloat(h, 'f', -1, 64) + " Stunden pro Woche"
}
