package content

import (
	"context"
	"fmt"
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
	return []mongodb.Index{
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
}

// Store reads and writes career content in MongoDB.
type Store struct {
	db  *mongo.Database
	now func() time.Time
}

// NewStore returns a store on db; now is the clock (time.Now in production).
func NewStore(db *mongo.Database, now func() time.Time) *Store {
	return &Store{db: db, now: now}
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
// stored document already matches (same seed hash) or was edited by an admin
// (unless force). With an editor it is an admin edit and is always written.
// Every write increments version and, for searchable kinds, marks the
// document dirty in the same single-document update; the write is
// conditional on the version read, so a concurrent write is never lost.
func put[T any](ctx context.Context, s *Store, k kind[T], doc T, editor string, force bool) (Outcome, error) {
	key := k.key(&doc)
	what := fmt.Sprintf("%s %q", k.name, key)
	coll := s.db.Collection(k.coll)
	hash := hashOf(doc)

	var old Meta
	err := coll.FindOne(ctx, bson.D{{Key: k.keyField, Value: key}},
		options.FindOne().SetProjection(bson.D{{Key: "seedHash", Value: 1}, {Key: "editedBy", Value: 1}, {Key: "version", Value: 1}, {Key: "indexedVersion", Value: 1}})).Decode(&old)
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
		return Inserted, nil
	}
	res, err := coll.ReplaceOne(ctx, bson.D{{Key: k.keyField, Value: key}, {Key: "version", Value: old.Version}}, doc)
	if err != nil {
		return "", mongodb.Translate(err, what)
	}
	if res.MatchedCount == 0 {
		return "", apperr.New(apperr.Conflict, "%s was changed concurrently; try again", what)
	}
	return Updated, nil
}

// EditRole stores an admin's change to an existing role; Seed keeps it
// unless forced.
func (s *Store) EditRole(ctx context.Context, r Role, editor string) error {
	return edit(ctx, s, roleKind, r, editor, (*Role).Validate)
}

// EditCourse stores an admin's change to an existing course.
func (s *Store) EditCourse(ctx context.Context, c Course, editor string) error {
	return edit(ctx, s, courseKind, c, editor, (*Course).Validate)
}

// EditSkill stores an admin's change to an existing skill.
func (s *Store) EditSkill(ctx context.Context, sk Skill, editor string) error {
	return edit(ctx, s, skillKind, sk, editor, (*Skill).Validate)
}

// EditPath stores an admin's change to an existing path.
func (s *Store) EditPath(ctx context.Context, p Path, editor string) error {
	return edit(ctx, s, pathKind, p, editor, (*Path).Validate)
}

// EditSalaryRange stores an admin's change to an existing salary range.
func (s *Store) EditSalaryRange(ctx context.Context, sr SalaryRange, editor string) error {
	return edit(ctx, s, salaryKind, sr, editor, (*SalaryRange).Validate)
}

func edit[T any](ctx context.Context, s *Store, k kind[T], doc T, editor string, validate func(*T) error) error {
	if editor == "" {
		return apperr.Field("editor", "is required")
	}
	if err := validate(&doc); err != nil {
		return err
	}
	_, err := put(ctx, s, k, doc, editor, false)
	return err
}

// ListOptions pages a list.
type ListOptions struct {
	Limit int // 1–100
	Page  int // 1-based
}

func (o ListOptions) find(sort bson.D) *options.FindOptionsBuilder {
	f := options.Find().SetSort(sort)
	if o.Limit > 0 {
		f.SetLimit(int64(o.Limit))
		if o.Page > 1 {
			f.SetSkip(int64((o.Page - 1) * o.Limit))
		}
	}
	return f
}

func list[T any](ctx context.Context, s *Store, k kind[T], filter bson.D, o ListOptions) ([]T, int, error) {
	coll := s.db.Collection(k.coll)
	if filter == nil {
		filter = bson.D{}
	}
	cur, err := coll.Find(ctx, filter, o.find(bson.D{{Key: k.keyField, Value: 1}}))
	if err != nil {
		return nil, 0, mongodb.Translate(err, k.name+" list")
	}
	out := []T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, 0, mongodb.Translate(err, k.name+" list")
	}
	total := len(out)
	if o.Limit > 0 && (total == o.Limit || o.Page > 1) {
		n, err := coll.CountDocuments(ctx, filter)
		if err != nil {
			return nil, 0, mongodb.Translate(err, k.name+" count")
		}
		total = int(n)
	}
	return out, total, nil
}

func get[T any](ctx context.Context, s *Store, k kind[T], key string) (T, error) {
	var out T
	err := s.db.Collection(k.coll).FindOne(ctx, bson.D{{Key: k.keyField, Value: key}}).Decode(&out)
	return out, mongodb.Translate(err, fmt.Sprintf("%s %q", k.name, key))
}

// RoleFilter narrows a role list; zero fields match everything.
type RoleFilter struct {
	Specialization string
	Level          string
}

// Roles lists roles, ordered by slug.
func (s *Store) Roles(ctx context.Context, f RoleFilter, o ListOptions) ([]Role, int, error) {
	q := bson.D{}
	if f.Specialization != "" {
		q = append(q, bson.E{Key: "specializations.slug", Value: f.Specialization})
	}
	if f.Level != "" {
		q = append(q, bson.E{Key: "level", Value: f.Level})
	}
	return list(ctx, s, roleKind, q, o)
}

// Role returns one role.
func (s *Store) Role(ctx context.Context, slug string) (Role, error) {
	return get(ctx, s, roleKind, slug)
}

// RolesNeedingSkill lists the roles whose checklist names the skill.
func (s *Store) RolesNeedingSkill(ctx context.Context, skill string) ([]Role, error) {
	out, _, err := list(ctx, s, roleKind, bson.D{{Key: "checklist.skill", Value: skill}}, ListOptions{})
	return out, err
}

// SalaryRanges lists the sourced salary ranges of a role.
func (s *Store) SalaryRanges(ctx context.Context, role string) ([]SalaryRange, error) {
	out, _, err := list(ctx, s, salaryKind, bson.D{{Key: "role", Value: role}}, ListOptions{})
	return out, err
}

// SkillFilter narrows a skill list.
type SkillFilter struct {
	Category string
}

// Skills lists skills, ordered by slug.
func (s *Store) Skills(ctx context.Context, f SkillFilter, o ListOptions) ([]Skill, int, error) {
	q := bson.D{}
	if f.Category != "" {
		q = append(q, bson.E{Key: "category", Value: f.Category})
	}
	return list(ctx, s, skillKind, q, o)
}

// Skill returns one skill.
func (s *Store) Skill(ctx context.Context, slug string) (Skill, error) {
	return get(ctx, s, skillKind, slug)
}

// SkillsBySlug returns the named skills keyed by slug; unknown slugs are
// simply absent.
func (s *Store) SkillsBySlug(ctx context.Context, slugs []string) (map[string]Skill, error) {
	out := map[string]Skill{}
	if len(slugs) == 0 {
		return out, nil
	}
	all, _, err := list(ctx, s, skillKind, bson.D{{Key: "slug", Value: bson.D{{Key: "$in", Value: slugs}}}}, ListOptions{})
	for _, sk := range all {
		out[sk.Slug] = sk
	}
	return out, err
}

// CourseFilter narrows a course list.
type CourseFilter struct {
	Format string
	Skill  string
	Role   string
}

// Courses lists courses, ordered by slug.
func (s *Store) Courses(ctx context.Context, f CourseFilter, o ListOptions) ([]Course, int, error) {
	q := bson.D{}
	if f.Format != "" {
		q = append(q, bson.E{Key: "format", Value: f.Format})
	}
	if f.Skill != "" {
		q = append(q, bson.E{Key: "skills", Value: f.Skill})
	}
	if f.Role != "" {
		q = append(q, bson.E{Key: "roles", Value: f.Role})
	}
	return list(ctx, s, courseKind, q, o)
}

// Course returns one course.
func (s *Store) Course(ctx context.Context, slug string) (Course, error) {
	return get(ctx, s, courseKind, slug)
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
	q := bson.D{}
	if f.TargetRole != "" {
		q = append(q, bson.E{Key: "targetRole", Value: f.TargetRole})
	}
	if f.Audience != "" {
		q = append(q, bson.E{Key: "audience", Value: f.Audience})
	}
	if f.Course != "" {
		q = append(q, bson.E{Key: "steps.course", Value: f.Course})
	}
	return list(ctx, s, pathKind, q, o)
}

// Path returns one path.
func (s *Store) Path(ctx context.Context, slug string) (Path, error) {
	return get(ctx, s, pathKind, slug)
}

// Sources returns the named sources keyed by id.
func (s *Store) Sources(ctx context.Context, ids []string) (map[string]Source, error) {
	out := map[string]Source{}
	if len(ids) == 0 {
		return out, nil
	}
	all, _, err := list(ctx, s, sourceKind, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, ListOptions{})
	for _, src := range all {
		out[src.ID] = src
	}
	return out, err
}

// Empty reports whether no role is stored yet (a fresh database).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	n, err := s.db.Collection(CollRoles).CountDocuments(ctx, bson.D{}, options.Count().SetLimit(1))
	return n == 0, mongodb.Translate(err, "roles")
}
