package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/notify"
)

// needNotify answers 503 when the API runs without notifications.
func (s *server) needNotify(c *fiber.Ctx) error {
	if s.Notify == nil {
		return apperr.New(apperr.Unavailable, "notifications are not available")
	}
	return c.Next()
}

// NotificationView is one notification in the requested language.
type NotificationView struct {
	ID    string       `json:"id"`
	Event notify.Event `json:"event"`
	Title string       `json:"title"`
	Body  string       `json:"body"`
	// Link opens the thing itself on the site.
	Link      string    `json:"link"`
	CreatedAt time.Time `json:"createdAt"`
	Read      bool      `json:"read"`
}

// NotificationList is a page of notifications, newest first.
type NotificationList struct {
	Items  []NotificationView `json:"items"`
	Total  int                `json:"total"`
	Unread int                `json:"unread"`
	Page   int                `json:"page"`
	Limit  int                `json:"limit"`
	Lang   string             `json:"lang"`
}

// UnreadCount is the number on the bell.
type UnreadCount struct {
	Unread int `json:"unread"`
}

// MarkedRead says how many notifications were marked read.
type MarkedRead struct {
	Marked int `json:"marked"`
}

// UnsubscribeView says what an unsubscribe link turns off.
type UnsubscribeView struct {
	Event    notify.Event `json:"event"`
	SearchID string       `json:"searchId,omitempty"`
	// Description names the mails in the requested language.
	Description string `json:"description"`
	// Changed: on POST, whether this request turned them off (false when
	// the link had been used before); on GET, whether the link is unused.
	Changed bool   `json:"changed"`
	Lang    string `json:"lang"`
}

// listNotifications lists my notifications, newest first.
func (s *server) listNotifications() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "limit", "page")
		p := q.page()
		if err := q.err(); err != nil {
			return err
		}
		u := currentUser(c)
		items, total, err := s.Notify.List(c.UserContext(), u.ID, q.lang, p.Limit, p.Page)
		if err != nil {
			return err
		}
		unread, err := s.Notify.UnreadCount(c.UserContext(), u.ID)
		if err != nil {
			return err
		}
		out := NotificationList{Items: make([]NotificationView, 0, len(items)), Total: total, Unread: unread, Page: p.Page, Limit: p.Limit, Lang: q.lang}
		for _, it := range items {
			out.Items = append(out.Items, NotificationView{ID: it.ID, Event: it.Event, Title: it.Title, Body: it.Body, Link: it.Link, CreatedAt: it.CreatedAt, Read: it.Read})
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.JSON(out)
	}
}

// unreadNotifications answers the number of unread notifications.
func (s *server) unreadNotifications() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		n, err := s.Notify.UnreadCount(c.UserContext(), currentUser(c).ID)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.JSON(UnreadCount{Unread: n})
	}
}

// markNotificationRead marks one of my notifications read (idempotent).
func (s *server) markNotificationRead() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		if err := s.Notify.MarkRead(c.UserContext(), currentUser(c).ID, c.Params("id")); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// markAllNotificationsRead marks all my notifications read.
func (s *server) markAllNotificationsRead() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		n, err := s.Notify.MarkAllRead(c.UserContext(), currentUser(c).ID)
		if err != nil {
			return err
		}
		return c.JSON(MarkedRead{Marked: n})
	}
}

// getNotificationSettings answers my preferences, defaults filled in.
func (s *server) getNotificationSettings() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		st, err := s.Notify.Settings(c.UserContext(), currentUser(c).ID)
		if err != nil {
			return err
		}
		return c.JSON(st)
	}
}

// putNotificationSettings replaces my preferences.
func (s *server) putNotificationSettings() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		var in notify.Settings
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		st, err := s.Notify.PutSettings(c.UserContext(), currentUser(c).ID, in)
		if err != nil {
			return err
		}
		return c.JSON(st)
	}
}

// describeUnsubscribe says what a link's token turns off, changing nothing
// (mail scanners follow links on their own).
func (s *server) describeUnsubscribe() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "token")
		if err := q.err(); err != nil {
			return err
		}
		res, err := s.Notify.Describe(c.UserContext(), c.Query("token"), q.lang)
		if err != nil {
			return err
		}
		return c.JSON(unsubscribeView(res, q.lang))
	}
}

// unsubscribe turns the mails of the token's scope off, without signing in:
// the one-click POST of RFC 8058 (body List-Unsubscribe=One-Click, which is
// not required) and the button of the unsubscribe page.
func (s *server) unsubscribe() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Notify == nil { // registered with its limiter only (see routes.go)
			return apperr.New(apperr.Unavailable, "notifications are not available")
		}
		q := newQuery(c, "token")
		if err := q.err(); err != nil {
			return err
		}
		res, err := s.Notify.Unsubscribe(c.UserContext(), c.Query("token"), q.lang)
		if err != nil {
			return err
		}
		return c.JSON(unsubscribeView(res, q.lang))
	}
}

func unsubscribeView(r *notify.UnsubscribeResult, lang string) UnsubscribeView {
	return UnsubscribeView{Event: r.Scope.Event, SearchID: r.Scope.SearchID, Description: r.What, Changed: r.Changed, Lang: lang}
}

// NotificationsExport is my notification data in the export of my account.
type NotificationsExport struct {
	Settings *notify.Settings   `json:"settings"`
	Items    []NotificationView `json:"items"`
}

func (s *server) notificationsExport(ctx context.Context, userID, lang string) (*NotificationsExport, error) {
	st, err := s.Notify.Settings(ctx, userID)
	if err != nil {
		return nil, err
	}
	items, _, err := s.Notify.List(ctx, userID, lang, 500, 1)
	if err != nil {
		return nil, err
	}
	out := &NotificationsExport{Settings: st, Items: make([]NotificationView, 0, len(items))}
	for _, it := range items {
		out.Items = append(out.Items, NotificationView{ID: it.ID, Event: it.Event, Title: it.Title, Body: it.Body, Link: it.Link, CreatedAt: it.CreatedAt, Read: it.Read})
	}
	return out, nil
}
