// Package mail sends the platform's e-mails: a Mailer interface with an SMTP
// implementation, an embedded default that writes each message as an .eml
// file under the data directory, an asynchronous outbox in front of either,
// and the German and English templates of every message we send.
package mail

import (
	"context"
	"errors"
	"regexp"
	"strings"
)

// Message is one e-mail to one recipient. Text is required; HTML is an
// optional alternative part.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// Headers are extra header fields, such as List-Unsubscribe and
	// List-Unsubscribe-Post (RFC 8058); they cannot replace the fields
	// build writes.
	Headers map[string]string
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
	for k, v := range m.Headers {
		if !headerNameRe.MatchString(k) || strings.ContainsAny(v, "\r\n") {
			return errors.New("mail: bad extra header " + k)
		}
		switch strings.ToLower(k) {
		case "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding", "auto-submitted":
			return errors.New("mail: extra header " + k + " would replace one we write")
		}
	}
	return nil
}

// headerNameRe is what we accept as an extra header's name.
var headerNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,60}$`)
