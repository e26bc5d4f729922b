package content

import (
	"context"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/mongodb"
)

// CollMeta holds the content generation counter.
const CollMeta = "content_meta"

// catalog is an immutable in-memory snapshot of all curated content, with
// the lookups the read API needs. Content is small (well under a megabyte),
// read on nearly every page and written rarely, while each MongoDB query on
// embedded FerretDB costs milliseconds; so reads are served from a snapshot
// that is reloaded whenever the stored generation changes.
type catalog struct {
	generation int64
	loadedAt   time.Time

	roles    []Role // ordered by slug, as are all lists
	skills   []Skill
	courses  []Course
	paths    []Path
	salaries []SalaryRange

	roleBySlug   map[string]int
	roleAliases  map[string]string // alternative slug → canonical slug
	skillBySlug  map[string]int
	courseBySlug map[string]int
	pathBySlug   map[string]int
	sources      map[string]Source
	// retired holds "kind/key" of the retired documents, which the lists
	// and lookups above leave out.
	retired map[string]bool
}

// cache guards the current snapshot.
type cache struct {
	mu     sync.Mutex
	cur    *catalog
	maxAge time.Duration
}

// generationFilter selects the one counter document.
var generationFilter = bson.D{{Key: "_id", Value: "generation"}}

// bumpGeneration records that content changed, so every replica reloads.
// The $inc holds its own mutex (not a DocLocks stripe: callers hold a
// document's stripe, and the two could be the same): on embedded FerretDB it
// is a read-modify-write too, and two writes bumping at once must not count
// once.
func (s *Store) bumpGeneration(ctx context.Context) error {
	s.genMu.Lock()
	_, err := s.db.Collection(CollMeta).UpdateOne(ctx, generationFilter,
		bson.D{{Key: "$inc", Value: bson.D{{Key: "value", Value: int64(1)}}}}, options.UpdateOne().SetUpsert(true))
	s.genMu.Unlock()
	s.cache.mu.Lock()
	s.cache.cur = nil // this process sees its own writes at once
	s.cache.mu.Unlock()
	return mongodb.Translate(err, "content generation")
}

func (s *Store) storedGeneration(ctx context.Context) (int64, error) {
	var doc struct {
		Value int64 `bson:"value"`
	}
	err := s.db.Collection(CollMeta).FindOne(ctx, generationFilter).Decode(&doc)
	if isNotFound(err) {
		return 0, nil // nothing written yet
	}
	return doc.Value, mongodb.Translate(err, "content generation")
}

// snapshot returns the current catalog, checking the stored generation at
// most once per maxAge and reloading when it changed.
func (s *Store) snapshot(ctx context.Context) (*catalog, error) {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	now := s.now()
	cur := s.cache.cur
	if cur != nil && now.Sub(cur.loadedAt) < s.cache.maxAge && now.Sub(cur.loadedAt) >= 0 {
		return cur, nil
	}
	// Read the generation before the documents: a write that lands during
	// the load bumps it afterwards, so the next check reloads.
	gen, err := s.storedGeneration(ctx)
	if err != nil {
		return nil, err
	}
	if cur != nil && cur.generation == gen {
		cur.loadedAt = now // only this goroutine holds the lock
		return cur, nil
	}
	next, err := s.load(ctx, gen)
	if err != nil {
		return nil, err
	}
	next.loadedAt = now
	s.cache.cur = next
	return next, nil
}

func (s *Store) load(ctx context.Context, gen int64) (*catalog, error) {
	c := &catalog{generation: gen, retired: map[string]bool{}}
	var err error
	if c.roles, err = loadAll(ctx, s, roleKind, KindRoles, c.retired); err != nil {
		return nil, err
	}
	if c.skills, err = loadAll(ctx, s, skillKind, KindSkills, c.retired); err != nil {
		return nil, err
	}
	if c.courses, err = loadAll(ctx, s, courseKind, KindCourses, c.retired); err != nil {
		return nil, err
	}
	if c.paths, err = loadAll(ctx, s, pathKind, KindPaths, c.retired); err != nil {
		return nil, err
	}
	if c.salaries, err = loadAll(ctx, s, salaryKind, KindSalaries, c.retired); err != nil {
		return nil, err
	}
	srcs, err := loadAll(ctx, s, sourceKind, KindSources, c.retired)
	if err != nil {
		return nil, err
	}
	c.roleBySlug = indexBy(c.roles, roleKind.key)
	c.roleAliases = roleAliases(c.roles)
	c.skillBySlug = indexBy(c.skills, skillKind.key)
	c.courseBySlug = indexBy(c.courses, courseKind.key)
	c.pathBySlug = indexBy(c.paths, pathKind.key)
	c.sources = make(map[string]Source, len(srcs))
	for _, src := range srcs {
		c.sources[src.ID] = src
	}
	return c, nil
}

// loadAll reads the live documents of a kind, recording the keys of the
// retired ones in retired.
func loadAll[T any](ctx context.Context, s *Store, k kind[T], kd Kind, retired map[string]bool) ([]T, error) {
	cur, err := s.db.Collection(k.coll).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: k.keyField, Value: 1}}))
	if err != nil {
		return nil, mongodb.Translate(err, k.name+" list")
	}
	out := []T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, mongodb.Translate(err, k.name+" list")
	}
	return slices.DeleteFunc(out, func(d T) bool {
		if k.meta(&d).Retired {
			retired[string(kd)+"/"+k.key(&d)] = true
			return true
		}
		return false
	}), nil
}

func indexBy[T any](items []T, key func(*T) string) map[string]int {
	m := make(map[string]int, len(items))
	for i := range items {
		m[key(&items[i])] = i
	}
	return m
}

// page applies ListOptions to a filtered list and returns it with the total.
func page[T any](all []T, keep func(*T) bool, o ListOptions) ([]T, int) {
	out := []T{}
	total := 0
	skip := 0
	if o.Limit > 0 && o.Page > 1 {
		skip = (o.Page - 1) * o.Limit
	}
	for i := range all {
		if keep != nil && !keep(&all[i]) {
			continue
		}
		total++
		if total > skip && (o.Limit <= 0 || len(out) < o.Limit) {
			out = append(out, all[i])
		}
	}
	return out, total
}

func lookup[T any](items []T, idx map[string]int, slug string) (T, bool) {
	i, ok := idx[slug]
	if !ok {
		var zero T
		return zero, false
	}
	return items[i], true
}

func hasString(list []string, v string) bool { return slices.Contains(list, v) }
