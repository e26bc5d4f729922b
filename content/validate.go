package content

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"

	"github.com/laufbahn/laufbahn/apperr"
)

var (
	slugRe     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	sourceIDRe = regexp.MustCompile(`^([0-9]{3}_[0-9a-f]{16}\.txt|[a-z0-9]+(-[a-z0-9]+)*)$`)
	seedFileRe = regexp.MustCompile(`^[0-9]{3}_[0-9a-f]{16}\.txt$`)
)

// structValidator is built once: a *validator.Validate caches struct metadata
// and is safe for concurrent use, and it holds no application state.
var structValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	must(v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return slugRe.MatchString(fl.Field().String())
	}))
	must(v.RegisterValidation("sourceid", func(fl validator.FieldLevel) bool {
		return sourceIDRe.MatchString(fl.Field().String())
	}))
	return v
})

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// IsSlug reports whether s is a well-formed slug.
func IsSlug(s string) bool { return slugRe.MatchString(s) }

// validateStruct runs the struct tags (every Text needs both languages), and
// returns an Invalid *apperr.Error whose field paths use the YAML names.
func validateStruct(v any) error {
	var p apperr.Problems
	err := structValidator().Struct(v)
	var verrs validator.ValidationErrors
	if errors.As(err, &verrs) {
		for _, fe := range verrs {
			p.Add(fieldPath(fe.Namespace()), message(fe))
		}
	} else if err != nil {
		return err
	}
	return p.Err("invalid content")
}

// fieldPath drops the struct name validator puts first: "Role.tasks[0].text"
// becomes "tasks[0].text".
func fieldPath(ns string) string {
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return ns
}

func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "oneof":
		return "must be one of: " + fe.Param()
	case "min":
		if fe.Kind() == reflect.Slice {
			return fmt.Sprintf("needs at least %s entries", fe.Param())
		}
		return "must be at least " + fe.Param()
	case "max":
		return "must be at most " + fe.Param()
	case "gt":
		return "must be greater than " + fe.Param()
	case "gtefield":
		return "must not be less than " + strings.ToLower(fe.Param())
	case "slug":
		return "must be lowercase letters and digits separated by single hyphens"
	case "sourceid":
		return "must be a source file name like 001_8991a098efc6fbdb.txt or a short lowercase name"
	case "datetime":
		return "must be a date as YYYY-MM-DD"
	case "url":
		return "must be an absolute URL"
	default:
		return "fails rule " + fe.Tag()
	}
}

// Validate checks a role on its own.
func (r *Role) Validate() error { return validateStruct(r) }

// Validate checks a skill on its own.
func (s *Skill) Validate() error { return validateStruct(s) }

// Validate checks a course on its own.
func (c *Course) Validate() error { return validateStruct(c) }

// Validate checks a path on its own.
func (p *Path) Validate() error { return validateStruct(p) }

// Validate checks a source on its own: a source that is not one of our seed
// files must have a URL.
func (s *Source) Validate() error {
	var p apperr.Problems
	p.Merge("", validateStruct(s))
	if !seedFileRe.MatchString(s.ID) && s.URL == "" {
		p.Add("url", "is required for a source that is not a seed document")
	}
	return p.Err("invalid content")
}

// Validate checks a salary range on its own: the figures must be ordered and
// at least one central figure (average or median) must be given.
func (s *SalaryRange) Validate() error {
	var p apperr.Problems
	p.Merge("", validateStruct(s))
	if s.Average == 0 && s.Median == 0 {
		p.Add("average", "average or median is required")
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"average", s.Average}, {"median", s.Median}} {
		if c.v != 0 && (c.v < s.Low || c.v > s.High) {
			p.Addf(c.name, "must lie between low (%d) and high (%d)", s.Low, s.High)
		}
	}
	if s.High < s.Low {
		p.Add("high", "must not be less than low")
	}
	return p.Err("invalid content")
}
