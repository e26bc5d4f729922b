package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
)

var courseFormats = []string{"online", "praesenz", "blended", "dual", "fernstudium"}

// listCourses lists courses, optionally by format, skill taught or role.
func (s *server) listCourses() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "format", "skill", "role", "limit", "page")
		f := content.CourseFilter{Format: q.oneOf("format", courseFormats...), Skill: q.slug("skill"), Role: q.slug("role")}
		page := q.page()
		if err := q.err(); err != nil {
			return err
		}
		courses, total, err := s.Content.Courses(c.UserContext(), f, page)
		if err != nil {
			return err
		}
		items := make([]CourseSummary, 0, len(courses))
		for _, co := range courses {
			items = append(items, content.CourseSummaryOf(co, q.lang))
		}
		return c.JSON(ListResponse[CourseSummary]{Items: items, Total: total, Limit: page.Limit, Page: page.Page, Lang: q.lang})
	}
}

// getCourse returns a course with the skills it teaches, the roles it
// prepares for and the paths it is part of.
func (s *server) getCourse() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		slug, err := pathSlug(c, "course")
		if err != nil {
			return err
		}
		d, err := s.Content.CourseProfile(c.UserContext(), slug, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(d)
	}
}
