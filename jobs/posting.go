// Package jobs owns job postings (their lifecycle, validation and pay
// transparency), the applications to them, learners' saved postings and
// searches, and salary insights computed from postings.
package jobs

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// State is where a posting is in its lifecycle.
type State string

// States: draft → published → closed (filled or withdrawn) or expired
// (valid-through passed). Closed and expired postings can be republished.
const (
	Draft     State = "draft"
	Published State = "published"
	Closed    State = "closed"
	Expired   State = "expired"
)

// Reasons a posting is closed.
const (
	Filled    = "filled"
	Withdrawn = "withdrawn"
)

// Salary periods.
const (
	PerYear  = "year"
	PerMonth = "month"
	PerHour  = "hour"
)

// Annualisation factors: a monthly figure × 12, an hourly figure × 40 hours
// × 52 weeks (2080 hours, a full-time year). Part-time postings are
// annualised the same way; the figure is what the pay rate would give over
// a full-time year, which keeps rates comparable.
const (
	MonthsPerYear = 12
	HoursPerYear  = 40 * 52
)

// DefaultValidity is how long a posting stays open when no valid-through
// date is given.
const DefaultValidity = 30 * 24 * time.Hour

// MaxValidity is the longest a posting may stay open at a time.
const MaxValidity = 365 * 24 * time.Hour

// Limits on posting fields.
const (
	maxTitleLen       = 120
	maxDescriptionLen = 20000
	maxItems          = 30
	maxItemLen        = 300
	maxSkills         = 30
	maxEducationLen   = 300
)

// Salary is the advertised pay range (EU directive 2023/970, art. 5: pay
// transparency before the interview). There is deliberately no field for
// an applicant's pay history.
type Salary struct {
	Min      float64 `json:"min" bson:"min"`
	Max      float64 `json:"max" bson:"max"`
	Period   string  `json:"period" bson:"period"`
	Currency string  `json:"currency" bson:"currency"`
}

// Annual converts an amount in the salary's period to a yearly amount.
func (s Salary) Annual(amount float64) float64 {
	switch s.Period {
	case PerMonth:
		return amount * MonthsPerYear
	case PerHour:
		return amount * HoursPerYear
	}
	return amount
}

// Midpoint is the middle of the range, annualised.
func (s Salary) Midpoint() float64 { return s.Annual((s.Min + s.Max) / 2) }

// Location is where the job is.
type Location struct {
	PostalCode string `json:"postalCode" bson:"postalCode"`
	City       string `json:"city" bson:"city"`
	// Bundesland is the ISO 3166-2:DE code without "DE-", e.g. "BY".
	Bundesland string `json:"bundesland" bson:"bundesland"`
	Street     string `json:"street,omitempty" bson:"street,omitempty"`
}

// Remote is how much of the job can be done away from the office.
type Remote struct {
	// Mode is onsite, hybrid or remote.
	Mode string `json:"mode" bson:"mode"`
	// DaysPerWeek are the remote days of a hybrid job (1–4).
	DaysPerWeek int `json:"daysPerWeek,omitempty" bson:"daysPerWeek,omitempty"`
}

// Employment is the kind of contract.
type Employment struct {
	// Type is vollzeit, teilzeit, minijob, ausbildung, werkstudent or
	// praktikum.
	Type string `json:"type" bson:"type"`
	// HoursPerWeek is required for Teilzeit.
	HoursPerWeek float64 `json:"hoursPerWeek,omitempty" bson:"hoursPerWeek,omitempty"`
	FixedTerm    bool    `json:"fixedTerm" bson:"fixedTerm"`
}

// SkillRequirement is a skill of the catalogue the job needs.
type SkillRequirement struct {
	Slug      string `json:"slug" bson:"slug"`
	Essential bool   `json:"essential" bson:"essential"`
}

// Contact is whom applicants can ask.
type Contact struct {
	Name  string `json:"name,omitempty" bson:"name,omitempty"`
	Email string `json:"email,omitempty" bson:"email,omitempty"`
	Phone string `json:"phone,omitempty" bson:"phone,omitempty"`
}

// HowToApply says where applications go.
type HowToApply struct {
	// Method is platform (apply on Laufbahn) or external (URL).
	Method string `json:"method" bson:"method"`
	URL    string `json:"url,omitempty" bson:"url,omitempty"`
}

// Input is what an employer writes: the fields of a posting they control.
// It is the request body of create and, field by field, of update.
type Input struct {
	Title string `json:"title" bson:"title"`
	// Role is the slug of a content role.
	Role string `json:"role" bson:"role"`
	// Description is Markdown; it is rendered to sanitised HTML.
	Description     string             `json:"description" bson:"description"`
	Tasks           []string           `json:"tasks" bson:"tasks"`
	Skills          []SkillRequirement `json:"skills" bson:"skills"`
	ExperienceYears int                `json:"experienceYears" bson:"experienceYears"`
	Education       string             `json:"education,omitempty" bson:"education,omitempty"`
	Location        Location           `json:"location" bson:"location"`
	Remote          Remote             `json:"remote" bson:"remote"`
	Employment      Employment         `json:"employment" bson:"employment"`
	// StartDate is YYYY-MM-DD; empty means as soon as possible.
	StartDate string     `json:"startDate,omitempty" bson:"startDate,omitempty"`
	Benefits  []string   `json:"benefits" bson:"benefits"`
	Contact   *Contact   `json:"contact,omitempty" bson:"contact,omitempty"`
	Apply     HowToApply `json:"apply" bson:"apply"`
	Salary    Salary     `json:"salary" bson:"salary"`
	// ValidThrough is when the posting expires once published; zero means
	// DefaultValidity from publication.
	ValidThrough *time.Time `json:"validThrough,omitempty" bson:"validThrough,omitempty"`
}

var (
	postalCodeRe = regexp.MustCompile(`^[0-9]{5}$`)
	slugRe       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	phoneRe      = regexp.MustCompile(`^\+?[0-9 ()/-]{5,30}$`)
)

// Validate checks every field of a posting to be published and names
// each problem by its JSON path: every field publishing needs must be
// there (the fields Google for Jobs requires, and the salary the EU pay
// transparency directive asks for; see MissingToPublish). It trims text fields. It does not check
// that the role and skills exist (the service does, against the catalogue)
// nor dates against the clock.
func (in *Input) Validate() error { return in.validate(true) }

// ValidateDraft checks a draft: it may be incomplete (only the title is
// required, so the draft can be told apart), but every field it has must be
// well-formed, and a choice it made must be complete (a hybrid job's remote
// days, Teilzeit hours, an external application's URL). The fields
// missing for publishing are quality warnings (see Quality).
func (in *Input) ValidateDraft() error { return in.validate(false) }

func (in *Input) validate(complete bool) error {
	var p apperr.Problems
	in.normalize()
	text(&p, "title", in.Title, true, maxTitleLen)
	if in.Role == "" {
		if complete {
			p.Add("role", "is required: the slug of a role profile")
		}
	} else if !slugRe.MatchString(in.Role) {
		p.Add("role", "must be a role slug")
	}
	if strings.TrimSpace(in.Description) == "" {
		if complete {
			p.Add("description", "is required")
		}
	} else if len(in.Description) > maxDescriptionLen {
		p.Addf("description", "must be at most %d bytes", maxDescriptionLen)
	}
	list(&p, "tasks", in.Tasks)
	list(&p, "benefits", in.Benefits)
	if len(in.Skills) > maxSkills {
		p.Addf("skills", "at most %d skills", maxSkills)
	}
	seen := map[string]bool{}
	for i, s := range in.Skills {
		f := fmt.Sprintf("skills[%d].slug", i)
		switch {
		case !slugRe.MatchString(s.Slug):
			p.Add(f, "must be a skill slug")
		case seen[s.Slug]:
			p.Add(f, "is listed twice")
		}
		seen[s.Slug] = true
	}
	if in.ExperienceYears < 0 || in.ExperienceYears > 40 {
		p.Add("experienceYears", "must be between 0 and 40")
	}
	text(&p, "education", in.Education, false, maxEducationLen)

	if (complete || in.Location.PostalCode != "") && !postalCodeRe.MatchString(in.Location.PostalCode) {
		p.Add("location.postalCode", "must be a German postal code of five digits")
	}
	text(&p, "location.city", in.Location.City, complete, 100)
	if _, ok := search.Bundeslaender[in.Location.Bundesland]; !ok && (complete || in.Location.Bundesland != "") {
		p.Add("location.bundesland", "must be an ISO 3166-2:DE code without DE-, e.g. BY")
	}
	text(&p, "location.street", in.Location.Street, false, 150)

	switch in.Remote.Mode {
	case "onsite", "remote":
		if in.Remote.DaysPerWeek != 0 {
			p.Add("remote.daysPerWeek", "only hybrid jobs have remote days")
		}
	case "hybrid":
		if in.Remote.DaysPerWeek < 1 || in.Remote.DaysPerWeek > 4 {
			p.Add("remote.daysPerWeek", "must be 1 to 4 for a hybrid job")
		}
	case "":
		if complete {
			p.Add("remote.mode", "is required: one of onsite, hybrid, remote")
		}
		if in.Remote.DaysPerWeek != 0 {
			p.Add("remote.daysPerWeek", "only hybrid jobs have remote days")
		}
	default:
		p.Add("remote.mode", "must be one of: onsite, hybrid, remote")
	}

	if _, ok := search.EmploymentTypes[in.Employment.Type]; !ok && (complete || in.Employment.Type != "") {
		p.Add("employment.type", "must be one of: vollzeit, teilzeit, minijob, ausbildung, werkstudent, praktikum")
	}
	switch {
	case in.Employment.Type == "teilzeit" && (in.Employment.HoursPerWeek <= 0 || in.Employment.HoursPerWeek >= 40):
		p.Add("employment.hoursPerWeek", "is required for Teilzeit: more than 0 and less than 40")
	case in.Employment.HoursPerWeek < 0 || in.Employment.HoursPerWeek > 48:
		p.Add("employment.hoursPerWeek", "must be between 0 and 48")
	}

	if in.StartDate != "" {
		if _, err := time.Parse(time.DateOnly, in.StartDate); err != nil {
			p.Add("startDate", "must be a date YYYY-MM-DD")
		}
	}
	if c := in.Contact; c != nil {
		text(&p, "contact.name", c.Name, false, 100)
		if c.Email != "" {
			if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > 254 {
				p.Add("contact.email", "must be an e-mail address")
			}
		}
		if c.Phone != "" && !phoneRe.MatchString(c.Phone) {
			p.Add("contact.phone", "must be a phone number (digits, spaces, + / ( ) -)")
		}
	}
	switch in.Apply.Method {
	case "platform":
		if in.Apply.URL != "" {
			p.Add("apply.url", "only external applications have a URL")
		}
	case "external":
		if u, err := url.Parse(in.Apply.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.Apply.URL) > 500 {
			p.Add("apply.url", "must be an http(s) URL")
		}
	case "":
		if complete {
			p.Add("apply.method", "is required: platform or external")
		}
		if in.Apply.URL != "" {
			p.Add("apply.url", "only external applications have a URL")
		}
	default:
		p.Add("apply.method", "must be platform or external")
	}

	// The salary is required to publish (EU pay transparency directive
	// 2023/970, art. 5), not for a draft; a draft's figures must still
	// make sense.
	s := in.Salary
	switch {
	case s.Min < 0 || s.Min == 0 && complete:
		p.Add("salary.min", "is required: the lowest pay offered, more than 0 (EU pay transparency directive 2023/970)")
	case s.Min > 1e7:
		p.Add("salary.min", "is too large")
	}
	switch {
	case s.Max < 0 || s.Max == 0 && complete:
		p.Add("salary.max", "is required: the highest pay offered, more than 0")
	case s.Max > 0 && s.Max < s.Min:
		p.Add("salary.max", "must not be less than salary.min")
	case s.Max > 1e7:
		p.Add("salary.max", "is too large")
	}
	if s.Period != PerYear && s.Period != PerMonth && s.Period != PerHour && (complete || s.Period != "") {
		p.Add("salary.period", "must be one of: year, month, hour")
	}
	if s.Currency != "EUR" {
		p.Add("salary.currency", "must be EUR")
	}
	if complete {
		return p.Err("the posting is not complete: the fields named are required to publish it")
	}
	return p.Err("invalid posting")
}

func (in *Input) normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Role = strings.TrimSpace(in.Role)
	in.Education = strings.TrimSpace(in.Education)
	in.Location.City = strings.TrimSpace(in.Location.City)
	in.Location.Street = strings.TrimSpace(in.Location.Street)
	in.Location.PostalCode = strings.TrimSpace(in.Location.PostalCode)
	in.Salary.Currency = strings.ToUpper(strings.TrimSpace(in.Salary.Currency))
	if in.Salary.Currency == "" {
		in.Salary.Currency = "EUR"
	}
	for i := range in.Tasks {
		in.Tasks[i] = strings.TrimSpace(in.Tasks[i])
	}
	for i := range in.Benefits {
		in.Benefits[i] = strings.TrimSpace(in.Benefits[i])
	}
	if in.Tasks == nil {
		in.Tasks = []string{}
	}
	if in.Benefits == nil {
		in.Benefits = []string{}
	}
	if in.Skills == nil {
		in.Skills = []SkillRequirement{}
	}
	if in.Contact != nil {
		in.Contact.Name, in.Contact.Email, in.Contact.Phone = strings.TrimSpace(in.Contact.Name), strings.TrimSpace(in.Contact.Email), strings.TrimSpace(in.Contact.Phone)
		if *in.Contact == (Contact{}) {
			in.Contact = nil
		}
	}
}

func text(p *apperr.Problems, field, v string, required bool, maxLen int) {
	switch {
	case v == "" && required:
		p.Add(field, "is required")
	case !utf8.ValidString(v):
		p.Add(field, "must be valid UTF-8")
	case utf8.RuneCountInString(v) > maxLen:
		p.Addf(field, "must be at most %d characters", maxLen)
	case strings.ContainsAny(v, "\x00\r\n<>"):
		p.Add(field, "must be one line of plain text")
	case apperr.LineProblem(v) != "":
		p.Add(field, apperr.LineProblem(v))
	}
}

func list(p *apperr.Problems, field string, items []string) {
	if len(items) > maxItems {
		p.Addf(field, "at most %d entries", maxItems)
		return
	}
	for i, it := range items {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case it == "":
			p.Add(f, "must not be empty")
		case utf8.RuneCountInString(it) > maxItemLen:
			p.Addf(f, "must be at most %d characters", maxItemLen)
		case strings.ContainsAny(it, "\x00<>"):
			p.Add(f, "must be plain text")
		case apperr.LineProblem(it) != "":
			p.Add(f, apperr.LineProblem(it))
		}
	}
}

// Employer is the organisation as the posting shows it, copied from the
// organisation on every write so public reads need no second lookup.
type Employer struct {
	ID      string `json:"id" bson:"id"`
	Name    string `json:"name" bson:"name"`
	Website string `json:"website,omitempty" bson:"website,omitempty"`
}

// HistoryEntry is a state change of a posting.
type HistoryEntry struct {
	State  State     `json:"state" bson:"state"`
	Reason string    `json:"reason,omitempty" bson:"reason,omitempty"`
	At     time.Time `json:"at" bson:"at"`
	By     string    `json:"by,omitempty" bson:"by,omitempty"`
}

// Posting is a job opening as stored in the postings collection.
type Posting struct {
	ID       string   `bson:"_id"`
	Employer Employer `bson:"employer"`
	Input    `bson:",inline"`
	// DescriptionHTML is Description rendered and sanitised.
	DescriptionHTML string   `bson:"descriptionHtml"`
	RoleTitle       string   `bson:"roleTitle"`
	SkillNames      []string `bson:"skillNames"`

	State       State      `bson:"state"`
	CloseReason string     `bson:"closeReason,omitempty"`
	PublishedAt *time.Time `bson:"publishedAt,omitempty"`
	// FirstPublishedAt is the first publication, kept across republishing.
	FirstPublishedAt *time.Time     `bson:"firstPublishedAt,omitempty"`
	ClosedAt         *time.Time     `bson:"closedAt,omitempty"`
	History          []HistoryEntry `bson:"history"`
	// Demo marks postings `laufbahn demo` created.
	Demo      bool      `bson:"demo,omitempty"`
	CreatedBy string    `bson:"createdBy"`
	CreatedAt time.Time `bson:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt"`

	// Search sync (see sync.go).
	Version        int64      `bson:"version"`
	IndexedVersion int64      `bson:"indexedVersion"`
	SearchDirty    bool       `bson:"searchDirty"`
	DeletedAt      *time.Time `bson:"deletedAt,omitempty"`
	// NotifyDirty is set by the write that publishes or expires the
	// posting and cleared once the notifier has it (see notify.go).
	NotifyDirty bool `bson:"notifyDirty,omitempty"`
}

// Public reports whether the posting is open at now: published and not past
// its valid-through time.
func (p *Posting) Public(now time.Time) bool {
	return p.State == Published && p.DeletedAt == nil && p.ValidThrough != nil && now.Before(*p.ValidThrough)
}

// Due reports whether a published posting's valid-through time has passed.
func (p *Posting) Due(now time.Time) bool {
	return p.State == Published && p.ValidThrough != nil && !now.Before(*p.ValidThrough)
}
