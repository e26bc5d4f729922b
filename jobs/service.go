package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Collections. Embedded FerretDB only pushes a filter that is exactly
// {_id: ...} down to SQLite (any other filter decodes every document), so
// every hot path is an _id lookup and lists are kept in small index
// documents (see docs/ARCHITECTURE.md, "Jobs").
const (
	CollPostings     = "job_postings"
	CollOrgPostings  = "org_postings"      // {_id: orgId, ids: [postingId...]}
	CollSearchQueue  = "jobs_search_queue" // {_id: postingId}: written after each posting write
	CollApplications = "applications"      // {_id: postingId + ":" + userId}
	CollCVs          = "application_cvs"   // {_id: applicationId, data: binary}
	CollPostingApps  = "posting_applications"
	CollUserApps     = "user_applications"
	CollSaved        = "saved"           // {_id: userId}: saved postings and searches
	CollInsights     = "salary_insights" // {_id: role + ":" + region}
)

// OrgLookup returns the organisation a posting is published under.
type OrgLookup func(ctx context.Context, id string) (Employer, error)

// AccountOrgs looks organisations up in the account service.
func AccountOrgs(acc *account.Service) OrgLookup {
	return func(ctx context.Context, id string) (Employer, error) {
		o, err := acc.Organisation(ctx, id)
		if err != nil {
			return Employer{}, err
		}
		return Employer{ID: o.ID, Name: o.Name, Website: o.Website}, nil
	}
}

// Config are the service's dependencies.
type Config struct {
	DB      *mongo.Database
	Content *content.Store
	// Orgs looks up the organisation of a posting; nil makes every write
	// unavailable (for commands that only read postings).
	Orgs OrgLookup
	// Snapshot builds the skills and training snapshot an applicant may
	// attach; nil attaches only what the account knows (the target role).
	Snapshot SnapshotSource
	Logger   *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// SingleWriter says no other process writes the database: embedded
	// FerretDB, whose data directory the process holds locked (see
	// mongodb.IsFerretDB). Conditional writes then select by _id alone.
	SingleWriter bool
}

// Service implements postings, applications, saved items and insights.
type Service struct {
	db                               *mongo.Database
	postings, orgPostings, queue     *mongo.Collection
	apps, cvs, postingApps, userApps *mongo.Collection
	saved, insights                  *mongo.Collection
	content                          *content.Store
	orgs                             OrgLookup
	snapshot                         SnapshotSource
	log                              *slog.Logger
	now                              func() time.Time
	render                           *Renderer
	locks                            mongodb.DocLocks
	// insightsMem holds the salary insights for reads (see Insights).
	insightsMem  insightsMemory
	singleWriter bool

	mu           sync.Mutex
	wake         func()
	notifier     Notifier
	lastFullScan time.Time
}

// New returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Content == nil {
		return nil, errors.New("jobs: DB and Content are required")
	}
	if cfg.Orgs == nil {
		// Commands that only read postings (reindex) run without accounts.
		cfg.Orgs = func(context.Context, string) (Employer, error) {
			return Employer{}, apperr.New(apperr.Unavailable, "organisations are not available")
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	db := cfg.DB
	return &Service{
		db: db, postings: db.Collection(CollPostings), orgPostings: db.Collection(CollOrgPostings), queue: db.Collection(CollSearchQueue),
		apps: db.Collection(CollApplications), cvs: db.Collection(CollCVs), postingApps: db.Collection(CollPostingApps),
		userApps: db.Collection(CollUserApps), saved: db.Collection(CollSaved), insights: db.Collection(CollInsights),
		content: cfg.Content, orgs: cfg.Orgs, snapshot: cfg.Snapshot, log: cfg.Logger, now: cfg.Now, singleWriter: cfg.SingleWriter,
		render: NewRenderer(),
	}, nil
}

// SetSearchWake registers the function that asks the search sync worker
// for a pass after a posting changed (the worker is built after the
// service, as the service is one of its sources).
func (s *Service) SetSearchWake(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wake = fn
}

func (s *Service) wakeSearch() {
	s.mu.Lock()
	fn := s.wake
	s.mu.Unlock()
	if fn != nil {
		fn()
	}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func newID(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Indexes are the secondary indexes of the jobs collections. Request paths
// go by _id; these keep the periodic jobs cheap on MongoDB.
func Indexes() []mongodb.Index {
	return []mongodb.Index{
		{Collection: CollPostings, Keys: bson.D{{Key: "searchDirty", Value: 1}}},
		{Collection: CollPostings, Keys: bson.D{{Key: "state", Value: 1}, {Key: "validThrough", Value: 1}}},
	}
}

// prepare validates in against the catalogue and fills the derived fields
// of p (rendered description, role title, skill names).
func (s *Service) prepare(ctx context.Context, p *Posting, in Input) ([]Warning, error) {
	var probs apperr.Problems
	// Only a published posting must be complete; a draft (or a closed or
	// expired posting, which may be a withdrawn draft) may lack what
	// publishing requires, and Publish checks it.
	if p.State == Published {
		probs.Merge("", in.Validate())
	} else {
		probs.Merge("", in.ValidateDraft())
	}
	if slugRe.MatchString(in.Role) {
		r, err := s.content.Role(ctx, in.Role)
		switch {
		case apperr.Is(err, apperr.NotFound):
			probs.Add("role", "no role profile with this slug")
		case err != nil:
			return nil, err
		default:
			p.RoleTitle = r.Title.DE
		}
	}
	slugs := make([]string, 0, len(in.Skills))
	for _, sk := range in.Skills {
		slugs = append(slugs, sk.Slug)
	}
	p.SkillNames = []string{}
	if len(slugs) > 0 {
		known, err := s.content.SkillsBySlug(ctx, slugs)
		if err != nil {
			return nil, err
		}
		for i, slug := range slugs {
			if sk, ok := known[slug]; ok {
				p.SkillNames = append(p.SkillNames, sk.Name.DE)
			} else {
				probs.Add(fmt.Sprintf("skills[%d].slug", i), "no skill with this slug in the catalogue")
			}
		}
	}
	now := s.clock()
	if in.ValidThrough != nil {
		vt := in.ValidThrough.UTC()
		in.ValidThrough = &vt
		// Only a draft's date is checked here: a published posting's date
		// changes by extending it (Update refuses a change), and a closed
		// or expired one keeps its past date until it is republished.
		switch draft := p.State == Draft || p.State == ""; {
		case draft && !vt.After(now):
			probs.Add("validThrough", "must be in the future")
		case draft && vt.Sub(now) > MaxValidity:
			probs.Add("validThrough", "must be within a year")
		}
	}
	if err := probs.Err("invalid posting"); err != nil {
		return nil, err
	}
	p.Input = in
	p.DescriptionHTML = s.render.HTML(in.Description)
	return Quality(&p.Input, PlainText(p.DescriptionHTML), now), nil
}

// Preview validates in and returns the posting it would make, unsaved.
func (s *Service) Preview(ctx context.Context, orgID string, in Input) (*Posting, []Warning, error) {
	emp, err := s.orgs(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	p := &Posting{ID: "preview", Employer: emp, State: Draft, History: []HistoryEntry{}}
	w, err := s.prepare(ctx, p, in)
	if err != nil {
		return nil, nil, err
	}
	return p, w, nil
}

// Create stores a new draft of the organisation.
func (s *Service) Create(ctx context.Context, orgID, userID string, in Input) (*Posting, []Warning, error) {
	emp, err := s.orgs(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	now := s.clock()
	p := &Posting{ID: newID("p_"), Employer: emp, State: Draft, CreatedBy: userID, CreatedAt: now, UpdatedAt: now,
		History: []HistoryEntry{{State: Draft, At: now, By: userID}}}
	w, err := s.prepare(ctx, p, in)
	if err != nil {
		return nil, nil, err
	}
	if err := s.insert(ctx, p); err != nil {
		return nil, nil, err
	}
	return p, w, nil
}

// insert stores a new posting and lists it under its organisation. The
// posting comes first: a crash in between leaves an unlisted draft, never a
// listed id without a posting.
func (s *Service) insert(ctx context.Context, p *Posting) error {
	p.Version = 1
	if _, err := s.postings.InsertOne(ctx, p); err != nil {
		return mongodb.Translate(err, "posting")
	}
	defer s.locks.Lock(p.Employer.ID)()
	_, err := s.orgPostings.UpdateOne(ctx, bson.D{{Key: "_id", Value: p.Employer.ID}},
		bson.D{{Key: "$addToSet", Value: bson.D{{Key: "ids", Value: p.ID}}}}, options.UpdateOne().SetUpsert(true))
	return mongodb.Translate(err, "organisation postings")
}

// load reads a posting by id.
func (s *Service) load(ctx context.Context, id string) (*Posting, error) {
	var p Posting
	if err := s.postings.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&p); err != nil {
		return nil, mongodb.Translate(err, "posting")
	}
	if p.DeletedAt != nil {
		return nil, apperr.New(apperr.NotFound, "posting not found")
	}
	return &p, nil
}

// save writes p back (the caller holds its lock and has changed it): the
// new state, version+1 and searchDirty in one update, so the intent to
// re-index is atomic with the change; then the search queue entry that
// lets the sync worker find it without scanning.
func (s *Service) save(ctx context.Context, p *Posting) error {
	p.SearchDirty = true
	raw, err := bson.Marshal(p)
	if err != nil {
		return err
	}
	var set bson.D
	if err := bson.Unmarshal(raw, &set); err != nil {
		return err
	}
	set = slices.DeleteFunc(set, func(e bson.E) bool { return e.Key == "_id" || e.Key == "version" || e.Key == "indexedVersion" })
	unset := bson.D{}
	for _, k := range []string{"validThrough", "closeReason", "closedAt", "publishedAt", "contact", "education", "startDate"} {
		if !slices.ContainsFunc(set, func(e bson.E) bool { return e.Key == k }) {
			unset = append(unset, bson.E{Key: k, Value: ""})
		}
	}
	update := bson.D{{Key: "$set", Value: set}, {Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}}}
	if len(unset) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: unset})
	}
	// Only over the revision it was read at: a write that came in between
	// (another replica, or a process without our lock) is not overwritten.
	filter := bson.D{{Key: "_id", Value: p.ID}}
	if p.Version > 0 { // (a posting stored before versions has none)
		filter = s.versionFilter(p.ID, p.Version)
	}
	res, err := s.postings.UpdateOne(ctx, filter, update)
	if err != nil {
		return mongodb.Translate(err, "posting")
	}
	if res.MatchedCount == 0 {
		n, err := s.postings.CountDocuments(ctx, bson.D{{Key: "_id", Value: p.ID}})
		if err == nil && n > 0 {
			return staleRevision(p.Version)
		}
		return apperr.New(apperr.NotFound, "posting not found")
	}
	p.Version++
	s.enqueue(ctx, p.ID)
	return nil
}

// versionFilter selects posting id only while it is at version, for a
// write by a caller holding the posting's lock: {_id, version}, as
// replicas write concurrently. With Config.SingleWriter (embedded FerretDB)
// it is {_id} alone: FerretDB pushes only that filter down to SQLite (with
// the version it decodes every posting, seconds at 10,000 of them), and as
// every write to a posting in this one process holds the posting's lock,
// the version read under the lock is still the stored one.
func (s *Service) versionFilter(id string, version int64) bson.D {
	if s.singleWriter {
		return bson.D{{Key: "_id", Value: id}}
	}
	return bson.D{{Key: "_id", Value: id}, {Key: "version", Value: version}}
}

// enqueue records that a posting needs the search sync. A failure here is
// only logged: the posting is already marked searchDirty, which the full
// scan of the sync source finds.
func (s *Service) enqueue(ctx context.Context, id string) {
	_, err := s.queue.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: s.clock()}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		s.log.Warn("jobs: search queue write failed; the full scan will catch the posting", "posting", id, "err", err)
	}
	s.wakeSearch()
}

// owned loads a posting of the organisation; another organisation's
// posting is not found, like a missing one. A published posting past its
// valid-through time is expired on the way.
func (s *Service) owned(ctx context.Context, orgID, id string) (*Posting, error) {
	p, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Employer.ID != orgID {
		return nil, apperr.New(apperr.NotFound, "posting not found")
	}
	return s.expireIfDue(ctx, p)
}

// Posting returns a posting of the organisation.
func (s *Service) Posting(ctx context.Context, orgID, id string) (*Posting, error) {
	return s.owned(ctx, orgID, id)
}

// change runs fn on the organisation's posting under its lock and saves it.
func (s *Service) change(ctx context.Context, orgID, id string, fn func(p *Posting, now time.Time) error) (*Posting, error) {
	defer s.locks.Lock(id)()
	p, err := s.owned(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if err := fn(p, now); err != nil {
		return nil, err
	}
	p.UpdatedAt = now
	if err := s.save(ctx, p); err != nil {
		return nil, err
	}
	if p.NotifyDirty {
		s.notifyPosting(ctx, p)
	}
	return p, nil
}

// ErrStale is the cause of the Conflict error of a write over a revision
// that is no longer the posting's.
var ErrStale = errors.New("stale revision")

func staleRevision(rev int64) error {
	return apperr.Wrap(apperr.Conflict, ErrStale, "the posting has changed since revision %d; load it again and reapply your change", rev)
}

// Update changes the posting's fields: patch edits a copy of its input
// (under the posting's lock), which is then validated as a whole. The
// employer copy is refreshed, so a renamed organisation shows on the next
// edit.
func (s *Service) Update(ctx context.Context, orgID, id string, patch func(*Input) error) (*Posting, []Warning, error) {
	return s.UpdateAt(ctx, orgID, id, 0, patch)
}

// UpdateAt is Update at a revision: when revision is not 0 and the posting
// is no longer at it (someone saved in between), nothing changes and the
// error is a Conflict wrapping ErrStale. The revision is Posting.Version.
func (s *Service) UpdateAt(ctx context.Context, orgID, id string, revision int64, patch func(*Input) error) (*Posting, []Warning, error) {
	var w []Warning
	p, err := s.change(ctx, orgID, id, func(p *Posting, now time.Time) error {
		if revision != 0 && p.Version != revision {
			return staleRevision(revision)
		}
		in := cloneInput(p.Input)
		if err := patch(&in); err != nil {
			return err
		}
		if p.State == Published && !equalTime(in.ValidThrough, p.ValidThrough) {
			return apperr.Field("validThrough", "of a published posting changes by extending it (POST .../extend)")
		}
		var err error
		if w, err = s.prepare(ctx, p, in); err != nil {
			return err
		}
		if emp, err := s.orgs(ctx, orgID); err == nil {
			p.Employer = emp
		}
		return nil
	})
	return p, w, err
}

func equalTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// cloneInput copies in deeply enough that a failed patch leaves the
// original untouched.
func cloneInput(in Input) Input {
	in.Tasks = slices.Clone(in.Tasks)
	in.Benefits = slices.Clone(in.Benefits)
	in.Skills = slices.Clone(in.Skills)
	if in.Contact != nil {
		c := *in.Contact
		in.Contact = &c
	}
	if in.ValidThrough != nil {
		v := *in.ValidThrough
		in.ValidThrough = &v
	}
	return in
}

// Publish publishes a draft, or republishes a closed or expired posting,
// until validThrough (nil: the posting's own date if still ahead, else
// DefaultValidity from now). It returns the quality warnings again; they
// never block publishing.
func (s *Service) Publish(ctx context.Context, orgID, userID, id string, validThrough *time.Time) (*Posting, []Warning, error) {
	var w []Warning
	p, err := s.change(ctx, orgID, id, func(p *Posting, now time.Time) error {
		if p.State == Published {
			return apperr.New(apperr.Conflict, "the posting is already published; extend it to change its valid-through date")
		}
		// Everything publishing requires (Google for Jobs' fields, the
		// salary) must be there; each missing field is named.
		in := cloneInput(p.Input)
		if err := in.Validate(); err != nil {
			return err
		}
		vt, err := s.validThrough(validThrough, p.ValidThrough, now)
		if err != nil {
			return err
		}
		if emp, err := s.orgs(ctx, orgID); err == nil {
			p.Employer = emp
		}
		p.ValidThrough = &vt
		p.State, p.CloseReason, p.ClosedAt = Published, "", nil
		p.PublishedAt = &now
		p.NotifyDirty = true // saved-search alerts, in the same write
		if p.FirstPublishedAt == nil {
			p.FirstPublishedAt = &now
		}
		p.History = append(p.History, HistoryEntry{State: Published, At: now, By: userID})
		w = Quality(&p.Input, PlainText(p.DescriptionHTML), now)
		return nil
	})
	return p, w, err
}

// validThrough picks and checks a valid-through time.
func (s *Service) validThrough(asked, current *time.Time, now time.Time) (time.Time, error) {
	switch {
	case asked != nil:
		vt := asked.UTC()
		if !vt.After(now) {
			return vt, apperr.Field("validThrough", "must be in the future")
		}
		if vt.Sub(now) > MaxValidity {
			return vt, apperr.Field("validThrough", "must be within a year")
		}
		return vt, nil
	case current != nil && current.After(now):
		return current.UTC(), nil
	default:
		return now.Add(DefaultValidity), nil
	}
}

// Close ends a published posting as filled or withdrawn; it leaves search.
// A draft can be withdrawn too (it is then kept, closed, for the record).
func (s *Service) Close(ctx context.Context, orgID, userID, id, reason string) (*Posting, error) {
	if reason != Filled && reason != Withdrawn {
		return nil, apperr.Field("reason", "must be filled or withdrawn")
	}
	return s.change(ctx, orgID, id, func(p *Posting, now time.Time) error {
		switch {
		case p.State == Closed:
			return apperr.New(apperr.Conflict, "the posting is already closed")
		case p.State == Draft && reason == Filled:
			return apperr.New(apperr.Conflict, "a draft was never published, so it cannot be filled; withdraw it")
		}
		p.State, p.CloseReason, p.ClosedAt = Closed, reason, &now
		p.History = append(p.History, HistoryEntry{State: Closed, Reason: reason, At: now, By: userID})
		return nil
	})
}

// Extend moves a published posting's valid-through date.
func (s *Service) Extend(ctx context.Context, orgID, userID, id string, validThrough time.Time) (*Posting, error) {
	return s.change(ctx, orgID, id, func(p *Posting, now time.Time) error {
		if p.State != Published {
			return apperr.New(apperr.Conflict, "only a published posting can be extended; publish it again (POST .../publish)")
		}
		vt, err := s.validThrough(&validThrough, nil, now)
		if err != nil {
			return err
		}
		p.ValidThrough = &vt
		p.History = append(p.History, HistoryEntry{State: Published, Reason: "extended", At: now, By: userID})
		return nil
	})
}

// Duplicate copies a posting of the organisation into a new draft.
func (s *Service) Duplicate(ctx context.Context, orgID, userID, id string) (*Posting, []Warning, error) {
	src, err := s.owned(ctx, orgID, id)
	if err != nil {
		return nil, nil, err
	}
	in := cloneInput(src.Input)
	in.ValidThrough = nil
	return s.Create(ctx, orgID, userID, in)
}

// List returns a page of the organisation's postings, newest first, and
// their total.
func (s *Service) List(ctx context.Context, orgID string, limit, page int) ([]*Posting, int, error) {
	ids, err := s.idList(ctx, s.orgPostings, orgID)
	if err != nil {
		return nil, 0, err
	}
	slices.Reverse(ids)
	out := []*Posting{}
	for _, id := range pageOf(ids, limit, page) {
		p, err := s.owned(ctx, orgID, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, len(ids), nil
}

// pageOf returns a page of ids; limit 0 means all.
func pageOf(ids []string, limit, page int) []string {
	if limit <= 0 {
		return ids
	}
	if page <= 0 {
		page = 1
	}
	start := (page - 1) * limit
	if start >= len(ids) {
		return nil
	}
	return ids[start:min(len(ids), start+limit)]
}

// idList reads the ids of an index document.
func (s *Service) idList(ctx context.Context, coll *mongo.Collection, id string) ([]string, error) {
	var doc struct {
		IDs []string `bson:"ids"`
	}
	err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, mongodb.Translate(err, "list")
	}
	return doc.IDs, nil
}

// PublicPosting returns a posting as the public may see it: published and
// not expired. Drafts and unknown ids are not found; closed and expired
// postings are Gone, and the message says which.
func (s *Service) PublicPosting(ctx context.Context, id string) (*Posting, error) {
	p, err := s.load(ctx, id)
	if err != nil {
		return nil, apperr.New(apperr.NotFound, "posting not found")
	}
	if p, err = s.expireIfDue(ctx, p); err != nil {
		return nil, err
	}
	switch p.State {
	case Published:
		return p, nil
	case Closed:
		return p, &GoneError{State: Closed, Reason: p.CloseReason}
	case Expired:
		return p, &GoneError{State: Expired}
	default:
		return nil, apperr.New(apperr.NotFound, "posting not found")
	}
}

// GoneError says a posting is no longer open, and why.
type GoneError struct {
	State  State
	Reason string
}

func (e *GoneError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("this posting is %s (%s)", e.State, e.Reason)
	}
	return fmt.Sprintf("this posting is %s", e.State)
}

// Unwrap makes the error a Gone application error.
func (e *GoneError) Unwrap() error { return apperr.New(apperr.Gone, "%s", e.Error()) }

// expireIfDue expires a published posting whose valid-through time has
// passed, so every read sees the truth even before the periodic job runs.
func (s *Service) expireIfDue(ctx context.Context, p *Posting) (*Posting, error) {
	now := s.clock()
	if !p.Due(now) {
		return p, nil
	}
	if err := s.expire(ctx, p.ID); err != nil {
		return nil, err
	}
	q, err := s.load(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return q, nil
}

// expire marks one posting expired if it is still published and due.
func (s *Service) expire(ctx context.Context, id string) error {
	defer s.locks.Lock(id)()
	p, err := s.load(ctx, id)
	if err != nil {
		return err
	}
	now := s.clock()
	if !p.Due(now) {
		return nil
	}
	p.State = Expired
	p.UpdatedAt = now
	p.History = append(p.History, HistoryEntry{State: Expired, At: *p.ValidThrough, By: "system"})
	p.NotifyDirty = true // the organisation hears of it, in the same write
	if err := s.save(ctx, p); err != nil {
		return err
	}
	s.notifyPosting(ctx, p)
	return nil
}

// ExpireDue expires every published posting past its valid-through time
// and returns how many. It scans the published postings; run it
// periodically (RunPeriodic).
func (s *Service) ExpireDue(ctx context.Context) (int, error) {
	cur, err := s.postings.Find(ctx, bson.D{{Key: "state", Value: Published}, {Key: "validThrough", Value: bson.D{{Key: "$lte", Value: s.clock()}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return 0, mongodb.Translate(err, "postings")
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return 0, mongodb.Translate(err, "postings")
	}
	for _, d := range docs {
		if err := s.expire(ctx, d.ID); err != nil {
			return 0, err
		}
	}
	return len(docs), nil
}

// RenderDescription renders a posting's Markdown description to the
// sanitised HTML the job page shows (for previews of unsaved text).
func (s *Service) RenderDescription(markdown string) string { return s.render.HTML(markdown) }

// Warnings are the quality warnings of a stored posting.
func (s *Service) Warnings(p *Posting) []Warning {
	return Quality(&p.Input, PlainText(p.DescriptionHTML), s.clock())
}

// RunPeriodic expires due postings and recomputes the salary insights every
// interval until ctx ends.
func (s *Service) RunPeriodic(ctx context.Context, interval time.Duration) {
	for {
		if n, err := s.ExpireDue(ctx); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("jobs: expiring postings failed", "err", err)
			}
		} else if n > 0 {
			s.log.Info("jobs: expired postings", "count", n)
		}
		if _, err := s.ComputeInsights(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("jobs: computing salary insights failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
