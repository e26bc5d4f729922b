package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// Set is a complete, cross-checked set of curated content.
type Set struct {
	Sources  []Source
	Roles    []Role
	Skills   []Skill
	Salaries []SalaryRange
	Courses  []Course
	Paths    []Path
	// Vocabulary is the search vocabulary (vocabulary.yaml); nil when the
	// content has none.
	Vocabulary *search.Vocabulary

	// origin maps "kind/slug" to "file: kind[i]" for error messages.
	origin map[string]string
}

// file is the shape of one curated YAML file: any of the top-level lists.
type file struct {
	Sources  []Source      `yaml:"sources"`
	Roles    []Role        `yaml:"roles"`
	Skills   []Skill       `yaml:"skills"`
	Salaries []SalaryRange `yaml:"salaries"`
	Courses  []Course      `yaml:"courses"`
	Paths    []Path        `yaml:"paths"`
	// Vocabulary may appear in one file only.
	Vocabulary *search.Vocabulary `yaml:"vocabulary"`
}

// Load reads every *.yaml file in fsys (recursively), validates each entry on
// its own and then the references between them. The error lists every
// problem as "file: field: reason".
func Load(fsys fs.FS) (*Set, error) {
	s := &Set{origin: map[string]string{}}
	var p apperr.Problems
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (path.Ext(name) == ".yaml" || path.Ext(name) == ".yml") {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read content: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("read content: no YAML files found")
	}
	slices.Sort(names)
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read content: %w", err)
		}
		var f file
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
			p.Add(name, strings.TrimPrefix(err.Error(), "yaml: "))
			continue
		}
		addAll(s, &p, name, "sources", f.Sources, &s.Sources, func(x *Source) string { return x.ID }, (*Source).Validate)
		addAll(s, &p, name, "roles", f.Roles, &s.Roles, func(x *Role) string { return x.Slug }, (*Role).Validate)
		addAll(s, &p, name, "skills", f.Skills, &s.Skills, func(x *Skill) string { return x.Slug }, (*Skill).Validate)
		addAll(s, &p, name, "salaries", f.Salaries, &s.Salaries, func(x *SalaryRange) string { return x.Slug }, (*SalaryRange).Validate)
		addAll(s, &p, name, "courses", f.Courses, &s.Courses, func(x *Course) string { return x.Slug }, (*Course).Validate)
		addAll(s, &p, name, "paths", f.Paths, &s.Paths, func(x *Path) string { return x.Slug }, (*Path).Validate)
		if f.Vocabulary != nil {
			if s.Vocabulary != nil {
				p.Addf(name+": vocabulary", "is defined twice, first at %s", s.origin["vocabulary/"])
				continue
			}
			p.Merge(name+": vocabulary", f.Vocabulary.Validate())
			s.Vocabulary, s.origin["vocabulary/"] = f.Vocabulary, name
		}
	}
	// References are checked even when entries have problems of their own,
	// so an editor sees every problem in one run.
	s.checkReferences(&p)
	if err := p.Err("invalid content"); err != nil {
		return nil, err
	}
	return s, nil
}

// addAll validates the entries of one kind from one file and appends them,
// rejecting a key that another entry already uses.
func addAll[T any](s *Set, p *apperr.Problems, file, kind string, items []T, dst *[]T, key func(*T) string, validate func(*T) error) {
	for i := range items {
		at := fmt.Sprintf("%s: %s[%d]", file, kind, i)
		it := &items[i]
		p.Merge(at, validate(it))
		k := kind + "/" + key(it)
		if prev, dup := s.origin[k]; dup {
			p.Addf(at, "duplicate %s %q, first defined at %s", kind, key(it), prev)
			continue
		}
		s.origin[k] = at
		*dst = append(*dst, *it)
	}
}

func (s *Set) has(kind, key string) bool {
	_, ok := s.origin[kind+"/"+key]
	return ok
}

// checkReferences makes sure every slug and source a document names exists.
func (s *Set) checkReferences(p *apperr.Problems) {
	ref := func(at, field, kind, key string) {
		if !s.has(kind, key) {
			p.Addf(at+"."+field, "unknown %s %q", strings.TrimSuffix(kind, "s"), key)
		}
	}
	srcs := func(at, field string, ids []string) {
		for i, id := range ids {
			ref(at, fmt.Sprintf("%s[%d]", field, i), "sources", id)
		}
	}
	dur := func(at, field string, d *Duration) {
		if d != nil {
			ref(at, field+".source", "sources", d.Source)
		}
	}
	for _, r := range s.Roles {
		at := s.origin["roles/"+r.Slug]
		srcs(at, "sources", r.Sources)
		for i, t := range r.Tasks {
			srcs(at, fmt.Sprintf("tasks[%d].sources", i), t.Sources)
		}
		for i, n := range r.Industries {
			srcs(at, fmt.Sprintf("industries[%d].sources", i), n.Sources)
		}
		for i, q := range r.Requirements {
			srcs(at, fmt.Sprintf("requirements[%d].sources", i), q.Sources)
		}
		for i, sp := range r.Specializations {
			srcs(at, fmt.Sprintf("specializations[%d].sources", i), sp.Sources)
		}
		for i, f := range r.Outlook {
			srcs(at, fmt.Sprintf("outlook[%d].sources", i), f.Sources)
		}
		for i, rel := range r.Related {
			ref(at, fmt.Sprintf("related[%d].role", i), "roles", rel.Role)
			srcs(at, fmt.Sprintf("related[%d].sources", i), rel.Sources)
			if rel.Role == r.Slug {
				p.Addf(fmt.Sprintf("%s.related[%d].role", at, i), "a role cannot be related to itself")
			}
		}
		for _, moves := range []struct {
			field string
			list  []CareerMove
		}{{"movesTo", r.MovesTo}, {"movesFrom", r.MovesFrom}} {
			for i, m := range moves.list {
				ref(at, fmt.Sprintf("%s[%d].role", moves.field, i), "roles", m.Role)
				srcs(at, fmt.Sprintf("%s[%d].sources", moves.field, i), m.Sources)
			}
		}
		seen := map[string]bool{}
		for i, c := range r.Checklist {
			ref(at, fmt.Sprintf("checklist[%d].skill", i), "skills", c.Skill)
			srcs(at, fmt.Sprintf("checklist[%d].sources", i), c.Sources)
			if seen[c.Skill] {
				p.Addf(fmt.Sprintf("%s.checklist[%d].skill", at, i), "skill %q is listed twice", c.Skill)
			}
			seen[c.Skill] = true
		}
	}
	for _, sk := range s.Skills {
		srcs(s.origin["skills/"+sk.Slug], "sources", sk.Sources)
	}
	for _, sr := range s.Salaries {
		at := s.origin["salaries/"+sr.Slug]
		ref(at, "role", "roles", sr.Role)
		ref(at, "source", "sources", sr.Source)
	}
	for _, c := range s.Courses {
		at := s.origin["courses/"+c.Slug]
		srcs(at, "sources", c.Sources)
		dur(at, "duration", c.Duration)
		for i, sk := range c.Skills {
			ref(at, fmt.Sprintf("skills[%d]", i), "skills", sk)
		}
		for i, r := range c.Roles {
			ref(at, fmt.Sprintf("roles[%d]", i), "roles", r)
		}
		for i, rq := range c.Usually {
			if rq.Background == "" || rq.Course != "" {
				p.Addf(fmt.Sprintf("%s.usually[%d]", at, i), "set a background (and no course)")
			}
			if slices.Contains(c.Requires, rq) {
				p.Addf(fmt.Sprintf("%s.usually[%d]", at, i), "is also in requires; a background is either required or usually expected")
			}
		}
		for i, rq := range c.Requires {
			if (rq.Course == "") == (rq.Background == "") {
				p.Addf(fmt.Sprintf("%s.requires[%d]", at, i), "set exactly one of background and course")
				continue
			}
			if rq.Course == "" {
				continue
			}
			ref(at, fmt.Sprintf("requires[%d].course", i), "courses", rq.Course)
			if rq.Course == c.Slug {
				p.Addf(fmt.Sprintf("%s.requires[%d].course", at, i), "a course cannot require itself")
			}
		}
	}
	courses := map[string]*Course{}
	for i := range s.Courses {
		courses[s.Courses[i].Slug] = &s.Courses[i]
	}
	for _, pa := range s.Paths {
		at := s.origin["paths/"+pa.Slug]
		srcs(at, "sources", pa.Sources)
		ref(at, "targetRole", "roles", pa.TargetRole)
		for i, st := range pa.Steps {
			if st.Course != "" {
				ref(at, fmt.Sprintf("steps[%d].course", i), "courses", st.Course)
				// A step linked to a course takes the course's duration; if
				// it states its own, the two must agree.
				if co := courses[st.Course]; co != nil && st.Duration != nil && co.Duration != nil && *st.Duration != *co.Duration {
					p.Addf(fmt.Sprintf("%s.steps[%d].duration", at, i), "differs from the duration of course %q; leave it out to use the course's", st.Course)
				}
			}
			dur(at, fmt.Sprintf("steps[%d].duration", i), st.Duration)
		}
	}
}

// hashOf returns a stable hash of a curated document (its Meta is never
// marshalled), used to tell whether a stored document still matches its file.
func hashOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("content: hash: %v", err)) // only plain data types reach here
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
