package content

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Collection names.
const (
	CollSources  = "content_sources"
	CollRoles    = "roles"
	CollSkills   = "skills"
	CollSalaries = "salary_ranges"
	CollCourses  = "courses"
	CollPaths    = "paths"
)

// Indexes lists the indexes the content store needs.
func Indexes() []mongodb.Index {
	slug := bson.D{{Key: "slug", Value: 1}}
	idx := []mongodb.Index{
		{Collection: CollRoles, Keys: slug, Unique: true},
		{Collection: CollRoles, Keys: bson.D{{Key: "specializations.slug", Value: 1}}},
		{Collection: CollRoles, Keys: bson.D{{Key: "checklist.skill", Value: 1}}},
		{Collection: CollRoles, Keys: bson.D{{Key: "searchDirty", Value: 1}}},
		{Collection: CollSkills, Keys: slug, Unique: true},
		{Collection: CollSalaries, Keys: slug, Unique: true},
		{Collection: CollSalaries, Keys: bson.D{{Key: "role", Value: 1}}},
		{Collection: CollCourses, Keys: slug, Unique: true},
		{Collection: CollCourses, Keys: bson.D{{Key: "skills", Value: 1}}},
		{Collection: CollCourses, Keys: bson.D{{Key: "searchDirty", Value: 1}}},
		{Collection: CollPaths, Keys: slug, Unique: true},
		{Collection: CollPaths, Keys: bson.D{{Key: "targetRole", Value: 1}}},
	}
	return append(idx, revisionIndexes()...)
}

// Store reads and writes career content in MongoDB. Reads are served from an
// in-memory snapshot (see catalog); the values they return share slices with
// it and must be treated as read-only.
//
// Every write of a document (seed, admin, search sync confirm) holds the
// document's lock: embedded FerretDB runs each update as a read-modify-write,
// so without it a sync confirm could write back a document an admin edit
// had just replaced (see mongodb.DocLocks). One Store per process and
// database, as cmd/laufbahn wires it.
type Store struct {
	db    *mongo.Database
	now   func() time.Time
	cache cache
	locks mongodb.DocLocks
	genMu sync.Mutex // see bumpGeneration
	// wake, if set, wakes the search sync after an admin write.
	wake atomic.Pointer[func()]
}

// SetSearchWake makes admin writes wake the search sync (search.Syncer.Wake)
// so a change reaches the index without waiting for the next poll.
func (s *Store) SetSearchWake(wake func()) { s.wake.Store(&wake) }

func (s *Store) wakeSearch() {
	if w := s.wake.Load(); w != nil && *w != nil {
		(*w)()
	}
}

// CacheMaxAge is how long a process serves content reads from its snapshot
// before checking whether another process changed the content.
const CacheMaxAge = time.Second

// NewStore returns a store on db; now is the clock (time.Now in production).
func NewStore(db *mongo.Database, now func() time.Time) *Store {
	return &Store{db: db, now: now, cache: cache{maxAge: CacheMaxAge}}
}

// kind describes how one document type is stored.
type kind[T any] struct {
	coll       string
	name       string // for messages: "role"
	keyField   string // the unique natural key in MongoDB
	key        func(*T) string
	meta       func(*T) *Meta
	searchable bool // roles and courses are fed to the search index
}

var (
	sourceKind = kind[Source]{CollSources, "source", "_id", func(x *Source) string { return x.ID }, func(x *Source) *Meta { return &x.Meta }, false}
	roleKind   = kind[Role]{CollRoles, "role", "slug", func(x *Role) string { return x.Slug }, func(x *Role) *Meta { return &x.Meta }, true}
	skillKind  = kind[Skill]{CollSkills, "skill", "slug", func(x *Skill) string { return x.Slug }, func(x *Skill) *Meta { return &x.Meta }, false}
	salaryKind = kind[SalaryRange]{CollSalaries, "salary range", "slug", func(x *SalaryRange) string { return x.Slug }, func(x *SalaryRange) *Meta { return &x.Meta }, false}
	courseKind = kind[Course]{CollCourses, "course", "slug", func(x *Course) string { return x.Slug }, func(x *Course) *Meta { return &x.Meta }, true}
	pathKind   = kind[Path]{CollPaths, "path", "slug", func(x *Path) string { return x.Slug }, func(x *Path) *Meta { return &x.Meta }, false}
)

// Outcome says what a write did to one document.
type Outcome string

// Outcomes of Seed for one document.
const (
	Inserted  Outcome = "inserted"
	Updated   Outcome = "updated"
	Unchanged Outcome = "unchanged"
	// Kept means an admin had edited the document and Seed left it alone.
	Kept Outcome = "kept"
)

// put writes doc. With editor == "" it is a seed write: it is skipped when the
// stored document already matches (same seed hash) or was edited (or
// retired) by an admin (unless force; a forced seed also brings a retired
// document back). With an editor it is an admin edit and is always written.
// Every write increments version and, for searchable kinds, marks the
// document dirty in the same single-document update; the write is
// conditional on the version read, so a concurrent write is never lost.
func put[T any](ctx context.Context, s *Store, k kind[T], doc T, editor string, force bool) (Outcome, error) {
	key := k.key(&doc)
	what := fmt.Sprintf("%s %q", k.name, key)
	coll := s.db.Collection(k.coll)
	defer s.locks.Lock(k.coll + "/" + key)()
	hash := hashOf(doc)

	var old Meta
	err := coll.FindOne(ctx, bson.D{{Key: k.keyField, Value: key}},
		options.FindOne().SetProjection(bson.D{{Key: "seedHash", Value: 1}, {Key: "editedBy", Value: 1}, {Key: "version", Value: 1}, {Key: "indexedVersion", Value: 1}, {Key: "retired", Value: 1}})).Decode(&old)
	exists := err == nil
	if err != nil && !apperr.Is(mongodb.Translate(err, what), apperr.NotFound) {
		return "", mongodb.Translate(err, what)
	}
	if exists && editor == "" {
		switch {
		case old.EditedBy != "" && !force:
			return Kept, nil
		case old.EditedBy == "" && old.SeedHash == hash:
			return Unchanged, nil
		}
	}

	now := s.now().UTC()
	m := k.meta(&doc)
	*m = Meta{
		Version:        old.Version + 1,
		IndexedVersion: old.IndexedVersion,
		SearchDirty:    k.searchable,
		UpdatedAt:      now,
	}
	if editor == "" {
		m.SeedHash = hash
	} else {
		m.SeedHash = old.SeedHash
		m.EditedBy = editor
		m.EditedAt = &now
	}
	if !exists {
		if editor != "" {
			return "", apperr.New(apperr.NotFound, "%s not found", what)
		}
		if _, err := coll.InsertOne(ctx, doc); err != nil {
			return "", mongodb.Translate(err, what)
		}
		return Inserted, s.bumpGeneration(ctx)
	}
	res, err := coll.ReplaceOne(ctx, bson.D{{Key: k.keyField, Value: key}, {Key: "version", Value: old.Version}}, doc)
	if err != nil {
		return "", mongodb.Translate(err, what)
	}
	if res.MatchedCount == 0 {
		return "", apperr.New(apperr.Conflict, "%s was changed concurrently; try again", what)
	}
	return Updated, s.bumpGeneration(ctx)
}

// EditRole stores an admin's change to an existing role as a new revision
// (see AdminUpdate; the base revision is the one stored now); Seed keeps it
// unless forced.
func (s *Store) EditRole(ctx context.Context, r Role, editor string) error {
	return s.edit(ctx, KindRoles, r.Slug, &r, editor)
}

// EditCourse stores an admin's change to an existing course.
func (s *Store) EditCourse(ctx context.Context, c Course, editor string) error {
	return s.edit(ctx, KindCourses, c.Slug, &c, editor)
}

// EditSkill stores an admin's change to an existing skill.
func (s *Store) EditSkill(ctx context.Context, sk Skill, editor string) error {
	return s.edit(ctx, KindSkills, sk.Slug, &sk, editor)
}

// EditPath stores an admin's change to an existing path.
func (s *Store) EditPath(ctx context.Context, p Path, editor string) error {
	return s.edit(ctx, KindPaths, p.Slug, &p, editor)
}

// EditSalaryRange stores an admin's change to an existing salary range.
func (s *Store) EditSalaryRange(ctx context.Context, sr SalaryRange, editor string) error {
	return s.edit(ctx, KindSalaries, sr.Slug, &sr, editor)
}

func (s *Store) edit(ctx context.Context, kind Kind, key string, doc any, editor string) error {
	if editor == "" {
		return apperr.Field("editor", "is required")
	}
	cur, err := s.AdminGet(ctx, kind, key)
	if err != nil {
		return err
	}
	_, err = s.AdminUpdate(ctx, kind, key, doc, cur.Revision, editor)
	return err
}

// ListOptions pages a list.
type ListOptions struct {
	Limit int // 1–100; 0 means all
	Page  int // 1-based
}

func notFound(k string, key string) error {
	return apperr.New(apperr.NotFound, "%s %q not found", k, key)
}

// Retired says that a public read asked for a document an editor retired.
// Store.Role, Skill, Course and Path return it wrapped in an apperr
// NotFound (as with Moved): a caller that does not know retiring treats the
// document as gone from the content, and the HTTP layer answers 410
// (api.StatusOfError).
type Retired struct {
	Kind Kind
	Key  string
}

func (r *Retired) Error() string { return fmt.Sprintf("%s %q was retired", r.Kind, r.Key) }

// missing is the error of a public read of a key the snapshot lacks.
func (c *catalog) missing(kind Kind, name, key string) error {
	if c.retired[string(kind)+"/"+key] {
		return &apperr.Error{Code: apperr.NotFound, Message: fmt.Sprintf("%s %q was retired", name, key), Err: &Retired{Kind: kind, Key: key}}
	}
	return notFound(name, key)
}

func isNotFound(err error) bool { return errors.Is(err, mongo.ErrNoDocuments) }

// RoleFilter narrows a role list; zero fields match everything.
type RoleFilter struct {
	Specialization string
	Level          string
}

// Roles lists roles, ordered by slug.
func (s *Store) Roles(ctx context.Context, f RoleFilter, o ListOptions) ([]Role, int, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, 0, err
	}
	out, total := page(c.roles, func(r *Role) bool {
		if f.Level != "" && r.Level != f.Level {
			return false
		}
		if f.Specialization != "" && !slices.ContainsFunc(r.Specializations, func(sp Specialization) bool { return sp.Slug == f.Specialization }) {
			return false
		}
		return true
	}, o)
	return out, total, nil
}

// Role returns one role.
func (s *Store) Role(ctx context.Context, slug string) (Role, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return Role{}, err
	}
	if r, ok := lookup(c.roles, c.roleBySlug, slug); ok {
		return r, nil
	}
	if to, ok := c.roleAliases[slug]; ok {
		return Role{}, &apperr.Error{Code: apperr.NotFound, Message: fmt.Sprintf("role %q not found; it is %q", slug, to),
			Err: &Moved{Kind: "role", From: slug, To: to}}
	}
	return Role{}, c.missing(KindRoles, "role", slug)
}

// RolesNeedingSkill lists the roles whose checklist names the skill.
func (s *Store) RolesNeedingSkill(ctx context.Context, skill string) ([]Role, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	out, _ := page(c.roles, func(r *Role) bool {
		return slices.ContainsFunc(r.Checklist, func(it ChecklistItem) bool { return it.Skill == skill })
	}, ListOptions{})
	return out, nil
}

// SalaryRanges lists the sourced salary ranges of a role.
func (s *Store) SalaryRanges(ctx context.Context, role string) ([]SalaryRange, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	out, _ := page(c.salaries, func(r *SalaryRange) bool { return r.Role == role }, ListOptions{})
	return out, nil
}

// SkillFilter narrows a skill list.
type SkillFilter struct {
	Category string
}

// Skills lists skills, ordered by slug.
func (s *Store) Skills(ctx context.Context, f SkillFilter, o ListOptions) ([]Skill, int, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, 0, err
	}
	out, total := page(c.skills, func(sk *Skill) bool { return f.Category == "" || sk.Category == f.Category }, o)
	return out, total, nil
}

// Skill returns one skill.
func (s *Store) Skill(ctx context.Context, slug string) (Skill, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return Skill{}, err
	}
	if sk, ok := lookup(c.skills, c.skillBySlug, slug); ok {
		return sk, nil
	}
	return Skill{}, c.missing(KindSkills, "skill", slug)
}

// SkillsBySlug returns the named skills keyed by slug; unknown slugs are
// simply absent.
func (s *Store) SkillsBySlug(ctx context.Context, slugs []string) (map[string]Skill, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Skill, len(slugs))
	for _, slug := range slugs {
		if sk, ok := lookup(c.skills, c.skillBySlug, slug); ok {
			out[slug] = sk
		}
	}
	return out, nil
}

// CourseFilter narrows a course list.
type CourseFilter struct {
	Format string
	Skill  string
	Role   string
}

// Courses lists courses, ordered by slug.
func (s *Store) Courses(ctx context.Context, f CourseFilter, o ListOptions) ([]Course, int, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, 0, err
	}
	out, total := page(c.courses, func(co *Course) bool {
		return (f.Format == "" || co.Format == f.Format) &&
			(f.Skill == "" || hasString(co.Skills, f.Skill)) &&
			(f.Role == "" || hasString(co.Roles, f.Role))
	}, o)
	return out, total, nil
}

// Course returns one course.
func (s *Store) Course(ctx context.Context, slug string) (Course, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return Course{}, err
	}
	if co, ok := lookup(c.courses, c.courseBySlug, slug); ok {
		return co, nil
	}
	return Course{}, c.missing(KindCourses, "course", slug)
}

// PathFilter narrows a path list.
type PathFilter struct {
	TargetRole string
	Audience   string
	// Course matches paths with a step that links the course.
	Course string
}

// Paths lists paths, ordered by slug.
func (s *Store) Paths(ctx context.Context, f PathFilter, o ListOptions) ([]Path, int, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, 0, err
	}
	out, total := page(c.paths, func(p *Path) bool {
		return (f.TargetRole == "" || p.TargetRole == f.TargetRole) &&
			(f.Audience == "" || hasString(p.Audience, f.Audience)) &&
			(f.Course == "" || slices.ContainsFunc(p.Steps, func(st Step) bool { return st.Course == f.Course }))
	}, o)
	return out, total, nil
}

// Path returns one path.
func (s *Store) Path(ctx context.Context, slug string) (Path, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return Path{}, err
	}
	if p, ok := lookup(c.paths, c.pathBySlug, slug); ok {
		return p, nil
	}
	return Path{}, c.missing(KindPaths, "path", slug)
}

// Sources returns the named sources keyed by id.
func (s *Store) Sources(ctx context.Context, ids []string) (map[string]Source, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Source, len(ids))
	for _, id := range ids {
		if src, ok := c.sources[id]; ok {
			out[id] = src
		}
	}
	return out, nil
}

// Empty reports whether no role is stored yet (a fresh database). It asks
// the database, not the snapshot.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	n, err := s.db.Collection(CollRoles).CountDocuments(ctx, bson.D{}, options.Count().SetLimit(1))
	return n == 0, mongodb.Translate(err, "roles")
}
