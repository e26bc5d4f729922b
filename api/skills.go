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
		items := make([]content.SkillSummary, 0, len(skills))
		for _, sk := range skills {
			items = append(items, content.SkillSummaryOf(sk, q.lang))
		}
		return c.JSON(ListResponse[content.SkillSummary]{Items: items, Total: total, Limit: page.Limit, Page: page.Page, Lang: q.lang})
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
		d, err := s.Content.SkillProfile(c.UserContext(), slug, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(d)
	}
}
