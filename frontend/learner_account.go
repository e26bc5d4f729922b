package frontend

// A learner's saved postings and searches (issue 11, part 6) and every
// signed-in user's account page (part 7): name, language, target role,
// password, signed-in devices, the data export and deleting the account.
// The saved pages are the learner's (anyone else gets 404, an anonymous
// visitor the sign-in page); the account pages are every role's. The
// checks, the export and the deletion are the API's own (package api's
// SavedSearchQuery, Export and DeleteAccount), so both surfaces agree.

import (
	"context"
	"errors"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
)

// accountNotices are the one-line messages after a form of this file
// (?hinweis=); only these keys are shown, never text from the address.
var accountNotices = map[string]string{
	"vergessen":         "saved.notice.forgotten",
	"suche-gespeichert": "saved.notice.searchSaved",
	"schon-gespeichert": "saved.notice.searchKnown",
	"suche-geloescht":   "saved.notice.searchDeleted",
	"konto":             "account.notice.saved",
	"passwort":          "account.notice.password",
	"geraet":            "account.notice.device",
}

// accountPageOf is the Page of a page of this file: private, with its
// notices.
func (s *Site) accountPageOf(c *fiber.Ctx, titleKey string) *Page {
	p := s.newPage(c, "", "")
	p.Title = p.T(titleKey)
	private(c, p)
	if key, ok := accountNotices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
	} else {
		learnerNotice(c, p)
	}
	return p
}

// savedLearner is learnerOf for the saved pages, which need the jobs
// service rather than learning.
func (s *Site) savedLearner(c *fiber.Ctx) (*account.User, bool, error) {
	u := userOf(c)
	if u == nil {
		return nil, false, c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
	}
	if u.Role != account.Learner {
		return nil, false, errNotFound
	}
	if s.Jobs == nil {
		return nil, false, apperr.New(apperr.Unavailable, "jobs are not available")
	}
	return u, true, nil
}

// ---- Saved postings (/mein-bereich/merkliste) ----

// savedJobsView is the learner's saved postings with their state now.
type savedJobsView struct {
	*Page
	Items []savedJob
}

// savedJob is one saved posting. State is open, closed or expired.
type savedJob struct {
	ID, Title, Employer, City string
	State                     string
	// Reason is why a closed posting closed (filled, withdrawn), if known.
	Reason  string
	SavedAt time.Time
	// Until is when an open posting ends, or when a closed one closed.
	Until *time.Time
}

// Open reports whether the posting is still advertised.
func (j savedJob) Open() bool { return j.State == "open" }

func (s *Site) savedJobsPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.savedLearner(c)
		if !ok {
			return err
		}
		v := savedJobsView{Page: s.accountPageOf(c, "saved.jobs.title")}
		entries, err := s.Jobs.SavedPostings(ctx(c), u.ID)
		if err != nil {
			return err
		}
		now := s.Now()
		for _, e := range entries {
			j := savedJob{ID: e.PostingID, SavedAt: e.SavedAt, State: "expired"}
			if p := e.Posting; p != nil {
				j.Title, j.Employer, j.City = p.Title, p.Employer.Name, p.Location.City
				switch {
				case p.Public(now):
					j.State, j.Until = "open", p.ValidThrough
				case p.State == jobs.Closed:
					j.State, j.Until, j.Reason = "closed", p.ClosedAt, p.CloseReason
				default:
					j.Until = p.ValidThrough
				}
			}
			v.Items = append(v.Items, j)
		}
		return s.render(c, fiber.StatusOK, "saved-jobs", v)
	}
}

// forgetSavedJob takes a posting off the list; one not on it is a 404.
func (s *Site) forgetSavedJob() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.savedLearner(c)
		if !ok {
			return err
		}
		id := c.Params("id")
		entries, err := s.Jobs.SavedPostings(ctx(c), u.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(entries, func(e jobs.SavedPostingEntry) bool { return e.PostingID == id }) {
			return errNotFound
		}
		if err := s.Jobs.UnsavePosting(ctx(c), u.ID, id); err != nil {
			return err
		}
		return c.Redirect("/mein-bereich/merkliste?hinweis=vergessen", fiber.StatusSeeOther)
	}
}

// ---- Saved searches (/mein-bereich/suchauftraege) ----

// savedSearchesView lists the learner's saved searches. Save is the form
// of a search to keep that came back with a problem (from /jobs).
type savedSearchesView struct {
	*Page
	Items []savedSearchRow
	Save  *saveSearchForm
	Max   int
}

// savedSearchRow is a saved search in words: its text and filters.
type savedSearchRow struct {
	ID, Name string
	Summary  searchSummary
	// New is the number of postings since the last look; Known is false
	// when the search cannot say (search unavailable).
	New        int
	Known      bool
	LastSeenAt time.Time
	JobsHref   string
}

// searchSummary is what a job search looks for: the text searched and
// its filters as chip labels ("in München + 25 km", "Teilzeit").
type searchSummary struct {
	Text  string
	Chips []string
}

// join is the summary in one line, for a default name; all when the
// search has neither text nor filters.
func (s searchSummary) join(all string) string {
	parts := slices.Clone(s.Chips)
	if s.Text != "" {
		parts = append([]string{"„" + s.Text + "“"}, parts...)
	}
	if len(parts) == 0 {
		return all
	}
	return strings.Join(parts, " · ")
}

// saveSearchForm is the form to keep a job search: the name and the
// search's parameters (hidden).
type saveSearchForm struct {
	Form    *form
	Hidden  []hiddenField
	Summary searchSummary
}

// hiddenField is one parameter of a search carried in a form.
type hiddenField struct{ Name, Value string }

// SaveSearchFields are the parameters of the current job search a "Suche
// speichern" form carries (those a saved search keeps).
func (p *jobParams) SaveSearchFields() []hiddenField {
	var out []hiddenField
	for _, name := range savedSearchParams() {
		switch name {
		case "q":
			if p.Q != "" {
				out = append(out, hiddenField{name, p.Q})
			}
		case "where":
			if p.Where != "" && !p.NoPlace {
				out = append(out, hiddenField{name, p.Where})
			}
		default:
			for _, v := range p.v[name] {
				out = append(out, hiddenField{name, v})
			}
		}
	}
	return out
}

// savedSearchParams are the parameters a saved search keeps, in the
// order of the form.
func savedSearchParams() []string { return api.SavedSearchParams() }

// summarize reads a stored query as the job search does and says what it
// looks for, with role and skill names and amounts in the page's language.
func (s *Site) summarize(c *fiber.Ctx, p *Page, query string) (searchSummary, api.JobSearchRead) {
	uri := c.Request().URI()
	orig := string(uri.QueryString())
	uri.SetQueryString(query)
	read := api.ReadJobSearch(c, p.Lang)
	uri.SetQueryString(orig)
	sum := searchSummary{Text: read.SearchText}
	for _, ch := range read.Chips {
		lbl := ch.Label
		switch ch.Kind {
		case "role":
			lbl = s.roleTitle(ctx(c), ch.Value, p.Lang)
		case "skill":
			lbl = s.skillName(ctx(c), ch.Value, p.Lang)
		case "salaryMin":
			lbl = p.T("jobs.salaryFrom", "Amount", p.Money(atoiOr(ch.Value)))
		}
		sum.Chips = append(sum.Chips, lbl)
	}
	return sum, read
}

func atoiOr(v string) int {
	n := 0
	for _, r := range v {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
		if n > 1e9 {
			return 0
		}
	}
	return n
}

func (s *Site) savedSearchesList(c *fiber.Ctx, status int, u *account.User, save *saveSearchForm) error {
	v := savedSearchesView{Page: s.accountPageOf(c, "saved.searches.title"), Save: save, Max: jobs.MaxSavedSearches}
	list, err := s.Jobs.SavedSearches(ctx(c), u.ID)
	if err != nil {
		return err
	}
	for _, ss := range list {
		r := savedSearchRow{ID: ss.ID, Name: ss.Name, LastSeenAt: ss.LastSeenAt, JobsHref: jobsQuery(ss.Query)}
		r.Summary, _ = s.summarize(c, v.Page, ss.Query)
		if n := s.newPostings(c, ss); n != nil {
			r.New, r.Known = *n, true
		}
		v.Items = append(v.Items, r)
	}
	return s.render(c, status, "saved-searches", v)
}

func (s *Site) savedSearchesPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.savedLearner(c)
		if !ok {
			return err
		}
		return s.savedSearchesList(c, fiber.StatusOK, u, nil)
	}
}

// saveSearch keeps the job search of the form (from /jobs). The name is
// optional (default: the search in words); the same search saved again is
// not kept twice; the parameters are checked as the API checks them.
func (s *Site) saveSearch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.savedLearner(c)
		if !ok {
			return err
		}
		p := s.newPage(c, "", "")
		f := newForm("name").read(c)
		vals := url.Values{}
		var hidden []hiddenField
		for _, name := range savedSearchParams() {
			for _, raw := range c.Request().PostArgs().PeekMulti(name) {
				if v := strings.TrimSpace(string(raw)); v != "" {
					vals.Add(name, v)
					hidden = append(hidden, hiddenField{name, v})
				}
			}
		}
		save := &saveSearchForm{Form: f, Hidden: hidden}
		save.Summary, _ = s.summarize(c, p, vals.Encode())
		back := func(status int) error { return s.savedSearchesList(c, status, u, save) }
		qs, err := api.SavedSearchQuery(c, s.Content, vals.Encode())
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				return err
			}
			f.Error = p.T("saved.save.badQuery")
			return back(fiber.StatusUnprocessableEntity)
		}
		list, err := s.Jobs.SavedSearches(ctx(c), u.ID)
		if err != nil {
			return err
		}
		for _, ss := range list {
			if ss.Query == qs {
				return c.Redirect("/mein-bereich/suchauftraege?hinweis=schon-gespeichert#s-"+ss.ID, fiber.StatusSeeOther)
			}
		}
		name := f.Val("name")
		if name == "" {
			name = save.Summary.join(p.T("saved.save.allJobs"))
			if utf8.RuneCountInString(name) > 80 {
				name = string([]rune(name)[:79]) + "…"
			}
		}
		ss, err := s.Jobs.SaveSearch(ctx(c), u.ID, name, qs)
		switch {
		case apperr.Is(err, apperr.Conflict):
			f.Error = p.T("saved.save.tooMany", "Max", jobs.MaxSavedSearches)
			return back(fiber.StatusConflict)
		case p.problems(f, err, func(path string) string {
			if path == "name" {
				return "name"
			}
			return ""
		}):
			return back(fiber.StatusUnprocessableEntity)
		case err != nil:
			return err
		}
		return c.Redirect("/mein-bereich/suchauftraege?hinweis=suche-gespeichert#s-"+ss.ID, fiber.StatusSeeOther)
	}
}

// savedSearchView is one saved search's postings new since the last look.
type savedSearchView struct {
	*Page
	ID, Name string
	Summary  searchSummary
	Since    time.Time
	Hits     []JobHit
	Total    int
	JobsHref string
}

// newLimit is how many new postings the page lists; the rest are one
// click away on /jobs.
const newLimit = 50

// savedSearchShow lists the postings published since the last look and
// moves the last look to now (as GET /api/v1/me/saved/searches/{id}/new).
func (s *Site) savedSearchShow() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.savedLearner(c)
		if !ok {
			return err
		}
		ss, err := s.Jobs.SavedSearch(ctx(c), u.ID, c.Params("id"))
		if apperr.Is(err, apperr.NotFound) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		v := savedSearchView{Page: s.accountPageOf(c, "saved.show.title"), ID: ss.ID, Name: ss.Name, Since: ss.LastSeenAt}
		v.Title = v.T("saved.show.titleFor", "Name", ss.Name)
		sum, read := s.summarize(c, v.Page, ss.Query)
		v.Summary = sum
		sort := url.Values{}
		if q, err := url.ParseQuery(ss.Query); err == nil {
			sort = q
		}
		sort.Set("sort", "date")
		v.JobsHref = "/jobs?" + sort.Encode()
		if len(read.Problems) > 0 {
			return apperr.New(apperr.Internal, "saved search %s does not read: %v", ss.ID, read.Problems)
		}
		q := read.Query
		after := math.Nextafter(float64(ss.LastSeenAt.UnixMicro())/1e6, math.Inf(1))
		q.Filters = append(slices.Clone(q.Filters), search.Between("publishedAt", &after, nil))
		q.Facets, q.Sort, q.Page, q.Limit = nil, search.ByDate, 1, newLimit
		res, err := s.runSearch(ctx(c), search.Jobs, q)
		if err != nil {
			return err
		}
		v.Hits, v.Total = jobHitsOf(res.Hits, v.Lang), res.Total
		if _, err := s.Jobs.MarkSearchSeen(ctx(c), u.ID, ss.ID); err != nil {
			return err
		}
		return s.render(c, fiber.StatusOK, "saved-search", v)
	}
}

// deleteSavedSearchPage forgets a saved search; someone else's is a 404.
func (s *Site) deleteSavedSearchPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.savedLearner(c)
		if !ok {
			return err
		}
		err = s.Jobs.DeleteSearch(ctx(c), u.ID, c.Params("id"))
		if apperr.Is(err, apperr.NotFound) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		return c.Redirect("/mein-bereich/suchauftraege?hinweis=suche-geloescht", fiber.StatusSeeOther)
	}
}

// ---- The account (/mein-bereich/konto) ----

// Fields of the account forms, top to bottom.
var (
	profileFields  = []string{"name", "language", "targetRole"}
	passwordFields = []string{"currentPassword", "newPassword"}
)

// accountView is the account page: two forms, the devices, the export
// and the way to delete.
type accountView struct {
	*Page
	Email     string
	Profile   *form
	Password  *form
	Learner   bool
	Roles     []option
	Languages []option
	Devices   []deviceRow
}

// deviceRow is a signed-in device (an account session).
type deviceRow struct {
	ID, Device        string
	Created, LastUsed time.Time
	// Current is the device of this request.
	Current bool
}

// signedIn returns the signed-in user of any role, or sends an anonymous
// visitor to sign in (ok false: return err).
func (s *Site) signedIn(c *fiber.Ctx) (*account.User, bool, error) {
	u := userOf(c)
	if u == nil {
		return nil, false, c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
	}
	if s.Accounts == nil {
		return nil, false, apperr.New(apperr.Unavailable, "accounts are not available")
	}
	return u, true, nil
}

func currentSession(c *fiber.Ctx) string {
	id, _ := c.Locals(sessionKey).(string)
	return id
}

func (s *Site) profileForm(u *account.User) *form {
	f := newForm(profileFields...)
	f.values["name"], f.values["language"], f.values["targetRole"] = u.Name, u.Language, u.TargetRole
	return f
}

func (s *Site) accountRender(c *fiber.Ctx, status int, u *account.User, profile, password *form) error {
	v := accountView{Page: s.accountPageOf(c, "account.title"), Email: u.Email, Profile: profile, Password: password, Learner: u.Role == account.Learner}
	if v.Learner && s.Content != nil {
		roles, _, err := s.Content.Roles(ctx(c), content.RoleFilter{}, content.ListOptions{})
		if err != nil {
			return err
		}
		for _, r := range orderRoles(roles) {
			v.Roles = append(v.Roles, option{Value: r.Slug, Label: r.Title.In(v.Lang)})
		}
	}
	v.Languages = []option{{Value: "de", Label: "Deutsch"}, {Value: "en", Label: "English"}}
	list, err := s.Accounts.Sessions(ctx(c), u)
	if err != nil {
		return err
	}
	cur := currentSession(c)
	for _, si := range list {
		v.Devices = append(v.Devices, deviceRow{ID: si.ID, Device: deviceName(v.Page, si.UserAgent), Created: si.CreatedAt, LastUsed: si.LastUsedAt, Current: si.ID == cur})
	}
	// This device first.
	slices.SortStableFunc(v.Devices, func(a, b deviceRow) int {
		switch {
		case a.Current == b.Current:
			return 0
		case a.Current:
			return -1
		}
		return 1
	})
	return s.render(c, status, "account", v)
}

func (s *Site) accountPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		return s.accountRender(c, fiber.StatusOK, u, s.profileForm(u), newForm(passwordFields...))
	}
}

// saveAccount stores the name, the language and (learners) the target
// role. The language chosen here is the site's and the API's from now on
// (see setLanguage): this browser's remembered switch is cleared, so the
// choice shows at once.
func (s *Site) saveAccount() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		f := newForm(profileFields...).read(c)
		p := s.newPage(c, "", "")
		name, lang := f.Val("name"), f.Val("language")
		up := account.ProfileUpdate{Name: &name, Language: &lang}
		if u.Role == account.Learner {
			role := f.Val("targetRole")
			if role != "" && s.Content != nil {
				if _, err := s.Content.Role(ctx(c), role); err != nil {
					f.set("targetRole", p.T("learner.goal.roleBad"))
				}
			}
			up.TargetRole = &role
		} else {
			f.values["targetRole"] = ""
		}
		if pickLanguage(lang) != lang {
			f.set("language", p.T("account.languageBad"))
		}
		if f.HasErrors() {
			return s.accountRender(c, fiber.StatusUnprocessableEntity, u, f, newForm(passwordFields...))
		}
		if _, err := s.Accounts.UpdateProfile(ctx(c), u.ID, up); err != nil {
			if p.problems(f, err, func(path string) string { return path }) {
				return s.accountRender(c, fiber.StatusUnprocessableEntity, u, f, newForm(passwordFields...))
			}
			return err
		}
		if c.Cookies(cookieLang) != "" {
			c.Cookie(&fiber.Cookie{Name: cookieLang, Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1,
				Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
		}
		return c.Redirect("/mein-bereich/konto?hinweis=konto", fiber.StatusSeeOther)
	}
}

// accountPassword changes the password (the current one confirms it). The
// account service ends every session, this one included, and starts a new
// one for this browser.
func (s *Site) accountPassword() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		f := newForm(passwordFields...)
		for _, n := range passwordFields {
			f.values[n] = c.FormValue(n) // passwords as typed, spaces and all
		}
		p := s.newPage(c, "", "")
		sess, err := s.Accounts.ChangePassword(ctx(c), u.ID, f.Val("currentPassword"), f.Val("newPassword"), account.Client{UserAgent: c.Get(fiber.HeaderUserAgent)})
		if err != nil {
			if p.problems(f, err, func(path string) string { return path }) {
				if fieldProblem(err, "currentPassword") == "is wrong" {
					f.errs["currentPassword"] = p.T("account.passwordWrong")
				}
				return s.accountRender(c, fiber.StatusUnprocessableEntity, u, s.profileForm(u), f)
			}
			return err
		}
		s.setSessionCookies(c, sess)
		return c.Redirect("/mein-bereich/konto?hinweis=passwort", fiber.StatusSeeOther)
	}
}

// signOutDevice ends one of the user's sessions; someone else's (or none)
// is a 404. Signing out this device signs this browser out.
func (s *Site) signOutDevice() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		id := c.Params("id")
		si, err := s.Accounts.Session(ctx(c), id)
		if apperr.Is(err, apperr.NotFound) || err == nil && si.UserID != u.ID {
			return errNotFound
		}
		if err != nil {
			return err
		}
		if err := s.Accounts.RevokeSession(ctx(c), si.ID); err != nil {
			return err
		}
		if si.ID == currentSession(c) {
			s.clearSessionCookies(c)
			return c.Redirect("/anmelden?hinweis=abgemeldet", fiber.StatusSeeOther)
		}
		return c.Redirect("/mein-bereich/konto?hinweis=geraet#geraete", fiber.StatusSeeOther)
	}
}

// signOutEverywhere ends every session of the user, this browser's too.
func (s *Site) signOutEverywhere() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		if err := s.Accounts.LogoutAll(ctx(c), u.ID); err != nil {
			return err
		}
		s.clearSessionCookies(c)
		return c.Redirect("/anmelden?hinweis=ueberall-abgemeldet", fiber.StatusSeeOther)
	}
}

// apiDeps are the services as package api's shared functions take them.
func (s *Site) apiDeps() api.Deps {
	return api.Deps{Logger: s.Logger, Content: s.Content, Search: s.Search, Accounts: s.Accounts, Learning: s.Learning,
		Jobs: s.Jobs, Notify: s.Notify, Erase: s.Erase}
}

// exportData sends all of the user's data as GET /api/v1/me/export does,
// as a download.
func (s *Site) exportData() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		ex, err := api.Export(ctx(c), s.apiDeps(), u.ID, currentSession(c), langOf(c))
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentDisposition, api.ExportDisposition(ex))
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.JSON(ex)
	}
}

// deleteView asks for the password before deleting the account and says
// what goes and what stays.
type deleteView struct {
	*Page
	Form *form
	Role string
}

func (s *Site) deletePage(c *fiber.Ctx, status int, u *account.User, f *form) error {
	v := deleteView{Page: s.accountPageOf(c, "account.delete.title"), Form: f, Role: string(u.Role)}
	return s.render(c, status, "account-delete", v)
}

func (s *Site) deleteAccountConfirm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		return s.deletePage(c, fiber.StatusOK, u, newForm("password"))
	}
}

// deleteAccountPage deletes the account with all its data (as DELETE
// /api/v1/me), signs this browser out and goes to the home page.
func (s *Site) deleteAccountPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.signedIn(c)
		if !ok {
			return err
		}
		f := newForm("password")
		f.values["password"] = c.FormValue("password")
		p := s.newPage(c, "", "")
		err = api.DeleteAccount(context.WithoutCancel(ctx(c)), s.apiDeps(), u, f.Val("password"))
		if p.problems(f, err, func(path string) string { return path }) {
			if fieldProblem(err, "password") == "is wrong" {
				f.errs["password"] = p.T("account.passwordWrong")
			}
			return s.deletePage(c, fiber.StatusUnprocessableEntity, u, f)
		}
		if err != nil {
			return err
		}
		s.clearSessionCookies(c)
		c.Cookie(&fiber.Cookie{Name: cookieLang, Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1,
			Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
		return c.Redirect("/?hinweis=konto-geloescht", fiber.StatusSeeOther)
	}
}

// fieldProblem is the service's problem with field in err ("" if none).
func fieldProblem(err error, field string) string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Fields[field]
	}
	return ""
}

// deviceName names the browser and system of a User-Agent ("Firefox ·
// Windows"), or says it is unknown.
func deviceName(p *Page, ua string) string {
	browser := ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"HeadlessChrome/", "Chrome (headless)"},
		{"Chromium/", "Chromium"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " · " + system
	case browser != "" || system != "":
		return browser + system
	}
	return p.T("account.device.unknown")
}
