package content

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"
)

// The localized read models of the content: what the JSON API and the
// website both show, built by one code path (profile.go). Every Text is
// resolved to the requested language; every source id a view names is
// resolved in its top-level "sources" list.

// SourceView is a source document a figure or fact comes from.
type SourceView struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// TitleIsOurs: the document has no title; Title is our description.
	TitleIsOurs bool   `json:"titleIsOurs,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	URL         string `json:"url,omitempty"`
	Retrieved   string `json:"retrieved"`
}

// Ref names another document.
type Ref struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// RoleSummary is a role in a list.
type RoleSummary struct {
	Slug            string   `json:"slug"`
	Title           string   `json:"title"`
	AltTitles       []string `json:"altTitles"`
	Level           string   `json:"level"`
	Summary         string   `json:"summary"`
	Specializations []Ref    `json:"specializations"`
}

// SourcedText is a statement with the ids of its sources.
type SourcedText struct {
	Text    string   `json:"text"`
	Context string   `json:"context,omitempty"`
	Sources []string `json:"sources"`
}

// RequirementView is one requirement of a role.
type RequirementView struct {
	Kind    string   `json:"kind"`
	Text    string   `json:"text"`
	Sources []string `json:"sources"`
}

// IndustryView says how a role differs in one industry.
type IndustryView struct {
	Industry string   `json:"industry"`
	Notes    []string `json:"notes"`
	Sources  []string `json:"sources"`
}

// SpecializationView is a specialisation of a role.
type SpecializationView struct {
	Slug    string   `json:"slug"`
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Sources []string `json:"sources"`
}

// RelationView is another profile of the same position (see Relation).
type RelationView struct {
	Role    Ref      `json:"role"`
	Kind    string   `json:"kind"`
	Note    string   `json:"note"`
	Sources []string `json:"sources"`
}

// MoveView is a career move to or from another role.
type MoveView struct {
	Role    Ref      `json:"role"`
	Note    string   `json:"note"`
	Sources []string `json:"sources"`
}

// RoleDetail is the full profile of a role.
type RoleDetail struct {
	RoleSummary
	Description     string               `json:"description"`
	Tasks           []SourcedText        `json:"tasks"`
	Industries      []IndustryView       `json:"industries"`
	Requirements    []RequirementView    `json:"requirements"`
	Specializations []SpecializationView `json:"specializations"`
	Outlook         []SourcedText        `json:"outlook"`
	Related         []RelationView       `json:"related"`
	MovesTo         []MoveView           `json:"movesTo"`
	MovesFrom       []MoveView           `json:"movesFrom"`
	Checklist       ChecklistView        `json:"checklist"`
	Salary          SalaryView           `json:"salary"`
	Paths           []PathSummary        `json:"paths"`
	Sources         []SourceView         `json:"sources"`
	Lang            string               `json:"lang"`
}

// SalaryView lists the sourced salary ranges of a role. Available is false,
// with a message, where we have no sourced figure.
type SalaryView struct {
	Role      Ref               `json:"role"`
	Available bool              `json:"available"`
	Message   string            `json:"message,omitempty"`
	Ranges    []SalaryRangeView `json:"ranges"`
	// Postings are insights from job postings on the platform, beside
	// the curated ranges; absent when the API runs without jobs.
	Postings *PostingInsightsView `json:"postings,omitempty"`
	Sources  []SourceView         `json:"sources,omitempty"`
	Lang     string               `json:"lang,omitempty"`
}

// SalaryRangeView is one sourced salary range.
type SalaryRangeView struct {
	Region     string   `json:"region"`
	RegionName string   `json:"regionName"`
	Low        int      `json:"low"`
	Average    *int     `json:"average"`
	Median     *int     `json:"median"`
	High       int      `json:"high"`
	Currency   string   `json:"currency"`
	Period     string   `json:"period"`
	Basis      string   `json:"basis"`
	Factors    []string `json:"factors"`
	Benefits   []string `json:"benefits"`
	Source     string   `json:"source"`
	AsOf       string   `json:"asOf"`
	Note       string   `json:"note,omitempty"`
}

// ChecklistView is a role's skill checklist.
type ChecklistView struct {
	Role      Ref                 `json:"role"`
	Items     []ChecklistItemView `json:"items"`
	Essential int                 `json:"essential"`
	Lang      string              `json:"lang,omitempty"`
}

// ChecklistItemView is one skill a role needs.
type ChecklistItemView struct {
	Skill     SkillRef `json:"skill"`
	Level     int      `json:"level"`
	LevelName string   `json:"levelName"`
	Essential bool     `json:"essential"`
	Evidence  string   `json:"evidence"`
}

// SkillRef names a skill with its category.
type SkillRef struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Category string `json:"category"`
}

// SkillSummary is a skill in a list.
type SkillSummary struct {
	SkillRef
	Description string `json:"description"`
}

// SkillDetail is a skill with the roles that need it and the courses that
// teach it.
type SkillDetail struct {
	SkillSummary
	Roles   []SkillRoleView `json:"roles"`
	Courses []CourseRef     `json:"courses"`
	Sources []SourceView    `json:"sources"`
	Lang    string          `json:"lang"`
}

// SkillRoleView is a role that needs a skill, at which level.
type SkillRoleView struct {
	Ref
	Level     int    `json:"level"`
	LevelName string `json:"levelName"`
	Essential bool   `json:"essential"`
}

// CourseRef names a course with its format.
type CourseRef struct {
	Slug   string `json:"slug"`
	Title  string `json:"title"`
	Format string `json:"format"`
}

// DurationView is a sourced duration with a readable text.
type DurationView struct {
	Min  int    `json:"min"`
	Max  int    `json:"max"`
	Unit string `json:"unit"`
	// Usually: the source gives it as the usual duration ("in der Regel");
	// Text says so.
	Usually bool   `json:"usually,omitempty"`
	Text    string `json:"text"`
	Source  string `json:"source"`
}

// CourseSummary is a course in a list.
type CourseSummary struct {
	Slug          string        `json:"slug"`
	Title         string        `json:"title"`
	ProviderType  string        `json:"providerType"`
	Format        string        `json:"format"`
	Summary       string        `json:"summary"`
	Duration      *DurationView `json:"duration"`
	Qualification string        `json:"qualification,omitempty"`
}

// CourseDetail is the full course.
type CourseDetail struct {
	CourseSummary
	Prerequisites []string `json:"prerequisites"`
	// Requires is the machine-readable part of Prerequisites: any one
	// alternative opens the course. Confers is the background the course
	// gives (see Course).
	Requires []Prerequisite `json:"requires,omitempty"`
	// Usually are backgrounds usually expected on top of Requires, never
	// instead of them (see Course).
	Usually []Prerequisite `json:"usually,omitempty"`
	Confers string         `json:"confers,omitempty"`
	Topics  []string       `json:"topics"`
	Skills  []SkillRef     `json:"skills"`
	Roles   []Ref          `json:"roles"`
	Paths   []Ref          `json:"paths"`
	Sources []SourceView   `json:"sources"`
	Lang    string         `json:"lang"`
}

// PathSummary is a path in a list.
type PathSummary struct {
	Slug       string   `json:"slug"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	TargetRole Ref      `json:"targetRole"`
	Audience   []string `json:"audience"`
	Steps      int      `json:"steps"`
}

// PathDetail is a path with its ordered steps.
type PathDetail struct {
	PathSummary
	Prerequisites []string     `json:"prerequisites"`
	StepList      []StepView   `json:"stepList"`
	Sources       []SourceView `json:"sources"`
	Lang          string       `json:"lang"`
}

// StepView is one step of a path.
type StepView struct {
	Position      int           `json:"position"`
	Kind          string        `json:"kind"`
	Title         string        `json:"title"`
	Summary       string        `json:"summary"`
	Course        *CourseRef    `json:"course"`
	Duration      *DurationView `json:"duration"`
	Prerequisites []string      `json:"prerequisites"`
	Optional      bool          `json:"optional"`
}

// sourceSet collects the source ids a response names.
type sourceSet map[string]struct{}

func (s sourceSet) add(ids ...string) []string {
	for _, id := range ids {
		s[id] = struct{}{}
	}
	if ids == nil {
		return []string{}
	}
	return ids
}

// resolve loads the collected sources in id order.
func (s sourceSet) resolve(ctx context.Context, st *Store) ([]SourceView, error) {
	ids := slices.Sorted(maps.Keys(s))
	found, err := st.Sources(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]SourceView, 0, len(ids))
	for _, id := range ids {
		src, ok := found[id]
		if !ok {
			out = append(out, SourceView{ID: id, Title: id})
			continue
		}
		out = append(out, SourceView{ID: src.ID, Title: src.Title, TitleIsOurs: src.TitleIsOurs, Publisher: src.Publisher, URL: src.URL, Retrieved: src.Retrieved})
	}
	return out, nil
}

func texts(ts []Text, lang string) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.In(lang))
	}
	return out
}

func optText(t *Text, lang string) string {
	if t == nil {
		return ""
	}
	return t.In(lang)
}

var unitNames = map[string][2]Text{
	"hours":  {{DE: "Stunde", EN: "hour"}, {DE: "Stunden", EN: "hours"}},
	"days":   {{DE: "Tag", EN: "day"}, {DE: "Tage", EN: "days"}},
	"weeks":  {{DE: "Woche", EN: "week"}, {DE: "Wochen", EN: "weeks"}},
	"months": {{DE: "Monat", EN: "month"}, {DE: "Monate", EN: "months"}},
	"years":  {{DE: "Jahr", EN: "year"}, {DE: "Jahre", EN: "years"}},
}

func durationView(d *Duration, lang string, srcs sourceSet) *DurationView {
	if d == nil {
		return nil
	}
	srcs.add(d.Source)
	names := unitNames[d.Unit]
	unit := names[1].In(lang)
	if d.Max == 1 {
		unit = names[0].In(lang)
	}
	text := fmt.Sprintf("%d %s", d.Max, unit)
	if d.Min != d.Max {
		text = fmt.Sprintf("%d–%d %s", d.Min, d.Max, unit)
	}
	if d.Usually {
		text = Text{DE: "in der Regel ", EN: "usually "}.In(lang) + text
	}
	return &DurationView{Min: d.Min, Max: d.Max, Unit: d.Unit, Usually: d.Usually, Text: text, Source: d.Source}
}

func roleRef(r Role, lang string) Ref { return Ref{Slug: r.Slug, Title: r.Title.In(lang)} }

// RoleSummaryOf is r in a list, in lang.
func RoleSummaryOf(r Role, lang string) RoleSummary {
	specs := make([]Ref, 0, len(r.Specializations))
	for _, sp := range r.Specializations {
		specs = append(specs, Ref{Slug: sp.Slug, Title: sp.Title.In(lang)})
	}
	alt := r.AltTitles
	if alt == nil {
		alt = []string{}
	}
	return RoleSummary{Slug: r.Slug, Title: r.Title.In(lang), AltTitles: alt, Level: r.Level, Summary: r.Summary.In(lang), Specializations: specs}
}

// SkillRefOf names s in lang.
func SkillRefOf(s Skill, lang string) SkillRef {
	return SkillRef{Slug: s.Slug, Name: s.Name.In(lang), Category: s.Category}
}

// CourseSummaryOf is c in a list, in lang.
func CourseSummaryOf(c Course, lang string) CourseSummary { return courseSummary(c, lang, sourceSet{}) }

func courseSummary(c Course, lang string, srcs sourceSet) CourseSummary {
	return CourseSummary{
		Slug: c.Slug, Title: c.Title.In(lang), ProviderType: c.ProviderType, Format: c.Format,
		Summary: c.Summary.In(lang), Duration: durationView(c.Duration, lang, srcs), Qualification: optText(c.Qualification, lang),
	}
}

func salaryRangeView(r SalaryRange, lang string, srcs sourceSet) SalaryRangeView {
	srcs.add(r.Source)
	v := SalaryRangeView{
		Region: r.Region, RegionName: r.RegionName.In(lang), Low: r.Low, High: r.High,
		Currency: r.Currency, Period: r.Period, Basis: r.Basis,
		Factors: texts(r.Factors, lang), Benefits: texts(r.Benefits, lang),
		Source: r.Source, AsOf: r.AsOf, Note: optText(r.Note, lang),
	}
	if r.Average != 0 {
		v.Average = &r.Average
	}
	if r.Median != 0 {
		v.Median = &r.Median
	}
	return v
}

// noSalaryMessage is shown where we have no sourced salary figure.
var noSalaryMessage = Text{
	DE: "Für diese Rolle liegen uns noch keine belegten Gehaltszahlen vor. Wir zeigen keine geschätzten Werte.",
	EN: "We have no sourced salary figures for this role yet. We do not show estimates.",
}

// PostingInsightsView is what the postings on this platform advertise for a
// role: shown beside the curated, sourced ranges and always labelled as
// coming from postings, with their number and computation time. Regions
// with fewer than MinPostings postings are left out.
type PostingInsightsView struct {
	Label       string               `json:"label"`
	MinPostings int                  `json:"minPostings"`
	Items       []PostingInsightView `json:"items"`
}

// PostingInsightView is the insight for one region.
type PostingInsightView struct {
	// Region is a Bundesland code or "DE" for Germany.
	Region     string `json:"region"`
	RegionName string `json:"regionName"`
	// Postings is the number of public postings the figures come from.
	Postings int `json:"postings"`
	// Median, P25 and P75 are of the postings' salary midpoints, annualised
	// (month × 12, hour × 2080).
	Median     float64   `json:"median"`
	P25        float64   `json:"p25"`
	P75        float64   `json:"p75"`
	Currency   string    `json:"currency"`
	Period     string    `json:"period"`
	ComputedAt time.Time `json:"computedAt"`
}

// SkillSummaryOf is s in a list, in lang.
func SkillSummaryOf(s Skill, lang string) SkillSummary {
	return SkillSummary{SkillRef: SkillRefOf(s, lang), Description: s.Description.In(lang)}
}

// PathSummaryOf is p in a list, in lang, with its target role.
func PathSummaryOf(p Path, target Ref, lang string) PathSummary {
	return PathSummary{Slug: p.Slug, Title: p.Title.In(lang), Summary: p.Summary.In(lang), TargetRole: target, Audience: p.Audience, Steps: len(p.Steps)}
}

// DurationText is a sourced duration as readable text in lang ("3 Jahre").
func DurationText(d *Duration, lang string) string {
	if v := durationView(d, lang, sourceSet{}); v != nil {
		return v.Text
	}
	return ""
}
