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
			items = append(items, courseSummary(co, q.lang, sourceSet{}))
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
		ctx := c.UserContext()
		co, err := s.Content.Course(ctx, slug)
		if err != nil {
			return err
		}
		srcs := sourceSet{}
		srcs.add(co.Sources...)
		d := CourseDetail{
			CourseSummary: courseSummary(co, q.lang, srcs),
			Prerequisites: texts(co.Prerequisites, q.lang),
			Requires:      co.Requires,
			Confers:       co.Confers,
			Topics:        texts(co.Topics, q.lang),
			Lang:          q.lang,
		}
		skills, err := s.Content.SkillsBySlug(ctx, co.Skills)
		if err != nil {
			return err
		}
		d.Skills = make([]SkillRef, 0, len(co.Skills))
		for _, sl := range co.Skills {
			if sk, ok := skills[sl]; ok {
				d.Skills = append(d.Skills, skillRef(sk, q.lang))
			}
		}
		d.Roles = make([]Ref, 0, len(co.Roles))
		for _, rs := range co.Roles {
			r, err := s.Content.Role(ctx, rs)
			if err != nil {
				return err
			}
			d.Roles = append(d.Roles, roleRef(r, q.lang))
		}
		paths, _, err := s.Content.Paths(ctx, content.PathFilter{Course: slug}, content.ListOptions{})
		if err != nil {
			return err
		}
		d.Paths = make([]Ref, 0, len(paths))
		for _, p := range paths {
			d.Paths = append(d.Paths, Ref{Slug: p.Slug, Title: p.Title.In(q.lang)})
		}
		if d.Sources, err = srcs.resolve(ctx, s.Content); err != nil {
			return err
		}
		return c.JSON(d)
	}
}
