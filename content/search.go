package content

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/search"
)

// SearchSources returns the search sources content feeds: roles and courses.
func (s *Store) SearchSources() []search.Source {
	return []search.Source{
		&contentSource[Role]{s: s, k: roleKind, kind: search.Roles, doc: s.roleDocument},
		&contentSource[Course]{s: s, k: courseKind, kind: search.Courses, doc: s.courseDocument},
	}
}

// contentSource implements search.Source for one content kind. Content
// documents are never deleted; a retired one leaves the index (its Change
// has no Doc), every other one belongs in it.
type contentSource[T any] struct {
	s    *Store
	k    kind[T]
	kind search.Kind
	doc  func(context.Context, *T) (search.Document, error)
}

func (c *contentSource[T]) Kind() search.Kind { return c.kind }

func (c *contentSource[T]) find(ctx context.Context, filter bson.D, opts *options.FindOptionsBuilder, fn func([]T) error) error {
	cur, err := c.s.db.Collection(c.k.coll).Find(ctx, filter, opts)
	if err != nil {
		return mongodb.Translate(err, c.k.name+" list")
	}
	var all []T
	if err := cur.All(ctx, &all); err != nil {
		return mongodb.Translate(err, c.k.name+" list")
	}
	return fn(all)
}

func (c *contentSource[T]) Dirty(ctx context.Context, limit int) ([]search.Change, error) {
	var out []search.Change
	err := c.find(ctx, bson.D{{Key: "searchDirty", Value: true}}, options.Find().SetLimit(int64(limit)), func(docs []T) error {
		for i := range docs {
			ch := search.Change{ID: c.k.key(&docs[i]), Version: c.k.meta(&docs[i]).Version}
			if !c.k.meta(&docs[i]).Retired {
				d, err := c.doc(ctx, &docs[i])
				if err != nil {
					return err
				}
				ch.Doc = &d
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// Confirm marks version v indexed if the document is still at v. It holds
// the document's lock like every content write: on embedded FerretDB this
// conditional update is a read-modify-write that would otherwise write
// back the old document over an admin edit landing in between.
func (c *contentSource[T]) Confirm(ctx context.Context, id string, version int64, _ bool) error {
	defer c.s.locks.Lock(c.k.coll + "/" + id)()
	_, err := c.s.db.Collection(c.k.coll).UpdateOne(ctx,
		bson.D{{Key: c.k.keyField, Value: id}, {Key: "version", Value: version}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "indexedVersion", Value: version}, {Key: "searchDirty", Value: false}}}})
	return mongodb.Translate(err, fmt.Sprintf("%s %q", c.k.name, id))
}

func (c *contentSource[T]) All(ctx context.Context, fn func([]search.Document) error) error {
	return c.find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: c.k.keyField, Value: 1}}), func(docs []T) error {
		batch := make([]search.Document, 0, len(docs))
		for i := range docs {
			if c.k.meta(&docs[i]).Retired {
				continue
			}
			d, err := c.doc(ctx, &docs[i])
			if err != nil {
				return err
			}
			batch = append(batch, d)
		}
		if len(batch) == 0 {
			return nil
		}
		return fn(batch)
	})
}

func (c *contentSource[T]) IDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := c.find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: c.k.keyField, Value: 1}, {Key: "retired", Value: 1}}), func(docs []T) error {
		for i := range docs {
			if !c.k.meta(&docs[i]).Retired {
				ids = append(ids, c.k.key(&docs[i]))
			}
		}
		return nil
	})
	return ids, err
}

// MarkDirty flags the documents one by one under each one's lock (see
// Confirm).
func (c *contentSource[T]) MarkDirty(ctx context.Context, ids []string) error {
	for _, id := range ids {
		unlock := c.s.locks.Lock(c.k.coll + "/" + id)
		_, err := c.s.db.Collection(c.k.coll).UpdateOne(ctx, bson.D{{Key: c.k.keyField, Value: id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "searchDirty", Value: true}}}})
		unlock()
		if err != nil {
			return mongodb.Translate(err, c.k.name+" list")
		}
	}
	return nil
}

// roleDocument is a role as the roles index sees it (German text, English
// titles also searchable).
func (s *Store) roleDocument(_ context.Context, r *Role) (search.Document, error) {
	var specs, specNames, tasks []string
	for _, sp := range r.Specializations {
		specs = append(specs, sp.Slug)
		specNames = append(specNames, sp.Title.DE, sp.Title.EN)
	}
	for _, t := range r.Tasks {
		tasks = append(tasks, t.Text.DE)
	}
	return search.Document{ID: r.Slug, Fields: map[string]any{
		"title": r.Title.DE, "altTitles": nonNil(r.AltTitles), "titleEn": r.Title.EN,
		"specializationNames": nonNil(specNames), "summary": r.Summary.DE, "tasks": nonNil(tasks),
		"level": r.Level, "specializations": nonNil(specs),
	}}, nil
}

// courseDocument is a course as the courses index sees it.
func (s *Store) courseDocument(ctx context.Context, c *Course) (search.Document, error) {
	skills, err := s.SkillsBySlug(ctx, c.Skills)
	if err != nil {
		return search.Document{}, err
	}
	var names, topics []string
	for _, slug := range c.Skills {
		if sk, ok := skills[slug]; ok {
			names = append(names, sk.Name.DE)
		}
	}
	for _, t := range c.Topics {
		topics = append(topics, t.DE)
	}
	fields := map[string]any{
		"title": c.Title.DE, "titleEn": c.Title.EN, "qualification": optDE(c.Qualification),
		"skillNames": nonNil(names), "summary": c.Summary.DE, "topics": nonNil(topics),
		"format": c.Format, "providerType": c.ProviderType, "skills": nonNil(c.Skills), "roles": nonNil(c.Roles),
	}
	if months, ok := c.Duration.Months(); ok {
		fields["durationMonths"] = float64(months)
	}
	return search.Document{ID: c.Slug, Fields: fields}, nil
}

// Months returns the longest duration in whole months, if it has one that
// converts (weeks and longer).
func (d *Duration) Months() (int, bool) {
	if d == nil {
		return 0, false
	}
	switch d.Unit {
	case "years":
		return d.Max * 12, true
	case "months":
		return d.Max, true
	case "weeks":
		return (d.Max + 3) / 4, true
	}
	return 0, false
}

func optDE(t *Text) string {
	if t == nil {
		return ""
	}
	return t.DE
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
