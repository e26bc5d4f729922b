package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
)

var audiences = []string{"schulabgaenger", "quereinstieg", "berufserfahrene", "aufstieg", "studieninteressierte"}

// listPaths lists qualification paths, optionally by target role or audience.
func (s *server) listPaths() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "role", "audience", "limit", "page")
		f := content.PathFilter{TargetRole: q.slug("role"), Audience: q.oneOf("audience", audiences...)}
		page := q.page()
		if err := q.err(); err != nil {
			return err
		}
		ctx := c.UserContext()
		paths, total, err := s.Content.Paths(ctx, f, page)
		if err != nil {
			return err
		}
		items, err := s.Content.PathSummaries(ctx, paths, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(ListResponse[content.PathSummary]{Items: items, Total: total, Limit: page.Limit, Page: page.Page, Lang: q.lang})
	}
}

// getPath returns a path with its ordered steps.
func (s *server) getPath() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		slug, err := pathSlug(c, "path")
		if err != nil {
			return err
		}
		d, err := s.Content.PathProfile(c.UserContext(), slug, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(d)
	}
}
