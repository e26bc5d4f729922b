// Package notify tells people about what concerns them, by e-mail and on
// the site: applications received, moved or withdrawn, postings about to
// expire or expired, and new postings matching a saved search. Every
// notification has a deterministic id derived from the change that caused
// it, so writing it twice is harmless; the change itself carries the
// intent to notify (package jobs sets notifyDirty in the same write), so a
// crash between the change and the notification loses nothing. A sender
// worker mails instant notifications and digests at the recipient's hour,
// claiming each notification with a unique marker document first, so a
// retry or a second replica never mails it twice.
package notify

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"slices"
	"sync"
	"time"
	_ "time/tzdata" // time zones in distroless images too

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Collections.
const (
	CollNotifications = "notifications"         // {_id: deterministic id}: one notification to one user
	CollInbox         = "notification_inbox"    // {_id: userId, ids, unread}: the in-app list
	CollQueue         = "notification_queue"    // {_id: notification id}: waiting to be mailed
	CollSettings      = "notification_settings" // {_id: userId}
	CollMarkers       = "notification_markers"  // {_id: "mail:<id>:<n>" | "cap:..." | "unsub:..."}: claims by unique _id
)

// Event is a kind of notification.
type Event string

// The events people hear about.
const (
	ApplicationReceived  Event = "application_received"  // the organisation's members
	ApplicationStatus    Event = "application_status"    // the applicant
	ApplicationWithdrawn Event = "application_withdrawn" // the organisation's members
	PostingExpiring      Event = "posting_expiring"      // the organisation's members, 3 days ahead
	PostingExpired       Event = "posting_expired"       // the organisation's members
	SavedSearchAlert     Event = "saved_search"          // the learner, per saved search
)

// Events lists every event in display order.
var Events = []Event{ApplicationReceived, ApplicationStatus, ApplicationWithdrawn, PostingExpiring, PostingExpired, SavedSearchAlert, LearningUpdate}

// Frequency is how often mail about an event goes out.
type Frequency string

// Frequencies.
const (
	Instant Frequency = "instant"
	Daily   Frequency = "daily"
	Weekly  Frequency = "weekly"
	Off     Frequency = "off" // saved searches only: no mail at all
)

// MailState is where a notification's mail is.
type MailState string

// Mail states.
const (
	MailNone    MailState = "none"    // not to be mailed (preference)
	MailPending MailState = "pending" // queued
	MailSent    MailState = "sent"
	MailSkipped MailState = "skipped" // preference changed, unsubscribed or recipient gone before sending
)

// Data are the facts a notification is rendered from, in any language.
type Data struct {
	PostingID     string     `bson:"postingId,omitempty"`
	PostingTitle  string     `bson:"postingTitle,omitempty"`
	EmployerName  string     `bson:"employerName,omitempty"`
	City          string     `bson:"city,omitempty"`
	ApplicationID string     `bson:"applicationId,omitempty"`
	ApplicantName string     `bson:"applicantName,omitempty"`
	Status        string     `bson:"status,omitempty"`
	Message       string     `bson:"message,omitempty"`
	ValidThrough  *time.Time `bson:"validThrough,omitempty"`
	SearchID      string     `bson:"searchId,omitempty"`
	SearchName    string     `bson:"searchName,omitempty"`
	SearchQuery   string     `bson:"searchQuery,omitempty"`
	// Learning updates: the course or path (Item), the skill it now
	// teaches, and the learner's target role.
	CourseSlug string `bson:"courseSlug,omitempty"`
	PathSlug   string `bson:"pathSlug,omitempty"`
	Item       Text   `bson:"item,omitempty"`
	Skill      Text   `bson:"skill,omitempty"`
	Role       Text   `bson:"role,omitempty"`
}

// Notification is one thing one user hears about.
type Notification struct {
	ID        string     `bson:"_id"`
	UserID    string     `bson:"userId"`
	Event     Event      `bson:"event"`
	Data      Data       `bson:"data"`
	CreatedAt time.Time  `bson:"createdAt"`
	InApp     bool       `bson:"inApp"`
	ReadAt    *time.Time `bson:"readAt,omitempty"`

	Mail      MailState `bson:"mail"`
	Frequency Frequency `bson:"frequency,omitempty"`
	// Claims counts the send attempts claimed (markers mail:<id>:<n>).
	Claims        int        `bson:"claims"`
	ClaimedAt     *time.Time `bson:"claimedAt,omitempty"`
	NextAttemptAt time.Time  `bson:"nextAttemptAt"`
	LastError     string     `bson:"lastError,omitempty"`
	SentAt        *time.Time `bson:"sentAt,omitempty"`
}

// queueEntry is a notification waiting to be mailed.
type queueEntry struct {
	ID        string    `bson:"_id"`
	UserID    string    `bson:"userId"`
	Event     Event     `bson:"event"`
	SearchID  string    `bson:"searchId,omitempty"`
	Frequency Frequency `bson:"frequency"`
	CreatedAt time.Time `bson:"createdAt"`
	// NotBefore is when a digest entry may first be due (its digest hour
	// as the preferences stood when it was queued), so a pass skips
	// waiting digests without loading their recipients.
	NotBefore time.Time `bson:"notBefore"`
}

// Config are the service's dependencies and settings.
type Config struct {
	DB       *mongo.Database
	Accounts *account.Service
	// Jobs is the source of applications, postings and saved searches; nil
	// turns the job events off (tests of the sender alone).
	Jobs   *jobs.Service
	Mailer mail.Mailer
	// Content and Learners power the learning updates (courses for a gap,
	// new paths); either nil turns them off.
	Content  *content.Store
	Learners Learners
	// BaseURL is the site's public address, for links.
	BaseURL string
	// Key signs unsubscribe tokens (at least 32 bytes).
	Key    []byte
	Logger *slog.Logger
	// Now is the clock (default time.Now): digests go out at an hour of
	// the recipient's day, so tests move it.
	Now func() time.Time
	// DailyCap bounds the instant mails per user and day (default 20); the
	// rest waits for the next daily digest.
	DailyCap int
	// Lease is how long a claimed send may take before another sender
	// takes it over (default 5 minutes).
	Lease time.Duration
	// Backoff lists the waits after failed attempts (default 1 min, 5 min,
	// 30 min, 2 h, then 6 h each).
	Backoff []time.Duration
}

// Service stores, lists and sends notifications.
type Service struct {
	cfg                                Config
	notes, inbox, queue, settings, mks *mongo.Collection
	log                                *slog.Logger
	locks                              mongodb.DocLocks

	events        chan func(context.Context) error
	wakeCh        chan struct{}
	mu            sync.Mutex
	dirty         bool                     // a hook event was dropped: run recovery soon
	pendingAlerts map[string]*jobs.Posting // published postings waiting for the alert pass
	capNext       map[string]int           // user and day → the next free cap slot, as far as this process knows
}

// ExpiringNotice is how long before its valid-through date an organisation
// hears that a posting expires.
const ExpiringNotice = 3 * 24 * time.Hour

// New returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Accounts == nil || cfg.Mailer == nil {
		return nil, errors.New("notify: DB, Accounts and Mailer are required")
	}
	if len(cfg.Key) < 32 {
		return nil, errors.New("notify: the signing key must have at least 32 bytes")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.DailyCap <= 0 {
		cfg.DailyCap = 20
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if len(cfg.Backoff) == 0 {
		cfg.Backoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}
	}
	db := cfg.DB
	return &Service{cfg: cfg, notes: db.Collection(CollNotifications), inbox: db.Collection(CollInbox), queue: db.Collection(CollQueue),
		settings: db.Collection(CollSettings), mks: db.Collection(CollMarkers), log: cfg.Logger,
		events: make(chan func(context.Context) error, 1000), wakeCh: make(chan struct{}, 1)}, nil
}

// Indexes are the secondary indexes (deletion of an account and the
// queue's per-user reads on MongoDB).
func Indexes() []mongodb.Index {
	return []mongodb.Index{
		{Collection: CollNotifications, Keys: bson.D{{Key: "userId", Value: 1}}},
		{Collection: CollQueue, Keys: bson.D{{Key: "userId", Value: 1}}},
	}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Millisecond) }

// Wake asks the worker for a pass soon.
func (s *Service) Wake() {
	select {
	case s.wakeCh <- struct{}{}:
	default:
	}
}

// recipient is a user a notification goes to, with their preferences.
type recipient struct {
	user     *account.User
	settings *Settings
}

// Enqueue stores a notification for a user with the deterministic id,
// unless the user's preferences want neither channel, and queues its mail.
// Storing the same id again changes nothing (the first write wins), so a
// recovery pass that repeats a hook's work is harmless.
func (s *Service) Enqueue(ctx context.Context, id, userID string, ev Event, d Data) error {
	u, err := s.cfg.Accounts.User(ctx, userID)
	if apperr.Is(err, apperr.NotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		return err
	}
	st, err := s.Settings(ctx, userID)
	if err != nil {
		return err
	}
	return s.enqueue(ctx, id, recipient{user: u, settings: st}, ev, d)
}

func (s *Service) enqueue(ctx context.Context, id string, r recipient, ev Event, d Data) error {
	ch := r.settings.channel(ev, d.SearchID)
	if !ch.InApp && !ch.Mail {
		return nil
	}
	now := s.now()
	n := &Notification{ID: id, UserID: r.user.ID, Event: ev, Data: d, CreatedAt: now, InApp: ch.InApp, Mail: MailNone, NextAttemptAt: now}
	if ch.Mail {
		n.Mail, n.Frequency = MailPending, ch.Frequency
	}
	fresh := true
	if _, err := s.notes.InsertOne(ctx, n); err != nil {
		if !mongo.IsDuplicateKeyError(err) {
			return mongodb.Translate(err, "notification")
		}
		// Written before (a repeated hook or recovery): finish what a
		// crash may have left undone, from the stored state.
		fresh = false
		if err := s.notes.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(n); err != nil {
			return mongodb.Translate(err, "notification")
		}
	}
	if n.Mail == MailPending {
		e := queueEntry{ID: id, UserID: n.UserID, Event: n.Event, SearchID: n.Data.SearchID, Frequency: n.Frequency, CreatedAt: n.CreatedAt, NotBefore: n.CreatedAt}
		if n.Frequency != Instant {
			e.NotBefore = DigestAt(n.CreatedAt, n.Frequency, r.settings.Location(), r.settings.DigestHour)
		}
		_, err := s.queue.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$setOnInsert", Value: e}},
			options.UpdateOne().SetUpsert(true))
		if err != nil {
			return mongodb.Translate(err, "notification queue")
		}
		if n.Frequency == Instant {
			s.Wake()
		}
	}
	if n.InApp {
		if err := s.addToInbox(ctx, n.UserID, id, fresh || n.ReadAt == nil); err != nil {
			return err
		}
	}
	return nil
}

// inboxDoc is a user's in-app list: ids oldest first, and the unread ones.
type inboxDoc struct {
	ID     string   `bson:"_id"`
	IDs    []string `bson:"ids"`
	Unread []string `bson:"unread"`
}

// maxInbox bounds the in-app list; older entries drop off it.
const maxInbox = 500

func (s *Service) loadInbox(ctx context.Context, userID string) (*inboxDoc, error) {
	d := &inboxDoc{ID: userID}
	err := s.inbox.FindOne(ctx, bson.D{{Key: "_id", Value: userID}}).Decode(d)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, mongodb.Translate(err, "notifications")
	}
	return d, nil
}

func (s *Service) changeInbox(ctx context.Context, userID string, fn func(*inboxDoc) bool) error {
	defer s.locks.Lock("inbox/" + userID)()
	d, err := s.loadInbox(ctx, userID)
	if err != nil {
		return err
	}
	if !fn(d) {
		return nil
	}
	if d.IDs == nil {
		d.IDs = []string{}
	}
	if d.Unread == nil {
		d.Unread = []string{}
	}
	_, err = s.inbox.UpdateOne(ctx, bson.D{{Key: "_id", Value: userID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "ids", Value: d.IDs}, {Key: "unread", Value: d.Unread}}}}, options.UpdateOne().SetUpsert(true))
	return mongodb.Translate(err, "notifications")
}

func (s *Service) addToInbox(ctx context.Context, userID, id string, unread bool) error {
	return s.changeInbox(ctx, userID, func(d *inboxDoc) bool {
		if slices.Contains(d.IDs, id) {
			return false
		}
		d.IDs = append(d.IDs, id)
		if unread {
			d.Unread = append(d.Unread, id)
		}
		if over := len(d.IDs) - maxInbox; over > 0 {
			for _, old := range d.IDs[:over] {
				d.Unread = slices.DeleteFunc(d.Unread, func(x string) bool { return x == old })
			}
			d.IDs = slices.Clone(d.IDs[over:])
		}
		return true
	})
}

// Item is a notification as the site and the API show it, in one
// language.
type Item struct {
	ID        string
	Event     Event
	Title     string
	Body      string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// List returns a page of the user's notifications, newest first, and
// their total.
func (s *Service) List(ctx context.Context, userID, lang string, limit, page int) ([]Item, int, error) {
	d, err := s.loadInbox(ctx, userID)
	if err != nil {
		return nil, 0, err
	}
	ids := slices.Clone(d.IDs)
	slices.Reverse(ids)
	if limit <= 0 {
		limit = 20
	}
	if page <= 0 {
		page = 1
	}
	start := min((page-1)*limit, len(ids))
	out := []Item{}
	for _, id := range ids[start:min(len(ids), start+limit)] {
		var n Notification
		err := s.notes.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&n)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return nil, 0, mongodb.Translate(err, "notification")
		}
		out = append(out, s.item(&n, lang, !slices.Contains(d.Unread, id)))
	}
	return out, len(ids), nil
}

func (s *Service) item(n *Notification, lang string, read bool) Item {
	c := s.render(n, lang, nil)
	return Item{ID: n.ID, Event: n.Event, Title: c.title, Body: c.body, Link: c.link, CreatedAt: n.CreatedAt, Read: read}
}

// UnreadCount is the number of unread notifications (the bell).
func (s *Service) UnreadCount(ctx context.Context, userID string) (int, error) {
	d, err := s.loadInbox(ctx, userID)
	if err != nil {
		return 0, err
	}
	return len(d.Unread), nil
}

// MarkRead marks one of the user's notifications read; someone else's or
// an unknown id is not found.
func (s *Service) MarkRead(ctx context.Context, userID, id string) error {
	found := false
	err := s.changeInbox(ctx, userID, func(d *inboxDoc) bool {
		found = slices.Contains(d.IDs, id)
		n := len(d.Unread)
		d.Unread = slices.DeleteFunc(d.Unread, func(x string) bool { return x == id })
		return n != len(d.Unread)
	})
	if err != nil {
		return err
	}
	if !found {
		return apperr.New(apperr.NotFound, "notification not found")
	}
	_, err = s.notes.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: bson.D{{Key: "readAt", Value: s.now()}}}})
	return mongodb.Translate(err, "notification")
}

// MarkAllRead marks every notification of the user read and returns how
// many were unread.
func (s *Service) MarkAllRead(ctx context.Context, userID string) (int, error) {
	var was []string
	err := s.changeInbox(ctx, userID, func(d *inboxDoc) bool {
		was = d.Unread
		d.Unread = []string{}
		return len(was) > 0
	})
	if err != nil {
		return 0, err
	}
	now := s.now()
	for _, id := range was {
		if _, err := s.notes.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: bson.D{{Key: "readAt", Value: now}}}}); err != nil {
			return 0, mongodb.Translate(err, "notification")
		}
	}
	return len(was), nil
}

// DeleteUser removes a deleted account's notifications, pending mails,
// list and preferences, and the notifications others got about the
// account's applications (they name the applicant).
func (s *Service) DeleteUser(ctx context.Context, userID string) error {
	// Application ids end in ":<applicant's user id>" (jobs.ApplicationID).
	cur, err := s.notes.Find(ctx, bson.D{{Key: "data.applicationId", Value: bson.Regex{Pattern: ":" + regexp.QuoteMeta(userID) + "$"}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "userId", Value: 1}}))
	if err != nil {
		return mongodb.Translate(err, "notifications")
	}
	var about []struct {
		ID     string `bson:"_id"`
		UserID string `bson:"userId"`
	}
	if err := cur.All(ctx, &about); err != nil {
		return mongodb.Translate(err, "notifications")
	}
	for _, n := range about {
		if n.UserID == userID {
			continue // deleted below
		}
		err := s.changeInbox(ctx, n.UserID, func(d *inboxDoc) bool {
			d.IDs = slices.DeleteFunc(d.IDs, func(x string) bool { return x == n.ID })
			d.Unread = slices.DeleteFunc(d.Unread, func(x string) bool { return x == n.ID })
			return true
		})
		if err != nil {
			return err
		}
		for _, c := range []*mongo.Collection{s.queue, s.notes} {
			if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: n.ID}}); err != nil {
				return mongodb.Translate(err, "notifications")
			}
		}
	}
	for _, c := range []*mongo.Collection{s.queue, s.notes} {
		if _, err := c.DeleteMany(ctx, bson.D{{Key: "userId", Value: userID}}); err != nil {
			return mongodb.Translate(err, "notifications")
		}
	}
	for _, c := range []*mongo.Collection{s.inbox, s.settings} {
		if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: userID}}); err != nil {
			return mongodb.Translate(err, "notifications")
		}
	}
	return nil
}
