package mail

import (
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// Kind names a message the platform sends.
type Kind string

// The messages we send, each in German and English.
const (
	Verify          Kind = "verify"           // confirm the e-mail address after sign-up
	Reset           Kind = "reset"            // set a new password (also the admin's first password)
	RegisterAttempt Kind = "register-attempt" // someone tried to sign up with an address that has an account
	Invite          Kind = "invite"           // join an employer's organisation
	Deleted         Kind = "deleted"          // the account was deleted
)

// Kinds lists every kind, for tests.
var Kinds = []Kind{Verify, Reset, RegisterAttempt, Invite, Deleted}

// Languages the templates exist in; the first is the fallback.
var Languages = []string{"de", "en"}

// Data fills a template. Fields a kind does not use are ignored.
type Data struct {
	// Name greets the recipient (or, for an invitation, names the inviter).
	Name string
	// Link is the one-time link of the message.
	Link string
	// Organisation is the organisation's name (invitations).
	Organisation string
	// ValidFor is how long the link works.
	ValidFor time.Duration
}

//go:embed templates/*.tmpl
var templateFS embed.FS

// parsed holds one template set per kind and language, parsed once; they are
// never modified afterwards.
var parsed = func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, k := range Kinds {
		for _, l := range Languages {
			name := string(k) + "." + l + ".tmpl"
			m[name] = template.Must(template.New(name).Option("missingkey=error").ParseFS(templateFS, "templates/"+name))
		}
	}
	return m
}()

// Render returns the message of the kind in the language (German when the
// language is unknown) addressed to to.
func Render(kind Kind, lang, to string, d Data) (Message, error) {
	if lang != "en" {
		lang = "de"
	}
	t, ok := parsed[string(kind)+"."+lang+".tmpl"]
	if !ok {
		return Message{}, fmt.Errorf("mail: no template %q", kind)
	}
	view := struct {
		Data
		ValidFor string
	}{d, formatDuration(d.ValidFor, lang)}
	var subject, text strings.Builder
	if err := t.ExecuteTemplate(&subject, "subject", view); err != nil {
		return Message{}, fmt.Errorf("mail: %s subject: %w", kind, err)
	}
	if err := t.ExecuteTemplate(&text, "text", view); err != nil {
		return Message{}, fmt.Errorf("mail: %s text: %w", kind, err)
	}
	return Message{To: to, Subject: strings.TrimSpace(subject.String()), Text: strings.TrimLeft(text.String(), "\n")}, nil
}

// formatDuration says how long a link is valid, in whole days or hours.
func formatDuration(d time.Duration, lang string) string {
	unit := func(n int, deOne, deMany, enOne, enMany string) string {
		switch {
		case lang == "en" && n == 1:
			return "1 " + enOne
		case lang == "en":
			return fmt.Sprintf("%d %s", n, enMany)
		case n == 1:
			return "1 " + deOne
		default:
			return fmt.Sprintf("%d %s", n, deMany)
		}
	}
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return unit(int(d/(24*time.Hour)), "Tag", "Tage", "day", "days")
	case d >= time.Hour:
		return unit(int(d/time.Hour), "Stunde", "Stunden", "hour", "hours")
	default:
		return unit(int(d/time.Minute), "Minute", "Minuten", "minute", "minutes")
	}
}
