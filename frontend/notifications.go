package frontend

// The notification pages (issue 14): the list behind the header's bell,
// marking read, the preferences, and the mails' unsubscribe link. They
// call the notify service in process and give the API's answers,
// translated.

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/notify"
)

// notificationsPerPage is the length of a page of the list.
const notificationsPerPage = 20

// notifyNotices are the one-line messages a redirect of these pages may
// ask for (?hinweis=); only these keys are shown.
var notifyNotices = map[string]string{
	"gelesen":     "notify.notice.read",
	"alle":        "notify.notice.allRead",
	"gespeichert": "notify.notice.saved",
}

func notifyNotice(c *fiber.Ctx, p *Page) {
	if key, ok := notifyNotices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
	}
}

// notifyUser is the signed-in learner or employer of a notification page:
// anonymous visitors are sent to sign in (false, with the redirect done),
// other roles and a site without notifications get 404.
func (s *Site) notifyUser(c *fiber.Ctx) (*account.User, error) {
	if s.Notify == nil {
		return nil, errNotFound
	}
	u := userOf(c)
	if u == nil {
		return nil, nil
	}
	if u.Role != account.Learner && u.Role != account.Employer {
		return nil, errNotFound
	}
	return u, nil
}

// notificationItem is one entry of the list.
type notificationItem struct {
	ID, Title, Body, Link string
	Date                  string
	Read                  bool
}

type notificationsView struct {
	*Page
	Items  []notificationItem
	Total  int
	PageNo int
	Pager  pager
}

// notificationsPage lists the user's notifications, newest first.
func (s *Site) notificationsPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, err := s.notifyUser(c)
		if err != nil {
			return err
		}
		if u == nil {
			return c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
		}
		page, _ := strconv.Atoi(c.Query("seite"))
		page = max(page, 1)
		v := notificationsView{Page: s.newPage(c, "", "")}
		v.Title = v.T("notify.title")
		private(c, v.Page)
		notifyNotice(c, v.Page)
		items, total, err := s.Notify.List(ctx(c), u.ID, v.Lang, notificationsPerPage, page)
		if err != nil {
			return err
		}
		pages := (total + notificationsPerPage - 1) / notificationsPerPage
		if page > 1 && page > pages {
			return errNotFound
		}
		v.Total, v.PageNo = total, page
		for _, it := range items {
			v.Items = append(v.Items, notificationItem{ID: it.ID, Title: it.Title, Body: it.Body, Link: s.localLink(it.Link),
				Date: v.Date(it.CreatedAt), Read: it.Read})
		}
		v.Pager = notificationPager(page, pages)
		return s.render(c, fiber.StatusOK, "notifications", v)
	}
}

// notificationPager is the pager of the list (?seite=N).
func notificationPager(page, pages int) pager {
	pg := pager{Page: page, Pages: pages}
	if pages <= 1 {
		return pg
	}
	at := func(n int) string {
		if n == 1 {
			return "/benachrichtigungen"
		}
		return "/benachrichtigungen?seite=" + strconv.Itoa(n)
	}
	if page > 1 {
		pg.Prev = at(page - 1)
	}
	if page < pages {
		pg.Next = at(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-2 || n > page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			pg.Links = append(pg.Links, pageLink{Gap: true})
		}
		pg.Links = append(pg.Links, pageLink{N: n, URL: at(n), Current: n == page})
		last = n
	}
	return pg
}

// localLink makes a link to this site relative (the notify service links
// absolutely, for mails).
func (s *Site) localLink(link string) string {
	if rest, ok := strings.CutPrefix(link, s.base.String()); ok && strings.HasPrefix(rest, "/") {
		return rest
	}
	return link
}

// backToList is the list page to return to after marking (the page the
// form was on).
func backToList(c *fiber.Ctx, notice string) string {
	q := url.Values{"hinweis": {notice}}
	if n, err := strconv.Atoi(c.FormValue("seite")); err == nil && n > 1 {
		q.Set("seite", strconv.Itoa(n))
	}
	return "/benachrichtigungen?" + q.Encode()
}

// markRead marks one notification read (form field id); someone else's
// or an unknown id is 404.
func (s *Site) markRead() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, err := s.notifyUser(c)
		if err != nil {
			return err
		}
		if u == nil {
			return c.Redirect(loginURL("/benachrichtigungen"), fiber.StatusSeeOther)
		}
		id := c.FormValue("id")
		if id == "" {
			return errNotFound
		}
		if err := s.Notify.MarkRead(ctx(c), u.ID, id); err != nil {
			return err
		}
		return c.Redirect(backToList(c, "gelesen"), fiber.StatusSeeOther)
	}
}

// markAllRead marks every notification of the user read.
func (s *Site) markAllRead() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, err := s.notifyUser(c)
		if err != nil {
			return err
		}
		if u == nil {
			return c.Redirect(loginURL("/benachrichtigungen"), fiber.StatusSeeOther)
		}
		if _, err := s.Notify.MarkAllRead(ctx(c), u.ID); err != nil {
			return err
		}
		return c.Redirect(backToList(c, "alle"), fiber.StatusSeeOther)
	}
}

// eventRow is one event of the preferences form.
type eventRow struct {
	Event       string
	Mail, InApp bool
	Frequency   string
	Frequencies []string
}

type notifySettingsView struct {
	*Page
	Form   *form
	Events []eventRow
	Hours  []int
	Zones  []string
}

// commonZones are offered as suggestions; any IANA zone is accepted.
var commonZones = []string{"Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/London", "Europe/Paris", "Europe/Madrid",
	"Europe/Warsaw", "Europe/Istanbul", "America/New_York", "Asia/Dubai", "UTC"}

// roleEvents are the events a learner or an employer hears about; the form
// shows only those (the others keep their stored values).
func roleEvents(r account.Role) []notify.Event {
	if r == account.Employer {
		return []notify.Event{notify.ApplicationReceived, notify.ApplicationWithdrawn, notify.PostingExpiring, notify.PostingExpired}
	}
	return []notify.Event{notify.ApplicationStatus, notify.SavedSearchAlert, notify.LearningUpdate}
}

// settingsFields are the form's fields top to bottom.
func settingsFields(evs []notify.Event) []string {
	out := []string{}
	for _, ev := range evs {
		out = append(out, string(ev)+".mail", string(ev)+".inApp", string(ev)+".frequency")
	}
	return append(out, "timeZone", "digestHour")
}

func (s *Site) settingsPage(c *fiber.Ctx, status int, f *form, evs []notify.Event) error {
	v := notifySettingsView{Page: s.newPage(c, "", ""), Form: f, Zones: commonZones}
	v.Title = v.T("notify.settings.title")
	private(c, v.Page)
	notifyNotice(c, v.Page)
	for h := range 24 {
		v.Hours = append(v.Hours, h)
	}
	for _, ev := range evs {
		row := eventRow{Event: string(ev), Mail: f.Val(string(ev)+".mail") != "", InApp: f.Val(string(ev)+".inApp") != "",
			Frequency: f.Val(string(ev) + ".frequency")}
		for _, fr := range notify.Frequencies(ev) {
			row.Frequencies = append(row.Frequencies, string(fr))
		}
		v.Events = append(v.Events, row)
	}
	return s.render(c, status, "notify_settings", v)
}

// notificationSettings shows the preferences form with the stored values.
func (s *Site) notificationSettings() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, err := s.notifyUser(c)
		if err != nil {
			return err
		}
		if u == nil {
			return c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
		}
		st, err := s.Notify.Settings(ctx(c), u.ID)
		if err != nil {
			return err
		}
		evs := roleEvents(u.Role)
		f := newForm(settingsFields(evs)...)
		for _, ev := range evs {
			ch := st.Events[ev]
			if ch.Mail {
				f.values[string(ev)+".mail"] = "on"
			}
			if ch.InApp {
				f.values[string(ev)+".inApp"] = "on"
			}
			f.values[string(ev)+".frequency"] = string(ch.Frequency)
		}
		f.values["timeZone"] = st.TimeZone
		f.values["digestHour"] = strconv.Itoa(st.DigestHour)
		return s.settingsPage(c, fiber.StatusOK, f, evs)
	}
}

// saveNotificationSettings stores the preferences; wrong values come
// back next to their fields. Saved-search overrides the form does not
// show are kept.
func (s *Site) saveNotificationSettings() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, err := s.notifyUser(c)
		if err != nil {
			return err
		}
		if u == nil {
			return c.Redirect(loginURL("/mein-bereich/benachrichtigungen"), fiber.StatusSeeOther)
		}
		evs := roleEvents(u.Role)
		f := newForm(settingsFields(evs)...).read(c)
		cur, err := s.Notify.Settings(ctx(c), u.ID)
		if err != nil {
			return err
		}
		in := notify.Settings{TimeZone: f.Val("timeZone"), Events: map[notify.Event]notify.Channel{}, SavedSearches: cur.SavedSearches}
		in.DigestHour = -1
		if h, err := strconv.Atoi(f.Val("digestHour")); err == nil {
			in.DigestHour = h
		}
		for ev, ch := range cur.Events {
			in.Events[ev] = ch
		}
		for _, ev := range evs {
			in.Events[ev] = notify.Channel{Mail: f.Val(string(ev)+".mail") != "", InApp: f.Val(string(ev)+".inApp") != "",
				Frequency: notify.Frequency(f.Val(string(ev) + ".frequency"))}
		}
		if _, err := s.Notify.PutSettings(ctx(c), u.ID, in); err != nil {
			p := &Page{Lang: langOf(c), site: s}
			if !p.notifyProblems(f, err) {
				return err
			}
			return s.settingsPage(c, fiber.StatusBadRequest, f, evs)
		}
		return c.Redirect("/mein-bereich/benachrichtigungen?hinweis=gespeichert", fiber.StatusSeeOther)
	}
}

// notifyMessages translate the notify service's field problems (the
// API's messages).
var notifyMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^is required \(an IANA time zone`), "notify.err.timeZoneRequired"},
	{regexp.MustCompile(`^must be an IANA time zone`), "notify.err.timeZone"},
	{regexp.MustCompile(`^must be an hour from 0 to 23`), "notify.err.digestHour"},
	{regexp.MustCompile(`^must be one of: (.*)$`), "notify.err.frequency"},
}

// notifyProblems puts the field problems of the preferences on the form
// (events.<event>.frequency → <event>.frequency).
func (p *Page) notifyProblems(f *form, err error) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || len(ae.Fields) == 0 {
		return false
	}
	for path, msg := range ae.Fields {
		text := p.fieldMessage(msg)
		for _, m := range notifyMessages {
			if m.re.MatchString(msg) {
				text = p.T(m.key)
				break
			}
		}
		name := strings.TrimPrefix(path, "events.")
		if !containsName(f.order, name) {
			if f.Error == "" {
				f.Error = text
			}
			continue
		}
		f.set(name, text)
	}
	return true
}

type unsubscribeView struct {
	*Page
	Token string
	// State is ask (the button), done (just unsubscribed), used (the link
	// was used before) or bad (forged, incomplete or too old).
	State string
	What  string
}

// unsubscribePage describes what a mail's unsubscribe link turns off,
// changing nothing (mail scanners follow links), with a button.
func (s *Site) unsubscribePage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Notify == nil {
			return errNotFound
		}
		tok := c.Query("token")
		v := unsubscribeView{Page: s.newPage(c, "", ""), Token: tok}
		v.Title = v.T("notify.unsub.title")
		private(c, v.Page)
		res, err := s.Notify.Describe(ctx(c), tok, v.Lang)
		switch {
		case apperr.Is(err, apperr.Invalid):
			v.State = "bad"
			return s.render(c, fiber.StatusBadRequest, "unsubscribe", v)
		case err != nil:
			return err
		}
		v.What = res.What
		switch {
		case res.Changed:
			v.State = "ask"
		case c.Query("erledigt") != "":
			v.State = "done"
		default:
			v.State = "used"
		}
		return s.render(c, fiber.StatusOK, "unsubscribe", v)
	}
}

// unsubscribe turns the mails off, without signing in, and shows so.
func (s *Site) unsubscribe() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Notify == nil {
			return errNotFound
		}
		tok := c.FormValue("token")
		res, err := s.Notify.Unsubscribe(ctx(c), tok, langOf(c))
		if apperr.Is(err, apperr.Invalid) {
			v := unsubscribeView{Page: s.newPage(c, "", ""), State: "bad"}
			v.Title = v.T("notify.unsub.title")
			private(c, v.Page)
			return s.render(c, fiber.StatusBadRequest, "unsubscribe", v)
		}
		if err != nil {
			return err
		}
		q := url.Values{"token": {tok}}
		if res.Changed {
			q.Set("erledigt", "1")
		}
		if l := c.Query("lang"); l != "" {
			q.Set("lang", l)
		}
		return c.Redirect("/benachrichtigungen/abbestellen?"+q.Encode(), fiber.StatusSeeOther)
	}
}
