package content

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// The content admin service: what editors (role admin) do to curated
// content through the API (api/admin_content.go) and the /admin pages.
//
// Every admin write stores a revision (CollRevisions) with the full
// document and the field-level changes, then writes the document
// conditionally on the revision the editor started from. The revision
// number of a document is its Meta.Version: it grows by one with every
// write (seed or admin). See docs/ARCHITECTURE.md, "Content admin".

// Kind names a type of curated content in the admin API and pages.
type Kind string

// The content kinds an admin edits. The values are the URL segments of the
// admin API and the top-level list names of the curated YAML files.
const (
	KindRoles    Kind = "roles"
	KindSkills   Kind = "skills"
	KindCourses  Kind = "courses"
	KindPaths    Kind = "paths"
	KindSalaries Kind = "salaries"
	KindSources  Kind = "sources"
)

// Kinds lists every kind in the order the admin overview shows them.
func Kinds() []Kind {
	return []Kind{KindRoles, KindSkills, KindCourses, KindPaths, KindSalaries, KindSources}
}

// ParseKind returns the kind named s, or NotFound for an unknown one.
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if _, ok := adminKinds[k]; !ok {
		return "", apperr.New(apperr.NotFound, "unknown content kind %q", s)
	}
	return k, nil
}

// NewDoc returns a pointer to an empty document of the kind (*Role,
// *Skill, *Course, *Path, *SalaryRange or *Source) to decode a request
// body or a form into.
func NewDoc(kind Kind) (any, error) {
	a, err := adminOf(kind)
	if err != nil {
		return nil, err
	}
	return a.newDoc(), nil
}

// CollRevisions holds every admin revision of every content document.
const CollRevisions = "content_revisions"

// RevisionIndexes lists the indexes of the revisions collection (Indexes
// includes them).
func revisionIndexes() []mongodb.Index {
	return []mongodb.Index{
		{Collection: CollRevisions, Keys: bson.D{{Key: "kind", Value: 1}, {Key: "key", Value: 1}, {Key: "number", Value: 1}}, Unique: true},
		{Collection: CollRevisions, Keys: bson.D{{Key: "at", Value: -1}}},
	}
}

// AdminItem is one document in an admin list.
type AdminItem struct {
	Kind Kind
	// Key is the slug (the id for sources).
	Key string
	// Title is the document's title (a skill's name; for a salary range its
	// role and region; for a source its title in both fields).
	Title Text
	// Revision is the document's current revision number (Meta.Version):
	// the base revision an update must name.
	Revision int64
	Retired  bool
	// EditedBy is the admin who last changed it (empty: only seeded).
	EditedBy  string
	EditedAt  *time.Time
	UpdatedAt time.Time
}

// AdminDoc is one document as an editor reads it.
type AdminDoc struct {
	AdminItem
	// Doc is a pointer to the document: *Role, *Skill, *Course, *Path,
	// *SalaryRange or *Source (see NewDoc).
	Doc           any
	RetiredAt     *time.Time
	RetiredBy     string
	RetiredReason string
}

// Revision is one stored change of a document, as the history shows it.
type Revision struct {
	Kind   Kind
	Key    string
	Number int64
	// Editor is the admin's user id, or "seed" for a state that came from
	// the curated files (recorded when an admin first changes it).
	Editor  string
	At      time.Time
	Summary string
	// Retired is the document's retired state at this revision.
	Retired bool
	// Changes are the field-level differences to the revision before, in
	// field order, with the field paths of the curated files and the API
	// ("title.de", "tasks[2].sources[0]").
	Changes []Change
}

// Change is one field that differs between two revisions; Old is empty for
// an added field and New for a removed one.
type Change struct {
	Field string
	Old   string
	New   string
}

// StaleRevision is the cause of the Conflict an update answers when the
// document was changed after the revision the editor started from.
type StaleRevision struct {
	Base, Current int64
}

func (e *StaleRevision) Error() string {
	return fmt.Sprintf("the document was changed meanwhile: it is at revision %d, not %d", e.Current, e.Base)
}

// SeedEditor is the editor recorded for a revision that came from Seed.
const SeedEditor = "seed"

// orphanAge is how old a revision above its document's version must be
// before a writer may take its number over: younger ones may still be in
// flight in another process.
const orphanAge = 30 * time.Second

// storedRevision is a revision in MongoDB. _id is "kind/key/number", so a
// number is taken at most once per document.
type storedRevision struct {
	ID      string    `bson:"_id"`
	Kind    Kind      `bson:"kind"`
	Key     string    `bson:"key"`
	Number  int64     `bson:"number"`
	Editor  string    `bson:"editor"`
	At      time.Time `bson:"at"`
	Summary string    `bson:"summary"`
	Retired bool      `bson:"retired,omitempty"`
	Changes []Change  `bson:"changes,omitempty"`
	// WriteID identifies the write that stored it, so a failed write
	// removes its own revision and never another's.
	WriteID string `bson:"writeId"`
	// Doc is the full document (its Meta zeroed).
	Doc bson.Raw `bson:"doc"`
}

func revisionID(k Kind, key string, n int64) string { return fmt.Sprintf("%s/%s/%d", k, key, n) }

func (r *storedRevision) public() Revision {
	return Revision{Kind: r.Kind, Key: r.Key, Number: r.Number, Editor: r.Editor, At: r.At, Summary: r.Summary, Retired: r.Retired, Changes: r.Changes}
}

// adminKind is what the admin service needs of one kind; admin[T]
// implements it for each content type.
type adminKind interface {
	info() (coll, keyField string)
	newDoc() any
	list(ctx context.Context, s *Store) ([]AdminItem, error)
	get(ctx context.Context, s *Store, key string) (AdminDoc, error)
	write(ctx context.Context, s *Store, w adminWrite) (int64, error)
	revisionDoc(raw bson.Raw) (any, error)
}

type admin[T any] struct {
	kind[T]
	k        Kind
	validate func(*T) error
	title    func(*T) Text
	// setList returns the Set's list of this kind (for reference checks).
	setList func(*Set) *[]T
}

var adminKinds = map[Kind]adminKind{
	KindRoles: &admin[Role]{roleKind, KindRoles, (*Role).Validate, func(x *Role) Text { return x.Title }, func(s *Set) *[]Role { return &s.Roles }},
	KindSkills: &admin[Skill]{skillKind, KindSkills, (*Skill).Validate, func(x *Skill) Text { return x.Name },
		func(s *Set) *[]Skill { return &s.Skills }},
	KindCourses: &admin[Course]{courseKind, KindCourses, (*Course).Validate, func(x *Course) Text { return x.Title },
		func(s *Set) *[]Course { return &s.Courses }},
	KindPaths: &admin[Path]{pathKind, KindPaths, (*Path).Validate, func(x *Path) Text { return x.Title }, func(s *Set) *[]Path { return &s.Paths }},
	KindSalaries: &admin[SalaryRange]{salaryKind, KindSalaries, (*SalaryRange).Validate,
		func(x *SalaryRange) Text {
			return Text{DE: x.Role + " · " + x.RegionName.DE, EN: x.Role + " · " + x.RegionName.EN}
		}, func(s *Set) *[]SalaryRange { return &s.Salaries }},
	KindSources: &admin[Source]{sourceKind, KindSources, (*Source).Validate, func(x *Source) Text { return Text{DE: x.Title, EN: x.Title} },
		func(s *Set) *[]Source { return &s.Sources }},
}

func adminOf(k Kind) (adminKind, error) {
	a, ok := adminKinds[k]
	if !ok {
		return nil, apperr.New(apperr.NotFound, "unknown content kind %q", k)
	}
	return a, nil
}

func (a *admin[T]) info() (string, string) { return a.coll, a.keyField }
func (a *admin[T]) newDoc() any            { return new(T) }

func (a *admin[T]) item(d *T) AdminItem {
	m := a.meta(d)
	return AdminItem{Kind: a.k, Key: a.key(d), Title: a.title(d), Revision: m.Version, Retired: m.Retired,
		EditedBy: m.EditedBy, EditedAt: m.EditedAt, UpdatedAt: m.UpdatedAt}
}

func (a *admin[T]) list(ctx context.Context, s *Store) ([]AdminItem, error) {
	cur, err := s.db.Collection(a.coll).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: a.keyField, Value: 1}}))
	if err != nil {
		return nil, mongodb.Translate(err, a.name+" list")
	}
	var docs []T
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mongodb.Translate(err, a.name+" list")
	}
	out := make([]AdminItem, 0, len(docs))
	for i := range docs {
		out = append(out, a.item(&docs[i]))
	}
	return out, nil
}

func (a *admin[T]) find(ctx context.Context, s *Store, key string) (*T, error) {
	var d T
	err := s.db.Collection(a.coll).FindOne(ctx, bson.D{{Key: a.keyField, Value: key}}).Decode(&d)
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, mongodb.Translate(err, fmt.Sprintf("%s %q", a.name, key))
	}
	return &d, nil
}

func (a *admin[T]) get(ctx context.Context, s *Store, key string) (AdminDoc, error) {
	d, err := a.find(ctx, s, key)
	if err != nil {
		return AdminDoc{}, err
	}
	if d == nil {
		return AdminDoc{}, notFound(a.name, key)
	}
	m := a.meta(d)
	return AdminDoc{AdminItem: a.item(d), Doc: d, RetiredAt: m.RetiredAt, RetiredBy: m.RetiredBy, RetiredReason: m.RetiredReason}, nil
}

func (a *admin[T]) revisionDoc(raw bson.Raw) (any, error) {
	d := new(T)
	if err := bson.Unmarshal(raw, d); err != nil {
		return nil, fmt.Errorf("content: decode revision: %w", err)
	}
	*a.meta(d) = Meta{}
	return d, nil
}

// adminWrite describes one admin write of a document.
type adminWrite struct {
	op      string // "create", "update", "retire", "revert"
	key     string
	doc     any // the new document for create, update and revert
	baseRev int64
	editor  string
	reason  string // retire
	retired bool   // revert: the retired state to restore
	summary string
}

// AdminList lists the documents of a kind, ordered by key, read from the
// database (not the readers' snapshot) with retired ones when
// includeRetired. q keeps the documents whose key or title (either
// language) contains it, ignoring case.
func (s *Store) AdminList(ctx context.Context, kind Kind, q string, includeRetired bool) ([]AdminItem, error) {
	a, err := adminOf(kind)
	if err != nil {
		return nil, err
	}
	all, err := a.list(ctx, s)
	if err != nil {
		return nil, err
	}
	q = strings.ToLower(strings.TrimSpace(q))
	out := all[:0]
	for _, it := range all {
		if it.Retired && !includeRetired {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(it.Key), q) &&
			!strings.Contains(strings.ToLower(it.Title.DE), q) && !strings.Contains(strings.ToLower(it.Title.EN), q) {
			continue
		}
		out = append(out, it)
	}
	return out, nil
}

// AdminGet returns one document (retired or not) with its revision number:
// the base revision of the next update. NotFound when there is none.
func (s *Store) AdminGet(ctx context.Context, kind Kind, key string) (AdminDoc, error) {
	a, err := adminOf(kind)
	if err != nil {
		return AdminDoc{}, err
	}
	return a.get(ctx, s, key)
}

// AdminCreate stores a new document of the kind (doc is a *Role, Role, …
// matching the kind) as revision 1 of it, after the same checks as
// `laufbahn seed --check` (Invalid with field problems). A key that exists,
// also as a retired document, is a Conflict.
func (s *Store) AdminCreate(ctx context.Context, kind Kind, doc any, editor string) (int64, error) {
	a, err := adminOf(kind)
	if err != nil {
		return 0, err
	}
	return a.write(ctx, s, adminWrite{op: "create", doc: doc, editor: editor})
}

// AdminUpdate replaces the document key of the kind with doc (the whole
// document; its key must stay key). baseRev is the revision the editor
// started from: if the document is at another revision now, nothing is
// written and the error is a Conflict wrapping *StaleRevision. A document
// equal to the stored one writes nothing and returns the current revision.
// Updating a retired document keeps it retired.
func (s *Store) AdminUpdate(ctx context.Context, kind Kind, key string, doc any, baseRev int64, editor string) (int64, error) {
	a, err := adminOf(kind)
	if err != nil {
		return 0, err
	}
	return a.write(ctx, s, adminWrite{op: "update", key: key, doc: doc, baseRev: baseRev, editor: editor})
}

// AdminRetire retires a document: it stays in the database with its
// history, but readers (API, site, sitemap, search) no longer see it; the
// public reads of a retired role, skill, course or path return NotFound
// wrapping *Retired, which the API and the pages answer with 410.
// A document that live content still references is a Conflict naming the
// references. reason is required.
func (s *Store) AdminRetire(ctx context.Context, kind Kind, key string, baseRev int64, editor, reason string) (int64, error) {
	a, err := adminOf(kind)
	if err != nil {
		return 0, err
	}
	if strings.TrimSpace(reason) == "" {
		return 0, apperr.Field("reason", "is required")
	}
	return a.write(ctx, s, adminWrite{op: "retire", key: key, baseRev: baseRev, editor: editor, reason: strings.TrimSpace(reason)})
}

// Revert writes the content (and retired state) of revision `to` again as
// a new revision. The restored document is checked like an update (its
// references may no longer exist). baseRev protects against lost updates
// as in AdminUpdate.
func (s *Store) Revert(ctx context.Context, kind Kind, key string, to int64, baseRev int64, editor string) (int64, error) {
	a, err := adminOf(kind)
	if err != nil {
		return 0, err
	}
	cur, err := a.get(ctx, s, key)
	if err != nil {
		return 0, err
	}
	var r storedRevision
	err = s.db.Collection(CollRevisions).FindOne(ctx, bson.D{{Key: "_id", Value: revisionID(kind, key, to)}}).Decode(&r)
	if isNotFound(err) || (err == nil && r.Number > cur.Revision) {
		return 0, apperr.New(apperr.NotFound, "%s %q has no revision %d", kind, key, to)
	}
	if err != nil {
		return 0, mongodb.Translate(err, "revision")
	}
	doc, err := a.revisionDoc(r.Doc)
	if err != nil {
		return 0, err
	}
	return a.write(ctx, s, adminWrite{op: "revert", key: key, doc: doc, baseRev: baseRev, editor: editor, retired: r.Retired,
		summary: fmt.Sprintf("reverted to revision %d", to)})
}

// Revisions lists a document's stored revisions, newest first. A revision
// whose number is above the document's (a write that failed half-way) is
// left out.
func (s *Store) Revisions(ctx context.Context, kind Kind, key string) ([]Revision, error) {
	a, err := adminOf(kind)
	if err != nil {
		return nil, err
	}
	cur, err := a.get(ctx, s, key)
	if err != nil {
		return nil, err
	}
	c, err := s.db.Collection(CollRevisions).Find(ctx, bson.D{{Key: "kind", Value: kind}, {Key: "key", Value: key}},
		options.Find().SetSort(bson.D{{Key: "number", Value: -1}}).SetProjection(bson.D{{Key: "doc", Value: 0}}))
	if err != nil {
		return nil, mongodb.Translate(err, "revisions")
	}
	var all []storedRevision
	if err := c.All(ctx, &all); err != nil {
		return nil, mongodb.Translate(err, "revisions")
	}
	out := []Revision{}
	for i := range all {
		if all[i].Number <= cur.Revision {
			out = append(out, all[i].public())
		}
	}
	return out, nil
}

// RevisionDoc returns the document as it was at revision n (a pointer as
// NewDoc gives), for showing an old state.
func (s *Store) RevisionDoc(ctx context.Context, kind Kind, key string, n int64) (any, Revision, error) {
	a, err := adminOf(kind)
	if err != nil {
		return nil, Revision{}, err
	}
	cur, err := a.get(ctx, s, key)
	if err != nil {
		return nil, Revision{}, err
	}
	var r storedRevision
	err = s.db.Collection(CollRevisions).FindOne(ctx, bson.D{{Key: "_id", Value: revisionID(kind, key, n)}}).Decode(&r)
	if isNotFound(err) || (err == nil && r.Number > cur.Revision) {
		return nil, Revision{}, apperr.New(apperr.NotFound, "%s %q has no revision %d", kind, key, n)
	}
	if err != nil {
		return nil, Revision{}, mongodb.Translate(err, "revision")
	}
	doc, err := a.revisionDoc(r.Doc)
	return doc, r.public(), err
}

// RecentRevisions lists the newest admin revisions over all documents
// (limit 1–100), for the admin overview. Baseline revisions recorded for
// seeded states are left out.
func (s *Store) RecentRevisions(ctx context.Context, limit int) ([]Revision, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	// Read a few more than asked, to drop half-written ones.
	c, err := s.db.Collection(CollRevisions).Find(ctx, bson.D{{Key: "editor", Value: bson.D{{Key: "$ne", Value: SeedEditor}}}},
		options.Find().SetSort(bson.D{{Key: "at", Value: -1}}).SetLimit(int64(limit+10)).SetProjection(bson.D{{Key: "doc", Value: 0}}))
	if err != nil {
		return nil, mongodb.Translate(err, "revisions")
	}
	var all []storedRevision
	if err := c.All(ctx, &all); err != nil {
		return nil, mongodb.Translate(err, "revisions")
	}
	out := []Revision{}
	versions := map[string]int64{}
	for i := range all {
		r := &all[i]
		id := string(r.Kind) + "/" + r.Key
		v, ok := versions[id]
		if !ok {
			a, err := adminOf(r.Kind)
			if err != nil {
				continue
			}
			d, err := a.get(ctx, s, r.Key)
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				return nil, err
			}
			v = d.Revision
			versions[id] = v
		}
		if r.Number <= v && len(out) < limit {
			out = append(out, r.public())
		}
	}
	return out, nil
}

// AdminCounts counts the live (not retired) documents of every kind.
func (s *Store) AdminCounts(ctx context.Context) (map[Kind]int, error) {
	c, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return map[Kind]int{
		KindRoles: len(c.roles), KindSkills: len(c.skills), KindCourses: len(c.courses),
		KindPaths: len(c.paths), KindSalaries: len(c.salaries), KindSources: len(c.sources),
	}, nil
}

// asDoc turns the doc argument (T or *T) into a fresh *T.
func (a *admin[T]) asDoc(doc any) (*T, error) {
	switch d := doc.(type) {
	case *T:
		if d == nil {
			return nil, apperr.Field("body", "is required")
		}
		c := *d
		return &c, nil
	case T:
		return &d, nil
	}
	return nil, apperr.New(apperr.Invalid, "a %s document is a %T, not a %T", a.k, new(T), doc)
}

// write is every admin write of one document, under the document's lock:
//
//  1. read the stored document; check the base revision;
//  2. build the new state, validate it on its own and its references
//     against the live content (as Load does for the curated files);
//  3. insert the revision (number = version+1, unique _id), then write the
//     document conditionally on the version read. MongoDB has no
//     transactions (nor FerretDB): if the document write fails, the
//     revision is deleted again; if the process dies between the two, the
//     revision's number is above the document's version, which every read
//     of revisions ignores and the next write takes over.
//  4. bump the content generation (readers reload their snapshot) — the
//     document is marked searchDirty in the same write, so the search sync
//     indexes (or, retired, removes) it.
func (a *admin[T]) write(ctx context.Context, s *Store, w adminWrite) (int64, error) {
	if w.editor == "" {
		return 0, apperr.Field("editor", "is required")
	}
	var next *T
	if w.doc != nil {
		d, err := a.asDoc(w.doc)
		if err != nil {
			return 0, err
		}
		next = d
		*a.meta(next) = Meta{}
		if w.op == "create" {
			w.key = a.key(next)
		}
	}
	if w.op == "create" && (w.key == "" || !IsSlugOrSourceID(a.k, w.key)) {
		// Validation names the field; without a usable key nothing else can be checked.
		if err := a.validate(next); err != nil {
			return 0, err
		}
		return 0, apperr.Field(a.keyName(), "is required")
	}
	defer s.locks.Lock(a.coll + "/" + w.key)()

	cur, err := a.find(ctx, s, w.key)
	if err != nil {
		return 0, err
	}
	var old Meta
	switch {
	case w.op == "create" && cur != nil:
		return 0, apperr.New(apperr.Conflict, "%s %q exists already", a.name, w.key)
	case w.op != "create" && cur == nil:
		return 0, notFound(a.name, w.key)
	case cur != nil:
		old = *a.meta(cur)
		if old.Version != w.baseRev {
			return 0, &apperr.Error{Code: apperr.Conflict, Message: (&StaleRevision{Base: w.baseRev, Current: old.Version}).Error(),
				Err: &StaleRevision{Base: w.baseRev, Current: old.Version}}
		}
	}

	retired := old.Retired
	switch w.op {
	case "retire":
		if old.Retired {
			return old.Version, nil // retiring twice changes nothing
		}
		c := *cur
		next = &c
		*a.meta(next) = Meta{}
		retired = true
	case "revert":
		retired = w.retired
	case "update":
		if k := a.key(next); k != w.key {
			return 0, apperr.Field(a.keyName(), fmt.Sprintf("must stay %q (the key in the URL); create a new document to use another", w.key))
		}
	}

	if err := a.check(ctx, s, w.key, next, w.op == "retire", retired, old.Retired); err != nil {
		return 0, err
	}

	var changes []Change
	if cur != nil {
		changes = diff(cur, next)
	} else {
		changes = diff(nil, next)
	}
	if retired != old.Retired {
		changes = append(changes, Change{Field: "retired", Old: fmt.Sprint(old.Retired), New: fmt.Sprint(retired)})
	}
	if cur != nil && len(changes) == 0 {
		return old.Version, nil // nothing to write
	}

	now := s.now().UTC()
	m := a.meta(next)
	*m = Meta{
		Version:        old.Version + 1,
		IndexedVersion: old.IndexedVersion,
		SearchDirty:    a.searchable,
		UpdatedAt:      now,
		SeedHash:       old.SeedHash,
		EditedBy:       w.editor,
		EditedAt:       &now,
	}
	if retired {
		m.Retired, m.RetiredAt, m.RetiredBy, m.RetiredReason = true, old.RetiredAt, old.RetiredBy, old.RetiredReason
		if !old.Retired {
			m.RetiredAt, m.RetiredBy, m.RetiredReason = &now, w.editor, w.reason
		}
	}

	summary := w.summary
	if summary == "" {
		switch w.op {
		case "create":
			summary = "created"
		case "retire":
			summary = "retired: " + w.reason
		default:
			summary = fmt.Sprintf("changed %s", changedFields(changes))
		}
	}
	if cur != nil {
		if err := s.baseline(ctx, a.k, w.key, cur, a.meta(cur)); err != nil {
			return 0, err
		}
	}
	rev, err := s.insertRevision(ctx, a.k, w.key, m.Version, w.editor, now, summary, retired, changes, next)
	if err != nil {
		return 0, err
	}
	coll := s.db.Collection(a.coll)
	what := fmt.Sprintf("%s %q", a.name, w.key)
	if cur == nil {
		_, err = coll.InsertOne(ctx, next)
	} else {
		var res *mongo.UpdateResult
		res, err = coll.ReplaceOne(ctx, bson.D{{Key: a.keyField, Value: w.key}, {Key: "version", Value: old.Version}}, next)
		if err == nil && res.MatchedCount == 0 {
			err = &apperr.Error{Code: apperr.Conflict, Message: what + " was changed concurrently; reload and try again",
				Err: &StaleRevision{Base: w.baseRev, Current: old.Version + 1}}
		}
	}
	if err != nil {
		s.dropRevision(ctx, rev)
		return 0, mongodb.Translate(err, what)
	}
	err = s.bumpGeneration(ctx)
	s.wakeSearch()
	return m.Version, err
}

func (a *admin[T]) keyName() string {
	if a.k == KindSources {
		return "id"
	}
	return "slug"
}

// IsSlugOrSourceID reports whether key is a well-formed key of the kind.
func IsSlugOrSourceID(k Kind, key string) bool {
	if k == KindSources {
		return sourceIDRe.MatchString(key)
	}
	return slugRe.MatchString(key)
}

// check validates next (nil when retiring) on its own and, against the
// live content, its references (as `laufbahn seed --check` does). A
// document that becomes retired is instead checked for live documents
// referencing it; one that stays retired only on its own.
func (a *admin[T]) check(ctx context.Context, s *Store, key string, next *T, retiring, retired, wasRetired bool) error {
	var p apperr.Problems
	if !retiring {
		p.Merge("", a.validate(next))
		if err := p.Err("invalid content"); err != nil {
			return err
		}
	}
	live, err := s.load(ctx, 0)
	if err != nil {
		return err
	}
	set := live.set()
	const self = "\x00"
	without := slices.DeleteFunc(slices.Clone(*a.setList(set)), func(d T) bool { return a.key(&d) == key })
	if retired {
		// Nothing may reference a retired document: compare the problems
		// of the live set with and without it.
		if wasRetired {
			return nil // it stays out of the live content
		}
		*a.setList(set) = append(slices.Clone(without), *next)
		before := set.problems()
		*a.setList(set) = without
		delete(set.origin, string(a.k)+"/"+key)
		after := set.problems()
		var refs []string
		for f := range after {
			if _, ok := before[f]; !ok {
				refs = append(refs, f)
			}
		}
		if len(refs) > 0 {
			slices.Sort(refs)
			return apperr.New(apperr.Conflict, "%s %q is still referenced by live content: %s", a.name, key, strings.Join(refs, ", "))
		}
		return nil
	}
	*a.setList(set) = append(without, *next)
	set.origin[string(a.k)+"/"+key] = self
	for f, msg := range set.problems() {
		if rest, ok := strings.CutPrefix(f, self+"."); ok {
			p.Add(rest, msg)
		}
	}
	return p.Err("invalid content")
}

// set turns a loaded catalog into a Set for the reference checks; origin
// names each document "kind/key".
func (c *catalog) set() *Set {
	s := &Set{Roles: slices.Clone(c.roles), Skills: slices.Clone(c.skills), Courses: slices.Clone(c.courses),
		Paths: slices.Clone(c.paths), Salaries: slices.Clone(c.salaries), origin: map[string]string{}}
	for _, src := range c.sources {
		s.Sources = append(s.Sources, src)
	}
	add := func(kind, key string) { s.origin[kind+"/"+key] = kind + "/" + key }
	for _, x := range s.Roles {
		add("roles", x.Slug)
	}
	for _, x := range s.Skills {
		add("skills", x.Slug)
	}
	for _, x := range s.Courses {
		add("courses", x.Slug)
	}
	for _, x := range s.Paths {
		add("paths", x.Slug)
	}
	for _, x := range s.Salaries {
		add("salaries", x.Slug)
	}
	for _, x := range s.Sources {
		add("sources", x.ID)
	}
	return s
}

// problems runs the cross-reference checks and returns field → message.
func (s *Set) problems() map[string]string {
	var p apperr.Problems
	s.checkReferences(&p)
	var ae *apperr.Error
	if err := p.Err(""); errors.As(err, &ae) {
		return ae.Fields
	}
	return map[string]string{}
}

// baseline stores the revision a document is at before its first admin
// write, when no revision was recorded for it (it came from Seed), so the
// history starts there and revert can go back to it.
func (s *Store) baseline(ctx context.Context, k Kind, key string, doc any, m *Meta) error {
	n, err := s.db.Collection(CollRevisions).CountDocuments(ctx, bson.D{{Key: "_id", Value: revisionID(k, key, m.Version)}})
	if err != nil {
		return mongodb.Translate(err, "revision")
	}
	if n > 0 {
		return nil
	}
	editor, at, summary := SeedEditor, m.UpdatedAt, "from the curated files"
	if m.EditedBy != "" {
		editor, summary = m.EditedBy, "state before the revision history"
	}
	saved := *m
	*m = Meta{}
	raw, err := bson.Marshal(doc)
	*m = saved
	if err != nil {
		return fmt.Errorf("content: revision: %w", err)
	}
	_, err = s.db.Collection(CollRevisions).InsertOne(ctx, storedRevision{ID: revisionID(k, key, saved.Version), Kind: k, Key: key,
		Number: saved.Version, Editor: editor, At: at, Summary: summary, Retired: saved.Retired, WriteID: newWriteID(), Doc: raw})
	if err != nil && !apperr.Is(mongodb.Translate(err, "revision"), apperr.Conflict) {
		return mongodb.Translate(err, "revision")
	}
	return nil
}

// insertRevision stores revision n. A revision already holding the number
// is an orphan of a failed write when it is old enough; it is replaced.
func (s *Store) insertRevision(ctx context.Context, k Kind, key string, n int64, editor string, at time.Time, summary string, retired bool, changes []Change, doc any) (*storedRevision, error) {
	raw, err := bson.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("content: revision: %w", err)
	}
	// The stored copy carries no bookkeeping.
	var d bson.D
	if err := bson.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("content: revision: %w", err)
	}
	d = slices.DeleteFunc(d, func(e bson.E) bool { return metaFields[e.Key] })
	if raw, err = bson.Marshal(d); err != nil {
		return nil, fmt.Errorf("content: revision: %w", err)
	}
	r := &storedRevision{ID: revisionID(k, key, n), Kind: k, Key: key, Number: n, Editor: editor, At: at, Summary: summary,
		Retired: retired, Changes: changes, WriteID: newWriteID(), Doc: raw}
	coll := s.db.Collection(CollRevisions)
	for attempt := 0; ; attempt++ {
		_, err = coll.InsertOne(ctx, r)
		if err == nil {
			return r, nil
		}
		terr := mongodb.Translate(err, "revision")
		if !apperr.Is(terr, apperr.Conflict) || attempt > 0 {
			return nil, terr
		}
		var old storedRevision
		if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: r.ID}}).Decode(&old); err != nil && !isNotFound(err) {
			return nil, mongodb.Translate(err, "revision")
		}
		if s.now().Sub(old.At) < orphanAge {
			return nil, apperr.New(apperr.Conflict, "%s %q is being changed by someone else; reload and try again", k, key)
		}
		if _, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: r.ID}, {Key: "writeId", Value: old.WriteID}}); err != nil {
			return nil, mongodb.Translate(err, "revision")
		}
	}
}

// dropRevision removes the revision of a write that failed (best effort:
// a left-over one is above the document's version and ignored).
func (s *Store) dropRevision(ctx context.Context, r *storedRevision) {
	_, _ = s.db.Collection(CollRevisions).DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: r.ID}, {Key: "writeId", Value: r.WriteID}})
}

// metaFields are the bson names of Meta.
var metaFields = map[string]bool{
	"seedHash": true, "editedBy": true, "editedAt": true, "version": true, "indexedVersion": true, "searchDirty": true,
	"updatedAt": true, "retired": true, "retiredAt": true, "retiredBy": true, "retiredReason": true,
}

func newWriteID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func changedFields(cs []Change) string {
	names := make([]string, 0, len(cs))
	for _, c := range cs {
		names = append(names, c.Field)
	}
	if len(names) > 5 {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
	}
	return strings.Join(names, ", ")
}
