package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
)

var roleLevels = []string{"einstieg", "fachkraft", "leitung"}

// listRoles lists role profiles, optionally by specialization or level.
func (s *server) listRoles() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "specialization", "level", "limit", "page")
		f := content.RoleFilter{Specialization: q.slug("specialization"), Level: q.oneOf("level", roleLevels...)}
		page := q.page()
		if err := q.err(); err != nil {
			return err
		}
		roles, total, err := s.Content.Roles(c.UserContext(), f, page)
		if err != nil {
			return err
		}
		items := make([]RoleSummary, 0, len(roles))
		for _, r := range roles {
			items = append(items, content.RoleSummaryOf(r, q.lang))
		}
		return c.JSON(ListResponse[RoleSummary]{Items: items, Total: total, Limit: page.Limit, Page: page.Page, Lang: q.lang})
	}
}

// getRole returns a role's full profile with its checklist, salary and the
// paths that lead to it.
func (s *server) getRole() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		slug, err := pathSlug(c, "role")
		if err != nil {
			return err
		}
		d, err := s.Content.RoleProfile(c.UserContext(), slug, q.lang, s.insights())
		if err != nil {
			return err
		}
		return c.JSON(d)
	}
}

// getRoleSalary returns the sourced salary ranges of a role.
func (s *server) getRoleSalary() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		slug, err := pathSlug(c, "role")
		if err != nil {
			return err
		}
		v, err := s.Content.RoleSalary(c.UserContext(), slug, q.lang, s.insights())
		if err != nil {
			return err
		}
		return c.JSON(v)
	}
}

// getRoleChecklist returns a role's skill checklist.
func (s *server) getRoleChecklist() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		slug, err := pathSlug(c, "role")
		if err != nil {
			return err
		}
		v, err := s.Content.RoleChecklist(c.UserContext(), slug, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(v)
	}
}
