package content

import (
	"context"
)

// InsightsFunc returns what the job postings on the platform say about a
// role's pay, in lang; nil (and no error) where there is no jobs service.
// The jobs package provides it; content cannot import jobs.
type InsightsFunc func(ctx context.Context, role, lang string) (*PostingInsightsView, error)

// RoleProfile is the full profile of a role in lang: tasks, industries,
// requirements, specializations, outlook, career moves, checklist, salary
// (with the postings' insights from insights, which may be nil), the paths
// that lead to it and every source it names.
func (s *Store) RoleProfile(ctx context.Context, slug, lang string, insights InsightsFunc) (RoleDetail, error) {
	r, err := s.Role(ctx, slug)
	if err != nil {
		return RoleDetail{}, err
	}
	srcs := sourceSet{}
	d := RoleDetail{
		RoleSummary: RoleSummaryOf(r, lang),
		Description: r.Description.In(lang),
		Lang:        lang,
	}
	srcs.add(r.Sources...)
	for _, t := range r.Tasks {
		d.Tasks = append(d.Tasks, SourcedText{Text: t.Text.In(lang), Context: optText(t.Context, lang), Sources: srcs.add(t.Sources...)})
	}
	d.Industries = []IndustryView{}
	for _, n := range r.Industries {
		d.Industries = append(d.Industries, IndustryView{Industry: n.Industry.In(lang), Notes: texts(n.Notes, lang), Sources: srcs.add(n.Sources...)})
	}
	for _, rq := range r.Requirements {
		d.Requirements = append(d.Requirements, RequirementView{Kind: rq.Kind, Text: rq.Text.In(lang), Sources: srcs.add(rq.Sources...)})
	}
	d.Specializations = []SpecializationView{}
	for _, sp := range r.Specializations {
		d.Specializations = append(d.Specializations, SpecializationView{Slug: sp.Slug, Title: sp.Title.In(lang), Summary: sp.Summary.In(lang), Sources: srcs.add(sp.Sources...)})
	}
	d.Outlook = []SourcedText{}
	for _, o := range r.Outlook {
		d.Outlook = append(d.Outlook, SourcedText{Text: o.Text.In(lang), Sources: srcs.add(o.Sources...)})
	}
	d.Related = []RelationView{}
	for _, rel := range r.Related {
		other, err := s.Role(ctx, rel.Role)
		if err != nil {
			return RoleDetail{}, err
		}
		d.Related = append(d.Related, RelationView{Role: roleRef(other, lang), Kind: rel.Kind, Note: rel.Note.In(lang), Sources: srcs.add(rel.Sources...)})
	}
	if d.MovesTo, err = s.moves(ctx, r.MovesTo, lang, srcs); err != nil {
		return RoleDetail{}, err
	}
	if d.MovesFrom, err = s.moves(ctx, r.MovesFrom, lang, srcs); err != nil {
		return RoleDetail{}, err
	}
	if d.Checklist, err = s.checklist(ctx, r, lang, srcs); err != nil {
		return RoleDetail{}, err
	}
	if d.Salary, err = s.salary(ctx, r, lang, srcs, insights); err != nil {
		return RoleDetail{}, err
	}
	paths, _, err := s.Paths(ctx, PathFilter{TargetRole: r.Slug}, ListOptions{})
	if err != nil {
		return RoleDetail{}, err
	}
	d.Paths = make([]PathSummary, 0, len(paths))
	for _, p := range paths {
		d.Paths = append(d.Paths, PathSummaryOf(p, roleRef(r, lang), lang))
	}
	if d.Sources, err = srcs.resolve(ctx, s); err != nil {
		return RoleDetail{}, err
	}
	return d, nil
}

// RoleSalary is the sourced salary ranges of a role in lang, with the
// postings' insights and the sources.
func (s *Store) RoleSalary(ctx context.Context, slug, lang string, insights InsightsFunc) (SalaryView, error) {
	r, err := s.Role(ctx, slug)
	if err != nil {
		return SalaryView{}, err
	}
	srcs := sourceSet{}
	v, err := s.salary(ctx, r, lang, srcs, insights)
	if err != nil {
		return SalaryView{}, err
	}
	v.Lang = lang
	if v.Sources, err = srcs.resolve(ctx, s); err != nil {
		return SalaryView{}, err
	}
	return v, nil
}

// RoleChecklist is a role's skill checklist in lang.
func (s *Store) RoleChecklist(ctx context.Context, slug, lang string) (ChecklistView, error) {
	r, err := s.Role(ctx, slug)
	if err != nil {
		return ChecklistView{}, err
	}
	v, err := s.checklist(ctx, r, lang, sourceSet{})
	if err != nil {
		return ChecklistView{}, err
	}
	v.Lang = lang
	return v, nil
}

func (s *Store) salary(ctx context.Context, r Role, lang string, srcs sourceSet, insights InsightsFunc) (SalaryView, error) {
	ranges, err := s.SalaryRanges(ctx, r.Slug)
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
	if insights != nil {
		if v.Postings, err = insights(ctx, r.Slug, lang); err != nil {
			return SalaryView{}, err
		}
	}
	return v, nil
}

func (s *Store) checklist(ctx context.Context, r Role, lang string, srcs sourceSet) (ChecklistView, error) {
	slugs := make([]string, 0, len(r.Checklist))
	for _, it := range r.Checklist {
		slugs = append(slugs, it.Skill)
	}
	skills, err := s.SkillsBySlug(ctx, slugs)
	if err != nil {
		return ChecklistView{}, err
	}
	v := ChecklistView{Role: roleRef(r, lang), Items: make([]ChecklistItemView, 0, len(r.Checklist))}
	for _, it := range r.Checklist {
		srcs.add(it.Sources...)
		ref := SkillRef{Slug: it.Skill, Name: it.Skill}
		if sk, ok := skills[it.Skill]; ok {
			ref = SkillRefOf(sk, lang)
		}
		v.Items = append(v.Items, ChecklistItemView{Skill: ref, Level: it.Level, LevelName: LevelName(it.Level, lang), Essential: it.Essential, Evidence: it.Evidence.In(lang)})
		if it.Essential {
			v.Essential++
		}
	}
	return v, nil
}

func (s *Store) moves(ctx context.Context, moves []CareerMove, lang string, srcs sourceSet) ([]MoveView, error) {
	out := make([]MoveView, 0, len(moves))
	for _, m := range moves {
		other, err := s.Role(ctx, m.Role)
		if err != nil {
			return nil, err
		}
		out = append(out, MoveView{Role: roleRef(other, lang), Note: m.Note.In(lang), Sources: srcs.add(m.Sources...)})
	}
	return out, nil
}

// CourseProfile is a course in lang with the skills it teaches, the roles it
// prepares for, the paths it is part of and its sources.
func (s *Store) CourseProfile(ctx context.Context, slug, lang string) (CourseDetail, error) {
	co, err := s.Course(ctx, slug)
	if err != nil {
		return CourseDetail{}, err
	}
	srcs := sourceSet{}
	srcs.add(co.Sources...)
	d := CourseDetail{
		CourseSummary: courseSummary(co, lang, srcs),
		Prerequisites: texts(co.Prerequisites, lang),
		Requires:      co.Requires,
		Usually:       co.Usually,
		Confers:       co.Confers,
		Topics:        texts(co.Topics, lang),
		Lang:          lang,
	}
	skills, err := s.SkillsBySlug(ctx, co.Skills)
	if err != nil {
		return CourseDetail{}, err
	}
	d.Skills = make([]SkillRef, 0, len(co.Skills))
	for _, sl := range co.Skills {
		if sk, ok := skills[sl]; ok {
			d.Skills = append(d.Skills, SkillRefOf(sk, lang))
		}
	}
	d.Roles = make([]Ref, 0, len(co.Roles))
	for _, rs := range co.Roles {
		r, err := s.Role(ctx, rs)
		if err != nil {
			return CourseDetail{}, err
		}
		d.Roles = append(d.Roles, roleRef(r, lang))
	}
	paths, _, err := s.Paths(ctx, PathFilter{Course: slug}, ListOptions{})
	if err != nil {
		return CourseDetail{}, err
	}
	d.Paths = make([]Ref, 0, len(paths))
	for _, p := range paths {
		d.Paths = append(d.Paths, Ref{Slug: p.Slug, Title: p.Title.In(lang)})
	}
	if d.Sources, err = srcs.resolve(ctx, s); err != nil {
		return CourseDetail{}, err
	}
	return d, nil
}

// PathProfile is a path in lang with its ordered steps (numbered from 1)
// and its sources. A step without a duration of its own shows its course's.
func (s *Store) PathProfile(ctx context.Context, slug, lang string) (PathDetail, error) {
	p, err := s.Path(ctx, slug)
	if err != nil {
		return PathDetail{}, err
	}
	r, err := s.Role(ctx, p.TargetRole)
	if err != nil {
		return PathDetail{}, err
	}
	srcs := sourceSet{}
	srcs.add(p.Sources...)
	d := PathDetail{PathSummary: PathSummaryOf(p, roleRef(r, lang), lang), Prerequisites: texts(p.Prerequisites, lang), Lang: lang}
	d.StepList = make([]StepView, 0, len(p.Steps))
	for i, st := range p.Steps {
		v := StepView{
			Position: i + 1, Kind: st.Kind, Title: st.Title.In(lang), Summary: st.Summary.In(lang),
			Duration: durationView(st.Duration, lang, srcs), Prerequisites: texts(st.Prerequisites, lang), Optional: st.Optional,
		}
		if st.Course != "" {
			co, err := s.Course(ctx, st.Course)
			if err != nil {
				return PathDetail{}, err
			}
			v.Course = &CourseRef{Slug: co.Slug, Title: co.Title.In(lang), Format: co.Format}
			if v.Duration == nil {
				v.Duration = durationView(co.Duration, lang, srcs)
			}
		}
		d.StepList = append(d.StepList, v)
	}
	if d.Sources, err = srcs.resolve(ctx, s); err != nil {
		return PathDetail{}, err
	}
	return d, nil
}

// PathSummaries are paths in lang with their target roles resolved.
func (s *Store) PathSummaries(ctx context.Context, paths []Path, lang string) ([]PathSummary, error) {
	titles := map[string]Ref{}
	items := make([]PathSummary, 0, len(paths))
	for _, p := range paths {
		ref, ok := titles[p.TargetRole]
		if !ok {
			r, err := s.Role(ctx, p.TargetRole)
			if err != nil {
				return nil, err
			}
			ref = roleRef(r, lang)
			titles[p.TargetRole] = ref
		}
		items = append(items, PathSummaryOf(p, ref, lang))
	}
	return items, nil
}

// SkillProfile is a skill in lang with the roles that need it (at which
// level) and the courses that teach it.
func (s *Store) SkillProfile(ctx context.Context, slug, lang string) (SkillDetail, error) {
	sk, err := s.Skill(ctx, slug)
	if err != nil {
		return SkillDetail{}, err
	}
	srcs := sourceSet{}
	srcs.add(sk.Sources...)
	d := SkillDetail{SkillSummary: SkillSummaryOf(sk, lang), Lang: lang}
	roles, err := s.RolesNeedingSkill(ctx, slug)
	if err != nil {
		return SkillDetail{}, err
	}
	d.Roles = make([]SkillRoleView, 0, len(roles))
	for _, r := range roles {
		for _, it := range r.Checklist {
			if it.Skill == slug {
				d.Roles = append(d.Roles, SkillRoleView{Ref: roleRef(r, lang), Level: it.Level, LevelName: LevelName(it.Level, lang), Essential: it.Essential})
			}
		}
	}
	courses, _, err := s.Courses(ctx, CourseFilter{Skill: slug}, ListOptions{})
	if err != nil {
		return SkillDetail{}, err
	}
	d.Courses = make([]CourseRef, 0, len(courses))
	for _, co := range courses {
		d.Courses = append(d.Courses, CourseRef{Slug: co.Slug, Title: co.Title.In(lang), Format: co.Format})
	}
	if d.Sources, err = srcs.resolve(ctx, s); err != nil {
		return SkillDetail{}, err
	}
	return d, nil
}

// AllSources lists every source document, in id order, in lang.
func (s *Store) AllSources(ctx context.Context, lang string) ([]SourceView, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	set := sourceSet{}
	for id := range c.sources {
		set.add(id)
	}
	return set.resolve(ctx, s)
}
