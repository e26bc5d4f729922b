// Package mail sends the platform's e-mails: a Mailer interface with an SMTP
// implementation, an embedded default that writes each message as an .eml
// file under the data directory, an asynchronous outbox in front of either,
// and the German and English templates of every message we send.
package mail

import (
	"context"
	"errors"
	"strings"
)

// Message is one e-mail to one recipient. Text is required; HTML is an
// optional alternative part.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer sends messages. The account package depends on this interface: it
// is a true boundary with several implementations (SMTP, files, the outbox,
// and recording fakes in tests).
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// check rejects messages that could inject headers or have no body.
func (m Message) check() error {
	switch {
	case strings.ContainsAny(m.To, "\r\n"):
		return errors.New("mail: line break in recipient")
	case strings.ContainsAny(m.Subject, "\r\n"):
		return errors.New("mail: line break in subject")
	case m.Text == "":
		return errors.New("mail: empty text")
	}
	return nil
}
