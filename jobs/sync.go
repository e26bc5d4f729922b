package jobs

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/search"
)

// FullScanEvery is how often, at most, the search source looks for dirty
// postings by scanning the postings collection when the queue is empty:
// that catches a posting whose queue entry was lost in a crash between its
// two writes.
const FullScanEvery = 10 * time.Minute

// SearchSource returns the search source of the jobs index: only published,
// unexpired postings are in it.
func (s *Service) SearchSource() search.Source { return (*source)(s) }

type source Service

func (src *source) svc() *Service { return (*Service)(src) }

func (src *source) Kind() search.Kind { return search.Jobs }

// Dirty reads the small queue collection first (a scan of it is cheap) and
// fetches its postings by _id; only when the queue is empty and the last
// full scan is old does it scan the postings for searchDirty.
func (src *source) Dirty(ctx context.Context, limit int) ([]search.Change, error) {
	s := src.svc()
	cur, err := s.queue.Find(ctx, bson.D{}, options.Find().SetLimit(int64(limit)))
	if err != nil {
		return nil, mongodb.Translate(err, "search queue")
	}
	var queued []queueEntry
	if err := cur.All(ctx, &queued); err != nil {
		return nil, mongodb.Translate(err, "search queue")
	}
	now := s.clock()
	out := []search.Change{}
	if len(queued) > 0 {
		found, err := s.postingsByID(ctx, queued)
		if err != nil {
			return nil, err
		}
		for _, q := range queued {
			p, ok := found[q.ID]
			switch {
			case !ok:
				// Purged: make sure the index does not hold it either.
				out = append(out, search.Change{ID: q.ID})
			case !p.SearchDirty:
				// Confirmed already (by a pass that found it in the scan).
				if _, err := s.queue.DeleteOne(ctx, bson.D{{Key: "_id", Value: q.ID}}); err != nil {
					return nil, mongodb.Translate(err, "search queue")
				}
			default:
				out = append(out, s.indexChange(p, now))
			}
		}
		return out, nil
	}
	s.mu.Lock()
	due := time.Since(s.lastFullScan) >= FullScanEvery
	s.mu.Unlock()
	if !due {
		return out, nil
	}
	cur, err = s.postings.Find(ctx, bson.D{{Key: "searchDirty", Value: true}}, options.Find().SetLimit(int64(limit)))
	if err != nil {
		return nil, mongodb.Translate(err, "postings")
	}
	var dirty []Posting
	if err := cur.All(ctx, &dirty); err != nil {
		return nil, mongodb.Translate(err, "postings")
	}
	if len(dirty) < limit {
		s.mu.Lock()
		s.lastFullScan = time.Now()
		s.mu.Unlock()
	}
	for i := range dirty {
		out = append(out, s.indexChange(&dirty[i], now))
	}
	return out, nil
}

// postingsByID fetches the queued postings, one _id lookup each: an index
// lookup on MongoDB and on embedded FerretDB (see mongodb/idindex.go), where
// a $in filter would decode every posting.
func (s *Service) postingsByID(ctx context.Context, queued []queueEntry) (map[string]*Posting, error) {
	found := make(map[string]*Posting, len(queued))
	for _, q := range queued {
		var p Posting
		err := s.postings.FindOne(ctx, bson.D{{Key: "_id", Value: q.ID}}).Decode(&p)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
		case err != nil:
			return nil, mongodb.Translate(err, "posting")
		default:
			found[p.ID] = &p
		}
	}
	return found, nil
}

type queueEntry struct {
	ID string `bson:"_id"`
}

// indexChange is the index change for a posting: its document if public, a
// removal otherwise.
func (s *Service) indexChange(p *Posting, now time.Time) search.Change {
	c := search.Change{ID: p.ID, Version: p.Version}
	if p.Public(now) {
		d := p.JobDoc().Document()
		c.Doc = &d
	}
	return c
}

// Confirm records that version v is in the index, if the posting is still
// at v (under the posting's lock: FerretDB updates are read-modify-write),
// removes the queue entry, and purges a soft-deleted posting.
func (src *source) Confirm(ctx context.Context, id string, version int64, removed bool) error {
	s := src.svc()
	defer s.locks.Lock(id)()
	var p Posting
	err := s.postings.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&p)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
	case err != nil:
		return mongodb.Translate(err, "posting")
	case p.Version != version:
		// Written again meanwhile: stays dirty and queued.
		return nil
	case p.DeletedAt != nil && removed:
		if _, err := s.postings.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
			return mongodb.Translate(err, "posting")
		}
	default:
		if _, err := s.postings.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: bson.D{
			{Key: "indexedVersion", Value: version}, {Key: "searchDirty", Value: false}}}}); err != nil {
			return mongodb.Translate(err, "posting")
		}
	}
	_, err = s.queue.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mongodb.Translate(err, "search queue")
}

// public calls fn with batches of public postings (a scan of the
// published ones).
func (src *source) public(ctx context.Context, fn func([]Posting) error) error {
	s := src.svc()
	cur, err := s.postings.Find(ctx, bson.D{{Key: "state", Value: Published}}, options.Find().SetBatchSize(500))
	if err != nil {
		return mongodb.Translate(err, "postings")
	}
	defer cur.Close(ctx)
	now := s.clock()
	batch := make([]Posting, 0, 500)
	for cur.Next(ctx) {
		var p Posting
		if err := cur.Decode(&p); err != nil {
			return mongodb.Translate(err, "postings")
		}
		if !p.Public(now) {
			continue
		}
		batch = append(batch, p)
		if len(batch) == cap(batch) {
			if err := fn(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := cur.Err(); err != nil {
		return mongodb.Translate(err, "postings")
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

func (src *source) All(ctx context.Context, fn func([]search.Document) error) error {
	return src.public(ctx, func(ps []Posting) error {
		docs := make([]search.Document, 0, len(ps))
		for i := range ps {
			docs = append(docs, ps[i].JobDoc().Document())
		}
		return fn(docs)
	})
}

func (src *source) IDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := src.public(ctx, func(ps []Posting) error {
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		return nil
	})
	return ids, err
}

func (src *source) MarkDirty(ctx context.Context, ids []string) error {
	s := src.svc()
	for _, id := range ids {
		unlock := s.locks.Lock(id)
		_, err := s.postings.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: bson.D{{Key: "searchDirty", Value: true}}}})
		unlock()
		if err != nil {
			return mongodb.Translate(err, "posting")
		}
		s.enqueue(ctx, id)
	}
	return nil
}

// JobDoc is the posting as the jobs index sees it.
func (p *Posting) JobDoc() search.JobDoc {
	skills := make([]string, 0, len(p.Skills))
	for _, sk := range p.Skills {
		skills = append(skills, sk.Slug)
	}
	var published time.Time
	if p.PublishedAt != nil {
		published = *p.PublishedAt
	}
	// The yearly figure is a full-time equivalent; 0 (none) when the pay
	// cannot be compared with full-time pay.
	yearly, _ := p.YearlyEquivalent(p.Salary.Max)
	d := search.JobDoc{
		ID: p.ID, Title: p.Title, Role: p.Role, RoleTitle: p.RoleTitle, EmployerID: p.Employer.ID, Employer: p.Employer.Name,
		City: p.Location.City, Bundesland: p.Location.Bundesland, PostalCode: p.Location.PostalCode, Remote: p.Remote.Mode,
		EmploymentType: p.Employment.Type, FixedTerm: p.Employment.FixedTerm,
		SalaryMin: p.Salary.Min, SalaryMax: p.Salary.Max, SalaryPeriod: p.Salary.Period, SalaryYearMax: yearly,
		Skills: skills, SkillNames: p.SkillNames, Description: PlainText(p.DescriptionHTML), PublishedAt: published,
	}
	// Coordinates come from the gazetteer whenever the posting is written
	// to the index, so a corrected city moves the posting on the map too.
	if pl, ok := p.place(); ok {
		d.Lat, d.Lng, d.HasGeo = pl.Lat, pl.Lng, true
	}
	return d
}
