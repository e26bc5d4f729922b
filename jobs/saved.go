package jobs

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Limits of a learner's saved items.
const (
	MaxSavedPostings = 200
	MaxSavedSearches = 20
	maxSearchName    = 80
	maxSearchQuery   = 1000
)

// SavedPosting is a posting a learner keeps.
type SavedPosting struct {
	PostingID string    `bson:"postingId"`
	SavedAt   time.Time `bson:"savedAt"`
}

// SavedSearch is a job search a learner keeps: its query parameters, as the
// search route takes them, and when they last looked at its results.
type SavedSearch struct {
	ID         string    `bson:"id"`
	Name       string    `bson:"name"`
	Query      string    `bson:"query"`
	CreatedAt  time.Time `bson:"createdAt"`
	LastSeenAt time.Time `bson:"lastSeenAt"`
}

// saved is one document per learner (_id: user id): one read for the
// lists, and one lock around each change.
type saved struct {
	ID       string         `bson:"_id"`
	Postings []SavedPosting `bson:"postings"`
	Searches []SavedSearch  `bson:"searches"`
}

func (s *Service) loadSaved(ctx context.Context, userID string) (*saved, error) {
	var d saved
	err := s.saved.FindOne(ctx, bson.D{{Key: "_id", Value: userID}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return &saved{ID: userID, Postings: []SavedPosting{}, Searches: []SavedSearch{}}, nil
	}
	if err != nil {
		return nil, mongodb.Translate(err, "saved items")
	}
	return &d, nil
}

// changeSaved runs fn on the learner's saved items under their lock and
// writes them back.
func (s *Service) changeSaved(ctx context.Context, userID string, fn func(*saved) error) (*saved, error) {
	defer s.locks.Lock("saved/" + userID)()
	d, err := s.loadSaved(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := fn(d); err != nil {
		return nil, err
	}
	_, err = s.saved.UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "postings", Value: d.Postings}, {Key: "searches", Value: d.Searches}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return nil, mongodb.Translate(err, "saved items")
	}
	return d, nil
}

// SavePosting keeps an open posting for the learner; saving it again
// changes nothing.
func (s *Service) SavePosting(ctx context.Context, userID, postingID string) error {
	if _, err := s.PublicPosting(ctx, postingID); err != nil {
		return err
	}
	_, err := s.changeSaved(ctx, userID, func(d *saved) error {
		if slices.ContainsFunc(d.Postings, func(p SavedPosting) bool { return p.PostingID == postingID }) {
			return nil
		}
		if len(d.Postings) >= MaxSavedPostings {
			return apperr.New(apperr.Conflict, "you can keep at most %d postings; remove some first", MaxSavedPostings)
		}
		d.Postings = append(d.Postings, SavedPosting{PostingID: postingID, SavedAt: s.clock()})
		return nil
	})
	return err
}

// UnsavePosting forgets a saved posting; forgetting one not saved changes
// nothing.
func (s *Service) UnsavePosting(ctx context.Context, userID, postingID string) error {
	_, err := s.changeSaved(ctx, userID, func(d *saved) error {
		d.Postings = slices.DeleteFunc(d.Postings, func(p SavedPosting) bool { return p.PostingID == postingID })
		return nil
	})
	return err
}

// SavedPostingEntry is a saved posting with the posting as it is now;
// closed and expired ones keep their state.
type SavedPostingEntry struct {
	SavedPosting
	Posting *Posting
}

// SavedPostings lists the learner's saved postings, newest first. A posting
// that no longer exists (deleted, or removed by laufbahn demo --remove) is
// left out and dropped from the saved list, so no empty entry stays.
func (s *Service) SavedPostings(ctx context.Context, userID string) ([]SavedPostingEntry, error) {
	d, err := s.loadSaved(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]SavedPostingEntry, 0, len(d.Postings))
	var gone []string
	for i := len(d.Postings) - 1; i >= 0; i-- {
		e := SavedPostingEntry{SavedPosting: d.Postings[i]}
		p, err := s.PublicPosting(ctx, e.PostingID)
		var closed *GoneError
		switch {
		case err == nil, errors.As(err, &closed):
			e.Posting = p
		case apperr.Is(err, apperr.NotFound):
			gone = append(gone, e.PostingID)
			continue
		default:
			return nil, err
		}
		out = append(out, e)
	}
	if len(gone) > 0 {
		if _, err := s.changeSaved(ctx, userID, func(d *saved) error {
			d.Postings = slices.DeleteFunc(d.Postings, func(p SavedPosting) bool { return slices.Contains(gone, p.PostingID) })
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SaveSearch keeps a search; query holds the parameters of the job search
// route (checked by the caller, who knows them).
func (s *Service) SaveSearch(ctx context.Context, userID, name, query string) (*SavedSearch, error) {
	name = strings.TrimSpace(name)
	var probs apperr.Problems
	switch {
	case name == "":
		probs.Add("name", "is required")
	case utf8.RuneCountInString(name) > maxSearchName || strings.ContainsAny(name, "\x00<>\r\n"):
		probs.Addf("name", "must be one line of at most %d characters", maxSearchName)
	case apperr.LineProblem(name) != "":
		probs.Add("name", apperr.LineProblem(name))
	}
	if len(query) > maxSearchQuery {
		probs.Addf("query", "must be at most %d characters", maxSearchQuery)
	}
	if err := probs.Err("invalid saved search"); err != nil {
		return nil, err
	}
	now := s.clock()
	ss := SavedSearch{ID: newID("s_"), Name: name, Query: query, CreatedAt: now, LastSeenAt: now}
	_, err := s.changeSaved(ctx, userID, func(d *saved) error {
		if len(d.Searches) >= MaxSavedSearches {
			return apperr.New(apperr.Conflict, "you can keep at most %d searches; remove one first", MaxSavedSearches)
		}
		d.Searches = append(d.Searches, ss)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &ss, nil
}

// SavedSearches lists the learner's saved searches, oldest first.
func (s *Service) SavedSearches(ctx context.Context, userID string) ([]SavedSearch, error) {
	d, err := s.loadSaved(ctx, userID)
	if err != nil {
		return nil, err
	}
	return d.Searches, nil
}

// SavedSearch returns one of the learner's saved searches.
func (s *Service) SavedSearch(ctx context.Context, userID, id string) (*SavedSearch, error) {
	d, err := s.loadSaved(ctx, userID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(d.Searches, func(ss SavedSearch) bool { return ss.ID == id })
	if i < 0 {
		return nil, apperr.New(apperr.NotFound, "saved search not found")
	}
	return &d.Searches[i], nil
}

// MarkSearchSeen records that the learner looked at the search's results
// now and returns the time.
func (s *Service) MarkSearchSeen(ctx context.Context, userID, id string) (time.Time, error) {
	now := s.clock()
	_, err := s.changeSaved(ctx, userID, func(d *saved) error {
		i := slices.IndexFunc(d.Searches, func(ss SavedSearch) bool { return ss.ID == id })
		if i < 0 {
			return apperr.New(apperr.NotFound, "saved search not found")
		}
		d.Searches[i].LastSeenAt = now
		return nil
	})
	return now, err
}

// DeleteSearch forgets a saved search.
func (s *Service) DeleteSearch(ctx context.Context, userID, id string) error {
	_, err := s.changeSaved(ctx, userID, func(d *saved) error {
		n := len(d.Searches)
		d.Searches = slices.DeleteFunc(d.Searches, func(ss SavedSearch) bool { return ss.ID == id })
		if len(d.Searches) == n {
			return apperr.New(apperr.NotFound, "saved search not found")
		}
		return nil
	})
	return err
}
