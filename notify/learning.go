package notify

import (
	"context"
	"errors"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/mongodb"
)

// LearningUpdate tells a learner that a course now teaches a skill of
// their gap for their target role, or that a new path leads to that role.
// Mail goes out as a weekly digest at most.
const LearningUpdate Event = "learning_update"

// Learners is what the learning updates need from package learning (cmd
// adapts learning.Service): who has learning data, and a learner's gap
// skills for a role.
type Learners interface {
	LearnerIDs(ctx context.Context) ([]string, error)
	GapSkills(ctx context.Context, userID, role string) ([]string, error)
}

// Text is a title in both languages.
type Text struct {
	DE string `bson:"de"`
	EN string `bson:"en"`
}

func (t Text) in(lang string) string { return pick(lang, t.DE, t.EN) }

// catalogueState is the catalogue as the last learning pass saw it:
// "course|skill" and "path|role" pairs.
type catalogueState struct {
	ID           string   `bson:"_id"`
	Kind         string   `bson:"kind"`
	CourseSkills []string `bson:"courseSkills"`
	PathRoles    []string `bson:"pathRoles"`
}

const catalogueID = "learning-catalogue"

// LearningPass compares the course catalogue with what the last pass saw.
// For each course that now teaches a skill, and each new path to a role,
// it notifies the learners whose target role has that skill in its gap (or
// is that role). The first pass only records the catalogue. Notification
// ids are derived from learner, course and skill (or path), and the state
// is written after them, so a crash repeats the pass harmlessly. It
// returns the number of notifications stored.
func (s *Service) LearningPass(ctx context.Context) (int, error) {
	if s.cfg.Content == nil || s.cfg.Learners == nil {
		return 0, nil
	}
	courses, _, err := s.cfg.Content.Courses(ctx, content.CourseFilter{}, content.ListOptions{})
	if err != nil {
		return 0, err
	}
	paths, _, err := s.cfg.Content.Paths(ctx, content.PathFilter{}, content.ListOptions{})
	if err != nil {
		return 0, err
	}
	cur := catalogueState{ID: catalogueID, Kind: "state", CourseSkills: []string{}, PathRoles: []string{}}
	courseBySlug := map[string]content.Course{}
	pathBySlug := map[string]content.Path{}
	for _, c := range courses {
		courseBySlug[c.Slug] = c
		for _, sk := range c.Skills {
			cur.CourseSkills = append(cur.CourseSkills, c.Slug+"|"+sk)
		}
	}
	for _, p := range paths {
		pathBySlug[p.Slug] = p
		cur.PathRoles = append(cur.PathRoles, p.Slug+"|"+p.TargetRole)
	}
	slices.Sort(cur.CourseSkills)
	slices.Sort(cur.PathRoles)
	var prev catalogueState
	err = s.mks.FindOne(ctx, bson.D{{Key: "_id", Value: catalogueID}}).Decode(&prev)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, s.saveCatalogue(ctx, cur)
	}
	if err != nil {
		return 0, mongodb.Translate(err, "learning catalogue")
	}
	added := func(now, before []string) []string {
		var out []string
		for _, x := range now {
			if _, found := slices.BinarySearch(before, x); !found {
				out = append(out, x)
			}
		}
		return out
	}
	newCourseSkills, newPaths := added(cur.CourseSkills, prev.CourseSkills), added(cur.PathRoles, prev.PathRoles)
	if len(newCourseSkills) == 0 && len(newPaths) == 0 {
		if !slices.Equal(cur.CourseSkills, prev.CourseSkills) || !slices.Equal(cur.PathRoles, prev.PathRoles) {
			return 0, s.saveCatalogue(ctx, cur)
		}
		return 0, nil
	}
	ids, err := s.cfg.Learners.LearnerIDs(ctx)
	if err != nil {
		return 0, err
	}
	count := 0
	for _, uid := range ids {
		u, err := s.cfg.Accounts.User(ctx, uid)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return count, err
		}
		if u.TargetRole == "" {
			continue
		}
		role, err := s.cfg.Content.Role(ctx, u.TargetRole)
		if err != nil {
			continue // a target role no longer in the catalogue
		}
		roleTitle := Text{DE: role.Title.DE, EN: role.Title.EN}
		for _, pr := range newPaths {
			slug, r, _ := strings.Cut(pr, "|")
			if r != u.TargetRole {
				continue
			}
			p := pathBySlug[slug]
			d := Data{PathSlug: slug, Item: Text{DE: p.Title.DE, EN: p.Title.EN}, Role: roleTitle}
			if err := s.Enqueue(ctx, "learn:"+uid+":path:"+slug, uid, LearningUpdate, d); err != nil {
				return count, err
			}
			count++
		}
		if len(newCourseSkills) == 0 {
			continue
		}
		gap, err := s.cfg.Learners.GapSkills(ctx, uid, u.TargetRole)
		if err != nil {
			return count, err
		}
		for _, cs := range newCourseSkills {
			slug, skill, _ := strings.Cut(cs, "|")
			if !slices.Contains(gap, skill) {
				continue
			}
			c := courseBySlug[slug]
			d := Data{CourseSlug: slug, Item: Text{DE: c.Title.DE, EN: c.Title.EN}, Role: roleTitle, Skill: s.skillName(ctx, skill)}
			if err := s.Enqueue(ctx, "learn:"+uid+":course:"+slug+":"+skill, uid, LearningUpdate, d); err != nil {
				return count, err
			}
			count++
		}
	}
	return count, s.saveCatalogue(ctx, cur)
}

func (s *Service) skillName(ctx context.Context, slug string) Text {
	sk, err := s.cfg.Content.Skill(ctx, slug)
	if err != nil {
		return Text{DE: slug, EN: slug}
	}
	return Text{DE: sk.Name.DE, EN: sk.Name.EN}
}

func (s *Service) saveCatalogue(ctx context.Context, st catalogueState) error {
	_, err := s.mks.ReplaceOne(ctx, bson.D{{Key: "_id", Value: catalogueID}}, st, options.Replace().SetUpsert(true))
	return mongodb.Translate(err, "learning catalogue")
}
