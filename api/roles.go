package api

import (
	"context"

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
			items = append(items, roleSummary(r, q.lang))
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
		ctx := c.UserContext()
		r, err := s.Content.Role(ctx, slug)
		if err != nil {
			return err
		}
		srcs := sourceSet{}
		d := RoleDetail{
			RoleSummary: roleSummary(r, q.lang),
			Description: r.Description.In(q.lang),
			Lang:        q.lang,
		}
		d.Sources = nil
		srcs.add(r.Sources...)
		for _, t := range r.Tasks {
			d.Tasks = append(d.Tasks, SourcedText{Text: t.Text.In(q.lang), Context: optText(t.Context, q.lang), Sources: srcs.add(t.Sources...)})
		}
		d.Industries = []IndustryView{}
		for _, n := range r.Industries {
			d.Industries = append(d.Industries, IndustryView{Industry: n.Industry.In(q.lang), Notes: texts(n.Notes, q.lang), Sources: srcs.add(n.Sources...)})
		}
		for _, rq := range r.Requirements {
			d.Requirements = append(d.Requirements, RequirementView{Kind: rq.Kind, Text: rq.Text.In(q.lang), Sources: srcs.add(rq.Sources...)})
		}
		d.Specializations = []SpecializationView{}
		for _, sp := range r.Specializations {
			d.Specializations = append(d.Specializations, SpecializationView{Slug: sp.Slug, Title: sp.Title.In(q.lang), Summary: sp.Summary.In(q.lang), Sources: srcs.add(sp.Sources...)})
		}
		d.Outlook = []SourcedText{}
		for _, o := range r.Outlook {
			d.Outlook = append(d.Outlook, SourcedText{Text: o.Text.In(q.lang), Sources: srcs.add(o.Sources...)})
		}
		if d.MovesTo, err = s.moves(ctx, r.MovesTo, q.lang, srcs); err != nil {
			return err
		}
		if d.MovesFrom, err = s.moves(ctx, r.MovesFrom, q.lang, srcs); err != nil {
			return err
		}
		if d.Checklist, err = s.checklist(ctx, r, q.lang, srcs); err != nil {
			return err
		}
		if d.Salary, err = s.salary(ctx, r, q.lang, srcs); err != nil {
			return err
		}
		paths, _, err := s.Content.Paths(ctx, content.PathFilter{TargetRole: r.Slug}, content.ListOptions{})
		if err != nil {
			return err
		}
		d.Paths = make([]PathSummary, 0, len(paths))
		for _, p := range paths {
			d.Paths = append(d.Paths, pathSummary(p, roleRef(r, q.lang), q.lang))
		}
		if d.Sources, err = srcs.resolve(ctx, s.Content); err != nil {
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
		r, err := s.roleFromPath(c)
		if err != nil {
			return err
		}
		srcs := sourceSet{}
		v, err := s.salary(c.UserContext(), r, q.lang, srcs)
		if err != nil {
			return err
		}
		v.Lang = q.lang
		if v.Sources, err = srcs.resolve(c.UserContext(), s.Content); err != nil {
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
		r, err := s.roleFromPath(c)
		if err != nil {
			return err
		}
		v, err := s.checklist(c.UserContext(), r, q.lang, sourceSet{})
		if err != nil {
			return err
		}
		v.Lang = q.lang
		return c.JSON(v)
	}
}

func (s *server) roleFromPath(c *fiber.Ctx) (content.Role, error) {
	slug, err := pathSlug(c, "role")
	if err != nil {
		return content.Role{}, err
	}
	return s.Content.Role(c.UserContext(), slug)
}

func (s *server) salary(ctx context.Context, r content.Role, lang string, srcs sourceSet) (SalaryView, error) {
	ranges, err := s.Content.SalaryRanges(ctx, r.Slug)
	if err != nil {
		return SalaryView{}, err
	}
	v := SalaryView{Role: roleRef(r, lang), Available: len(ranges) > 0, Ranges: make([]SalaryRangeView, 0, len(ranges))}
	for _, sr := range ranges {
		v.Ranges = append(v.Ranges, salaryRangeView(sr, lang, srcs))
	}
	if !v.Available {
		v.Message = noSalaryMessage.In(lang)
	}
	if v.Postings, err = s.postingInsights(ctx, r.Slug, lang); err != nil {
		return SalaryView{}, err
	}
	return v, nil
}

func (s *server) checklist(ctx context.Context, r content.Role, lang string, srcs sourceSet) (ChecklistView, error) {
	slugs := make([]string, 0, len(r.Checklist))
	for _, it := range r.Checklist {
		slugs = append(slugs, it.Skill)
	}
	skills, err := s.Content.SkillsBySlug(ctx, slugs)
	if err != nil {
		return ChecklistView{}, err
	}
	v := ChecklistView{Role: roleRef(r, lang), Items: make([]ChecklistItemView, 0, len(r.Checklist))}
	for _, it := range r.Checklist {
		srcs.add(it.Sources...)
		ref := SkillRef{Slug: it.Skill, Name: it.Skill}
		if sk, ok := skills[it.Skill]; ok {
			ref = skillRef(sk, lang)
		}
		v.Items = append(v.Items, ChecklistItemView{Skill: ref, Level: it.Level, LevelName: content.LevelName(it.Level, lang), Essential: it.Essential, Evidence: it.Evidence.In(lang)})
		if it.Essential {
			v.Essential++
		}
	}
	return v, nil
}

func (s *server) moves(ctx context.Context, moves []content.CareerMove, lang string, srcs sourceSet) ([]MoveView, error) {
	out := make([]MoveView, 0, len(moves))
	for _, m := range moves {
		other, err := s.Content.Role(ctx, m.Role)
		if err != nil {
			return nil, err
		}
		out = append(out, MoveView{Role: roleRef(other, lang), Note: m.Note.In(lang), Sources: srcs.add(m.Sources...)})
	}
	return out, nil
}
