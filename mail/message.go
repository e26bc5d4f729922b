package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// envelope is what an SMTP transaction needs besides the message bytes.
type envelope struct {
	From, To string
}

// build renders m as an RFC 5322 message from the sender from (e.g.
// "Laufbahn <noreply@laufbahn.local>"): CRLF line endings, Date and
// Message-ID, an RFC 2047 encoded subject and UTF-8 quoted-printable bodies;
// with HTML a multipart/alternative with the text part first.
func build(from string, m Message, now time.Time) ([]byte, envelope, error) {
	if err := m.check(); err != nil {
		return nil, envelope{}, err
	}
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return nil, envelope{}, fmt.Errorf("mail: sender %q: %w", from, err)
	}
	rcpt, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, envelope{}, fmt.Errorf("mail: recipient: %w", err)
	}
	domain := sender.Address[strings.LastIndexByte(sender.Address, '@')+1:]
	var id [12]byte
	_, _ = rand.Read(id[:])

	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", sender.String())
	header("To", rcpt.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<%d.%s@%s>", now.UnixNano(), hex.EncodeToString(id[:]), domain))
	header("MIME-Version", "1.0")
	// Tell auto-responders not to answer (RFC 3834).
	header("Auto-Submitted", "auto-generated")
	for _, k := range slices.Sorted(maps.Keys(m.Headers)) {
		header(k, m.Headers[k])
	}

	if m.HTML == "" {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, envelope{}, err
		}
		return b.Bytes(), envelope{From: sender.Address, To: rcpt.Address}, nil
	}

	mw := multipart.NewWriter(&b)
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, envelope{}, err
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, envelope{}, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, envelope{}, err
	}
	return b.Bytes(), envelope{From: sender.Address, To: rcpt.Address}, nil
}

// writeQP writes text quoted-printable with CRLF line breaks.
func writeQP(w interface{ Write([]byte) (int, error) }, text string) error {
	qp := quotedprintable.NewWriter(w)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if _, err := qp.Write([]byte(text)); err != nil {
		return err
	}
	return qp.Close()
}
