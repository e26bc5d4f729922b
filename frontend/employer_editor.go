package frontend

// The posting editor: /arbeitgeber/stellen/neu and /arbeitgeber/stellen/{id}
// (GET shows it, POST saves a draft or the posting), the live quality check
// (POST /arbeitgeber/stellen/pruefen answers an HTML fragment for app.js)
// and the preview (exactly the public job page, marked and not indexed).
//
// A draft may be saved incomplete; the fields publishing requires are
// quality warnings next to their fields until publishing, which refuses
// and names them (see jobs.MissingToPublish). A save carries the revision
// it was made on (hidden field): when someone saved the posting meanwhile,
// nothing is overwritten and the form comes back with what was typed.

import (
	"bytes"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// postingFields are the editor's fields, top to bottom. Their ids are
// "f-" + name (stable: the browser journeys fill them by id); the skills
// are selects named "skill-" + slug with the ids "f-skill-" + slug.
var postingFields = []string{
	"title", "role", "description", "tasks", "skills", "experienceYears", "education",
	"postalCode", "city", "bundesland", "street", "remoteMode", "remoteDays",
	"employmentType", "hoursPerWeek", "fixedTerm", "startDate",
	"salaryMin", "salaryMax", "salaryPeriod", "benefits",
	"applyMethod", "applyUrl", "contactName", "contactEmail", "contactPhone", "validThrough",
}

// postingPaths maps the service's field paths to the editor's fields.
var postingPaths = map[string]string{
	"title": "title", "role": "role", "description": "description", "tasks": "tasks", "skills": "skills",
	"experienceYears": "experienceYears", "education": "education",
	"location.postalCode": "postalCode", "location.city": "city", "location.bundesland": "bundesland", "location.street": "street",
	"remote.mode": "remoteMode", "remote.daysPerWeek": "remoteDays",
	"employment.type": "employmentType", "employment.hoursPerWeek": "hoursPerWeek", "employment.fixedTerm": "fixedTerm",
	"startDate": "startDate", "salary": "salaryMin", "salary.min": "salaryMin", "salary.max": "salaryMax", "salary.period": "salaryPeriod",
	"salary.currency": "salaryMin", "benefits": "benefits", "apply.method": "applyMethod", "apply.url": "applyUrl",
	"contact": "contactName", "contact.name": "contactName", "contact.email": "contactEmail", "contact.phone": "contactPhone",
	"validThrough": "validThrough",
}

// listItemRe matches the path of a list entry: tasks[2], skills[0].slug.
var listItemRe = regexp.MustCompile(`^([a-zA-Z]+)\[\d+\](\..*)?$`)

// postingField maps a service field path to the editor field ("" when none).
func postingField(path string) string {
	if m := listItemRe.FindStringSubmatch(path); m != nil {
		path = m[1]
	}
	return postingPaths[path]
}

// editorView is the posting editor.
type editorView struct {
	*Page
	Form *form
	// ID is the posting's id ("" for a new one); State its state.
	ID, State string
	// Revision is the revision the form was loaded at (hidden field).
	Revision int64
	Roles    []option
	// SkillGroups are the catalogue's skills by category, each with its
	// choice (essential, optional or none).
	SkillGroups                                                    []editorSkillGroup
	Bundeslaender, RemoteModes, Employments, Periods, ApplyMethods []option
	// Warnings are the quality check, by editor field, in the page's
	// language; Summary all of them in field order.
	Warnings map[string][]string
	Summary  []warningRow
	// Missing counts the fields publishing still requires.
	Missing int
	// Stale: someone saved the posting meanwhile; nothing was overwritten.
	Stale bool
	// Refused: publishing was refused (fields missing).
	Refused bool
	// ValidThrough is a published posting's end (changed by extending it).
	ValidThrough *time.Time
	// DescriptionHTML is the Markdown rendered as the public will see it.
	DescriptionHTML string
}

// editorSkillGroup is one category of the skills catalogue.
type editorSkillGroup struct {
	Name   string
	Skills []editorSkill
}

// editorSkill is one skill of the catalogue and what the posting asks.
type editorSkill struct{ Slug, Name, Choice string }

// warningRow is one quality warning with the field it belongs to.
type warningRow struct {
	Field, Message string
	Required       bool
}

// FieldWarnings are the warnings of an editor field.
func (v *editorView) FieldWarnings(name string) []string { return v.Warnings[name] }

// Describe is the aria-describedby of a field: its hint, its error, its
// warnings, whichever there are.
func (v *editorView) Describe(name string, hint any) string {
	var ids []string
	if h, _ := hint.(string); h != "" {
		ids = append(ids, "f-"+name+"-hint")
	}
	if v.Form.Err(name) != "" {
		ids = append(ids, "f-"+name+"-error")
	}
	ids = append(ids, "w-"+name)
	return strings.Join(ids, " ")
}

// Fields are the editor's field names (the check fragment has an element
// for each one's warnings).
func (v *editorView) Fields() []string { return postingFields }

// Action is where the editor's form goes.
func (v *editorView) Action() string {
	if v.ID == "" {
		return "/arbeitgeber/stellen"
	}
	return "/arbeitgeber/stellen/" + v.ID
}

// postingNew is the empty editor.
func (s *Site) postingNew() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.employerOf(c)
		if !ok {
			return err
		}
		v := s.editorView(c, u, nil)
		v.Form = newForm(postingFields...)
		v.Form.values["applyMethod"] = "platform"
		v.Form.values["salaryPeriod"] = jobs.PerYear
		in, _ := inputOf(v.Form, v.Page)
		s.check(c, v, u, in, false)
		return s.renderEditor(c, fiber.StatusOK, v)
	}
}

// postingEdit is the editor with a stored posting and its warnings.
func (s *Site) postingEdit() fiber.Handler {
	return s.withPosting(func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
		v := s.editorView(c, u, p)
		v.Form = postingForm(p)
		return s.renderEditor(c, fiber.StatusOK, v)
	})
}

// postingCreate saves a new draft; wrong fields come back with the typed
// values, a saved draft opens in the editor.
func (s *Site) postingCreate() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.employerOf(c)
		if !ok {
			return err
		}
		v := s.editorView(c, u, nil)
		v.Form = newForm(postingFields...).read(c)
		readSkills(c, v.Form)
		in, bad := inputOf(v.Form, v.Page)
		if bad {
			s.check(c, v, u, in, false)
			return s.renderEditor(c, fiber.StatusUnprocessableEntity, v)
		}
		p, _, err := s.Jobs.Create(ctx(c), u.OrgID, u.ID, in)
		if v.Page.postingProblems(v.Form, err) {
			s.check(c, v, u, in, false)
			return s.renderEditor(c, fiber.StatusUnprocessableEntity, v)
		}
		if err != nil {
			return err
		}
		if c.FormValue("aktion") == "veroeffentlichen" {
			return s.publishOrEdit(c, u, p)
		}
		return c.Redirect("/arbeitgeber/stellen/"+p.ID+"?hinweis=erstellt", fiber.StatusSeeOther)
	}
}

// postingSave saves the posting at the revision of the form; a stale
// revision changes nothing and shows the typed values with a message.
func (s *Site) postingSave() fiber.Handler {
	return s.withPosting(func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
		v := s.editorView(c, u, p)
		v.Form = newForm(postingFields...).read(c)
		readSkills(c, v.Form)
		rev, _ := strconv.ParseInt(c.FormValue("revision"), 10, 64)
		if rev < 1 {
			return apperr.Field("revision", "is required: the revision the form was loaded at")
		}
		v.Revision = rev
		in, bad := inputOf(v.Form, v.Page)
		if bad {
			s.check(c, v, u, in, false)
			return s.renderEditor(c, fiber.StatusUnprocessableEntity, v)
		}
		published := p.State == jobs.Published
		saved, _, err := s.Jobs.UpdateAt(ctx(c), u.OrgID, p.ID, rev, func(cur *jobs.Input) error {
			vt := cur.ValidThrough
			*cur = in
			if published { // its end changes by extending it, on the dashboard
				cur.ValidThrough = vt
			}
			return nil
		})
		switch {
		case errors.Is(err, jobs.ErrStale):
			v.Stale = true
			v.Form.Error = v.T("employer.editor.stale")
			s.check(c, v, u, in, false)
			return s.renderEditor(c, fiber.StatusConflict, v)
		case v.Page.postingProblems(v.Form, err):
			s.check(c, v, u, in, false)
			return s.renderEditor(c, fiber.StatusUnprocessableEntity, v)
		case err != nil:
			return err
		}
		if c.FormValue("aktion") == "veroeffentlichen" && saved.State != jobs.Published {
			return s.publishOrEdit(c, u, saved)
		}
		return c.Redirect("/arbeitgeber/stellen/"+p.ID+"?hinweis=gespeichert", fiber.StatusSeeOther)
	})
}

// postingCheck answers the quality check of the posted editor fields as an
// HTML fragment (app.js swaps its parts in while the employer types).
// Nothing is stored.
func (s *Site) postingCheck() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.employerOf(c)
		if !ok {
			return err
		}
		v := &editorView{Page: s.newPage(c, "", ""), Form: newForm(postingFields...).read(c)}
		private(c, v.Page)
		readSkills(c, v.Form)
		in, _ := inputOf(v.Form, v.Page)
		s.check(c, v, u, in, true)
		// A field the draft has but is malformed shows its problem where
		// the warnings go; the page shows it at the field on saving.
		for _, name := range postingFields {
			if msg := v.Form.Err(name); msg != "" {
				v.Warnings[name] = append([]string{msg}, v.Warnings[name]...)
			}
		}
		var buf bytes.Buffer
		if err := s.views.Render(&buf, "pages/employer-check", v); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(buf.Bytes())
	}
}

// postingPreview shows the posting through the public job page's template
// and view code, with a notice that it is a preview; never indexed.
func (s *Site) postingPreview() fiber.Handler {
	return s.withPosting(func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
		v := s.jobView(c, p)
		private(c, v.Page)
		v.Flash = v.T("employer.preview.banner")
		if n := len(jobs.MissingToPublish(&p.Input)); n > 0 {
			v.Flash += " " + v.T("employer.preview.missing", "N", n)
		}
		return s.render(c, fiber.StatusOK, "job", v)
	})
}

// check runs the quality check of in as a draft (a missing field is a
// warning, not an error) and puts the warnings on v. With showErrors a
// problem of a field the draft has (a malformed postal code) goes on the
// form; the warnings are then those of the input as it is.
func (s *Site) check(c *fiber.Ctx, v *editorView, u *account.User, in jobs.Input, showErrors bool) {
	v.Warnings, v.Summary, v.Missing = map[string][]string{}, nil, 0
	p, ws, err := s.Jobs.Preview(ctx(c), u.OrgID, in)
	switch {
	case apperr.Is(err, apperr.Invalid):
		if showErrors {
			v.Page.postingProblems(v.Form, err)
		}
		v.DescriptionHTML = s.Jobs.RenderDescription(in.Description)
		ws = jobs.Quality(&in, jobs.PlainText(v.DescriptionHTML), s.Now())
	case err != nil:
		s.Logger.Warn("frontend: posting check failed", "err", err)
		return
	default:
		v.DescriptionHTML = p.DescriptionHTML
	}
	v.addWarnings(ws)
}

// addWarnings puts quality warnings on their editor fields, in the page's
// language.
func (v *editorView) addWarnings(ws []jobs.Warning) {
	for _, w := range jobs.LocalizeWarnings(ws, v.Lang) {
		name := postingField(w.Field)
		if name == "" {
			continue
		}
		v.Warnings[name] = append(v.Warnings[name], w.Message)
		req := w.Code == jobs.CodeRequiredToPublish
		if req {
			v.Missing++
		}
		v.Summary = append(v.Summary, warningRow{Field: name, Message: w.Message, Required: req})
	}
}

// editorView builds the editor around p (nil for a new posting): the
// choices of its selects and, for a stored posting, its warnings.
func (s *Site) editorView(c *fiber.Ctx, u *account.User, p *jobs.Posting) *editorView {
	v := &editorView{Page: s.employerPage(c, "employer.editor.newTitle"), Warnings: map[string][]string{}}
	lang := v.Lang
	if roles, _, err := s.Content.Roles(ctx(c), content.RoleFilter{}, content.ListOptions{}); err == nil {
		for _, r := range roles {
			v.Roles = append(v.Roles, option{Value: r.Slug, Label: r.Title.In(lang)})
		}
	}
	v.Bundeslaender = labelOptions(search.Bundeslaender, lang, true)
	v.RemoteModes = []option{{"onsite", search.RemoteModes["onsite"].In(lang)}, {"hybrid", search.RemoteModes["hybrid"].In(lang)}, {"remote", search.RemoteModes["remote"].In(lang)}}
	for _, t := range []string{"vollzeit", "teilzeit", "minijob", "ausbildung", "werkstudent", "praktikum"} {
		v.Employments = append(v.Employments, option{Value: t, Label: search.EmploymentTypes[t].In(lang)})
	}
	v.ApplyMethods = []option{{"platform", v.T("employer.f.applyPlatform")}, {"external", v.T("employer.f.applyExternal")}}
	for _, per := range []string{jobs.PerYear, jobs.PerMonth, jobs.PerHour} {
		v.Periods = append(v.Periods, option{Value: per, Label: v.T("employer.period." + per)})
	}
	if p != nil {
		v.ID, v.State, v.Revision = p.ID, string(p.State), p.Version
		v.Title = v.T("employer.editor.editTitle", "Title", p.Title)
		if p.State == jobs.Published {
			v.ValidThrough = p.ValidThrough
		}
		v.DescriptionHTML = p.DescriptionHTML
		v.addWarnings(s.Jobs.Warnings(p))
	}
	return v
}

// renderEditor fills the skill choices from the form and renders the editor.
func (s *Site) renderEditor(c *fiber.Ctx, status int, v *editorView) error {
	skills, _, err := s.Content.Skills(ctx(c), content.SkillFilter{}, content.ListOptions{})
	if err != nil {
		return err
	}
	byCat := map[string][]editorSkill{}
	for _, sk := range skills {
		byCat[sk.Category] = append(byCat[sk.Category], editorSkill{Slug: sk.Slug, Name: sk.Name.In(v.Lang), Choice: v.Form.Val("skill-" + sk.Slug)})
	}
	for _, cat := range skillCategories {
		if len(byCat[cat]) > 0 {
			v.SkillGroups = append(v.SkillGroups, editorSkillGroup{Name: v.T("category." + cat), Skills: byCat[cat]})
		}
	}
	return s.render(c, status, "employer-editor", v)
}

// labelOptions are the options of a label map, sorted by label.
func labelOptions(m map[string]search.Label, lang string, sorted bool) []option {
	out := make([]option, 0, len(m))
	for k, l := range m {
		out = append(out, option{Value: k, Label: l.In(lang)})
	}
	if sorted {
		sortOptions(out)
	}
	return out
}

func sortOptions(o []option) {
	slices.SortFunc(o, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
}

// readSkills takes the skill choices (skill-<slug>: essential or optional)
// from the request.
func readSkills(c *fiber.Ctx, f *form) {
	c.Request().PostArgs().VisitAll(func(k, val []byte) {
		if name := string(k); strings.HasPrefix(name, "skill-") {
			if v := string(val); v == "essential" || v == "optional" {
				f.values[name] = v
			}
		}
	})
	if mf, err := c.MultipartForm(); err == nil {
		for name, vals := range mf.Value {
			if strings.HasPrefix(name, "skill-") && len(vals) > 0 && (vals[0] == "essential" || vals[0] == "optional") {
				f.values[name] = vals[0]
			}
		}
	}
}

// postingForm is the editor's form filled from a stored posting.
func postingForm(p *jobs.Posting) *form {
	f := newForm(postingFields...)
	in := p.Input
	set := func(k, v string) { f.values[k] = v }
	set("title", in.Title)
	set("role", in.Role)
	set("description", in.Description)
	set("tasks", strings.Join(in.Tasks, "\n"))
	set("benefits", strings.Join(in.Benefits, "\n"))
	for _, sk := range in.Skills {
		if sk.Essential {
			set("skill-"+sk.Slug, "essential")
		} else {
			set("skill-"+sk.Slug, "optional")
		}
	}
	if in.ExperienceYears > 0 {
		set("experienceYears", strconv.Itoa(in.ExperienceYears))
	}
	set("education", in.Education)
	set("postalCode", in.Location.PostalCode)
	set("city", in.Location.City)
	set("bundesland", in.Location.Bundesland)
	set("street", in.Location.Street)
	set("remoteMode", in.Remote.Mode)
	if in.Remote.DaysPerWeek > 0 {
		set("remoteDays", strconv.Itoa(in.Remote.DaysPerWeek))
	}
	set("employmentType", in.Employment.Type)
	if in.Employment.HoursPerWeek > 0 {
		set("hoursPerWeek", formatPlain(in.Employment.HoursPerWeek))
	}
	if in.Employment.FixedTerm {
		set("fixedTerm", "on")
	}
	set("startDate", in.StartDate)
	if in.Salary.Min > 0 {
		set("salaryMin", formatPlain(in.Salary.Min))
	}
	if in.Salary.Max > 0 {
		set("salaryMax", formatPlain(in.Salary.Max))
	}
	set("salaryPeriod", in.Salary.Period)
	set("applyMethod", in.Apply.Method)
	set("applyUrl", in.Apply.URL)
	if in.Contact != nil {
		set("contactName", in.Contact.Name)
		set("contactEmail", in.Contact.Email)
		set("contactPhone", in.Contact.Phone)
	}
	if in.ValidThrough != nil {
		set("validThrough", in.ValidThrough.In(berlin).Format(time.DateOnly))
	}
	return f
}

// formatPlain writes a number as a form field holds it: no grouping, a
// decimal comma only when needed.
func formatPlain(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// inputOf turns the editor's fields into a posting input. Numbers and
// dates that cannot be read are marked on the form (bad is true); empty
// fields stay empty, as a draft may be incomplete.
func inputOf(f *form, p *Page) (in jobs.Input, bad bool) {
	num := func(name string, integer bool) float64 {
		raw := f.Val(name)
		if raw == "" {
			return 0
		}
		v, ok := parseNumber(raw)
		if !ok || v < 0 || integer && v != float64(int(v)) {
			f.set(name, p.T("employer.form.number"))
			bad = true
			return 0
		}
		return v
	}
	lines := func(name string) []string {
		out := []string{}
		for _, l := range strings.Split(f.Val(name), "\n") {
			if l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*•")); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	in.Title = f.Val("title")
	in.Role = f.Val("role")
	in.Description = f.Val("description")
	in.Tasks = lines("tasks")
	in.Benefits = lines("benefits")
	for _, name := range sortedKeys(f.values) {
		if slug, ok := strings.CutPrefix(name, "skill-"); ok {
			in.Skills = append(in.Skills, jobs.SkillRequirement{Slug: slug, Essential: f.values[name] == "essential"})
		}
	}
	in.ExperienceYears = int(num("experienceYears", true))
	in.Education = f.Val("education")
	in.Location = jobs.Location{PostalCode: f.Val("postalCode"), City: f.Val("city"), Bundesland: f.Val("bundesland"), Street: f.Val("street")}
	// The gazetteer knows the state of most towns: fill it in when left out.
	if in.Location.Bundesland == "" && in.Location.City != "" {
		if pl, ok := places.Germany().Lookup(in.Location.City); ok {
			in.Location.Bundesland = pl.Bundesland
			f.values["bundesland"] = pl.Bundesland
		}
	}
	in.Remote = jobs.Remote{Mode: f.Val("remoteMode")}
	if in.Remote.Mode == "hybrid" {
		in.Remote.DaysPerWeek = int(num("remoteDays", true))
	}
	in.Employment = jobs.Employment{Type: f.Val("employmentType"), HoursPerWeek: num("hoursPerWeek", false), FixedTerm: f.Val("fixedTerm") != ""}
	in.StartDate = f.Val("startDate")
	in.Salary = jobs.Salary{Min: num("salaryMin", false), Max: num("salaryMax", false), Period: f.Val("salaryPeriod"), Currency: "EUR"}
	in.Apply = jobs.HowToApply{Method: f.Val("applyMethod")}
	if in.Apply.Method == "external" {
		in.Apply.URL = f.Val("applyUrl")
	}
	if n, e, ph := f.Val("contactName"), f.Val("contactEmail"), f.Val("contactPhone"); n != "" || e != "" || ph != "" {
		in.Contact = &jobs.Contact{Name: n, Email: e, Phone: ph}
	}
	if raw := f.Val("validThrough"); raw != "" {
		vt, err := parseDay(raw)
		if err != nil {
			f.set("validThrough", p.T("employer.form.date"))
			bad = true
		} else {
			in.ValidThrough = &vt
		}
	}
	return in, bad
}

// postingMessages translate the jobs service's field problems; a message
// not listed goes through the account forms' translations (fieldMessage).
var postingMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^is required`), "form.required"},
	{regexp.MustCompile(`^must not be less than salary.min`), "employer.msg.maxBelowMin"},
	{regexp.MustCompile(`^must be 1 to 4 for a hybrid job`), "employer.msg.remoteDays"},
	{regexp.MustCompile(`^only hybrid jobs have remote days`), "employer.msg.remoteDays"},
	{regexp.MustCompile(`^is required for Teilzeit`), "employer.msg.hours"},
	{regexp.MustCompile(`^must be between 0 and 48`), "employer.msg.hours"},
	{regexp.MustCompile(`^must be between 0 and 40`), "employer.msg.experience"},
	{regexp.MustCompile(`^must be an http\(s\) URL`), "employer.msg.url"},
	{regexp.MustCompile(`^must be a phone number`), "employer.msg.phone"},
	{regexp.MustCompile(`^must be in the future`), "employer.form.validThrough"},
	{regexp.MustCompile(`^must be within a year`), "employer.form.validThrough"},
	{regexp.MustCompile(`^must be a date`), "employer.form.date"},
	{regexp.MustCompile(`^no role profile with this slug`), "employer.msg.role"},
	{regexp.MustCompile(`^no skill with this slug`), "employer.msg.skill"},
	{regexp.MustCompile(`^is too large`), "employer.msg.tooLarge"},
	{regexp.MustCompile(`^must be one of: onsite`), "employer.msg.choose"},
	{regexp.MustCompile(`^must be one of: vollzeit`), "employer.msg.choose"},
	{regexp.MustCompile(`^must be one of: year`), "employer.msg.choose"},
	{regexp.MustCompile(`^must be platform or external`), "employer.msg.choose"},
	{regexp.MustCompile(`^must be plain text`), "employer.msg.plain"},
	{regexp.MustCompile(`^must be one line of plain text`), "employer.msg.plain"},
	{regexp.MustCompile(`^must not be empty`), "form.required"},
	{regexp.MustCompile(`^at most (\d+) (entries|skills)`), "employer.msg.tooMany"},
	{regexp.MustCompile(`^must be at most (\d+) bytes`), "form.tooLong"},
}

// postingProblems puts the field problems of the jobs service's Invalid
// error on the editor's fields, in the page's language (see problems).
func (p *Page) postingProblems(f *form, err error) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || len(ae.Fields) == 0 {
		return false
	}
	var probs apperr.Problems
	for path, msg := range ae.Fields {
		probs.Add(path, p.postingMessage(msg))
	}
	return p.problems(f, probs.Err(ae.Message), postingField)
}

func (p *Page) postingMessage(msg string) string {
	for _, m := range postingMessages {
		if sub := m.re.FindStringSubmatch(msg); sub != nil {
			if len(sub) > 1 {
				return p.T(m.key, "N", sub[1])
			}
			return p.T(m.key)
		}
	}
	return p.fieldMessage(msg)
}

// groupedRe is a number with dots grouping thousands: 3.500, 1.250.000.
var groupedRe = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)

// parseNumber reads a number as people type it in German or English:
// "3500", "3.500", "3500,50", "3,500.50".
func parseNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), "€", "")
	switch {
	case strings.Contains(s, ",") && strings.Contains(s, "."):
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		} else {
			s = strings.ReplaceAll(s, ",", "")
		}
	case strings.Contains(s, ","):
		s = strings.Replace(s, ",", ".", 1)
	case groupedRe.MatchString(s):
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v < 1e9
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
