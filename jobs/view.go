package jobs

import "time"

// PublicView is a posting as the public sees it: the JSON of GET
// /api/v1/jobs/{id} and what the website's job page shows. Both surfaces
// build it here, so they show the same facts.
type PublicView struct {
	ID              string                 `json:"id"`
	State           State                  `json:"state"`
	CloseReason     string                 `json:"closeReason,omitempty"`
	Employer        Employer               `json:"employer"`
	Title           string                 `json:"title"`
	Role            string                 `json:"role"`
	RoleTitle       string                 `json:"roleTitle"`
	DescriptionHTML string                 `json:"descriptionHtml"`
	Tasks           []string               `json:"tasks"`
	Skills          []SkillRequirementView `json:"skills"`
	ExperienceYears int                    `json:"experienceYears"`
	Education       string                 `json:"education,omitempty"`
	Location        Location               `json:"location"`
	Remote          Remote                 `json:"remote"`
	Employment      Employment             `json:"employment"`
	StartDate       string                 `json:"startDate,omitempty"`
	Benefits        []string               `json:"benefits"`
	Contact         *Contact               `json:"contact,omitempty"`
	Apply           HowToApply             `json:"apply"`
	Salary          SalaryOfferView        `json:"salary"`
	ValidThrough    *time.Time             `json:"validThrough,omitempty"`
	PublishedAt     *time.Time             `json:"publishedAt,omitempty"`
}

// SkillRequirementView is a required skill with its name.
type SkillRequirementView struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	Essential bool   `json:"essential"`
}

// SalaryOfferView is a posting's pay range, with its yearly equivalent.
type SalaryOfferView struct {
	Salary
	// AnnualMin and AnnualMax convert the range to a year (month × 12,
	// hour × 2080).
	AnnualMin float64 `json:"annualMin"`
	AnnualMax float64 `json:"annualMax"`
}

// PublicViewOf builds the public view of a posting. Lists are never nil.
func PublicViewOf(p *Posting) PublicView {
	v := PublicView{ID: p.ID, State: p.State, CloseReason: p.CloseReason, Employer: p.Employer, Title: p.Title, Role: p.Role,
		RoleTitle: p.RoleTitle, DescriptionHTML: p.DescriptionHTML, Tasks: p.Tasks, ExperienceYears: p.ExperienceYears,
		Education: p.Education, Location: p.Location, Remote: p.Remote, Employment: p.Employment, StartDate: p.StartDate,
		Benefits: p.Benefits, Contact: p.Contact, Apply: p.Apply, ValidThrough: p.ValidThrough, PublishedAt: p.PublishedAt,
		Salary: SalaryOfferView{Salary: p.Salary, AnnualMin: p.Salary.Annual(p.Salary.Min), AnnualMax: p.Salary.Annual(p.Salary.Max)},
		Skills: make([]SkillRequirementView, 0, len(p.Skills))}
	for i, sk := range p.Skills {
		name := ""
		if i < len(p.SkillNames) {
			name = p.SkillNames[i]
		}
		v.Skills = append(v.Skills, SkillRequirementView{Slug: sk.Slug, Name: name, Essential: sk.Essential})
	}
	if v.Tasks == nil {
		v.Tasks = []string{}
	}
	if v.Benefits == nil {
		v.Benefits = []string{}
	}
	return v
}
