package jobs

import (
	"bytes"
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Renderer turns posting Markdown into HTML that is safe to embed: Goldmark
// renders (raw HTML in the source is escaped, not passed through), and
// bluemonday's UGC policy then removes anything that could run script:
// elements such as script, iframe and svg, event handler attributes, style,
// and links other than http(s) and mailto. Links get rel="nofollow
// noopener" and open in a new tab.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// NewRenderer returns the renderer; it is safe for concurrent use.
func NewRenderer() *Renderer {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true) // adds noopener too
	p.AllowImages()                             // with the URL schemes above: no data: URLs
	return &Renderer{
		md:     goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Table)),
		policy: p,
	}
}

// HTML renders and sanitises src.
func (r *Renderer) HTML(src string) string {
	var b bytes.Buffer
	if err := r.md.Convert([]byte(src), &b); err != nil {
		// Goldmark only fails on writer errors; fall back to escaped text.
		return "<p>" + html.EscapeString(src) + "</p>"
	}
	return strings.TrimSpace(r.policy.Sanitize(b.String()))
}

var (
	tagRe   = regexp.MustCompile(`<[^>]*>`)
	spaceRe = regexp.MustCompile(`\s+`)
)

// PlainText is the rendered description without markup, for the search
// index and for length checks.
func PlainText(htmlText string) string {
	t := tagRe.ReplaceAllString(htmlText, " ")
	return strings.TrimSpace(spaceRe.ReplaceAllString(html.UnescapeString(t), " "))
}
