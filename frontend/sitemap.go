package frontend

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
)

// robots answers /robots.txt: everything public may be crawled, the
// personal areas and the API may not; it names the sitemap.
func (s *Site) robots() fiber.Handler {
	return func(c *fiber.Ctx) error {
		body := "User-agent: *\n" +
			"Disallow: /mein-bereich\n" +
			"Disallow: /arbeitgeber\n" +
			"Disallow: /admin\n" +
			"Disallow: /api/\n" +
			"Allow: /\n\n" +
			"Sitemap: " + s.base.String() + "/sitemap.xml\n"
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
		return c.SendString(body)
	}
}

// sitemapTTL is how long a generated sitemap is served before it is built
// again, so it follows postings as they open and close.
const sitemapTTL = time.Minute

// sitemap answers /sitemap.xml: the start and list pages, every role,
// course, path and skill from the content store and every open posting in
// the job index, each with its English alternate. It is built on request
// and kept for sitemapTTL.
func (s *Site) sitemap() fiber.Handler {
	var (
		mu       sync.Mutex
		body, gz []byte
		built    time.Time
	)
	return func(c *fiber.Ctx) error {
		mu.Lock()
		defer mu.Unlock()
		now := s.Now()
		if body == nil || now.Sub(built) >= sitemapTTL || now.Before(built) {
			b, complete, err := s.buildSitemap(ctx(c))
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			if _, err := zw.Write(b); err != nil {
				return err
			}
			if err := zw.Close(); err != nil {
				return err
			}
			body, gz = b, buf.Bytes()
			built = now
			if !complete {
				// Without the job index: serve it, but build it again next time.
				built = time.Time{}
			}
		}
		c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
		c.Set(fiber.HeaderCacheControl, "public, max-age=60")
		c.Vary(fiber.HeaderAcceptEncoding)
		// With thousands of postings the sitemap runs to megabytes; it is
		// compressed once per build, not per request.
		if strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip") {
			c.Set(fiber.HeaderContentEncoding, "gzip")
			return c.Send(gz)
		}
		return c.Send(body)
	}
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc        string        `xml:"loc"`
	Alternates []alternateLn `xml:"xhtml:link"`
}

type alternateLn struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// buildSitemap writes the sitemap; complete is false when the job index
// could not be read (the open jobs are then missing).
func (s *Site) buildSitemap(ctx context.Context) ([]byte, bool, error) {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	add := func(path string) {
		de := s.base.String() + path
		en := de + "?" + url.Values{"lang": {"en"}}.Encode()
		set.URLs = append(set.URLs, sitemapURL{Loc: de, Alternates: []alternateLn{
			{Rel: "alternate", Hreflang: "de", Href: de}, {Rel: "alternate", Hreflang: "en", Href: en}, {Rel: "alternate", Hreflang: "x-default", Href: de}}})
	}
	for _, p := range []string{"/", "/berufe", "/wege", "/weiterbildung", "/jobs", "/quellen"} {
		add(p)
	}
	roles, _, err := s.Content.Roles(ctx, content.RoleFilter{}, content.ListOptions{})
	if err != nil {
		return nil, false, err
	}
	for _, r := range roles {
		add("/berufe/" + r.Slug)
	}
	courses, _, err := s.Content.Courses(ctx, content.CourseFilter{}, content.ListOptions{})
	if err != nil {
		return nil, false, err
	}
	for _, co := range courses {
		add("/weiterbildung/" + co.Slug)
	}
	paths, _, err := s.Content.Paths(ctx, content.PathFilter{}, content.ListOptions{})
	if err != nil {
		return nil, false, err
	}
	for _, p := range paths {
		add("/wege/" + p.Slug)
	}
	skills, _, err := s.Content.Skills(ctx, content.SkillFilter{}, content.ListOptions{})
	if err != nil {
		return nil, false, err
	}
	for _, sk := range skills {
		add("/kompetenzen/" + sk.Slug)
	}
	complete := true
	if s.Search == nil {
		complete = false
	} else if ids, err := s.Search.IDs(ctx, search.Jobs); err != nil {
		s.Logger.Warn("sitemap without jobs: the job index cannot be read", "err", err)
		complete = false
	} else {
		// A sitemap holds at most 50,000 URLs.
		for _, id := range ids[:min(len(ids), 50_000-len(set.URLs))] {
			if jobIDRe.MatchString(id) {
				add("/jobs/" + id)
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(set); err != nil {
		return nil, false, err
	}
	return buf.Bytes(), complete, nil
}
