package learning

import (
	"context"
	"fmt"
	"slices"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
)

// DefaultCourseMonths is the weight of a course without a sourced duration
// when no course of the same provider type has one.
const DefaultCourseMonths = 6

// ShortCourseMonths bounds what the plan spends on optional skills: an
// optional gap is covered only by a course open to the learner now whose
// weight is at most this; long courses and prerequisite chains are brought
// in only for essential gaps.
const ShortCourseMonths = 12

// Reasons a course is in the plan.
const (
	ReasonEntry        = "entry"
	ReasonGap          = "gap"
	ReasonPrerequisite = "prerequisite"
)

// Reasons a gap stays uncovered.
const (
	UncoveredNoCourse       = "no_course"
	UncoveredNeedsBackgound = "needs_background"
	UncoveredOptionalLong   = "optional_long_course"
)

// CoursePlan is the recommended set of courses, in the order to take them.
type CoursePlan struct {
	// Quereinstieg is true for a learner without a commercial training;
	// the plan then starts from Entry.
	Quereinstieg bool            `json:"quereinstieg"`
	Entry        *EntryRoute     `json:"entry,omitempty"`
	Courses      []PlannedCourse `json:"courses"`
	// TotalMonths sums the sourced durations; UnknownDurations counts the
	// courses without one (not in the total).
	TotalMonths      int         `json:"totalMonths"`
	UnknownDurations int         `json:"unknownDurations"`
	Uncovered        []Uncovered `json:"uncovered"`
	// Assumptions are the assumptions of ours (not of a source) the plan
	// relies on, for the learner to see; empty when it relies on none.
	Assumptions []Assumption `json:"assumptions"`
}

// AssumptionExperienceYears names the assumption of how many years count
// as "mehrjährige Berufserfahrung" (DefaultExperienceYears).
const AssumptionExperienceYears = "experience-years"

// Assumption is an assumption of ours a plan relies on.
type Assumption struct {
	Key     string `json:"key"`
	Value   int    `json:"value"`
	Message string `json:"message"`
}

// UsualPrerequisite is a background a course usually (not strictly)
// expects (content.Course.Usually), and whether the learner has it.
type UsualPrerequisite struct {
	Background string `json:"background"`
	Met        bool   `json:"met"`
	Message    string `json:"message"`
}

// EntryRoute is where a career changer starts: the entry steps of the
// matching path.
type EntryRoute struct {
	Path  string      `json:"path"`
	Title string      `json:"title"`
	Steps []EntryStep `json:"steps"`
}

// EntryStep is one entry step of a path.
type EntryStep struct {
	// Number is the step's number in the path, from 1.
	Number int    `json:"number"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Course string `json:"course,omitempty"`
}

// PlannedCourse is one course of the plan.
type PlannedCourse struct {
	Order int    `json:"order"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
	// Months is the sourced duration; nil when no source gives one.
	Months *int `json:"months"`
	// Duration is Months as text, or "Dauer unbekannt".
	Duration string `json:"duration"`
	// Weight is the cost the cover used (Months, or the stand-in).
	Weight float64 `json:"weight"`
	Reason string  `json:"reason"`
	// Covers are the gap skills the course teaches.
	Covers []string `json:"covers"`
	// SatisfiedBy says how the course's prerequisites are met:
	// "background:<flag>" or "course:<slug>"; empty without prerequisites.
	SatisfiedBy string `json:"satisfiedBy,omitempty"`
	// PrerequisiteFor names the planned course this one opens.
	PrerequisiteFor string `json:"prerequisiteFor,omitempty"`
	// Usually are the backgrounds the course usually expects on top of its
	// prerequisites; they never block it, the learner is told about them.
	Usually []UsualPrerequisite `json:"usually,omitempty"`
}

// Uncovered is a gap the plan does not cover, and why.
type Uncovered struct {
	Skill     string `json:"skill"`
	Name      string `json:"name"`
	Essential bool   `json:"essential"`
	Reason    string `json:"reason"`
	// Needs lists the backgrounds that would open a course teaching it.
	Needs   []string `json:"needs,omitempty"`
	Message string   `json:"message"`
}

// PlanInput is what the planner needs; Plan is a pure function of it.
type PlanInput struct {
	Gaps       []Gap
	Courses    []content.Course
	Paths      []content.Path
	Background Background
	// Finished are the courses the learner finished (done path steps).
	Finished map[string]bool
	// Role is the target role, for choosing a career changer's entry path;
	// may be zero.
	Role content.Role
	Lang string
	// ExperienceYears is how many years of office work count as several
	// (an assumption; 0: DefaultExperienceYears).
	ExperienceYears int
}

type planner struct {
	in      PlanInput
	courses map[string]content.Course
	weight  map[string]float64
	taken   map[string]bool
	planned map[string]bool
	imp     map[string]int  // gap skill → importance
	ess     map[string]bool // gap skill → essential
	open    map[string]bool // gap skills not yet covered
}

// Plan chooses courses that cover the gaps by greedy weighted set cover:
// repeatedly take the course with the most still-uncovered importance per
// month of weight (ties: the lighter, then by slug), bringing in the
// cheapest way to meet its prerequisites (a course conferring a missing
// background, or a required course) and counting that course's weight and
// coverage too. A course whose prerequisites cannot be met is never
// chosen. Afterwards courses whose gap skills the others already cover are
// dropped. Weights: the sourced duration in months; without one, the median
// sourced duration of catalogue courses of the same provider type (a
// degree weighs like the sourced degree), else DefaultCourseMonths.
func Plan(in PlanInput) CoursePlan {
	pl := &planner{in: in, courses: map[string]content.Course{}, weight: map[string]float64{}, taken: map[string]bool{},
		planned: map[string]bool{}, imp: map[string]int{}, ess: map[string]bool{}, open: map[string]bool{}}
	byType := map[string][]int{}
	for _, c := range in.Courses {
		pl.courses[c.Slug] = c
		if m, ok := c.Duration.Months(); ok {
			byType[c.ProviderType] = append(byType[c.ProviderType], m)
		}
	}
	for _, c := range in.Courses {
		if m, ok := c.Duration.Months(); ok {
			pl.weight[c.Slug] = float64(m)
		} else if ms := byType[c.ProviderType]; len(ms) > 0 {
			slices.Sort(ms)
			pl.weight[c.Slug] = float64(ms[len(ms)/2])
		} else {
			pl.weight[c.Slug] = DefaultCourseMonths
		}
		if in.Finished[c.Slug] || (c.Confers != "" && in.Background.Has(c.Confers, in.ExperienceYears)) {
			pl.taken[c.Slug] = true
		}
	}
	for _, g := range in.Gaps {
		pl.imp[g.Skill] = g.Importance
		pl.ess[g.Skill] = g.Essential
		pl.open[g.Skill] = true
	}
	out := CoursePlan{Courses: []PlannedCourse{}, Uncovered: []Uncovered{}}
	var chosen []PlannedCourse

	// A career changer starts from the entry steps of the matching path.
	out.Quereinstieg = !in.Background.Has(content.BackgroundCommercialTraining, in.ExperienceYears) && !pl.hasConferred(content.BackgroundCommercialTraining)
	if out.Quereinstieg {
		if p, ok := entryPath(in.Paths, in.Role); ok {
			out.Entry = &EntryRoute{Path: p.Slug, Title: p.Title.In(in.Lang), Steps: []EntryStep{}}
			for _, i := range entrySteps(p) {
				st := p.Steps[i]
				out.Entry.Steps = append(out.Entry.Steps, EntryStep{Number: stepNumber(i), Kind: st.Kind, Title: st.Title.In(in.Lang), Course: st.Course})
				if _, known := pl.courses[st.Course]; st.Course != "" && known && !pl.taken[st.Course] && !pl.planned[st.Course] {
					if sat, extras, ok := pl.bundle(st.Course, 0); ok && len(extras) == 0 {
						chosen = append(chosen, pl.take(st.Course, ReasonEntry, sat, ""))
					}
				}
			}
		}
	}

	blocked := map[string][]string{} // gap skill → backgrounds that would open a course
	longOnly := map[string]bool{}
	for {
		best, bestExtras, bestSat := "", []string(nil), ""
		bestRatio, bestCost := -1.0, 0.0
		for _, c := range in.Courses {
			if pl.taken[c.Slug] || pl.planned[c.Slug] || pl.gain(c.Slug, nil) == 0 {
				continue
			}
			sat, extras, ok := pl.bundle(c.Slug, 0)
			if !ok {
				for _, sk := range pl.openSkills(c.Slug) {
					blocked[sk] = appendUnique(blocked[sk], pl.needs(c.Slug)...)
				}
				continue
			}
			gain := pl.gain(c.Slug, extras)
			cost := pl.weight[c.Slug]
			for _, e := range extras {
				cost += pl.weight[e]
			}
			if !pl.coversEssential(append([]string{c.Slug}, extras...)) && (len(extras) > 0 || cost > ShortCourseMonths) {
				for _, sk := range pl.openSkills(c.Slug) {
					longOnly[sk] = true
				}
				continue
			}
			ratio := float64(gain) / cost
			if ratio > bestRatio || (ratio == bestRatio && cost < bestCost) {
				best, bestExtras, bestSat, bestRatio, bestCost = c.Slug, extras, sat, ratio, cost
			}
		}
		if best == "" {
			break
		}
		// Prerequisites first, each opening the next.
		for i, e := range bestExtras {
			opens := best
			if i+1 < len(bestExtras) {
				opens = bestExtras[i+1]
			}
			esat, _, _ := pl.bundle(e, 0)
			chosen = append(chosen, pl.take(e, ReasonPrerequisite, esat, opens))
		}
		chosen = append(chosen, pl.take(best, ReasonGap, bestSat, ""))
	}
	chosen = pl.prune(chosen)

	for i := range chosen {
		chosen[i].Order = i + 1
		chosen[i].Covers = pl.gapSkillsOf(chosen[i].Slug)
		if chosen[i].Months != nil {
			out.TotalMonths += *chosen[i].Months
		} else {
			out.UnknownDurations++
		}
	}
	out.Courses = chosen
	out.Assumptions = []Assumption{}
	for i := range out.Courses {
		out.Courses[i].Usually = pl.usually(out.Courses[i].Slug)
		for _, u := range out.Courses[i].Usually {
			if u.Background == content.BackgroundOfficeExperience && len(out.Assumptions) == 0 {
				out.Assumptions = append(out.Assumptions, pl.experienceAssumption())
			}
		}
	}

	for _, g := range in.Gaps {
		if !pl.open[g.Skill] {
			continue
		}
		u := Uncovered{Skill: g.Skill, Name: g.Name, Essential: g.Essential}
		switch {
		case longOnly[g.Skill]:
			u.Reason = UncoveredOptionalLong
			u.Message = msg(in.Lang, "Nur lange Kurse oder Kurse mit Voraussetzungen vermitteln das; für eine optionale Anforderung empfehlen wir sie nicht.",
				"Only long courses or courses with prerequisites teach this; we do not recommend them for an optional requirement.")
		case len(blocked[g.Skill]) > 0:
			u.Reason, u.Needs = UncoveredNeedsBackgound, blocked[g.Skill]
			u.Message = msg(in.Lang, "Die Kurse im Katalog, die das vermitteln, setzen einen Hintergrund voraus, den Sie nicht angegeben haben.",
				"The catalogue courses that teach this require a background you have not stated.")
		default:
			u.Reason = UncoveredNoCourse
			u.Message = msg(in.Lang, "Kein Kurs im Katalog vermittelt diese Fähigkeit; sie entsteht vor allem durch Praxis.",
				"No course in the catalogue teaches this skill; it mostly comes with practice.")
		}
		out.Uncovered = append(out.Uncovered, u)
	}
	return out
}

// years is the number of years that count as several (the assumption).
func (pl *planner) years() int {
	if pl.in.ExperienceYears > 0 {
		return pl.in.ExperienceYears
	}
	return DefaultExperienceYears
}

// experienceAssumption states the experience-years assumption.
func (pl *planner) experienceAssumption() Assumption {
	n := pl.years()
	return Assumption{Key: AssumptionExperienceYears, Value: n, Message: fmt.Sprintf(msg(pl.in.Lang,
		"Annahme: Die Quellen nennen für „mehrjährige Berufserfahrung“ keine Zahl. Wir zählen sie ab %d Jahren; der Wert ist unsere Annahme und einstellbar.",
		"Assumption: the sources give no number for \"several years of work experience\". We count it from %d years; the figure is our assumption and configurable."), n)}
}

// usually reports the backgrounds a course usually expects, met or not.
func (pl *planner) usually(slug string) []UsualPrerequisite {
	var out []UsualPrerequisite
	for _, u := range pl.courses[slug].Usually {
		if u.Background == "" {
			continue
		}
		up := UsualPrerequisite{Background: u.Background, Met: pl.in.Background.Has(u.Background, pl.in.ExperienceYears)}
		switch {
		case u.Background == content.BackgroundOfficeExperience && up.Met:
			up.Message = fmt.Sprintf(msg(pl.in.Lang,
				"Meist wird mehrjährige Berufserfahrung erwartet; mit %d Jahren ist das nach unserer Annahme (ab %d Jahren) erfüllt.",
				"Several years of work experience are usually expected; with %d years that is met by our assumption (%d years or more)."), pl.in.Background.OfficeYears, pl.years())
		case u.Background == content.BackgroundOfficeExperience:
			up.Message = fmt.Sprintf(msg(pl.in.Lang,
				"Meist wird mehrjährige Berufserfahrung erwartet; angegeben sind %d Jahre, nach unserer Annahme zählen ab %d Jahren. Kein Ausschluss, aber bei der Zulassung kann es zählen.",
				"Several years of work experience are usually expected; %d years are stated and by our assumption %d or more count. This does not rule the course out, but admission may weigh it."), pl.in.Background.OfficeYears, pl.years())
		case up.Met:
			up.Message = msg(pl.in.Lang, "Meist erwartet – vorhanden.", "Usually expected – you have it.")
		default:
			up.Message = msg(pl.in.Lang, "Meist erwartet, aber nicht angegeben; kein Ausschluss.", "Usually expected but not stated; this does not rule the course out.")
		}
		out = append(out, up)
	}
	return out
}

func msg(lang, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}

func appendUnique(list []string, vs ...string) []string {
	for _, v := range vs {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// hasConferred reports whether a finished course confers the background.
func (pl *planner) hasConferred(flag string) bool {
	for slug := range pl.in.Finished {
		if pl.courses[slug].Confers == flag {
			return true
		}
	}
	return false
}

// openSkills are the still-uncovered gap skills the course teaches.
func (pl *planner) openSkills(slug string) []string {
	var out []string
	for _, sk := range pl.courses[slug].Skills {
		if pl.open[sk] {
			out = append(out, sk)
		}
	}
	return out
}

// gapSkillsOf are all gap skills the course teaches.
func (pl *planner) gapSkillsOf(slug string) []string {
	out := []string{}
	for _, sk := range pl.courses[slug].Skills {
		if _, ok := pl.imp[sk]; ok {
			out = append(out, sk)
		}
	}
	return out
}

// gain is the uncovered importance the course and extras would cover.
func (pl *planner) gain(slug string, extras []string) int {
	seen := map[string]bool{}
	g := 0
	for _, c := range append([]string{slug}, extras...) {
		for _, sk := range pl.openSkills(c) {
			if !seen[sk] {
				seen[sk] = true
				g += pl.imp[sk]
			}
		}
	}
	return g
}

func (pl *planner) coversEssential(slugs []string) bool {
	for _, c := range slugs {
		for _, sk := range pl.openSkills(c) {
			if pl.ess[sk] {
				return true
			}
		}
	}
	return false
}

// bundle returns how the course's prerequisites are met: sat says by what
// ("background:x" or "course:y") and extras are the courses that must come
// first (prerequisites of prerequisites first); ok is false when they cannot
// be met. Requires is any-of: the cheapest alternative wins.
func (pl *planner) bundle(slug string, depth int) (sat string, extras []string, ok bool) {
	c := pl.courses[slug]
	if len(c.Requires) == 0 {
		return "", nil, true
	}
	for _, alt := range c.Requires {
		if alt.Background != "" && pl.in.Background.Has(alt.Background, pl.in.ExperienceYears) {
			return "background:" + alt.Background, nil, true
		}
		if alt.Course != "" && (pl.taken[alt.Course] || pl.planned[alt.Course]) {
			return "course:" + alt.Course, nil, true
		}
		if alt.Background != "" {
			for _, o := range pl.in.Courses { // in slug order: deterministic
				if o.Confers == alt.Background && (pl.taken[o.Slug] || pl.planned[o.Slug]) {
					return "course:" + o.Slug, nil, true
				}
			}
		}
	}
	if depth >= 3 {
		return "", nil, false
	}
	bestCost := -1.0
	for _, alt := range c.Requires {
		var opts []string
		if alt.Course != "" {
			opts = []string{alt.Course}
		} else {
			for _, o := range pl.in.Courses {
				if o.Confers == alt.Background && o.Slug != slug {
					opts = append(opts, o.Slug)
				}
			}
		}
		for _, o := range opts {
			if _, known := pl.courses[o]; !known {
				continue
			}
			_, sub, ok := pl.bundle(o, depth+1)
			if !ok {
				continue
			}
			chain := append(slices.Clone(sub), o)
			cost := 0.0
			for _, x := range chain {
				cost += pl.weight[x]
			}
			if bestCost < 0 || cost < bestCost {
				bestCost, extras, sat = cost, chain, "course:"+o
			}
		}
	}
	return sat, extras, bestCost >= 0
}

// needs lists what would open a course whose prerequisites cannot be met.
func (pl *planner) needs(slug string) []string {
	var out []string
	for _, alt := range pl.courses[slug].Requires {
		if alt.Background != "" {
			out = append(out, alt.Background)
		} else {
			out = append(out, "course:"+alt.Course)
		}
	}
	return out
}

// take puts a course into the plan and marks its skills covered.
func (pl *planner) take(slug, reason, sat, opens string) PlannedCourse {
	c := pl.courses[slug]
	pl.planned[slug] = true
	for _, sk := range c.Skills {
		delete(pl.open, sk)
	}
	pc := PlannedCourse{Slug: slug, Title: c.Title.In(pl.in.Lang), Weight: pl.weight[slug], Reason: reason, SatisfiedBy: sat, PrerequisiteFor: opens}
	if m, ok := c.Duration.Months(); ok {
		pc.Months = &m
		pc.Duration = fmt.Sprintf(msg(pl.in.Lang, "%d Monate", "%d months"), m)
	} else {
		pc.Duration = msg(pl.in.Lang, "Dauer unbekannt", "duration unknown")
	}
	return pc
}

// prune drops, newest first, gap courses whose gap skills the other
// planned courses already cover, and the prerequisites only they needed.
func (pl *planner) prune(chosen []PlannedCourse) []PlannedCourse {
	for i := len(chosen) - 1; i >= 0; i-- {
		c := chosen[i]
		if c.Reason != ReasonGap || slices.ContainsFunc(chosen, func(o PlannedCourse) bool { return o.SatisfiedBy == "course:"+c.Slug }) {
			continue // entry and prerequisite courses stay, as does a course that opens another
		}
		redundant := true
		for _, sk := range pl.gapSkillsOf(c.Slug) {
			covered := false
			for j, o := range chosen {
				if j != i && slices.Contains(pl.courses[o.Slug].Skills, sk) {
					covered = true
					break
				}
			}
			if !covered {
				redundant = false
				break
			}
		}
		if !redundant {
			continue
		}
		chosen = slices.Delete(chosen, i, i+1)
		delete(pl.planned, c.Slug)
		// Drop prerequisites that opened only this course.
		for j := len(chosen) - 1; j >= 0; j-- {
			if chosen[j].PrerequisiteFor == c.Slug {
				drop := chosen[j].Slug
				chosen = slices.Delete(chosen, j, j+1)
				delete(pl.planned, drop)
				if j < i {
					i--
				}
			}
		}
	}
	return chosen
}

// entryPath chooses a career changer's path: a quereinstieg path leading to
// the role; else one leading to a role the target moves on to (it passes
// through the target), in the order the role lists them; else one leading
// to a role people come to the target from; else a school leavers' path to
// the role (the dual training).
func entryPath(paths []content.Path, role content.Role) (content.Path, bool) {
	find := func(audience, target string) (content.Path, bool) {
		for _, p := range paths {
			if p.TargetRole == target && slices.Contains(p.Audience, audience) {
				return p, true
			}
		}
		return content.Path{}, false
	}
	if role.Slug == "" {
		return content.Path{}, false
	}
	if p, ok := find("quereinstieg", role.Slug); ok {
		return p, true
	}
	for _, moves := range [][]content.CareerMove{role.MovesTo, role.MovesFrom} {
		for _, m := range moves {
			if p, ok := find("quereinstieg", m.Role); ok {
				return p, true
			}
		}
	}
	return find("schulabgaenger", role.Slug)
}

// entrySteps are a path's opening steps: the non-optional steps up to and
// including the first one linked to a course, or up to the first
// non-optional step when none links one.
func entrySteps(p content.Path) []int {
	var out []int
	for i, st := range p.Steps {
		if st.Optional {
			continue
		}
		out = append(out, i)
		if st.Course != "" {
			return out
		}
	}
	for i, st := range p.Steps {
		if !st.Optional {
			return []int{i}
		}
	}
	return nil
}

// GapAnalysis is what a learner lacks for a target and how to get it.
type GapAnalysis struct {
	Target Target `json:"target"`
	// Gaps are the unmet requirements, most important first.
	Gaps []Gap      `json:"gaps"`
	Met  int        `json:"met"`
	Plan CoursePlan `json:"plan"`
}

// Target names what the analysis is against.
type Target struct {
	Kind  string `json:"kind"` // "role" or "posting"
	ID    string `json:"id"`
	Title string `json:"title"`
}

// GapForRole analyses the learner against a role's checklist.
func (s *Service) GapForRole(ctx context.Context, userID, roleSlug, lang string) (*GapAnalysis, error) {
	role, err := s.content.Role(ctx, roleSlug)
	if err != nil {
		return nil, err
	}
	return s.Gap(ctx, userID, Target{Kind: "role", ID: role.Slug, Title: role.Title.In(lang)}, RequirementsOf(role.Checklist), role.Slug, lang)
}

// Gap analyses the learner against requirements (a role's checklist or a
// posting's skills); roleSlug, if known, picks a career changer's entry
// path.
func (s *Service) Gap(ctx context.Context, userID string, target Target, reqs []Requirement, roleSlug, lang string) (*GapAnalysis, error) {
	l, err := s.learner(ctx, userID)
	if err != nil {
		return nil, err
	}
	skills, err := s.skillsOf(ctx, reqs)
	if err != nil {
		return nil, err
	}
	items := rate(reqs, l.Assessments, skills, lang)
	g := &GapAnalysis{Target: target, Gaps: gaps(items)}
	g.Met = len(items) - len(g.Gaps)
	_, courses, err := s.courseMap(ctx)
	if err != nil {
		return nil, err
	}
	paths, _, err := s.content.Paths(ctx, content.PathFilter{}, content.ListOptions{})
	if err != nil {
		return nil, err
	}
	in := PlanInput{Gaps: g.Gaps, Courses: courses, Paths: paths, Background: l.Background, Lang: lang, ExperienceYears: s.ExperienceYears()}
	if in.Finished, err = s.finishedCourses(ctx, userID, l.Enrolments); err != nil {
		return nil, err
	}
	if roleSlug != "" {
		if in.Role, err = s.content.Role(ctx, roleSlug); err != nil {
			return nil, err
		}
	}
	g.Plan = Plan(in)
	return g, nil
}

// finishedCourses are the courses linked to done steps of the learner's
// enrolments.
func (s *Service) finishedCourses(ctx context.Context, userID string, enrolled []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, slug := range enrolled {
		d, err := s.enrolmentDoc(ctx, userID, slug)
		if apperr.Is(err, apperr.NotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		p, err := s.content.Path(ctx, slug)
		if apperr.Is(err, apperr.NotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		for i, sp := range d.Steps {
			if sp.state() == Done && i < len(p.Steps) && p.Steps[i].Course != "" {
				out[p.Steps[i].Course] = true
			}
		}
	}
	return out, nil
}
