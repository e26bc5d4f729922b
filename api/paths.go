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
		titles := map[string]Ref{}
		items := make([]PathSummary, 0, len(paths))
		for _, p := range paths {
			ref, ok := titles[p.TargetRole]
			if !ok {
				r, err := s.Content.Role(ctx, p.TargetRole)
				if err != nil {
					return err
				}
				ref = roleRef(r, q.lang)
				titles[p.TargetRole] = ref
			}
			items = append(items, pathSummary(p, ref, q.lang))
		}
		return c.JSON(ListResponse[PathSummary]{Items: items, Total: total, Limit: page.Limit, Page: page.Page, Lang: q.lang})
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
		ctx := c.UserContext()
		p, err := s.Content.Path(ctx, slug)
		if err != nil {
			return err
		}
		r, err := s.Content.Role(ctx, p.TargetRole)
		if err != nil {
			return err
		}
		srcs := sourceSet{}
		srcs.add(p.Sources...)
		d := PathDetail{PathSummary: pathSummary(p, roleRef(r, q.lang), q.lang), Prerequisites: texts(p.Prerequisites, q.lang), Lang: q.lang}
		d.StepList = make([]StepView, 0, len(p.Steps))
		for i, st := range p.Steps {
			v := StepView{
				Position: i + 1, Kind: st.Kind, Title: st.Title.In(q.lang), Summary: st.Summary.In(q.lang),
				Duration: durationView(st.Duration, q.lang, srcs), Prerequisites: texts(st.Prerequisites, q.lang), Optional: st.Optional,
			}
			if st.Course != "" {
				co, err := s.Content.Course(ctx, st.Course)
				if err != nil {
					return err
				}
				v.Course = &CourseRef{Slug: co.Slug, Title: co.Title.In(q.lang), Format: co.Format}
				if v.Duration == nil {
					v.Duration = durationView(co.Duration, q.lang, srcs)
				}
			}
			d.StepList = append(d.StepList, v)
		}
		if d.Sources, err = srcs.resolve(ctx, s.Content); err != nil {
			return err
		}
		return c.JSON(d)
	}
}

func pathSummary(p content.Path, target Ref, lang string) PathSummary {
	return PathSummary{Slug: p.Slug, Title: p.Title.In(lang), Summary: p.Summary.In(lang), TargetRole: target, Audience: p.Audience, Steps: len(p.Steps)}
}
