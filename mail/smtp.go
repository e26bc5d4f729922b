package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// SMTP delivers messages to an SMTP server named by a URL:
//
//	smtp://user:pass@host:587   plain connection, upgraded with STARTTLS when the server offers it
//	smtps://user:pass@host:465  TLS from the first byte (implicit TLS)
//
// Credentials are sent only over TLS, or in the clear to a server on the
// loopback interface (net/smtp's PLAIN auth refuses anything else), so a
// server that does not offer STARTTLS cannot leak them.
type SMTP struct {
	addr, host  string
	implicitTLS bool
	user, pass  string
	from        string
	// TLSConfig is used for STARTTLS and implicit TLS; nil verifies the
	// server's certificate against the system roots for its host name.
	TLSConfig *tls.Config
	// Timeout bounds one whole delivery (default 30 s).
	Timeout time.Duration
	// Now stamps the Date header (default time.Now).
	Now func() time.Time
}

// NewSMTP returns a Mailer for the server in rawURL, sending as from.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("mail: the SMTP URL does not parse")
	}
	s := &SMTP{from: from, Timeout: 30 * time.Second, Now: time.Now}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "587"
		}
	case "smtps":
		s.implicitTLS = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, fmt.Errorf("mail: SMTP URL scheme %q: want smtp or smtps", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, errors.New("mail: the SMTP URL names no host")
	}
	if u.Path != "" && u.Path != "/" {
		return nil, errors.New("mail: the SMTP URL must not have a path")
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if _, _, err := build(from, Message{To: "check@example.org", Text: "x"}, time.Now()); err != nil {
		return nil, err
	}
	return s, nil
}

// Send delivers m in one SMTP session.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, env, err := build(s.from, m, s.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	tlsConfig := s.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", s.addr, err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	if s.implicitTLS {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("mail: TLS with %s: %w", s.addr, err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %s: %w", s.addr, err)
	}
	defer c.Close()
	if err := c.Hello(helloName(env.From)); err != nil {
		return fmt.Errorf("mail: EHLO: %w", err)
	}
	if !s.implicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return fmt.Errorf("mail: STARTTLS: %w", err)
			}
		}
	}
	if s.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("mail: the server does not offer AUTH, but the SMTP URL has credentials")
		}
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return fmt.Errorf("mail: AUTH: %w", err)
		}
	}
	if err := c.Mail(env.From); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(env.To); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	return c.Quit()
}

// helloName is the name we greet the server with: the sender's domain is
// more useful to the receiving server than "localhost".
func helloName(from string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		return from[i+1:]
	}
	return "localhost"
}
