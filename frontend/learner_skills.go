package frontend

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/learning"
)

// skillCategories is the order of the skill categories on the page.
var skillCategories = []string{"fachlich", "digital", "methodisch", "sozial", "sprache"}

// skillRow is one skill with the learner's rating and its form.
type skillRow struct {
	Slug, Name, Description string
	// Rated is false for a skill not rated yet (Level is then 0).
	Rated    bool
	Level    int
	Evidence string
	F        *form
}

// ID is the id of one of the skill form's fields.
func (r skillRow) ID(name string) string { return "k-" + r.Slug + "-" + name }

type skillGroup struct {
	Category string
	Skills   []skillRow
}

// skillsView is /mein-bereich/kompetenzen.
type skillsView struct {
	*Page
	Groups []skillGroup
	// Levels are the one scale 0–4 with its names (see Page.LevelScale).
	Levels []option
	Rated  int
	Total  int
}

func (s *Site) skillsPage(c *fiber.Ctx, status int, userID string, failed *skillRow) error {
	v := skillsView{Page: s.learnerPage(c, "learner.skills.title")}
	skills, _, err := s.Content.Skills(ctx(c), content.SkillFilter{}, content.ListOptions{})
	if err != nil {
		return err
	}
	as, err := s.Learning.Assessments(ctx(c), userID)
	if err != nil {
		return err
	}
	for l := learning.LevelNone; l <= learning.LevelExpert; l++ {
		v.Levels = append(v.Levels, option{Value: strconv.Itoa(l), Label: learning.LevelName(l, v.Lang)})
	}
	byCat := map[string][]skillRow{}
	for _, sk := range skills {
		r := skillRow{Slug: sk.Slug, Name: sk.Name.In(v.Lang), Description: sk.Description.In(v.Lang), F: newForm("level", "evidence")}
		if a, ok := as[sk.Slug]; ok {
			r.Rated, r.Level, r.Evidence = true, a.Level, a.Evidence
			v.Rated++
		}
		r.F.values["level"], r.F.values["evidence"] = strconv.Itoa(r.Level), r.Evidence
		if !r.Rated {
			r.F.values["level"] = ""
		}
		if failed != nil && failed.Slug == sk.Slug {
			r.F = failed.F
		}
		byCat[sk.Category] = append(byCat[sk.Category], r)
		v.Total++
	}
	for _, cat := range skillCategories {
		if rows := byCat[cat]; len(rows) > 0 {
			v.Groups = append(v.Groups, skillGroup{Category: cat, Skills: rows})
		}
	}
	return s.render(c, status, "learner-skills", v)
}

// skillsShow lists every skill by category with the learner's rating.
func (s *Site) skillsShow() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		return s.skillsPage(c, fiber.StatusOK, u.ID, nil)
	}
}

// rateSkill stores the learner's level (0–4) and evidence of one skill.
func (s *Site) rateSkill() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		slug := c.Params("skill")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		if _, err := s.Content.Skill(ctx(c), slug); err != nil {
			return err
		}
		f := newForm("level", "evidence").read(c)
		p := s.newPage(c, "", "")
		level, convErr := strconv.Atoi(f.Val("level"))
		if convErr != nil || level < learning.LevelNone || level > learning.LevelExpert {
			f.set("level", p.T("learner.skills.levelBad"))
			return s.skillsPage(c, fiber.StatusUnprocessableEntity, u.ID, &skillRow{Slug: slug, F: f})
		}
		if _, err := s.Learning.SetAssessment(ctx(c), u.ID, slug, learning.SkillInput{Level: level, Evidence: f.Val("evidence")}); err != nil {
			var ae *apperr.Error
			if errors.As(err, &ae) && ae.Code == apperr.Invalid && len(ae.Fields) > 0 {
				for name, msg := range ae.Fields {
					f.set(name, p.fieldMessage(msg))
				}
				return s.skillsPage(c, fiber.StatusUnprocessableEntity, u.ID, &skillRow{Slug: slug, F: f})
			}
			return err
		}
		return c.Redirect("/mein-bereich/kompetenzen?hinweis=kompetenz#k-"+slug, fiber.StatusSeeOther)
	}
}
