package frontend

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Languages the site speaks; the first is the default.
var languages = []string{"de", "en"}

// catalog holds the UI strings of every language (locales/*.yaml, one
// message per key) with a localizer per language.
type catalog struct {
	bundle *i18n.Bundle
	locs   map[string]*i18n.Localizer
	// keys are the message ids per language, for the completeness test.
	keys map[string][]string
}

func loadCatalog(fsys fs.FS) (*catalog, error) {
	b := i18n.NewBundle(language.German)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &catalog{bundle: b, locs: map[string]*i18n.Localizer{}, keys: map[string][]string{}}
	for _, lang := range languages {
		// One main file per language plus any number of page-group files
		// named <group>.<lang>.yaml; a key may be defined only once.
		names, err := fs.Glob(fsys, path.Join("locales", "*."+lang+".yaml"))
		if err != nil {
			return nil, fmt.Errorf("frontend: messages: %w", err)
		}
		names = append([]string{path.Join("locales", lang+".yaml")}, names...)
		seen := map[string]string{}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("frontend: messages: %w", err)
			}
			mf, err := b.ParseMessageFileBytes(data, name)
			if err != nil {
				return nil, fmt.Errorf("frontend: messages %s: %w", name, err)
			}
			for _, m := range mf.Messages {
				if prev, dup := seen[m.ID]; dup {
					return nil, fmt.Errorf("frontend: message %q defined in %s and %s", m.ID, prev, name)
				}
				seen[m.ID] = name
				c.keys[lang] = append(c.keys[lang], m.ID)
			}
		}
		sort.Strings(c.keys[lang])
		c.locs[lang] = i18n.NewLocalizer(b, lang)
	}
	return c, nil
}

// T returns the message id in lang. args are either one integer (the
// plural count, available as {{.Count}}) or name/value pairs for the
// message's template. A missing message shows its id, so a gap is visible
// rather than silent (the catalog test keeps them from shipping).
func (c *catalog) T(lang, id string, args ...any) string {
	loc, ok := c.locs[lang]
	if !ok {
		loc = c.locs[languages[0]]
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(args) == 1 {
		cfg.PluralCount = args[0]
		cfg.TemplateData = map[string]any{"Count": args[0]}
	} else if len(args) > 1 {
		data := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			k, _ := args[i].(string)
			data[k] = args[i+1]
			if k == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// missing lists the keys one language has and another lacks.
func (c *catalog) missing() []string {
	var out []string
	for _, a := range languages {
		for _, b := range languages {
			if a == b {
				continue
			}
			for _, k := range c.keys[a] {
				if !slices.Contains(c.keys[b], k) {
					out = append(out, b+" lacks "+k)
				}
			}
		}
	}
	return out
}

// pickLanguage returns a supported language for a requested one ("EN",
// "en-GB" → "en"), or "".
func pickLanguage(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexAny(v, "-_"); i > 0 {
		v = v[:i]
	}
	if slices.Contains(languages, v) {
		return v
	}
	return ""
}
