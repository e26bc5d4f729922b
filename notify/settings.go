package notify

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// DefaultTimeZone is the time zone of digests unless the user picks one.
const DefaultTimeZone = "Europe/Berlin"

// DefaultDigestHour is the local hour digests go out at by default.
const DefaultDigestHour = 8

// Channel is how a user hears about one event.
type Channel struct {
	Mail      bool      `json:"mail" bson:"mail"`
	InApp     bool      `json:"inApp" bson:"inApp"`
	Frequency Frequency `json:"frequency" bson:"frequency"`
}

// Settings are a user's notification preferences.
type Settings struct {
	UserID     string            `json:"-" bson:"_id"`
	TimeZone   string            `json:"timeZone" bson:"timeZone"`
	DigestHour int               `json:"digestHour" bson:"digestHour"`
	Events     map[Event]Channel `json:"events" bson:"events"`
	// SavedSearches overrides the mail frequency of single saved searches
	// (saved search id → instant, daily, weekly or off).
	SavedSearches map[string]Frequency `json:"savedSearches" bson:"savedSearches"`
	UpdatedAt     *time.Time           `json:"updatedAt,omitempty" bson:"updatedAt,omitempty"`
}

// frequencies are the mail frequencies each event allows; the first is the
// default. Status changes go out at once (people wait for them); what can
// pile up goes out as a daily digest by default.
var frequencies = map[Event][]Frequency{
	ApplicationReceived:  {Daily, Instant},
	ApplicationStatus:    {Instant},
	ApplicationWithdrawn: {Instant, Daily},
	PostingExpiring:      {Instant, Daily},
	PostingExpired:       {Instant, Daily},
	SavedSearchAlert:     {Daily, Instant, Weekly},
	LearningUpdate:       {Weekly},
}

// Frequencies returns the mail frequencies an event allows, the default
// first.
func Frequencies(ev Event) []Frequency { return slices.Clone(frequencies[ev]) }

// DefaultSettings are the preferences of a user who never changed them:
// every event in the app and by mail, at its default frequency.
func DefaultSettings(userID string) *Settings {
	st := &Settings{UserID: userID, TimeZone: DefaultTimeZone, DigestHour: DefaultDigestHour, Events: map[Event]Channel{}, SavedSearches: map[string]Frequency{}}
	for _, ev := range Events {
		st.Events[ev] = Channel{Mail: true, InApp: true, Frequency: frequencies[ev][0]}
	}
	return st
}

// channel is the effective channel of an event (of a saved search's
// alerts, when searchID is set).
func (st *Settings) channel(ev Event, searchID string) Channel {
	ch, ok := st.Events[ev]
	if !ok {
		ch = DefaultSettings("").Events[ev]
	}
	if ev == SavedSearchAlert && searchID != "" {
		if f, ok := st.SavedSearches[searchID]; ok {
			if f == Off {
				ch.Mail = false
			} else {
				ch.Frequency = f
			}
		}
	}
	return ch
}

// Location is the user's time zone (the default when unknown).
func (st *Settings) Location() *time.Location {
	if loc, err := time.LoadLocation(st.TimeZone); err == nil {
		return loc
	}
	loc, _ := time.LoadLocation(DefaultTimeZone)
	return loc
}

var searchIDRe = regexp.MustCompile(`^s_[0-9a-f]{1,32}$`)

// Validate checks the preferences and names each problem by its JSON path.
func (st *Settings) Validate() error {
	var p apperr.Problems
	if st.TimeZone == "" {
		p.Add("timeZone", "is required (an IANA time zone such as Europe/Berlin)")
	} else if _, err := time.LoadLocation(st.TimeZone); err != nil || st.TimeZone == "Local" {
		p.Add("timeZone", "must be an IANA time zone such as Europe/Berlin")
	}
	if st.DigestHour < 0 || st.DigestHour > 23 {
		p.Add("digestHour", "must be an hour from 0 to 23")
	}
	for ev, ch := range st.Events {
		allowed, ok := frequencies[ev]
		if !ok {
			p.Add("events."+string(ev), "is not a notification event")
			continue
		}
		if !slices.Contains(allowed, ch.Frequency) {
			p.Add(fmt.Sprintf("events.%s.frequency", ev), "must be one of: "+joinFreq(allowed))
		}
	}
	if len(st.SavedSearches) > 100 {
		p.Add("savedSearches", "has too many entries")
	}
	for id, f := range st.SavedSearches {
		if !searchIDRe.MatchString(id) {
			p.Add("savedSearches."+id, "is not a saved search id")
		} else if !slices.Contains([]Frequency{Instant, Daily, Weekly, Off}, f) {
			p.Add("savedSearches."+id, "must be one of: instant, daily, weekly, off")
		}
	}
	return p.Err("invalid notification settings")
}

func joinFreq(fs []Frequency) string {
	out := ""
	for i, f := range fs {
		if i > 0 {
			out += ", "
		}
		out += string(f)
	}
	return out
}

// Settings returns the user's preferences, defaults filled in.
func (s *Service) Settings(ctx context.Context, userID string) (*Settings, error) {
	st := DefaultSettings(userID)
	var stored Settings
	err := s.settings.FindOne(ctx, bson.D{{Key: "_id", Value: userID}}).Decode(&stored)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return st, nil
	}
	if err != nil {
		return nil, mongodb.Translate(err, "notification settings")
	}
	st.TimeZone, st.DigestHour, st.UpdatedAt = stored.TimeZone, stored.DigestHour, stored.UpdatedAt
	for ev, ch := range stored.Events {
		if _, ok := frequencies[ev]; ok {
			st.Events[ev] = ch
		}
	}
	for id, f := range stored.SavedSearches {
		st.SavedSearches[id] = f
	}
	return st, nil
}

// PutSettings replaces the user's preferences; events left out keep their
// defaults.
func (s *Service) PutSettings(ctx context.Context, userID string, in Settings) (*Settings, error) {
	for ev, ch := range in.Events {
		if fs, ok := frequencies[ev]; ok && ch.Frequency == "" {
			ch.Frequency = fs[0]
			in.Events[ev] = ch
		}
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	st := DefaultSettings(userID)
	st.TimeZone, st.DigestHour = in.TimeZone, in.DigestHour
	for ev, ch := range in.Events {
		st.Events[ev] = ch
	}
	for id, f := range in.SavedSearches {
		st.SavedSearches[id] = f
	}
	defer s.locks.Lock("settings/" + userID)()
	return s.writeSettings(ctx, st)
}

func (s *Service) writeSettings(ctx context.Context, st *Settings) (*Settings, error) {
	now := s.now()
	st.UpdatedAt = &now
	_, err := s.settings.ReplaceOne(ctx, bson.D{{Key: "_id", Value: st.UserID}}, st, options.Replace().SetUpsert(true))
	if err != nil {
		return nil, mongodb.Translate(err, "notification settings")
	}
	return st, nil
}

// changeSettings edits the stored preferences under the user's lock.
func (s *Service) changeSettings(ctx context.Context, userID string, fn func(*Settings)) error {
	defer s.locks.Lock("settings/" + userID)()
	st, err := s.Settings(ctx, userID)
	if err != nil {
		return err
	}
	fn(st)
	_, err = s.writeSettings(ctx, st)
	return err
}
