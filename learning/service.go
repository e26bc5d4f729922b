// Package learning tracks what learners do to reach a back-office role:
// enrolments in qualification paths with step progress, skill
// self-assessments, the checklist for a target role, gap analysis with a
// recommended course plan, and the match between a learner and a posting's
// required skills. Progress and assessments belong to their owner; other
// packages see them only through Snapshot, for an application the learner
// chose to share them with.
package learning

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Limits of free text a learner enters.
const (
	MaxEvidence = 500
	MaxReason   = 300
	MaxLink     = 500
)

// Service keeps enrolments and assessments.
type Service struct {
	learners   *mongo.Collection
	enrolments *mongo.Collection
	content    *content.Store
	now        func() time.Time
	// locks serialise each document's read-modify-write on embedded
	// FerretDB (see mongodb.DocLocks); one instance per service.
	locks mongodb.DocLocks
	// experienceYears: see SetExperienceYears (0: the default).
	experienceYears int
}

// New returns the service on db; content is the career content store and
// now the clock (time.Now in production).
func New(db *mongo.Database, store *content.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{learners: db.Collection(CollLearners), enrolments: db.Collection(CollEnrolments), content: store, now: now}
}

// Indexes lists the indexes the service needs (beyond _id): userId lets
// MongoDB delete a user's enrolments without a collection scan.
func Indexes() []mongodb.Index {
	return []mongodb.Index{{Collection: CollEnrolments, Keys: bson.D{{Key: "userId", Value: 1}}}}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func idFilter(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// learner returns the learner's document; a learner who has stored nothing
// yet gets an empty one.
func (s *Service) learner(ctx context.Context, userID string) (learnerDoc, error) {
	var d learnerDoc
	err := s.learners.FindOne(ctx, idFilter(userID)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return learnerDoc{ID: userID}, nil
	}
	if err != nil {
		return d, mongodb.Translate(err, "learner")
	}
	return d, nil
}

// pushEvent is the $push of one event, capped at maxEvents. MongoDB applies
// the $slice atomically; FerretDB v1 ignores it, so trimEvents cuts the list
// afterwards under the document lock.
func pushEvent(ev eventDoc) bson.E {
	return bson.E{Key: "events", Value: bson.D{{Key: "$each", Value: bson.A{ev}}, {Key: "$slice", Value: -maxEvents}}}
}

// trimEvents keeps the newest maxEvents events of a document; the caller
// holds its lock.
func trimEvents(ctx context.Context, coll *mongo.Collection, id string) error {
	var d struct {
		Events []eventDoc `bson:"events"`
	}
	if err := coll.FindOne(ctx, idFilter(id), options.FindOne().SetProjection(bson.D{{Key: "events", Value: 1}})).Decode(&d); err != nil {
		return mongodb.Translate(err, "history")
	}
	if len(d.Events) <= maxEvents {
		return nil
	}
	_, err := coll.UpdateOne(ctx, idFilter(id), bson.D{{Key: "$set", Value: bson.D{{Key: "events", Value: d.Events[len(d.Events)-maxEvents:]}}}})
	return mongodb.Translate(err, "history")
}

// ---------------------------------------------------------------- background

// Background returns what the learner brings.
func (s *Service) Background(ctx context.Context, userID string) (Background, error) {
	d, err := s.learner(ctx, userID)
	return d.Background, err
}

// Validate checks a background.
func (b Background) Validate() error {
	var p apperr.Problems
	if b.OfficeYears < 0 || b.OfficeYears > 60 {
		p.Add("officeYears", "must be from 0 to 60")
	}
	return p.Err("invalid background")
}

// Has reports whether the background meets a content.Background* flag;
// experienceYears is how many years of office work count as "mehrjährige
// Berufserfahrung" (0: DefaultExperienceYears).
func (b Background) Has(flag string, experienceYears int) bool {
	switch flag {
	case content.BackgroundCommercialTraining:
		return b.CommercialTraining
	case content.BackgroundAbitur:
		return b.Abitur
	case content.BackgroundOfficeExperience:
		if experienceYears <= 0 {
			experienceYears = DefaultExperienceYears
		}
		return b.OfficeYears >= experienceYears
	}
	return false
}

// SetExperienceYears sets how many years of office work count as
// "mehrjährige Berufserfahrung" (see DefaultExperienceYears); n < 1 is
// refused. Call it before serving.
func (s *Service) SetExperienceYears(n int) error {
	if n < 1 || n > 60 {
		return fmt.Errorf("learning: experience years must be from 1 to 60, got %d", n)
	}
	s.experienceYears = n
	return nil
}

// ExperienceYears returns the years that count as several years of work
// experience (an assumption; see DefaultExperienceYears).
func (s *Service) ExperienceYears() int {
	if s.experienceYears <= 0 {
		return DefaultExperienceYears
	}
	return s.experienceYears
}

// SetBackground replaces the learner's background.
func (s *Service) SetBackground(ctx context.Context, userID string, b Background) (Background, error) {
	if err := b.Validate(); err != nil {
		return Background{}, err
	}
	defer s.locks.Lock(userID)()
	_, err := s.learners.UpdateOne(ctx, idFilter(userID),
		bson.D{{Key: "$set", Value: bson.D{{Key: "background", Value: b}, {Key: "updatedAt", Value: s.clock()}, {Key: "levelScale", Value: LevelScale}}}},
		options.UpdateOne().SetUpsert(true))
	if err != nil {
		return Background{}, mongodb.Translate(err, "learner")
	}
	return b, nil
}

// ---------------------------------------------------------------- assessments

// SkillInput is a self-assessment to store.
type SkillInput struct {
	Level    int    `json:"level"`
	Evidence string `json:"evidence"`
}

// Assessments returns the learner's self-assessments by skill slug.
func (s *Service) Assessments(ctx context.Context, userID string) (map[string]Assessment, error) {
	d, err := s.learner(ctx, userID)
	if d.Assessments == nil {
		d.Assessments = map[string]Assessment{}
	}
	return d.Assessments, err
}

// SetAssessment stores the learner's level (0–4, see LevelName) for a
// catalogue skill.
func (s *Service) SetAssessment(ctx context.Context, userID, skill string, in SkillInput) (Assessment, error) {
	if _, err := s.content.Skill(ctx, skill); err != nil {
		return Assessment{}, err
	}
	var p apperr.Problems
	if in.Level < LevelNone || in.Level > LevelExpert {
		p.Add("level", "must be 0 (none), 1 (basic), 2 (good), 3 (very good) or 4 (expert)")
	}
	in.Evidence = strings.TrimSpace(in.Evidence)
	if utf8.RuneCountInString(in.Evidence) > MaxEvidence {
		p.Addf("evidence", "must be at most %d characters", MaxEvidence)
	}
	if err := p.Err("invalid assessment"); err != nil {
		return Assessment{}, err
	}
	now := s.clock()
	a := Assessment{Level: in.Level, Evidence: in.Evidence, UpdatedAt: now}
	level := in.Level
	defer s.locks.Lock(userID)()
	// The skill is a catalogue slug (letters, digits, hyphens), so it is a
	// safe field name.
	_, err := s.learners.UpdateOne(ctx, idFilter(userID), bson.D{
		{Key: "$set", Value: bson.D{{Key: "assessments." + skill, Value: a}, {Key: "updatedAt", Value: now}, {Key: "levelScale", Value: LevelScale}}},
		{Key: "$push", Value: bson.D{pushEvent(eventDoc{At: now, Kind: EventSkill, Skill: skill, Level: &level})}},
	}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return Assessment{}, mongodb.Translate(err, "assessment")
	}
	return a, trimEvents(ctx, s.learners, userID)
}

// DeleteAssessment removes the learner's assessment of a skill.
func (s *Service) DeleteAssessment(ctx context.Context, userID, skill string) error {
	if !content.IsSlug(skill) {
		return apperr.New(apperr.NotFound, "assessment of %q not found", skill)
	}
	defer s.locks.Lock(userID)()
	res, err := s.learners.UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "assessments." + skill, Value: ""}}}})
	if err != nil {
		return mongodb.Translate(err, "assessment")
	}
	if res.ModifiedCount == 0 {
		return apperr.New(apperr.NotFound, "assessment of %q not found", skill)
	}
	return nil
}

// ---------------------------------------------------------------- enrolments

// Enrol enrols the learner in a path. Enrolling again in a path one is
// already enrolled in changes nothing and returns the enrolment with
// created = false (a safe retry).
func (s *Service) Enrol(ctx context.Context, userID, pathSlug, lang string) (e *Enrolment, created bool, err error) {
	p, err := s.content.Path(ctx, pathSlug)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, false, apperr.Field("path", fmt.Sprintf("unknown path %q", pathSlug))
		}
		return nil, false, err
	}
	now := s.clock()
	doc := enrolmentDoc{ID: enrolmentID(userID, p.Slug), UserID: userID, Path: p.Slug, EnrolledAt: now, UpdatedAt: now,
		Steps: make([]StepProgress, len(p.Steps)), Events: []eventDoc{{At: now, Kind: EventEnrolled, Path: p.Slug}}}
	for i := range doc.Steps {
		doc.Steps[i].State = NotStarted
	}
	_, err = s.enrolments.InsertOne(ctx, doc)
	created = err == nil
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, false, mongodb.Translate(err, "enrolment")
	}
	// Record it in the learner's list (again after a duplicate: repairs a
	// list that an interrupted earlier enrolment left without it).
	unlock := s.locks.Lock(userID)
	_, err = s.learners.UpdateOne(ctx, idFilter(userID), bson.D{
		{Key: "$addToSet", Value: bson.D{{Key: "enrolments", Value: p.Slug}}},
		{Key: "$set", Value: bson.D{{Key: "updatedAt", Value: now}, {Key: "levelScale", Value: LevelScale}}},
	}, options.UpdateOne().SetUpsert(true))
	unlock()
	if err != nil {
		return nil, false, mongodb.Translate(err, "learner")
	}
	e, err = s.Enrolment(ctx, userID, p.Slug, lang)
	return e, created, err
}

// Unenrol ends the learner's enrolment in a path and deletes its progress.
func (s *Service) Unenrol(ctx context.Context, userID, pathSlug string) error {
	if !content.IsSlug(pathSlug) {
		return notEnrolled(pathSlug)
	}
	id := enrolmentID(userID, pathSlug)
	unlock := s.locks.Lock(id)
	res, err := s.enrolments.DeleteOne(ctx, idFilter(id))
	unlock()
	if err != nil {
		return mongodb.Translate(err, "enrolment")
	}
	defer s.locks.Lock(userID)()
	if _, err := s.learners.UpdateOne(ctx, idFilter(userID), bson.D{{Key: "$pull", Value: bson.D{{Key: "enrolments", Value: pathSlug}}}}); err != nil {
		return mongodb.Translate(err, "learner")
	}
	if res.DeletedCount == 0 {
		return notEnrolled(pathSlug)
	}
	return nil
}

func notEnrolled(path string) error {
	return apperr.New(apperr.NotFound, "no enrolment in path %q", path)
}

func (s *Service) enrolmentDoc(ctx context.Context, userID, pathSlug string) (enrolmentDoc, error) {
	var d enrolmentDoc
	if !content.IsSlug(pathSlug) {
		return d, notEnrolled(pathSlug)
	}
	err := s.enrolments.FindOne(ctx, idFilter(enrolmentID(userID, pathSlug))).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return d, notEnrolled(pathSlug)
	}
	return d, mongodb.Translate(err, "enrolment")
}

// Enrolment returns one of the learner's enrolments with its progress.
func (s *Service) Enrolment(ctx context.Context, userID, pathSlug, lang string) (*Enrolment, error) {
	d, err := s.enrolmentDoc(ctx, userID, pathSlug)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, d, lang)
}

// Enrolments returns the learner's enrolments, most recently active first.
func (s *Service) Enrolments(ctx context.Context, userID, lang string) ([]Enrolment, error) {
	l, err := s.learner(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := []Enrolment{}
	for _, slug := range l.Enrolments {
		// One _id lookup each: an $in filter would scan on FerretDB.
		d, err := s.enrolmentDoc(ctx, userID, slug)
		if apperr.Is(err, apperr.NotFound) {
			continue // unenrolled while we listed, or an interrupted unenrol
		}
		if err != nil {
			return nil, err
		}
		e, err := s.view(ctx, d, lang)
		if apperr.Is(err, apperr.NotFound) {
			continue // the path was removed from the content
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	slices.SortStableFunc(out, func(a, b Enrolment) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	return out, nil
}

// StepUpdate changes one step; nil fields stay as they are. Setting State
// replaces the state's details (done date, evidence, reason).
type StepUpdate struct {
	State *string `json:"state"`
	// DoneOn (YYYY-MM-DD) for done; default today.
	DoneOn *string `json:"doneOn"`
	Note   *string `json:"note"`
	Link   *string `json:"link"`
	Reason *string `json:"reason"`
	// PlannedStart and PlannedEnd (YYYY-MM-DD); "" clears.
	PlannedStart *string `json:"plannedStart"`
	PlannedEnd   *string `json:"plannedEnd"`
}

// StepResult is the enrolment after a step update, with the skill raises
// that finishing a course suggests (never applied automatically).
type StepResult struct {
	Enrolment   *Enrolment   `json:"enrolment"`
	Suggestions []Suggestion `json:"suggestions"`
}

// Suggestion proposes raising the self-assessment of a skill a finished
// course teaches: one level above the current one.
type Suggestion struct {
	Skill     string `json:"skill"`
	Name      string `json:"name"`
	Current   int    `json:"current"`
	Suggested int    `json:"suggested"`
	Course    string `json:"course"`
}

func validDate(field, v string, p *apperr.Problems) {
	if v == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		p.Add(field, "must be a date YYYY-MM-DD")
	}
}

// UpdateStep changes step number (from 1, as StepView.Number) of the
// learner's enrolment in a path; a number outside the path is not found.
// It is one single-document update of only that step's fields, so updates
// of other steps (another browser tab) are never lost.
func (s *Service) UpdateStep(ctx context.Context, userID, pathSlug string, number int, up StepUpdate, lang string) (*StepResult, error) {
	if !content.IsSlug(pathSlug) {
		return nil, notEnrolled(pathSlug)
	}
	p, err := s.content.Path(ctx, pathSlug)
	if apperr.Is(err, apperr.NotFound) {
		return nil, notEnrolled(pathSlug)
	} else if err != nil {
		return nil, err
	}
	index, ok := stepIndex(number, len(p.Steps))
	if !ok {
		return nil, apperr.New(apperr.NotFound, "path %q has no step %d", pathSlug, number)
	}
	now := s.clock()
	set := bson.D{}
	pre := fmt.Sprintf("steps.%d.", index)
	var pr apperr.Problems
	if up.State == nil {
		for _, f := range []struct {
			name string
			v    *string
		}{{"doneOn", up.DoneOn}, {"note", up.Note}, {"link", up.Link}, {"reason", up.Reason}} {
			if f.v != nil {
				pr.Add(f.name, "only together with state")
			}
		}
	}
	var state string
	if up.State != nil {
		state = *up.State
		if !slices.Contains(States, state) {
			pr.Add("state", "must be one of: "+strings.Join(States, ", "))
		}
		sp := StepProgress{State: state, UpdatedAt: &now}
		str := func(v *string) string {
			if v == nil {
				return ""
			}
			return strings.TrimSpace(*v)
		}
		switch state {
		case Done:
			sp.DoneOn = str(up.DoneOn)
			if sp.DoneOn == "" {
				sp.DoneOn = now.Format(time.DateOnly)
			} else if validDate("doneOn", sp.DoneOn, &pr); sp.DoneOn > now.AddDate(0, 0, 1).Format(time.DateOnly) {
				pr.Add("doneOn", "must not be in the future")
			}
			sp.Note, sp.Link = str(up.Note), str(up.Link)
			if utf8.RuneCountInString(sp.Note) > MaxEvidence {
				pr.Addf("note", "must be at most %d characters", MaxEvidence)
			}
			if sp.Link != "" {
				if u, err := url.Parse(sp.Link); err != nil || u.Scheme != "https" || u.Host == "" || len(sp.Link) > MaxLink {
					pr.Addf("link", "must be an https link of at most %d characters", MaxLink)
				}
			}
			if up.Reason != nil {
				pr.Add("reason", "only for skipped steps")
			}
		case Skipped:
			sp.Reason = str(up.Reason)
			if sp.Reason == "" {
				pr.Add("reason", "is required to skip a step")
			} else if utf8.RuneCountInString(sp.Reason) > MaxReason {
				pr.Addf("reason", "must be at most %d characters", MaxReason)
			}
			for _, f := range []struct {
				name string
				v    *string
			}{{"doneOn", up.DoneOn}, {"note", up.Note}, {"link", up.Link}} {
				if f.v != nil {
					pr.Add(f.name, "only for done steps")
				}
			}
		default:
			for _, f := range []struct {
				name string
				v    *string
			}{{"doneOn", up.DoneOn}, {"note", up.Note}, {"link", up.Link}, {"reason", up.Reason}} {
				if f.v != nil {
					pr.Add(f.name, "only for done or skipped steps")
				}
			}
		}
		set = append(set, bson.E{Key: pre + "state", Value: sp.State}, bson.E{Key: pre + "doneOn", Value: sp.DoneOn},
			bson.E{Key: pre + "note", Value: sp.Note}, bson.E{Key: pre + "link", Value: sp.Link},
			bson.E{Key: pre + "reason", Value: sp.Reason}, bson.E{Key: pre + "updatedAt", Value: now})
	}
	planned := false
	for _, f := range []struct {
		name string
		v    *string
	}{{"plannedStart", up.PlannedStart}, {"plannedEnd", up.PlannedEnd}} {
		if f.v == nil {
			continue
		}
		planned = true
		v := strings.TrimSpace(*f.v)
		validDate(f.name, v, &pr)
		set = append(set, bson.E{Key: pre + f.name, Value: v})
	}
	if len(set) == 0 && pr.Len() == 0 {
		pr.Add("body", "change state or planned dates")
	}
	if err := pr.Err("invalid step update"); err != nil {
		return nil, err
	}
	ev := eventDoc{At: now, Kind: EventStep, Path: pathSlug, Step: &index, State: state}
	if up.State == nil && planned {
		ev.Kind = EventPlanned
	}
	set = append(set, bson.E{Key: "updatedAt", Value: now})
	id := enrolmentID(userID, pathSlug)
	unlock := s.locks.Lock(id)
	if planned {
		// The planned end must not come before the start, the stored one
		// included when only one of them changes.
		d, err := s.enrolmentDoc(ctx, userID, pathSlug)
		if err != nil {
			unlock()
			return nil, err
		}
		var cur StepProgress
		if index < len(d.Steps) {
			cur = d.Steps[index]
		}
		start, end := cur.PlannedStart, cur.PlannedEnd
		if up.PlannedStart != nil {
			start = strings.TrimSpace(*up.PlannedStart)
		}
		if up.PlannedEnd != nil {
			end = strings.TrimSpace(*up.PlannedEnd)
		}
		if start != "" && end != "" && end < start {
			unlock()
			return nil, apperr.Field("plannedEnd", "must not be before plannedStart ("+start+")")
		}
	}
	res, err := s.enrolments.UpdateOne(ctx, idFilter(id), bson.D{
		{Key: "$set", Value: set},
		{Key: "$push", Value: bson.D{pushEvent(ev)}},
	})
	if err == nil && res.MatchedCount > 0 {
		err = trimEvents(ctx, s.enrolments, id)
	}
	unlock()
	if err != nil {
		return nil, mongodb.Translate(err, "enrolment")
	}
	if res.MatchedCount == 0 {
		return nil, notEnrolled(pathSlug)
	}
	e, err := s.Enrolment(ctx, userID, pathSlug, lang)
	if err != nil {
		return nil, err
	}
	out := &StepResult{Enrolment: e, Suggestions: []Suggestion{}}
	if state == Done && p.Steps[index].Course != "" {
		out.Suggestions, err = s.suggest(ctx, userID, p.Steps[index].Course, lang)
	}
	return out, err
}

// suggest proposes raising each skill the course teaches by one level
// (never above expert, 4).
func (s *Service) suggest(ctx context.Context, userID, courseSlug, lang string) ([]Suggestion, error) {
	co, err := s.content.Course(ctx, courseSlug)
	if err != nil {
		return nil, err
	}
	as, err := s.Assessments(ctx, userID)
	if err != nil {
		return nil, err
	}
	skills, err := s.content.SkillsBySlug(ctx, co.Skills)
	if err != nil {
		return nil, err
	}
	out := []Suggestion{}
	for _, sk := range co.Skills {
		cur := as[sk].Level
		if cur >= LevelExpert {
			continue
		}
		out = append(out, Suggestion{Skill: sk, Name: skills[sk].Name.In(lang), Current: cur, Suggested: cur + 1, Course: co.Slug})
	}
	return out, nil
}

// DeleteUser removes everything the service keeps about a user (account
// deletion).
func (s *Service) DeleteUser(ctx context.Context, userID string) error {
	l, err := s.learner(ctx, userID)
	if err != nil {
		return err
	}
	for _, slug := range l.Enrolments {
		if _, err := s.enrolments.DeleteOne(ctx, idFilter(enrolmentID(userID, slug))); err != nil {
			return mongodb.Translate(err, "enrolment")
		}
	}
	_, err = s.learners.DeleteOne(ctx, idFilter(userID))
	return mongodb.Translate(err, "learner")
}
