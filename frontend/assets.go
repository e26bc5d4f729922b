package frontend

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// assets are the static files under content-hashed names
// (app.3f2a1b9c.css), so they can be cached for a year and a new release
// is fetched at once.
type assets struct {
	byName map[string]string // "app.css" → "/static/app.3f2a1b9c.css"
	files  map[string]asset  // "app.3f2a1b9c.css" → the file
}

type asset struct {
	data []byte
	// gz is data gzip-compressed once at start (nil where it does not
	// shrink, as for images).
	gz   []byte
	mime string
}

func newAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]string{}, files: map[string]asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		a.byName[p] = "/static/" + hashed
		f := asset{data: data, mime: mimeOf(ext)}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(data); err == nil && zw.Close() == nil && buf.Len() < len(data) {
			f.gz = buf.Bytes()
		}
		a.files[hashed] = f
		return nil
	})
	return a, err
}

func mimeOf(ext string) string {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".webmanifest":
		return "application/manifest+json"
	}
	return "application/octet-stream"
}

// url is the hashed address of a static file; it panics on a name that
// does not exist, which the template test catches at build time.
func (a *assets) url(name string) string {
	u, ok := a.byName[name]
	if !ok {
		panic("frontend: no static file " + name)
	}
	return u
}

// serve answers /static/:file with a year-long immutable cache.
func (a *assets) serve() fiber.Handler {
	return func(c *fiber.Ctx) error {
		f, ok := a.files[c.Params("file")]
		if !ok {
			return fiber.ErrNotFound
		}
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		c.Set(fiber.HeaderContentType, f.mime)
		c.Vary(fiber.HeaderAcceptEncoding)
		if f.gz != nil && strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip") {
			c.Set(fiber.HeaderContentEncoding, "gzip")
			return c.Send(f.gz)
		}
		return c.Send(f.data)
	}
}
