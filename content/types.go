// Package content holds Laufbahn's curated career knowledge: roles, salary
// ranges, skills, per-role skill checklists, courses and qualification paths.
// It owns their validation, their MongoDB store, the curated YAML files under
// data/ and the idempotent Seed that loads them.
package content

// Text is a piece of curated text in German (the source language) and English.
type Text struct {
	DE string `yaml:"de" bson:"de" json:"de" validate:"required"`
	EN string `yaml:"en" bson:"en" json:"en" validate:"required"`
}

// In returns the text in lang ("de" or "en"), falling back to German.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.DE
}

// Source is a document that curated facts and figures are taken from. Its ID
// is the file name of the source document (for example
// "001_8991a098efc6fbdb.txt") or a short name for a public statistic.
type Source struct {
	ID    string `yaml:"id" bson:"_id" json:"id" validate:"required,sourceid"`
	Title string `yaml:"title" bson:"title" json:"title" validate:"required"`
	// TitleIsOurs marks a Title that is our description of an untitled
	// document, not a title the document carries (the Title says so too).
	TitleIsOurs bool   `yaml:"titleIsOurs,omitempty" bson:"titleIsOurs,omitempty" json:"titleIsOurs,omitempty"`
	Publisher   string `yaml:"publisher,omitempty" bson:"publisher,omitempty" json:"publisher,omitempty"`
	URL         string `yaml:"url,omitempty" bson:"url,omitempty" json:"url,omitempty" validate:"omitempty,url"`
	// Retrieved is the date (YYYY-MM-DD) the document was read for our content.
	Retrieved string `yaml:"retrieved" bson:"retrieved" json:"retrieved" validate:"required,datetime=2006-01-02"`
	Covers    Text   `yaml:"covers" bson:"covers" json:"covers"`
	Meta      `yaml:"-" bson:",inline" json:"-"`
}

// Role is a back-office job profile.
type Role struct {
	Slug string `yaml:"slug" bson:"slug" validate:"required,slug"`
	// Title is the gendered job title, e.g. "Backoffice-Manager/in".
	Title Text `yaml:"title" bson:"title"`
	// AltTitles are other names employers use for the same role.
	AltTitles []string `yaml:"altTitles,omitempty" bson:"altTitles,omitempty" validate:"dive,required"`
	// Level places the role on the career ladder.
	Level   string `yaml:"level" bson:"level" validate:"required,oneof=einstieg fachkraft leitung"`
	Summary Text   `yaml:"summary" bson:"summary"`
	// Description is a longer profile in a few paragraphs.
	Description Text   `yaml:"description" bson:"description"`
	Tasks       []Task `yaml:"tasks" bson:"tasks" validate:"min=3,dive"`
	// Industries says what differs in particular industries or company sizes.
	Industries      []IndustryNote   `yaml:"industries,omitempty" bson:"industries,omitempty" validate:"dive"`
	Requirements    []Requirement    `yaml:"requirements" bson:"requirements" validate:"min=3,dive"`
	Specializations []Specialization `yaml:"specializations,omitempty" bson:"specializations,omitempty" validate:"dive"`
	// Outlook describes job markets and demand, with its source.
	Outlook []Fact `yaml:"outlook,omitempty" bson:"outlook,omitempty" validate:"dive"`
	// Related names roles that are not a career move away but another view
	// of the same position (see docs/ARCHITECTURE.md, "Role model").
	Related []Relation `yaml:"related,omitempty" bson:"related,omitempty" validate:"dive"`
	// MovesTo and MovesFrom are career moves to and from other roles.
	MovesTo   []CareerMove    `yaml:"movesTo,omitempty" bson:"movesTo,omitempty" validate:"dive"`
	MovesFrom []CareerMove    `yaml:"movesFrom,omitempty" bson:"movesFrom,omitempty" validate:"dive"`
	Checklist []ChecklistItem `yaml:"checklist" bson:"checklist" validate:"min=5,dive"`
	Sources   []string        `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
	Meta      `yaml:"-" bson:",inline" json:"-"`
}

// Task is something people in a role do.
type Task struct {
	Text Text `yaml:"text" bson:"text"`
	// Context narrows where the task occurs, e.g. "Finanzbranche".
	Context *Text    `yaml:"context,omitempty" bson:"context,omitempty"`
	Sources []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
}

// IndustryNote says how a role differs in one industry or company size.
type IndustryNote struct {
	Industry Text     `yaml:"industry" bson:"industry"`
	Notes    []Text   `yaml:"notes" bson:"notes" validate:"min=1,dive"`
	Sources  []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
}

// Requirement is something employers expect of candidates for a role.
type Requirement struct {
	Kind    string   `yaml:"kind" bson:"kind" validate:"required,oneof=ausbildung erfahrung sprache software persoenlich wissen"`
	Text    Text     `yaml:"text" bson:"text"`
	Sources []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
}

// Specialization is a direction a role can specialise in.
type Specialization struct {
	Slug    string   `yaml:"slug" bson:"slug" validate:"required,slug"`
	Title   Text     `yaml:"title" bson:"title"`
	Summary Text     `yaml:"summary" bson:"summary"`
	Sources []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
}

// Fact is a sourced statement.
type Fact struct {
	Text    Text     `yaml:"text" bson:"text"`
	Sources []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
}

// CareerMove links a role to another role people move to or come from.
type CareerMove struct {
	Role    string   `yaml:"role" bson:"role" validate:"required,slug"`
	Note    Text     `yaml:"note" bson:"note"`
	Sources []string `yaml:"sources" bson:"sources,omitempty" validate:"min=1,dive,required"`
}

// RelationSamePosition says that two role profiles describe one position
// under different names (e.g. Backoffice-Manager/in and Büroleiter/in, which
// source 002 uses interchangeably).
const RelationSamePosition = "same-position"

// Relation links a role to another profile of the same position.
type Relation struct {
	Role    string   `yaml:"role" bson:"role" validate:"required,slug"`
	Kind    string   `yaml:"kind" bson:"kind" validate:"required,oneof=same-position"`
	Note    Text     `yaml:"note" bson:"note"`
	Sources []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
}

// ChecklistItem is one line of a role's skill checklist.
type ChecklistItem struct {
	Skill string `yaml:"skill" bson:"skill" validate:"required,slug"`
	// Level is the required level on the 1–4 scale (see Levels).
	Level     int  `yaml:"level" bson:"level" validate:"min=1,max=4"`
	Essential bool `yaml:"essential" bson:"essential"`
	// Evidence says how a candidate can show the skill.
	Evidence Text     `yaml:"evidence" bson:"evidence"`
	Sources  []string `yaml:"sources" bson:"sources,omitempty" validate:"min=1,dive,required"`
}

// SkillChecklist is a role's checklist with the role it belongs to.
type SkillChecklist struct {
	Role  string
	Items []ChecklistItem
}

// The one skill level scale of the platform: role checklists require a
// level 1–4 and learners rate themselves 0–4 on the same scale, where 0
// (LevelNone) is "no knowledge yet" and 1–4 are Levels. A required level 3
// is met by a self-rating of 3 or more.
const (
	LevelNone = 0
	MinLevel  = 1
	MaxLevel  = 4
)

// Levels names the skill levels 1–4 used by checklists and self-assessments.
var Levels = [...]Text{
	{DE: "Grundkenntnisse", EN: "Basic"},
	{DE: "Gute Kenntnisse", EN: "Good"},
	{DE: "Sehr gute Kenntnisse", EN: "Very good"},
	{DE: "Expertenwissen", EN: "Expert"},
}

// NoLevel names level 0 of a self-assessment (not part of any checklist).
var NoLevel = Text{DE: "Keine Kenntnisse", EN: "None"}

// LevelName returns the name of level 0–4 in lang ("" outside the scale).
func LevelName(level int, lang string) string {
	if level == LevelNone {
		return NoLevel.In(lang)
	}
	if level < MinLevel || level > MaxLevel {
		return ""
	}
	return Levels[level-1].In(lang)
}

// SalaryRange is a sourced salary figure for a role.
type SalaryRange struct {
	Slug   string `yaml:"slug" bson:"slug" validate:"required,slug"`
	Role   string `yaml:"role" bson:"role" validate:"required,slug"`
	Region string `yaml:"region" bson:"region" validate:"required"`
	// RegionName is the human name of Region, e.g. "Deutschland".
	RegionName Text   `yaml:"regionName" bson:"regionName"`
	Low        int    `yaml:"low" bson:"low" validate:"gt=0"`
	Average    int    `yaml:"average,omitempty" bson:"average,omitempty" validate:"omitempty,gt=0"`
	Median     int    `yaml:"median,omitempty" bson:"median,omitempty" validate:"omitempty,gt=0"`
	High       int    `yaml:"high" bson:"high" validate:"gt=0"`
	Currency   string `yaml:"currency" bson:"currency" validate:"required,oneof=EUR"`
	Period     string `yaml:"period" bson:"period" validate:"required,oneof=year month hour"`
	Basis      string `yaml:"basis" bson:"basis" validate:"required,oneof=gross net"`
	Factors    []Text `yaml:"factors,omitempty" bson:"factors,omitempty" validate:"dive"`
	Benefits   []Text `yaml:"benefits,omitempty" bson:"benefits,omitempty" validate:"dive"`
	Source     string `yaml:"source" bson:"source" validate:"required"`
	// AsOf is the date (YYYY-MM-DD) the figures were checked against Source.
	AsOf string `yaml:"asOf" bson:"asOf" validate:"required,datetime=2006-01-02"`
	Note *Text  `yaml:"note,omitempty" bson:"note,omitempty"`
	Meta `yaml:"-" bson:",inline" json:"-"`
}

// Skill is an entry of the skill catalogue.
type Skill struct {
	Slug        string   `yaml:"slug" bson:"slug" validate:"required,slug"`
	Name        Text     `yaml:"name" bson:"name"`
	Category    string   `yaml:"category" bson:"category" validate:"required,oneof=fachlich digital sprache sozial methodisch"`
	Description Text     `yaml:"description" bson:"description"`
	Sources     []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
	Meta        `yaml:"-" bson:",inline" json:"-"`
}

// Duration is a sourced length of time. Min and Max are equal for a fixed
// duration.
type Duration struct {
	Min  int    `yaml:"min" bson:"min" validate:"gt=0"`
	Max  int    `yaml:"max" bson:"max" validate:"gtefield=Min"`
	Unit string `yaml:"unit" bson:"unit" validate:"required,oneof=hours days weeks months years"`
	// Usually is set where the source gives the duration as the usual one
	// ("in der Regel"), not a fixed one; a view says "usually".
	Usually bool   `yaml:"usually,omitempty" bson:"usually,omitempty" json:"usually,omitempty"`
	Source  string `yaml:"source" bson:"source" validate:"required"`
}

// Course is a course, training programme or degree that teaches skills.
type Course struct {
	Slug  string `yaml:"slug" bson:"slug" validate:"required,slug"`
	Title Text   `yaml:"title" bson:"title"`
	// ProviderType is the kind of institution that offers it.
	ProviderType string `yaml:"providerType" bson:"providerType" validate:"required,oneof=betrieb-berufsschule hochschule fernschule volkshochschule berufsschule handelsschule weiterbildungstraeger online-anbieter arbeitgeber"`
	Format       string `yaml:"format" bson:"format" validate:"required,oneof=online praesenz blended dual fernstudium"`
	Summary      Text   `yaml:"summary" bson:"summary"`
	// Duration is nil where no source gives one.
	Duration      *Duration `yaml:"duration,omitempty" bson:"duration,omitempty"`
	Prerequisites []Text    `yaml:"prerequisites,omitempty" bson:"prerequisites,omitempty" validate:"dive"`
	// Requires is the machine-readable part of Prerequisites, used by the
	// learning plan: a learner may take the course when they meet ANY ONE
	// of the alternatives (a background or a finished course). Empty means
	// no formal prerequisite.
	Requires []Prerequisite `yaml:"requires,omitempty" bson:"requires,omitempty" validate:"dive"`
	// Usually are backgrounds the source says are usually ("meist", "in der
	// Regel") expected on top of Requires: ALL of them, but not strictly, so
	// a plan tells the learner about a missing one instead of blocking the
	// course. They are never alternatives to Requires.
	Usually []Prerequisite `yaml:"usually,omitempty" bson:"usually,omitempty" validate:"dive"`
	// Confers is the background a learner has after finishing the course
	// (the dual training confers a commercial training), so a plan can
	// offer the course as the way to meet another course's Requires.
	Confers       string   `yaml:"confers,omitempty" bson:"confers,omitempty" validate:"omitempty,oneof=kaufmaennische-ausbildung abitur mehrjaehrige-bueroerfahrung"`
	Topics        []Text   `yaml:"topics,omitempty" bson:"topics,omitempty" validate:"dive"`
	Skills        []string `yaml:"skills" bson:"skills" validate:"min=1,dive,slug"`
	Qualification *Text    `yaml:"qualification,omitempty" bson:"qualification,omitempty"`
	// Roles are the roles this course prepares for.
	Roles   []string `yaml:"roles,omitempty" bson:"roles,omitempty" validate:"dive,slug"`
	Sources []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
	Meta    `yaml:"-" bson:",inline" json:"-"`
}

// Backgrounds a learner can have that course prerequisites name.
const (
	// BackgroundCommercialTraining is a finished commercial vocational
	// training (e.g. Kaufmann/Kauffrau für Büromanagement) or an equivalent.
	BackgroundCommercialTraining = "kaufmaennische-ausbildung"
	// BackgroundAbitur is the Abitur or another university entrance
	// qualification.
	BackgroundAbitur = "abitur"
	// BackgroundOfficeExperience is several ("mehrjährige") years of office
	// work. No source gives a number: how many years count is a configurable
	// assumption of the learning package (learning.Config), shown to users.
	BackgroundOfficeExperience = "mehrjaehrige-bueroerfahrung"
)

// Prerequisite is one alternative of a course's Requires: exactly one of
// Background and Course is set (Load checks it).
type Prerequisite struct {
	Background string `yaml:"background,omitempty" bson:"background,omitempty" json:"background,omitempty" validate:"omitempty,oneof=kaufmaennische-ausbildung abitur mehrjaehrige-bueroerfahrung"`
	Course     string `yaml:"course,omitempty" bson:"course,omitempty" json:"course,omitempty" validate:"omitempty,slug"`
}

// Path is an ordered route to a target role.
type Path struct {
	Slug       string `yaml:"slug" bson:"slug" validate:"required,slug"`
	Title      Text   `yaml:"title" bson:"title"`
	Summary    Text   `yaml:"summary" bson:"summary"`
	TargetRole string `yaml:"targetRole" bson:"targetRole" validate:"required,slug"`
	// Audience names who the path is for.
	Audience      []string `yaml:"audience" bson:"audience" validate:"min=1,dive,oneof=schulabgaenger quereinstieg berufserfahrene aufstieg studieninteressierte"`
	Prerequisites []Text   `yaml:"prerequisites,omitempty" bson:"prerequisites,omitempty" validate:"dive"`
	Steps         []Step   `yaml:"steps" bson:"steps" validate:"min=2,dive"`
	Sources       []string `yaml:"sources" bson:"sources" validate:"min=1,dive,required"`
	Meta          `yaml:"-" bson:",inline" json:"-"`
}

// Step is one stage of a path.
type Step struct {
	Kind    string `yaml:"kind" bson:"kind" validate:"required,oneof=training course experience exam"`
	Title   Text   `yaml:"title" bson:"title"`
	Summary Text   `yaml:"summary" bson:"summary"`
	// Course links the step to a catalogue course, where one fits.
	Course        string    `yaml:"course,omitempty" bson:"course,omitempty" validate:"omitempty,slug"`
	Duration      *Duration `yaml:"duration,omitempty" bson:"duration,omitempty"`
	Prerequisites []Text    `yaml:"prerequisites,omitempty" bson:"prerequisites,omitempty" validate:"dive"`
	Optional      bool      `yaml:"optional,omitempty" bson:"optional,omitempty"`
}
