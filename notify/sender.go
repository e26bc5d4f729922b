package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// MailFailed is the state of a mail given up after MaxAttempts.
const MailFailed MailState = "failed"

// MaxAttempts bounds the send attempts of one notification.
const MaxAttempts = 10

// DigestAt returns when the digest holding a notification created at
// created goes out: the first digest hour strictly after it in the
// recipient's time zone (daily), or the first Monday at that hour
// (weekly).
func DigestAt(created time.Time, freq Frequency, loc *time.Location, hour int) time.Time {
	t := created.In(loc)
	at := time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, loc)
	if !at.After(t) {
		at = time.Date(t.Year(), t.Month(), t.Day()+1, hour, 0, 0, 0, loc)
	}
	if freq == Weekly {
		for at.Weekday() != time.Monday {
			at = time.Date(at.Year(), at.Month(), at.Day()+1, hour, 0, 0, 0, loc)
		}
	}
	return at
}

// SendPass mails what is due: each instant notification on its own, and
// for each user, event (saved search) and frequency one digest once its
// hour has come. It returns the number of mails sent.
func (s *Service) SendPass(ctx context.Context) (int, error) {
	cur, err := s.queue.Find(ctx, bson.D{})
	if err != nil {
		return 0, mongodb.Translate(err, "notification queue")
	}
	var entries []queueEntry
	if err := cur.All(ctx, &entries); err != nil {
		return 0, mongodb.Translate(err, "notification queue")
	}
	now := s.now()
	recipients := map[string]*recipient{}
	type groupKey struct {
		user, search string
		ev           Event
		freq         Frequency
	}
	groups := map[groupKey][]queueEntry{}
	var order []groupKey
	sent := 0
	for _, e := range entries {
		if e.Frequency != Instant && now.Before(e.NotBefore) {
			continue // a digest entry whose hour has not come
		}
		r, ok := recipients[e.UserID]
		if !ok {
			r, err = s.recipient(ctx, e.UserID)
			if err != nil {
				return sent, err
			}
			recipients[e.UserID] = r
		}
		if r == nil { // the account is gone
			if err := s.finish(ctx, e.ID, MailSkipped, ""); err != nil {
				return sent, err
			}
			continue
		}
		ch := r.settings.channel(e.Event, e.SearchID)
		if !ch.Mail {
			if err := s.finish(ctx, e.ID, MailSkipped, "mail turned off"); err != nil {
				return sent, err
			}
			continue
		}
		freq := e.Frequency
		if freq != ch.Frequency && ch.Frequency != Instant {
			freq = ch.Frequency // the user asked for a digest meanwhile
		}
		if freq == Instant {
			ok, err := s.sendInstant(ctx, r, e, now)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
			continue
		}
		k := groupKey{e.UserID, e.SearchID, e.Event, freq}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e)
	}
	for _, k := range order {
		es := groups[k]
		oldest := es[0].CreatedAt
		for _, e := range es {
			if e.CreatedAt.Before(oldest) {
				oldest = e.CreatedAt
			}
		}
		r := recipients[k.user]
		if now.Before(DigestAt(oldest, k.freq, r.settings.Location(), r.settings.DigestHour)) {
			continue
		}
		ok, err := s.sendDigest(ctx, r, k.ev, k.freq, es, now)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// recipient loads the user and preferences; nil when the account is gone.
func (s *Service) recipient(ctx context.Context, userID string) (*recipient, error) {
	u, err := s.cfg.Accounts.User(ctx, userID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || u.Email == "" {
		return nil, nil
	}
	st, err := s.Settings(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &recipient{user: u, settings: st}, nil
}

// load reads a notification that is still to be mailed and may be tried
// now; nil otherwise (a finished one also leaves the queue).
func (s *Service) loadDue(ctx context.Context, id string, now time.Time) (*Notification, error) {
	var n Notification
	err := s.notes.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&n)
	if errors.Is(err, mongo.ErrNoDocuments) {
		_, err := s.queue.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
		return nil, mongodb.Translate(err, "notification queue")
	}
	if err != nil {
		return nil, mongodb.Translate(err, "notification")
	}
	if n.Mail != MailPending {
		_, err := s.queue.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
		return nil, mongodb.Translate(err, "notification queue")
	}
	if now.Before(n.NextAttemptAt) || (n.ClaimedAt != nil && now.Sub(*n.ClaimedAt) < s.cfg.Lease) {
		return nil, nil
	}
	return &n, nil
}

// claim takes the next send attempt of n by inserting its unique marker
// mail:<id>:<attempt>. Of any number of senders (goroutines, replicas)
// reading the same state exactly one inserts it; the others get a
// duplicate key and leave the notification alone. A sender that dies
// after claiming leaves claimedAt behind; after the lease the next attempt
// is claimed with the next marker.
func (s *Service) claim(ctx context.Context, n *Notification, now time.Time) (bool, error) {
	for {
		marker := fmt.Sprintf("mail:%s:%d", n.ID, n.Claims)
		_, err := s.mks.InsertOne(ctx, bson.D{{Key: "_id", Value: marker}, {Key: "kind", Value: "mail"}, {Key: "at", Value: now}})
		if err == nil {
			break
		}
		if !mongo.IsDuplicateKeyError(err) {
			return false, mongodb.Translate(err, "notification claim")
		}
		// Taken. Normally by a sender at work right now; but if the marker
		// is older than the lease while the notification still counts it
		// as unclaimed, its sender died between the marker and recording
		// the claim: take the next attempt.
		var m struct {
			At time.Time `bson:"at"`
		}
		if err := s.mks.FindOne(ctx, bson.D{{Key: "_id", Value: marker}}).Decode(&m); err != nil {
			return false, mongodb.Translate(err, "notification claim")
		}
		if now.Sub(m.At) < s.cfg.Lease {
			return false, nil
		}
		n.Claims++
	}
	n.Claims++
	n.ClaimedAt = &now
	defer s.locks.Lock(n.ID)()
	_, err := s.notes.UpdateOne(ctx, bson.D{{Key: "_id", Value: n.ID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "claims", Value: n.Claims}, {Key: "claimedAt", Value: now}}}})
	return err == nil, mongodb.Translate(err, "notification")
}

// toDaily gives a claimed notification back without an attempt (over the
// daily cap): it moves to the next daily digest.
func (s *Service) toDaily(ctx context.Context, r *recipient, n *Notification, now time.Time) error {
	unlock := s.locks.Lock(n.ID)
	_, err := s.notes.UpdateOne(ctx, bson.D{{Key: "_id", Value: n.ID}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "frequency", Value: Daily}}}, {Key: "$unset", Value: bson.D{{Key: "claimedAt", Value: ""}}}})
	unlock()
	if err != nil {
		return mongodb.Translate(err, "notification")
	}
	_, err = s.queue.UpdateOne(ctx, bson.D{{Key: "_id", Value: n.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "frequency", Value: Daily},
		{Key: "notBefore", Value: DigestAt(now, Daily, r.settings.Location(), r.settings.DigestHour)}}}})
	return mongodb.Translate(err, "notification queue")
}

// takeCapSlot takes one of the user's instant mails of the local day
// (markers cap:<user>:<date>:<k>, k < DailyCap); false when all are taken.
func (s *Service) takeCapSlot(ctx context.Context, r *recipient, now time.Time) (bool, error) {
	day := r.user.ID + ":" + now.In(r.settings.Location()).Format("2006-01-02")
	s.mu.Lock()
	if s.capNext == nil {
		s.capNext = map[string]int{}
	}
	k := s.capNext[day]
	s.mu.Unlock()
	for ; k < s.cfg.DailyCap; k++ {
		_, err := s.mks.InsertOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("cap:%s:%d", day, k)}, {Key: "kind", Value: "cap"}, {Key: "at", Value: now}})
		if mongo.IsDuplicateKeyError(err) {
			continue
		}
		if err != nil {
			return false, mongodb.Translate(err, "notification cap")
		}
		s.mu.Lock()
		s.capNext[day] = k + 1
		s.mu.Unlock()
		return true, nil
	}
	s.mu.Lock()
	s.capNext[day] = k
	s.mu.Unlock()
	return false, nil
}

func (s *Service) sendInstant(ctx context.Context, r *recipient, e queueEntry, now time.Time) (bool, error) {
	n, err := s.loadDue(ctx, e.ID, now)
	if err != nil || n == nil {
		return false, err
	}
	if ok, err := s.claim(ctx, n, now); err != nil || !ok {
		return false, err
	}
	if ok, err := s.takeCapSlot(ctx, r, now); err != nil {
		return false, err
	} else if !ok {
		s.log.Info("notify: daily cap reached; the notification waits for the daily digest", "user", r.user.ID, "notification", n.ID)
		return false, s.toDaily(ctx, r, n, now)
	}
	return s.deliver(ctx, r, n.Event, Instant, []*Notification{n}, now)
}

func (s *Service) sendDigest(ctx context.Context, r *recipient, ev Event, freq Frequency, es []queueEntry, now time.Time) (bool, error) {
	var won []*Notification
	for _, e := range es {
		n, err := s.loadDue(ctx, e.ID, now)
		if err != nil {
			return false, err
		}
		if n == nil {
			continue
		}
		ok, err := s.claim(ctx, n, now)
		if err != nil {
			return false, err
		}
		if ok {
			won = append(won, n)
		}
	}
	if len(won) == 0 {
		return false, nil
	}
	return s.deliver(ctx, r, ev, freq, won, now)
}

// deliver mails claimed notifications and records the outcome.
func (s *Service) deliver(ctx context.Context, r *recipient, ev Event, freq Frequency, ns []*Notification, now time.Time) (bool, error) {
	sc := Scope{UserID: r.user.ID, Event: ev}
	if ev == SavedSearchAlert {
		sc.SearchID = ns[0].Data.SearchID
	}
	msg, err := s.buildMail(*r, ev, freq, ns, s.unsubscribeToken(sc))
	if err == nil {
		sendCtx, cancel := context.WithTimeout(ctx, time.Minute)
		err = s.cfg.Mailer.Send(sendCtx, msg)
		cancel()
	}
	if err != nil {
		s.log.Warn("notify: sending failed; will retry", "user", r.user.ID, "event", ev, "notifications", len(ns), "err", err)
		for _, n := range ns {
			if ferr := s.failed(ctx, n, now, err); ferr != nil {
				return false, ferr
			}
		}
		return false, nil
	}
	for _, n := range ns {
		if err := s.finish(ctx, n.ID, MailSent, ""); err != nil {
			return true, err
		}
	}
	return true, nil
}

// failed schedules the next attempt with backoff, or gives up.
func (s *Service) failed(ctx context.Context, n *Notification, now time.Time, cause error) error {
	if n.Claims >= MaxAttempts {
		s.log.Error("notify: giving up on a mail", "notification", n.ID, "attempts", n.Claims, "err", cause)
		return s.finish(ctx, n.ID, MailFailed, cause.Error())
	}
	wait := s.cfg.Backoff[min(n.Claims-1, len(s.cfg.Backoff)-1)]
	defer s.locks.Lock(n.ID)()
	_, err := s.notes.UpdateOne(ctx, bson.D{{Key: "_id", Value: n.ID}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "nextAttemptAt", Value: now.Add(wait)}, {Key: "lastError", Value: cause.Error()}}},
		{Key: "$unset", Value: bson.D{{Key: "claimedAt", Value: ""}}}})
	return mongodb.Translate(err, "notification")
}

// finish records a mail's final state and takes it off the queue.
func (s *Service) finish(ctx context.Context, id string, state MailState, reason string) error {
	set := bson.D{{Key: "mail", Value: state}}
	if state == MailSent {
		set = append(set, bson.E{Key: "sentAt", Value: s.now()})
	}
	if reason != "" {
		set = append(set, bson.E{Key: "lastError", Value: reason})
	}
	unlock := s.locks.Lock(id)
	_, err := s.notes.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}, {Key: "$unset", Value: bson.D{{Key: "claimedAt", Value: ""}}}})
	unlock()
	if err != nil {
		return mongodb.Translate(err, "notification")
	}
	_, err = s.queue.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mongodb.Translate(err, "notification queue")
}

// Cleanup removes claim and cap markers older than 60 days (their
// notifications are long finished) and used unsubscribe tokens past their
// lifetime.
func (s *Service) Cleanup(ctx context.Context) error {
	now := s.now()
	_, err := s.mks.DeleteMany(ctx, bson.D{{Key: "kind", Value: bson.D{{Key: "$in", Value: bson.A{"mail", "cap", "expiring"}}}},
		{Key: "at", Value: bson.D{{Key: "$lt", Value: now.Add(-60 * 24 * time.Hour)}}}})
	if err != nil {
		return mongodb.Translate(err, "notification markers")
	}
	_, err = s.mks.DeleteMany(ctx, bson.D{{Key: "kind", Value: "unsub"}, {Key: "at", Value: bson.D{{Key: "$lt", Value: now.Add(-UnsubscribeTTL - 24*time.Hour)}}}})
	return mongodb.Translate(err, "notification markers")
}

// Worker settings.
const (
	recoverEvery  = 10 * time.Minute
	expiringEvery = 30 * time.Minute
	cleanupEvery  = 24 * time.Hour
	learningEvery = time.Hour // the catalogue changes rarely; mail about it is weekly anyway
)

// Run is the worker: it handles the jobs hooks' work, recovers missed
// changes (at start and every 10 minutes), matches new postings against
// saved searches, sends due mails every interval (or when woken) unless
// send is false, and sweeps old markers, until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration, send bool) {
	if interval <= 0 {
		interval = 5 * time.Second
	}
	var lastRecover, lastExpiring, lastCleanup, lastLearning time.Time
	warn := func(what string, err error) {
		if err != nil && ctx.Err() == nil {
			s.log.Warn("notify: "+what+" failed", "err", err)
		}
	}
	for {
		for drained := false; !drained; {
			select {
			case fn := <-s.events:
				if err := fn(ctx); err != nil {
					warn("handling a change", err)
					s.mu.Lock()
					s.dirty = true
					s.mu.Unlock()
				}
			default:
				drained = true
			}
		}
		s.mu.Lock()
		dirty := s.dirty
		s.mu.Unlock()
		if ctx.Err() != nil {
			return
		}
		if dirty || time.Since(lastRecover) >= recoverEvery {
			err := s.Recover(ctx)
			warn("recovery", err)
			if err == nil {
				lastRecover = time.Now()
			}
		}
		_, err := s.AlertPass(ctx)
		warn("matching saved searches", err)
		if time.Since(lastLearning) >= learningEvery {
			_, err := s.LearningPass(ctx)
			warn("learning updates", err)
			if err == nil {
				lastLearning = time.Now()
			}
		}
		if time.Since(lastExpiring) >= expiringEvery {
			err := s.ExpiringPass(ctx)
			warn("expiry notices", err)
			if err == nil {
				lastExpiring = time.Now()
			}
		}
		if send {
			_, err := s.SendPass(ctx)
			warn("sending", err)
		}
		if time.Since(lastCleanup) >= cleanupEvery {
			warn("cleanup", s.Cleanup(ctx))
			lastCleanup = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wakeCh:
		case <-time.After(interval):
		}
	}
}
