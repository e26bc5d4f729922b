package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/laufbahn/laufbahn/mail"
)

// rendered is a notification rendered in one language.
type rendered struct {
	title, body, link string
}

var statusLabels = map[string][2]string{
	"received":  {"Eingegangen", "Received"},
	"in_review": {"In Prüfung", "In review"},
	"interview": {"Gespräch", "Interview"},
	"offer":     {"Angebot", "Offer"},
	"hired":     {"Eingestellt", "Hired"},
	"rejected":  {"Absage", "Rejected"},
	"withdrawn": {"Zurückgezogen", "Withdrawn"},
}

func pick(lang string, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}

func statusLabel(status, lang string) string {
	l, ok := statusLabels[status]
	if !ok {
		return status
	}
	return pick(lang, l[0], l[1])
}

func formatDate(t time.Time, loc *time.Location, lang string) string {
	t = t.In(loc)
	if lang == "en" {
		return t.Format("2 January 2006, 15:04")
	}
	return t.Format("02.01.2006, 15:04 Uhr")
}

// Links open pages of the site; they are a contract with the frontend
// (see docs/ARCHITECTURE.md, "Notifications").
func (s *Service) link(path string) string { return s.cfg.BaseURL + path }

// render returns the title, body and link of a notification in a
// language; loc formats dates (nil: the default time zone).
func (s *Service) render(n *Notification, lang string, loc *time.Location) rendered {
	if loc == nil {
		loc, _ = time.LoadLocation(DefaultTimeZone)
	}
	d := n.Data
	switch n.Event {
	case ApplicationReceived:
		return rendered{
			title: pick(lang, "Neue Bewerbung: ", "New application: ") + d.PostingTitle,
			body:  fmt.Sprintf(pick(lang, "%s hat sich auf „%s“ beworben.", "%s applied for “%s”."), d.ApplicantName, d.PostingTitle),
			link:  s.link("/arbeitgeber/bewerbungen/" + url.PathEscape(d.ApplicationID)),
		}
	case ApplicationStatus:
		c := rendered{
			title: fmt.Sprintf(pick(lang, "Ihre Bewerbung bei %s: %s", "Your application to %s: %s"), d.EmployerName, statusLabel(d.Status, lang)),
			body:  fmt.Sprintf(pick(lang, "Der Stand Ihrer Bewerbung auf „%s“ ist jetzt: %s.", "Your application for “%s” is now: %s."), d.PostingTitle, statusLabel(d.Status, lang)),
			link:  s.link("/mein-bereich/bewerbungen/" + url.PathEscape(d.ApplicationID)),
		}
		if d.Message != "" {
			c.body += "\n\n" + fmt.Sprintf(pick(lang, "Nachricht von %s:", "Message from %s:"), d.EmployerName) + "\n" + d.Message
		}
		return c
	case ApplicationWithdrawn:
		c := rendered{
			title: pick(lang, "Bewerbung zurückgezogen: ", "Application withdrawn: ") + d.PostingTitle,
			body:  fmt.Sprintf(pick(lang, "%s hat die Bewerbung auf „%s“ zurückgezogen.", "%s withdrew their application for “%s”."), d.ApplicantName, d.PostingTitle),
			link:  s.link("/arbeitgeber/bewerbungen/" + url.PathEscape(d.ApplicationID)),
		}
		if d.Message != "" {
			c.body += "\n\n" + pick(lang, "Nachricht:", "Message:") + "\n" + d.Message
		}
		return c
	case PostingExpiring:
		when := ""
		if d.ValidThrough != nil {
			when = formatDate(*d.ValidThrough, loc, lang)
		}
		return rendered{
			title: pick(lang, "Stellenanzeige läuft bald ab: ", "Posting expires soon: ") + d.PostingTitle,
			body: fmt.Sprintf(pick(lang, "Ihre Stellenanzeige „%s“ läuft am %s ab. Wenn die Stelle noch offen ist, verlängern Sie sie.",
				"Your posting “%s” expires on %s. If the job is still open, extend it."), d.PostingTitle, when),
			link: s.link("/arbeitgeber/stellen/" + url.PathEscape(d.PostingID)),
		}
	case PostingExpired:
		return rendered{
			title: pick(lang, "Stellenanzeige abgelaufen: ", "Posting expired: ") + d.PostingTitle,
			body: fmt.Sprintf(pick(lang, "Ihre Stellenanzeige „%s“ ist abgelaufen und wird nicht mehr angezeigt. Sie können sie erneut veröffentlichen.",
				"Your posting “%s” has expired and is no longer shown. You can publish it again."), d.PostingTitle),
			link: s.link("/arbeitgeber/stellen/" + url.PathEscape(d.PostingID)),
		}
	case SavedSearchAlert:
		where := d.EmployerName
		if d.City != "" {
			where += ", " + d.City
		}
		return rendered{
			title: fmt.Sprintf(pick(lang, "Neue Stelle für „%s“: %s", "New job for “%s”: %s"), d.SearchName, d.PostingTitle),
			body:  d.PostingTitle + " – " + where,
			link:  s.link("/jobs/" + url.PathEscape(d.PostingID)),
		}
	case LearningUpdate:
		if d.PathSlug != "" {
			return rendered{
				title: pick(lang, "Neuer Weg zu Ihrem Ziel: ", "A new path to your goal: ") + d.Item.in(lang),
				body:  fmt.Sprintf(pick(lang, "„%s“ führt zu %s, Ihrer Zielrolle.", "“%s” leads to %s, your target role."), d.Item.in(lang), d.Role.in(lang)),
				link:  s.link("/wege/" + url.PathEscape(d.PathSlug)),
			}
		}
		return rendered{
			title: pick(lang, "Ein Kurs für Ihre Lücke: ", "A course for your gap: ") + d.Item.in(lang),
			body: fmt.Sprintf(pick(lang, "„%s“ vermittelt jetzt %s – eine Kompetenz, die Ihnen für %s noch fehlt.",
				"“%s” now teaches %s, a skill you still lack for %s."), d.Item.in(lang), d.Skill.in(lang), d.Role.in(lang)),
			link: s.link("/weiterbildung/" + url.PathEscape(d.CourseSlug)),
		}
	}
	return rendered{title: string(n.Event)}
}

// eventName names an event for digests and the unsubscribe page.
func eventName(ev Event, lang string) string {
	names := map[Event][2]string{
		ApplicationReceived:  {"neue Bewerbungen", "new applications"},
		ApplicationStatus:    {"Änderungen an Ihren Bewerbungen", "changes to your applications"},
		ApplicationWithdrawn: {"zurückgezogene Bewerbungen", "withdrawn applications"},
		PostingExpiring:      {"bald ablaufende Stellenanzeigen", "postings about to expire"},
		PostingExpired:       {"abgelaufene Stellenanzeigen", "expired postings"},
		SavedSearchAlert:     {"neue Stellen zu Ihrer Suche", "new jobs for your search"},
		LearningUpdate:       {"neue Kurse und Wege zu Ihrem Ziel", "new courses and paths to your goal"},
	}
	n := names[ev]
	return pick(lang, n[0], n[1])
}

// mailView fills the one mail layout.
type mailView struct {
	Lang, Subject, Greeting, Intro string
	Items                          []mailItem
	Unsubscribe, Settings          string
	UnsubscribeText, SettingsText  string
	Footer                         string
}

type mailItem struct {
	Title, Body, Link, LinkText string
}

var htmlLayout = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{.Subject}}</title></head>
<body style="font-family: system-ui, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; background: #ffffff; max-width: 40em; margin: 0 auto; padding: 1em;">
<main>
<p>{{.Greeting}}</p>
{{if .Intro}}<p>{{.Intro}}</p>{{end}}
{{range .Items}}<section style="border-top: 1px solid #767676; padding: 0.5em 0;">
<h2 style="font-size: 1.1em; margin: 0.3em 0;">{{.Title}}</h2>
{{if .Body}}<p style="white-space: pre-line; margin: 0.3em 0;">{{.Body}}</p>{{end}}
<p><a href="{{.Link}}" style="color: #0b57a4;">{{.LinkText}}</a></p>
</section>{{end}}
</main>
<footer style="border-top: 1px solid #767676; margin-top: 1em; font-size: 0.9em; color: #404040;">
<p>{{.Footer}}</p>
<p><a href="{{.Settings}}" style="color: #0b57a4;">{{.SettingsText}}</a>{{if .Unsubscribe}} · <a href="{{.Unsubscribe}}" style="color: #0b57a4;">{{.UnsubscribeText}}</a>{{end}}</p>
</footer>
</body></html>
`))

func (v mailView) text() string {
	var b strings.Builder
	b.WriteString(v.Greeting + "\n\n")
	if v.Intro != "" {
		b.WriteString(v.Intro + "\n\n")
	}
	for _, it := range v.Items {
		b.WriteString(it.Title + "\n")
		if it.Body != "" {
			b.WriteString(it.Body + "\n")
		}
		b.WriteString(it.Link + "\n\n")
	}
	b.WriteString("-- \n" + v.Footer + "\n")
	b.WriteString(v.SettingsText + ": " + v.Settings + "\n")
	if v.Unsubscribe != "" {
		b.WriteString(v.UnsubscribeText + ": " + v.Unsubscribe + "\n")
	}
	return b.String()
}

// buildMail renders the mail of one or more notifications of one event to
// a user, with the one-click unsubscribe link and headers (RFC 8058).
func (s *Service) buildMail(r recipient, ev Event, freq Frequency, ns []*Notification, unsubToken string) (mail.Message, error) {
	lang := r.user.Language
	if lang != "en" {
		lang = "de"
	}
	loc := r.settings.Location()
	v := mailView{Lang: lang, Settings: s.link("/mein-bereich/benachrichtigungen"),
		SettingsText: pick(lang, "Benachrichtigungen einstellen", "Notification settings"),
		Footer: pick(lang, "Sie erhalten diese E-Mail, weil Sie bei Laufbahn Benachrichtigungen über "+eventName(ev, lang)+" eingeschaltet haben.",
			"You receive this e-mail because you turned on notifications about "+eventName(ev, lang)+" on Laufbahn.")}
	if r.user.Name != "" {
		v.Greeting = pick(lang, "Guten Tag "+r.user.Name+",", "Hello "+r.user.Name+",")
	} else {
		v.Greeting = pick(lang, "Guten Tag,", "Hello,")
	}
	for _, n := range ns {
		c := s.render(n, lang, loc)
		// The link names its target, so it makes sense read on its own
		// (screen readers list links apart from the text).
		v.Items = append(v.Items, mailItem{Title: c.title, Body: c.body, Link: c.link, LinkText: pick(lang, "Ansehen: ", "View: ") + c.title})
	}
	if len(ns) == 1 && freq == Instant {
		v.Subject = v.Items[0].Title
	} else {
		period := pick(lang, "Ihre tägliche Übersicht", "Your daily summary")
		if freq == Weekly {
			period = pick(lang, "Ihre wöchentliche Übersicht", "Your weekly summary")
		}
		what := eventName(ev, lang)
		if ev == SavedSearchAlert && ns[0].Data.SearchName != "" {
			what = fmt.Sprintf(pick(lang, "neue Stellen für „%s“", "new jobs for “%s”"), ns[0].Data.SearchName)
		}
		v.Subject = fmt.Sprintf("%s: %d %s", period, len(ns), what)
		v.Intro = fmt.Sprintf(pick(lang, "hier ist Ihre Übersicht: %d %s.", "here is your summary: %d %s."), len(ns), what)
	}
	headers := map[string]string{}
	if unsubToken != "" {
		v.Unsubscribe = s.link("/benachrichtigungen/abbestellen?token=" + url.QueryEscape(unsubToken))
		v.UnsubscribeText = pick(lang, "Diese E-Mails abbestellen", "Unsubscribe from these e-mails")
		headers["List-Unsubscribe"] = "<" + s.link("/api/v1/notifications/unsubscribe?token="+url.QueryEscape(unsubToken)) + ">"
		headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	var html bytes.Buffer
	if err := htmlLayout.Execute(&html, v); err != nil {
		return mail.Message{}, err
	}
	return mail.Message{To: r.user.Email, Subject: v.Subject, Text: v.text(), HTML: html.String(), Headers: headers}, nil
}
