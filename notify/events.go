package notify

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/mongodb"
)

// JobsNotifier is the hook the jobs service calls after a change; it only
// hands a copy to the worker (the jobs service may hold a lock).
func (s *Service) JobsNotifier() jobs.Notifier { return hooks{s} }

type hooks struct{ s *Service }

func (h hooks) ApplicationChanged(_ context.Context, a *jobs.Application) {
	c := *a
	c.History = slices.Clone(a.History)
	h.s.push(func(ctx context.Context) error { return h.s.handleApplication(ctx, &c) })
}

func (h hooks) PostingChanged(_ context.Context, p *jobs.Posting) {
	c := *p
	h.s.push(func(ctx context.Context) error { return h.s.handlePosting(ctx, &c) })
}

// push queues work for the worker; when the queue is full the work is
// dropped and the next recovery pass finds the change by its flag.
func (s *Service) push(fn func(context.Context) error) {
	select {
	case s.events <- fn:
	default:
		s.mu.Lock()
		s.dirty = true
		s.mu.Unlock()
	}
	s.Wake()
}

// handleApplication turns the application's history entries not yet
// handed over into notifications, then records them as handed over. The
// ids are derived from the application and the entry's position, so doing
// this twice (a hook and a recovery pass) stores each notification once.
func (s *Service) handleApplication(ctx context.Context, a *jobs.Application) error {
	for i := a.NotifiedThrough; i < len(a.History); i++ {
		e := a.History[i]
		d := Data{PostingID: a.PostingID, PostingTitle: a.PostingTitle, EmployerName: a.EmployerName, ApplicationID: a.ID,
			ApplicantName: a.ApplicantName, Status: string(e.Status), Message: e.Message}
		base := fmt.Sprintf("app:%s:%d", a.ID, i)
		var err error
		switch e.Status {
		case jobs.Received:
			d.Message = ""
			err = s.toOrg(ctx, a.OrgID, base, ApplicationReceived, d)
		case jobs.WithdrawnByApplicant:
			err = s.toOrg(ctx, a.OrgID, base, ApplicationWithdrawn, d)
		default:
			err = s.Enqueue(ctx, base+":"+a.UserID, a.UserID, ApplicationStatus, d)
		}
		if err != nil {
			return err
		}
	}
	if s.cfg.Jobs == nil {
		return nil
	}
	err := s.cfg.Jobs.MarkApplicationNotified(ctx, a.ID, len(a.History))
	if apperr.Is(err, apperr.NotFound) {
		return nil // deleted with its applicant's account
	}
	return err
}

// toOrg notifies every member of an organisation.
func (s *Service) toOrg(ctx context.Context, orgID, base string, ev Event, d Data) error {
	o, err := s.cfg.Accounts.Organisation(ctx, orgID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	members, err := s.cfg.Accounts.Members(ctx, o)
	if err != nil {
		return err
	}
	for _, m := range members {
		if err := s.Enqueue(ctx, base+":"+m.ID, m.ID, ev, d); err != nil {
			return err
		}
	}
	return nil
}

// handlePosting: a published posting waits for the next alert pass; an
// expired one tells its organisation.
func (s *Service) handlePosting(ctx context.Context, p *jobs.Posting) error {
	switch {
	case p.State == jobs.Published && p.PublishedAt != nil:
		s.mu.Lock()
		if s.pendingAlerts == nil {
			s.pendingAlerts = map[string]*jobs.Posting{}
		}
		if old, ok := s.pendingAlerts[p.ID]; !ok || old.Version <= p.Version {
			s.pendingAlerts[p.ID] = p
		}
		s.mu.Unlock()
		return nil
	case p.State == jobs.Expired && p.ValidThrough != nil:
		d := Data{PostingID: p.ID, PostingTitle: p.Title, EmployerName: p.Employer.Name, ValidThrough: p.ValidThrough}
		if err := s.toOrg(ctx, p.Employer.ID, fmt.Sprintf("expired:%s:%d", p.ID, p.ValidThrough.Unix()), PostingExpired, d); err != nil {
			return err
		}
	}
	return s.markPosting(ctx, p)
}

func (s *Service) markPosting(ctx context.Context, p *jobs.Posting) error {
	err := s.cfg.Jobs.MarkPostingNotified(ctx, p.ID, p.Version)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	return err
}

// Recover hands over every change whose intent to notify is stored but
// not yet handled (a crash between the change and the hook, or a dropped
// hook). It scans applications and postings by their flag, so it runs at
// start and then rarely.
func (s *Service) Recover(ctx context.Context) error {
	if s.cfg.Jobs == nil {
		return nil
	}
	s.mu.Lock()
	s.dirty = false
	s.mu.Unlock()
	apps, err := s.cfg.Jobs.NotifyDirtyApplications(ctx)
	if err != nil {
		return err
	}
	for _, a := range apps {
		if err := s.handleApplication(ctx, a); err != nil {
			return err
		}
	}
	ps, err := s.cfg.Jobs.NotifyDirtyPostings(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := s.handlePosting(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// AlertPass matches the postings published since the last pass against
// every saved search in memory (see Matcher), stores an alert per match
// and clears the postings' flags. It returns the number of alerts.
func (s *Service) AlertPass(ctx context.Context) (int, error) {
	s.mu.Lock()
	pending := s.pendingAlerts
	s.pendingAlerts = nil
	s.mu.Unlock()
	if len(pending) == 0 || s.cfg.Jobs == nil {
		return 0, nil
	}
	putBack := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.pendingAlerts == nil {
			s.pendingAlerts = map[string]*jobs.Posting{}
		}
		for id, p := range pending {
			if _, ok := s.pendingAlerts[id]; !ok {
				s.pendingAlerts[id] = p
			}
		}
	}
	var subs []Subscription
	err := s.cfg.Jobs.AllSavedSearches(ctx, func(batch []jobs.SavedSearchesOf) error {
		for _, u := range batch {
			for _, ss := range u.Searches {
				f, err := ParseFilter(ss.Query)
				if err != nil {
					s.log.Warn("notify: a saved search does not parse; skipped", "user", u.UserID, "search", ss.ID, "err", err)
					continue
				}
				subs = append(subs, Subscription{UserID: u.UserID, SearchID: ss.ID, Name: ss.Name, Query: ss.Query, CreatedAt: ss.CreatedAt, Filter: f})
			}
		}
		return nil
	})
	if err != nil {
		putBack()
		return 0, err
	}
	m := NewMatcher(subs)
	now := s.now()
	count := 0
	for id, p := range pending {
		if p.Public(now) {
			c := NewCandidate(p.JobDoc(), *p.PublishedAt)
			var matched []*Subscription
			m.Match(c, func(sub *Subscription) { matched = append(matched, sub) })
			for _, sub := range matched {
				d := Data{PostingID: p.ID, PostingTitle: p.Title, EmployerName: p.Employer.Name, City: p.Location.City,
					SearchID: sub.SearchID, SearchName: sub.Name, SearchQuery: sub.Query}
				if err := s.Enqueue(ctx, "alert:"+sub.UserID+":"+sub.SearchID+":"+p.ID, sub.UserID, SavedSearchAlert, d); err != nil {
					putBack()
					return count, err
				}
				count++
			}
		}
		if err := s.markPosting(ctx, p); err != nil {
			putBack()
			return count, err
		}
		delete(pending, id)
	}
	return count, nil
}

// ExpiringPass tells organisations about their postings that expire
// within three days (one notice per posting and valid-through date, so
// extending the posting earns a new notice later).
func (s *Service) ExpiringPass(ctx context.Context) error {
	if s.cfg.Jobs == nil {
		return nil
	}
	now := s.now()
	ps, err := s.cfg.Jobs.PostingsExpiringBefore(ctx, now.Add(ExpiringNotice))
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.ValidThrough == nil || !p.ValidThrough.After(now) {
			continue
		}
		base := fmt.Sprintf("expiring:%s:%d", p.ID, p.ValidThrough.Unix())
		// A marker per posting and date, written after the notices, keeps
		// each pass to one _id lookup per posting.
		if n, err := s.mks.CountDocuments(ctx, bson.D{{Key: "_id", Value: base}}); err != nil {
			return mongodb.Translate(err, "notifications")
		} else if n > 0 {
			continue
		}
		d := Data{PostingID: p.ID, PostingTitle: p.Title, EmployerName: p.Employer.Name, ValidThrough: p.ValidThrough}
		if err := s.toOrg(ctx, p.Employer.ID, base, PostingExpiring, d); err != nil {
			return err
		}
		if _, err := s.mks.InsertOne(ctx, bson.D{{Key: "_id", Value: base}, {Key: "kind", Value: "expiring"}, {Key: "at", Value: now}}); err != nil && !mongo.IsDuplicateKeyError(err) {
			return mongodb.Translate(err, "notifications")
		}
	}
	return nil
}
