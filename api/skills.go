package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
)

var skillCategories = []string{"fachlich", "digital", "sprache", "sozial", "methodisch"}

// listSkills lists the skill catalogue, optionally by category.
func (s *server) listSkills() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "category", "limit", "page")
		f := content.SkillFilter{Category: q.oneOf("category", skillCategories...)}
		page := q.page()
		if err := q.err(); err != nil {
			return err
		}
		skills, total, err := s.Content.Skills(c.UserContext(), f, page)
		if err != nil {
			return err
		}
		items := make([]SkillSummary, 0, len(skills))
		for _, sk := range skills {
			items = append(items, SkillSummary{SkillRef: skillRef(sk, q.lang), Description: sk.Description.In(q.lang)})
		}
		return c.JSON(ListResponse[SkillSummary]{Items: items, Total: total, Limit: page.Limit, Page: page.Page, Lang: q.lang})
	}
}

// getSkill returns a skill with the roles that need it and the courses that
// teach it.
func (s *server) getSkill() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		slug, err := pathSlug(c, "skill")
		if err != nil {
			return err
		}
		ctx := c.UserContext()
		sk, err := s.Content.Skill(ctx, slug)
		if err != nil {
			return err
		}
		srcs := sourceSet{}
		srcs.add(sk.Sources...)
		d := SkillDetail{SkillSummary: SkillSummary{SkillRef: skillRef(sk, q.lang), Description: sk.Description.In(q.lang)}, Lang: q.lang}
		roles, err := s.Content.RolesNeedingSkill(ctx, slug)
		if err != nil {
			return err
		}
		d.Roles = make([]SkillRoleView, 0, len(roles))
		for _, r := range roles {
			for _, it := range r.Checklist {
				if it.Skill == slug {
					d.Roles = append(d.Roles, SkillRoleView{Ref: roleRef(r, q.lang), Level: it.Level, LevelName: content.LevelName(it.Level, q.lang), Essential: it.Essential})
				}
			}
		}
		courses, _, err := s.Content.Courses(ctx, content.CourseFilter{Skill: slug}, content.ListOptions{})
		if err != nil {
			return err
		}
		d.Courses = make([]CourseRef, 0, len(courses))
		for _, co := range courses {
			d.Courses = append(d.Courses, CourseRef{Slug: co.Slug, Title: co.Title.In(q.lang), Format: co.Format})
		}
		if d.Sources, err = srcs.resolve(ctx, s.Content); err != nil {
			return err
		}
		return c.JSON(d)
	}
}
