package learning

import (
	"time"

	"github.com/laufbahn/laufbahn/content"
)

// Collections.
const (
	// CollLearners holds one document per learner, keyed by user id:
	// assessments, background, the list of their enrolments and a capped
	// activity log of assessment changes.
	CollLearners = "learners"
	// CollEnrolments holds one document per enrolment, keyed by
	// "<userId>:<pathSlug>", so every lookup is by _id (the only filter
	// embedded FerretDB pushes down) and a second enrolment in the same
	// path is a duplicate key.
	CollEnrolments = "enrolments"
)

// maxEvents caps the event lists kept per document.
const maxEvents = 200

// Skill levels of a self-assessment: the platform's one scale 0–4
// (content.LevelNone, content.Levels), the same the role checklists
// require their levels on, so a required level compares with an assessed
// one directly.
const (
	LevelNone     = content.LevelNone
	LevelBasic    = 1
	LevelGood     = 2
	LevelVeryGood = 3
	LevelExpert   = content.MaxLevel
)

// LevelName returns the name of a self-assessment level (0–4) in lang:
// content's names, one set of words everywhere.
func LevelName(level int, lang string) string {
	return content.LevelName(level, lang)
}

// LevelScale is the version of the level scale stored assessments are on:
// 2 is the one 0–4 scale; documents without the marker were written on
// the old 0–3 scale (none, basic, good, expert) and are moved once by
// MigrateLevelScale.
const LevelScale = 2

// Assessment is a learner's own rating of one skill.
type Assessment struct {
	Level     int       `bson:"level" json:"level"`
	Evidence  string    `bson:"evidence,omitempty" json:"evidence,omitempty"`
	UpdatedAt time.Time `bson:"updatedAt" json:"updatedAt"`
}

// Background is what a learner brings that course prerequisites ask for.
type Background struct {
	// CommercialTraining: a finished commercial vocational training
	// ("kaufmännische Ausbildung") or an equivalent.
	CommercialTraining bool `bson:"commercialTraining" json:"commercialTraining"`
	// Abitur or another university entrance qualification.
	Abitur bool `bson:"abitur" json:"abitur"`
	// OfficeYears is the years of office work so far.
	OfficeYears int `bson:"officeYears" json:"officeYears"`
}

// DefaultExperienceYears is an assumption, not a sourced figure: source 001
// says the further training to Backoffice-Manager/in "usually" ("meist")
// needs "mehrjährige Berufserfahrung" (several years of work experience)
// and no source gives a number. By default three years or more count as
// several; Service.SetExperienceYears changes it (laufbahn serve
// --experience-years), and every plan that relies on it states it as an
// assumption (CoursePlan.Assumptions). Experience never stands in for a
// required background such as the commercial training.
const DefaultExperienceYears = 3

// StepProgress is the learner's state of one path step.
type StepProgress struct {
	State string `bson:"state,omitempty" json:"state"`
	// DoneOn (YYYY-MM-DD) is set for done steps.
	DoneOn string `bson:"doneOn,omitempty" json:"doneOn,omitempty"`
	// Note and Link are optional evidence of a done step (Link: https).
	Note string `bson:"note,omitempty" json:"note,omitempty"`
	Link string `bson:"link,omitempty" json:"link,omitempty"`
	// Reason is required for skipped steps.
	Reason       string     `bson:"reason,omitempty" json:"reason,omitempty"`
	PlannedStart string     `bson:"plannedStart,omitempty" json:"plannedStart,omitempty"`
	PlannedEnd   string     `bson:"plannedEnd,omitempty" json:"plannedEnd,omitempty"`
	UpdatedAt    *time.Time `bson:"updatedAt,omitempty" json:"updatedAt,omitempty"`
}

func (sp StepProgress) state() string {
	if sp.State == "" {
		return NotStarted
	}
	return sp.State
}

// Event kinds of the history.
const (
	EventEnrolled = "enrolled"
	EventStep     = "step"
	EventPlanned  = "planned"
	EventSkill    = "skill"
)

// Event is one entry of a learner's history, for a timeline, as clients
// (the API, the pages, the export) see it.
type Event struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	// Path and Step name the path step (enrolment events); Step is the
	// step's number, from 1, like StepView.Number.
	Path string `json:"path,omitempty"`
	Step *int   `json:"step,omitempty"`
	// State is the step's new state.
	State string `json:"state,omitempty"`
	// Skill and Level describe an assessment change.
	Skill string `json:"skill,omitempty"`
	Level *int   `json:"level,omitempty"`
}

// eventDoc is an Event as stored. Its step is the step's 0-based index in
// the path (the position in enrolmentDoc.Steps), as it has always been
// stored; view turns it into the number clients see, so stored events need
// no migration.
type eventDoc struct {
	At    time.Time `bson:"at"`
	Kind  string    `bson:"kind"`
	Path  string    `bson:"path,omitempty"`
	Step  *int      `bson:"step,omitempty"`
	State string    `bson:"state,omitempty"`
	Skill string    `bson:"skill,omitempty"`
	Level *int      `bson:"level,omitempty"`
}

// view is the event as clients see it: the stored step index becomes the
// step number (index + 1).
func (d eventDoc) view() Event {
	ev := Event{At: d.At, Kind: d.Kind, Path: d.Path, State: d.State, Skill: d.Skill, Level: d.Level}
	if d.Step != nil {
		n := stepNumber(*d.Step)
		ev.Step = &n
	}
	return ev
}

// views returns the client view of each stored event, in order; never nil.
func views(ds []eventDoc) []Event {
	out := make([]Event, len(ds))
	for i, d := range ds {
		out[i] = d.view()
	}
	return out
}

// Clients (the API, the pages) count a path's steps from 1; storage keeps
// their 0-based position (steps.<i>, eventDoc.Step). These two functions
// are the only mapping between them.

// stepNumber is the number clients see for the step at index.
func stepNumber(index int) int { return index + 1 }

// stepIndex maps a step number a client sends to the step's index in a
// path of n steps; ok is false for a number outside the path (0,
// negatives, beyond the last step).
func stepIndex(number, n int) (index int, ok bool) {
	if number < 1 || number > n {
		return 0, false
	}
	return number - 1, true
}

// learnerDoc is the stored learner document.
type learnerDoc struct {
	ID          string                `bson:"_id"`
	Assessments map[string]Assessment `bson:"assessments,omitempty"`
	Background  Background            `bson:"background"`
	// Enrolments are the slugs of the paths the learner is enrolled in.
	Enrolments []string   `bson:"enrolments,omitempty"`
	Events     []eventDoc `bson:"events,omitempty"`
	UpdatedAt  time.Time  `bson:"updatedAt"`
	// LevelScale is the scale the assessments and the events' levels are
	// on (see LevelScale); 0 on documents from before the one scale.
	LevelScale int `bson:"levelScale,omitempty"`
}

// enrolmentDoc is the stored enrolment document.
type enrolmentDoc struct {
	ID         string         `bson:"_id"`
	UserID     string         `bson:"userId"`
	Path       string         `bson:"path"`
	EnrolledAt time.Time      `bson:"enrolledAt"`
	Steps      []StepProgress `bson:"steps"`
	Events     []eventDoc     `bson:"events,omitempty"`
	UpdatedAt  time.Time      `bson:"updatedAt"`
}

func enrolmentID(userID, path string) string { return userID + ":" + path }
