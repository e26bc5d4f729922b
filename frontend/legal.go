package frontend

import (
	"html/template"
	"os"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// legalView is the Impressum or the privacy statement.
type legalView struct {
	*Page
	// Text is the operator's text; empty shows the placeholder.
	Text template.HTML
	Kind string
}

// legalPage shows the operator's legal text from the configured file
// (HTML fragment if it starts with "<", else plain text in paragraphs),
// or a clearly marked placeholder.
func (s *Site) legalPage(kind string) fiber.Handler {
	file := s.ImpressumFile
	if kind == "datenschutz" {
		file = s.PrivacyFile
	}
	return func(c *fiber.Ctx) error {
		v := legalView{Page: s.newPage(c, "", ""), Kind: kind}
		v.Title = v.T(kind + ".title")
		if file != "" {
			data, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			v.Text = legalHTML(string(data))
		}
		return s.render(c, fiber.StatusOK, "legal", v)
	}
}

// legalHTML turns the operator's file into HTML: a file that starts with a
// tag is the operator's own HTML (their file, trusted like the binary);
// anything else is escaped text in paragraphs.
func legalHTML(s string) template.HTML {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<") {
		return template.HTML(s) //nolint:gosec // the operator's own file
	}
	var b strings.Builder
	for _, para := range strings.Split(s, "\n\n") {
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(template.HTMLEscapeString(strings.TrimSpace(para)), "\n", "<br>"))
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String()) //nolint:gosec // escaped above
}
