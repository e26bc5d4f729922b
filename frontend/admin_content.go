package frontend

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
)

// kindOfSegment maps the German URL segment of /admin/inhalte/{kind} to
// the content service's kind.
var kindOfSegment = map[string]content.Kind{
	"rollen": content.KindRoles, "kompetenzen": content.KindSkills, "kurse": content.KindCourses,
	"wege": content.KindPaths, "gehaelter": content.KindSalaries, "quellen": content.KindSources,
}

// segmentOf is the URL segment of a kind.
func segmentOf(k content.Kind) string {
	for s, kk := range kindOfSegment {
		if kk == k {
			return s
		}
	}
	return string(k)
}

// adminKind reads :kind; an unknown one is 404.
func adminKind(c *fiber.Ctx) (string, content.Kind, error) {
	seg := c.Params("kind")
	k, ok := kindOfSegment[seg]
	if !ok {
		return "", "", errNotFound
	}
	return seg, k, nil
}

// keyField is the field that names a document of the kind.
func keyField(k content.Kind) string {
	if k == content.KindSources {
		return "id"
	}
	return "slug"
}

// publicURL is where readers see a document ("" when there is no page).
func publicURL(k content.Kind, key string, doc any) string {
	switch k {
	case content.KindRoles:
		return "/berufe/" + key
	case content.KindSkills:
		return "/kompetenzen/" + key
	case content.KindCourses:
		return "/weiterbildung/" + key
	case content.KindPaths:
		return "/wege/" + key
	case content.KindSalaries:
		if sr, ok := doc.(*content.SalaryRange); ok && sr.Role != "" {
			return "/berufe/" + sr.Role
		}
	case content.KindSources:
		return "/quellen"
	}
	return ""
}

// editorNames resolves the editors of revisions (user ids) to names, once
// per id per request.
type editorNames struct {
	s     *Site
	c     *fiber.Ctx
	p     *Page
	names map[string]string
}

func (s *Site) editorNames(c *fiber.Ctx, p *Page) *editorNames {
	return &editorNames{s: s, c: c, p: p, names: map[string]string{}}
}

func (e *editorNames) name(id string) string {
	if id == "" || id == content.SeedEditor {
		return e.p.T("admin.seedEditor")
	}
	if n, ok := e.names[id]; ok {
		return n
	}
	n := e.p.T("admin.deletedEditor")
	if u, err := e.s.Accounts.User(ctx(e.c), id); err == nil {
		n = u.Name
		if n == "" {
			n = u.Email
		}
	}
	e.names[id] = n
	return n
}

// adminHomeView is /admin: counts per kind and the recent changes.
type adminHomeView struct {
	*Page
	Counts []adminCount
	Recent []adminRevisionRow
}

type adminCount struct {
	Segment string
	Count   int
}

// adminRevisionRow is one revision in the overview or a history.
type adminRevisionRow struct {
	Segment, Key string
	Number       int64
	Editor       string
	When         string
	Summary      string
	Retired      bool
	Changes      []adminChange
	// Current is the document's revision now (no revert offered).
	Current bool
}

// adminChange is one changed field, labelled for people.
type adminChange struct {
	Field, Old, New string
}

func (s *Site) adminHome() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, ok, err := s.adminOf(c); !ok {
			return err
		}
		v := adminHomeView{Page: s.adminPage(c, "admin.home.title")}
		counts, err := s.Content.AdminCounts(ctx(c))
		if err != nil {
			return err
		}
		for _, seg := range adminKinds {
			v.Counts = append(v.Counts, adminCount{Segment: seg, Count: counts[kindOfSegment[seg]]})
		}
		revs, err := s.Content.RecentRevisions(ctx(c), 20)
		if err != nil {
			return err
		}
		names := s.editorNames(c, v.Page)
		for _, r := range revs {
			v.Recent = append(v.Recent, s.revisionRow(v.Page, names, r, 0))
		}
		return s.render(c, fiber.StatusOK, "admin-home", v)
	}
}

// revisionRow makes a revision readable: who, when, what (each changed
// field with its label).
func (s *Site) revisionRow(p *Page, names *editorNames, r content.Revision, current int64) adminRevisionRow {
	row := adminRevisionRow{Segment: segmentOf(r.Kind), Key: r.Key, Number: r.Number, Editor: names.name(r.Editor),
		When: adminTime(p.Lang, r.At), Summary: revisionSummary(p, r), Retired: r.Retired, Current: r.Number == current}
	for _, ch := range r.Changes {
		row.Changes = append(row.Changes, adminChange{Field: fieldLabel(p, ch.Field), Old: ch.Old, New: ch.New})
	}
	return row
}

// revisionSummary says in the page's language what a revision did. The
// service's summaries are English sentences of a few kinds; the changed
// fields are named by their labels.
func revisionSummary(p *Page, r content.Revision) string {
	switch s := r.Summary; {
	case s == "created":
		return p.T("admin.summary.created")
	case s == "from the curated files":
		return p.T("admin.summary.seed")
	case s == "state before the revision history":
		return p.T("admin.summary.before")
	case strings.HasPrefix(s, "retired: "):
		return p.T("admin.summary.retired", "Reason", strings.TrimPrefix(s, "retired: "))
	case strings.HasPrefix(s, "reverted to revision "):
		return p.T("admin.summary.reverted", "Rev", strings.TrimPrefix(s, "reverted to revision "))
	case strings.HasPrefix(s, "changed ") && len(r.Changes) > 0:
		var fields []string
		for _, ch := range r.Changes {
			if f := fieldLabel(p, ch.Field); !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
		return p.T("admin.summary.changed", "Fields", strings.Join(fields, ", "))
	default:
		return s
	}
}

// fieldLabel turns a field path ("tasks[2].text.de") into words
// ("Aufgaben › Eintrag 3 › Text › Deutsch").
func fieldLabel(p *Page, path string) string {
	var parts []string
	for _, seg := range strings.Split(path, ".") {
		name, idx, hasIdx := strings.Cut(seg, "[")
		switch name {
		case "de":
			parts = append(parts, p.T("admin.form.de"))
		case "en":
			parts = append(parts, p.T("admin.form.en"))
		case "":
		default:
			parts = append(parts, p.T("admin.field."+name))
		}
		for hasIdx {
			var n string
			n, idx, _ = strings.Cut(idx, "]")
			if i, err := strconv.Atoi(n); err == nil {
				parts = append(parts, p.T("admin.form.row", "N", i+1))
			}
			_, idx, hasIdx = strings.Cut(idx, "[")
		}
	}
	return strings.Join(parts, " › ")
}

// adminListView is /admin/inhalte/{kind}: search, retired filter, list.
type adminListView struct {
	*Page
	Segment string
	Q       string
	Retired bool
	Items   []adminListItem
}

type adminListItem struct {
	Key, Title string
	Revision   int64
	Retired    bool
	EditedBy   string
	EditedAt   string
}

func (s *Site) adminContentList() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, ok, err := s.adminOf(c); !ok {
			return err
		}
		seg, kind, err := adminKind(c)
		if err != nil {
			return err
		}
		v := adminListView{Page: s.adminPage(c, "admin.kind."+seg+".plural"), Segment: seg, Q: strings.TrimSpace(c.Query("q")), Retired: c.Query("zurueckgezogen") != ""}
		items, err := s.Content.AdminList(ctx(c), kind, v.Q, v.Retired)
		if err != nil {
			return err
		}
		names := s.editorNames(c, v.Page)
		for _, it := range items {
			li := adminListItem{Key: it.Key, Title: it.Title.In(v.Lang), Revision: it.Revision, Retired: it.Retired}
			if it.EditedBy != "" {
				li.EditedBy = names.name(it.EditedBy)
			}
			if it.EditedAt != nil {
				li.EditedAt = adminTime(v.Lang, *it.EditedAt)
			}
			v.Items = append(v.Items, li)
		}
		return s.render(c, fiber.StatusOK, "admin-list", v)
	}
}

// adminEditView is the edit form of a document (or a new one).
type adminEditView struct {
	*Page
	Segment string
	// Key is the document's key; "" for a new one.
	Key    string
	Action string
	// Rev is the base revision (hidden field _rev).
	Rev   int64
	Nodes []*cnode
	// Errors are problems of the whole form.
	Errors []string
	// Stale is set when someone saved a newer revision meanwhile.
	Stale *content.StaleRevision
	// Public is the document's public page.
	Public string
	// Retired documents show who retired them, when and why.
	Retired       bool
	RetiredAt     string
	RetiredBy     string
	RetiredReason string
	// RetireForm is the retire form (field reason).
	RetireForm *form
}

// adminFormOptions loads the pickers' choices: sources, skills, roles and
// courses (the live ones; a retired one a document still names is kept by
// formBuilder.choices).
func (s *Site) adminFormOptions(c *fiber.Ctx, lang string) (adminOptions, error) {
	opts := adminOptions{}
	for picker, kind := range map[string]content.Kind{"sources": content.KindSources, "skills": content.KindSkills, "roles": content.KindRoles, "courses": content.KindCourses} {
		items, err := s.Content.AdminList(ctx(c), kind, "", false)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			label := it.Title.In(lang) + " (" + it.Key + ")"
			if kind == content.KindSources {
				label = it.Key + " – " + it.Title.In(lang)
			}
			opts[picker] = append(opts[picker], coption{Value: it.Key, Label: label})
		}
	}
	return opts, nil
}

// editPage renders the edit form with the values vals (and extra empty
// rows), the problems errs (path → message) and the stale notice.
func (s *Site) editPage(c *fiber.Ctx, status int, v adminEditView, kind content.Kind, vals url.Values, extra map[string]int, errs map[string]string) error {
	opts, err := s.adminFormOptions(c, v.Lang)
	if err != nil {
		return err
	}
	doc, err := content.NewDoc(kind)
	if err != nil {
		return err
	}
	b := &formBuilder{p: v.Page, vals: vals, opts: opts, extra: extra, keyName: keyField(kind), editing: v.Key != ""}
	v.Nodes = b.build(reflect.TypeOf(doc).Elem())
	v.Errors = append(v.Errors, attach(v.Nodes, errs)...)
	for path := range extra {
		focusAdded(v.Nodes, path)
	}
	if v.RetireForm == nil {
		v.RetireForm = newForm("reason")
	}
	if v.Key != "" {
		v.Action = "/admin/inhalte/" + v.Segment + "/" + url.PathEscape(v.Key)
	} else {
		v.Action = "/admin/inhalte/" + v.Segment
	}
	return s.render(c, status, "admin-edit", v)
}

func (s *Site) adminContentNew() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, ok, err := s.adminOf(c); !ok {
			return err
		}
		seg, kind, err := adminKind(c)
		if err != nil {
			return err
		}
		v := adminEditView{Page: s.adminPage(c, "admin.new.title", "Kind", "")}
		v.Title = v.T("admin.new.title", "Kind", v.T("admin.kind."+seg+".plural"))
		v.Segment = seg
		return s.editPage(c, fiber.StatusOK, v, kind, url.Values{}, nil, nil)
	}
}

// loadDoc reads :slug of the kind into an edit view.
func (s *Site) loadDoc(c *fiber.Ctx, seg string, kind content.Kind) (adminEditView, content.AdminDoc, error) {
	d, err := s.Content.AdminGet(ctx(c), kind, c.Params("slug"))
	if err != nil {
		return adminEditView{}, d, err
	}
	v := adminEditView{Page: s.adminPage(c, "admin.edit.title", "Title", d.Title.In(langOf(c))), Segment: seg, Key: d.Key, Rev: d.Revision,
		Public: publicURL(kind, d.Key, d.Doc), Retired: d.Retired, RetiredReason: d.RetiredReason}
	if d.RetiredAt != nil {
		v.RetiredAt = adminTime(v.Lang, *d.RetiredAt)
	}
	if d.RetiredBy != "" {
		v.RetiredBy = s.editorNames(c, v.Page).name(d.RetiredBy)
	}
	return v, d, nil
}

func (s *Site) adminContentEdit() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, ok, err := s.adminOf(c); !ok {
			return err
		}
		seg, kind, err := adminKind(c)
		if err != nil {
			return err
		}
		v, d, err := s.loadDoc(c, seg, kind)
		if err != nil {
			return err
		}
		return s.editPage(c, fiber.StatusOK, v, kind, encodeDoc(d.Doc), nil, nil)
	}
}

// postedValues are the form's content fields as posted, without the
// controls (_csrf, _rev, _add, _remove) and without the row _remove names.
func postedValues(c *fiber.Ctx) (vals url.Values, add, remove string) {
	vals = url.Values{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if len(k) > 0 && k[0] != '_' {
			vals.Add(string(k), string(v))
		}
	})
	add, remove = c.FormValue("_add"), c.FormValue("_remove")
	if remove != "" {
		for k := range vals {
			if k == remove || strings.HasPrefix(k, remove+".") || strings.HasPrefix(k, remove+"[") {
				delete(vals, k)
			}
		}
	}
	return vals, add, remove
}

// readDoc decodes the posted form. When the editor asked for another row
// or removed one, or a number is not a number, it returns the values to
// show again (renumbered, typed texts kept) and ok false.
func (p *Page) readDoc(kind content.Kind, vals url.Values, add string) (doc any, shown url.Values, extra map[string]int, errs map[string]string, ok bool, err error) {
	doc, bad, err := decodeDoc(kind, vals)
	if err != nil {
		return nil, nil, nil, nil, false, err
	}
	shown = encodeDoc(doc)
	errs = map[string]string{}
	for path, typed := range bad {
		shown.Set(path, typed)
		errs[path] = p.T("admin.form.number")
	}
	if add != "" {
		extra = map[string]int{add: 1}
	}
	return doc, shown, extra, errs, len(bad) == 0 && add == "", nil
}

// contentProblems maps the service's field problems onto the form
// (path → translated message); ok is false for other errors.
func (p *Page) contentProblems(err error) (map[string]string, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
		return nil, false
	}
	errs := map[string]string{}
	for path, msg := range ae.Fields {
		errs[path] = p.contentMessage(msg)
	}
	if len(errs) == 0 {
		errs[""] = ae.Error()
	}
	return errs, true
}

func (s *Site) adminContentCreate() fiber.Handler {
	return func(c *fiber.Ctx) error {
		admin, ok, err := s.adminOf(c)
		if !ok {
			return err
		}
		seg, kind, err := adminKind(c)
		if err != nil {
			return err
		}
		v := adminEditView{Page: s.adminPage(c, "admin.new.title", "Kind", ""), Segment: seg}
		v.Title = v.T("admin.new.title", "Kind", v.T("admin.kind."+seg+".plural"))
		vals, add, remove := postedValues(c)
		doc, shown, extra, errs, ready, err := v.readDoc(kind, vals, add)
		if err != nil {
			return err
		}
		if !ready || remove != "" {
			return s.editPage(c, statusFor(errs), v, kind, shown, extra, errs)
		}
		if _, err := s.Content.AdminCreate(ctx(c), kind, doc, admin.ID); err != nil {
			if errs, ok := v.contentProblems(err); ok {
				return s.editPage(c, fiber.StatusUnprocessableEntity, v, kind, shown, nil, errs)
			}
			if apperr.Is(err, apperr.Conflict) {
				return s.editPage(c, fiber.StatusConflict, v, kind, shown, nil, map[string]string{keyField(kind): v.T("admin.form.keyTaken")})
			}
			return err
		}
		key := shown.Get(keyField(kind))
		return c.Redirect("/admin/inhalte/"+seg+"/"+url.PathEscape(key)+"?hinweis=angelegt", fiber.StatusSeeOther)
	}
}

// statusFor is 422 when the form has problems, 200 when it only grew or
// shrank by a row.
func statusFor(errs map[string]string) int {
	if len(errs) > 0 {
		return fiber.StatusUnprocessableEntity
	}
	return fiber.StatusOK
}

func (s *Site) adminContentSave() fiber.Handler {
	return func(c *fiber.Ctx) error {
		admin, ok, err := s.adminOf(c)
		if !ok {
			return err
		}
		seg, kind, err := adminKind(c)
		if err != nil {
			return err
		}
		v, _, err := s.loadDoc(c, seg, kind)
		if err != nil {
			return err
		}
		base, convErr := strconv.ParseInt(c.FormValue("_rev"), 10, 64)
		if convErr != nil || base < 0 {
			return apperr.Field("_rev", "is required")
		}
		v.Rev = base
		vals, add, remove := postedValues(c)
		vals.Set(keyField(kind), v.Key) // the key names the document; it is not edited
		doc, shown, extra, errs, ready, err := v.readDoc(kind, vals, add)
		if err != nil {
			return err
		}
		if !ready || remove != "" {
			return s.editPage(c, statusFor(errs), v, kind, shown, extra, errs)
		}
		if _, err := s.Content.AdminUpdate(ctx(c), kind, v.Key, doc, base, admin.ID); err != nil {
			var stale *content.StaleRevision
			if errors.As(err, &stale) {
				// Nothing typed is lost; saving again overwrites the newer
				// revision, which the message names and links.
				v.Stale, v.Rev = stale, stale.Current
				return s.editPage(c, fiber.StatusConflict, v, kind, shown, nil, nil)
			}
			if errs, ok := v.contentProblems(err); ok {
				return s.editPage(c, fiber.StatusUnprocessableEntity, v, kind, shown, nil, errs)
			}
			return err
		}
		return c.Redirect("/admin/inhalte/"+seg+"/"+url.PathEscape(v.Key)+"?hinweis=gespeichert", fiber.StatusSeeOther)
	}
}

func (s *Site) adminContentRetire() fiber.Handler {
	return func(c *fiber.Ctx) error {
		admin, ok, err := s.adminOf(c)
		if !ok {
			return err
		}
		seg, kind, err := adminKind(c)
		if err != nil {
			return err
		}
		v, d, err := s.loadDoc(c, seg, kind)
		if err != nil {
			return err
		}
		f := newForm("reason").read(c)
		base, convErr := strconv.ParseInt(c.FormValue("_rev"), 10, 64)
		if convErr != nil {
			base = -1
		}
		_, err = s.Content.AdminRetire(ctx(c), kind, v.Key, base, admin.ID, f.Val("reason"))
		if err == nil {
			return c.Redirect("/admin/inhalte/"+seg+"?hinweis=zurueckgezogen", fiber.StatusSeeOther)
		}
		v.RetireForm = f
		var stale *content.StaleRevision
		switch {
		case errors.As(err, &stale):
			f.Error = v.T("admin.retire.stale", "Rev", stale.Current)
		case v.problems(f, err, func(string) string { return "reason" }):
		case apperr.Is(err, apperr.Conflict):
			var ae *apperr.Error
			errors.As(err, &ae)
			f.Error = v.T("admin.retire.referenced", "Detail", ae.Message)
		default:
			return err
		}
		return s.editPage(c, fiber.StatusUnprocessableEntity, v, kind, encodeDoc(d.Doc), nil, nil)
	}
}

// adminRevisionsView is a document's history.
type adminRevisionsView struct {
	*Page
	Segment, Key, DocTitle string
	Current                int64
	Revisions              []adminRevisionRow
	// Confirm is the revision a revert waits to be confirmed for.
	Confirm *adminRevisionRow
	// Error is a problem of the revert (a newer revision meanwhile).
	Error string
}

func (s *Site) revisionsPage(c *fiber.Ctx, status int, confirm int64, msg string) error {
	seg, kind, err := adminKind(c)
	if err != nil {
		return err
	}
	d, err := s.Content.AdminGet(ctx(c), kind, c.Params("slug"))
	if err != nil {
		return err
	}
	revs, err := s.Content.Revisions(ctx(c), kind, d.Key)
	if err != nil {
		return err
	}
	v := adminRevisionsView{Page: s.adminPage(c, "admin.revisions.title", "Title", d.Title.In(langOf(c))), Segment: seg, Key: d.Key,
		DocTitle: d.Title.In(langOf(c)), Current: d.Revision, Error: msg}
	names := s.editorNames(c, v.Page)
	for _, r := range revs {
		row := s.revisionRow(v.Page, names, r, d.Revision)
		v.Revisions = append(v.Revisions, row)
	}
	if confirm > 0 {
		i := slices.IndexFunc(v.Revisions, func(r adminRevisionRow) bool { return r.Number == confirm })
		if i < 0 || v.Revisions[i].Current {
			return errNotFound
		}
		v.Confirm = &v.Revisions[i]
		v.Title = v.T("admin.revert.title", "Rev", confirm)
	}
	return s.render(c, status, "admin-revisions", v)
}

func (s *Site) adminRevisions() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, ok, err := s.adminOf(c); !ok {
			return err
		}
		return s.revisionsPage(c, fiber.StatusOK, 0, "")
	}
}

// adminRevert asks first (the page again with the revision's changes and
// a confirm button), then writes revision :rev's content as a new one.
func (s *Site) adminRevert() fiber.Handler {
	return func(c *fiber.Ctx) error {
		admin, ok, err := s.adminOf(c)
		if !ok {
			return err
		}
		seg, kind, err := adminKind(c)
		if err != nil {
			return err
		}
		to, err := strconv.ParseInt(c.Params("rev"), 10, 64)
		if err != nil || to < 1 {
			return errNotFound
		}
		if c.FormValue("bestaetigt") == "" {
			return s.revisionsPage(c, fiber.StatusOK, to, "")
		}
		base, convErr := strconv.ParseInt(c.FormValue("_rev"), 10, 64)
		if convErr != nil {
			base = -1
		}
		key := c.Params("slug")
		if _, err := s.Content.Revert(ctx(c), kind, key, to, base, admin.ID); err != nil {
			var stale *content.StaleRevision
			if errors.As(err, &stale) {
				p := s.newPage(c, "", "")
				return s.revisionsPage(c, fiber.StatusConflict, to, p.T("admin.revert.stale", "Rev", stale.Current))
			}
			if errs, ok := s.newPage(c, "", "").contentProblems(err); ok {
				p := s.newPage(c, "", "")
				var msgs []string
				for path, m := range errs {
					msgs = append(msgs, fieldLabel(p, path)+": "+m)
				}
				slices.Sort(msgs)
				return s.revisionsPage(c, fiber.StatusUnprocessableEntity, to, p.T("admin.revert.invalid", "Problems", strings.Join(msgs, "; ")))
			}
			return err
		}
		return c.Redirect(fmt.Sprintf("/admin/inhalte/%s/%s/versionen?hinweis=wiederhergestellt", seg, url.PathEscape(key)), fiber.StatusSeeOther)
	}
}

// contentMessages translate the content service's field problems (those
// of `laufbahn seed --check`); the account service's patterns
// (fieldMessage) cover the rest, and a message neither knows is shown as
// it is.
var contentMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^needs at least (\d+) entries`), "admin.msg.minEntries"},
	{regexp.MustCompile(`^must be at least (\S+)$`), "admin.msg.atLeast"},
	{regexp.MustCompile(`^must be at most (\S+)$`), "admin.msg.atMost"},
	{regexp.MustCompile(`^must be greater than (\S+)`), "admin.msg.greater"},
	{regexp.MustCompile(`^must not be less than (\S+)`), "admin.msg.notLess"},
	{regexp.MustCompile(`^must be lowercase letters and digits`), "admin.msg.slug"},
	{regexp.MustCompile(`^must be a source file name`), "admin.msg.sourceID"},
	{regexp.MustCompile(`^must be a date as YYYY-MM-DD`), "admin.msg.date"},
	{regexp.MustCompile(`^must be an absolute URL`), "admin.msg.url"},
	{regexp.MustCompile(`^unknown \w+ "([^"]*)"`), "admin.msg.unknown"},
}

func (p *Page) contentMessage(msg string) string {
	for _, m := range contentMessages {
		if sub := m.re.FindStringSubmatch(msg); sub != nil {
			if len(sub) > 1 {
				return p.T(m.key, "N", sub[1])
			}
			return p.T(m.key)
		}
	}
	return p.fieldMessage(msg)
}
