package jobs

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/mongodb"
)

// Notifier hears about changes that people are told about (package
// notify): applications received, moved or withdrawn; postings published
// or expired. It is called after the change is stored. The change carries
// the intent to notify in its own write (notifyDirty), so a call missed by
// a crash between the write and the call is found again by the notifier's
// recovery scan (NotifyDirtyApplications, NotifyDirtyPostings). It may be
// called under the document's lock, so it must only take a copy and
// return (never call back into the service synchronously).
type Notifier interface {
	ApplicationChanged(ctx context.Context, a *Application)
	PostingChanged(ctx context.Context, p *Posting)
}

// SetNotifier registers the notifier (nil: nobody is told).
func (s *Service) SetNotifier(n Notifier) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notifier = n
}

func (s *Service) notifyApplication(ctx context.Context, a *Application) {
	s.mu.Lock()
	n := s.notifier
	s.mu.Unlock()
	if n != nil {
		n.ApplicationChanged(context.WithoutCancel(ctx), a)
	}
}

func (s *Service) notifyPosting(ctx context.Context, p *Posting) {
	s.mu.Lock()
	n := s.notifier
	s.mu.Unlock()
	if n != nil {
		n.PostingChanged(context.WithoutCancel(ctx), p)
	}
}

// NotifyDirtyApplications returns the applications whose history has
// entries not yet handed to the notifier (a scan; the notifier's recovery
// pass runs it rarely).
func (s *Service) NotifyDirtyApplications(ctx context.Context) ([]*Application, error) {
	cur, err := s.apps.Find(ctx, bson.D{{Key: "notifyDirty", Value: true}})
	if err != nil {
		return nil, mongodb.Translate(err, "applications")
	}
	var out []*Application
	if err := cur.All(ctx, &out); err != nil {
		return nil, mongodb.Translate(err, "applications")
	}
	return out, nil
}

// MarkApplicationNotified records that the first `through` history entries
// of an application were handed to the notifier; the flag clears only when
// no newer entry arrived meanwhile.
func (s *Service) MarkApplicationNotified(ctx context.Context, id string, through int) error {
	defer s.locks.Lock(id)()
	a, err := s.application(ctx, id)
	if err != nil {
		return err
	}
	if through <= a.NotifiedThrough {
		return nil
	}
	set := bson.D{{Key: "notifiedThrough", Value: through}}
	if through >= len(a.History) {
		set = append(set, bson.E{Key: "notifyDirty", Value: false})
	}
	_, err = s.apps.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}})
	return mongodb.Translate(err, "application")
}

// NotifyDirtyPostings returns the postings published or expired whose
// change has not yet been handed to the notifier (a scan).
func (s *Service) NotifyDirtyPostings(ctx context.Context) ([]*Posting, error) {
	cur, err := s.postings.Find(ctx, bson.D{{Key: "notifyDirty", Value: true}})
	if err != nil {
		return nil, mongodb.Translate(err, "postings")
	}
	var out []*Posting
	if err := cur.All(ctx, &out); err != nil {
		return nil, mongodb.Translate(err, "postings")
	}
	return out, nil
}

// MarkPostingNotified clears a posting's notifyDirty flag if it is still at
// the version the notifier handled, so a newer change stays dirty.
func (s *Service) MarkPostingNotified(ctx context.Context, id string, version int64) error {
	defer s.locks.Lock(id)()
	p, err := s.load(ctx, id)
	if err != nil {
		return err
	}
	if p.Version != version || !p.NotifyDirty {
		return nil
	}
	_, err = s.postings.UpdateOne(ctx, s.versionFilter(id, version),
		bson.D{{Key: "$set", Value: bson.D{{Key: "notifyDirty", Value: false}}}})
	return mongodb.Translate(err, "posting")
}

// PostingsExpiringBefore returns the published postings whose valid-through
// time is before t (a scan of the published postings, for the periodic
// "expires soon" notice).
func (s *Service) PostingsExpiringBefore(ctx context.Context, t time.Time) ([]*Posting, error) {
	cur, err := s.postings.Find(ctx, bson.D{{Key: "state", Value: Published}, {Key: "validThrough", Value: bson.D{{Key: "$lt", Value: t}}}})
	if err != nil {
		return nil, mongodb.Translate(err, "postings")
	}
	var out []*Posting
	if err := cur.All(ctx, &out); err != nil {
		return nil, mongodb.Translate(err, "postings")
	}
	return out, nil
}

// SavedSearchesOf is one learner's saved searches.
type SavedSearchesOf struct {
	UserID   string
	Searches []SavedSearch
}

// AllSavedSearches calls fn with every learner's saved searches, in
// batches (a scan of the saved items, for matching new postings against
// every saved search in memory).
func (s *Service) AllSavedSearches(ctx context.Context, fn func([]SavedSearchesOf) error) error {
	cur, err := s.saved.Find(ctx, bson.D{})
	if err != nil {
		return mongodb.Translate(err, "saved items")
	}
	defer cur.Close(ctx)
	batch := make([]SavedSearchesOf, 0, 500)
	for cur.Next(ctx) {
		var d saved
		if err := cur.Decode(&d); err != nil {
			return mongodb.Translate(err, "saved items")
		}
		if len(d.Searches) == 0 {
			continue
		}
		batch = append(batch, SavedSearchesOf{UserID: d.ID, Searches: d.Searches})
		if len(batch) == cap(batch) {
			if err := fn(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := cur.Err(); err != nil {
		return mongodb.Translate(err, "saved items")
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}
