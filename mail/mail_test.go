package mail

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const from = "Laufbahn <noreply@laufbahn.local>"

func TestRenderEveryKindInBothLanguages(t *testing.T) {
	d := Data{Name: "Erika Muster", Link: "http://127.0.0.1:8080/x?token=abc", Organisation: "Kanzlei Grün GmbH", ValidFor: 24 * time.Hour}
	for _, k := range Kinds {
		var subjects []string
		for _, lang := range Languages {
			m, err := Render(k, lang, "erika@example.de", d)
			if err != nil {
				t.Fatalf("%s/%s: %v", k, lang, err)
			}
			if m.To != "erika@example.de" || m.Subject == "" || strings.Contains(m.Subject, "\n") || strings.HasPrefix(m.Text, "\n") {
				t.Errorf("%s/%s: %+v", k, lang, m)
			}
			if k != Deleted && !strings.Contains(m.Text, d.Link) {
				t.Errorf("%s/%s lacks the link:\n%s", k, lang, m.Text)
			}
			if strings.Contains(m.Text, "<no value>") {
				t.Errorf("%s/%s has an unfilled field:\n%s", k, lang, m.Text)
			}
			subjects = append(subjects, m.Subject)
		}
		if subjects[0] == subjects[1] {
			t.Errorf("%s: German and English subjects are the same: %q", k, subjects[0])
		}
	}
	de, _ := Render(Verify, "de", "a@example.de", d)
	en, _ := Render(Verify, "en", "a@example.de", d)
	if !strings.Contains(de.Text, "24 Stunden gültig") || !strings.Contains(en.Text, "valid for 24 hours") {
		t.Errorf("validity not rendered:\n%s\n%s", de.Text, en.Text)
	}
	inv, _ := Render(Invite, "de", "a@example.de", d)
	if !strings.Contains(inv.Subject, "Kanzlei Grün GmbH") || !strings.Contains(inv.Text, "Erika Muster lädt Sie ein") {
		t.Errorf("invite: %s\n%s", inv.Subject, inv.Text)
	}
	if fr, _ := Render(Verify, "fr", "a@example.de", d); fr.Subject != de.Subject {
		t.Errorf("unknown language must fall back to German, got %q", fr.Subject)
	}
	for d, want := range map[time.Duration]string{time.Hour: "1 Stunde", 7 * 24 * time.Hour: "7 Tage", 30 * time.Minute: "30 Minuten"} {
		if got := formatDuration(d, "de"); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// parse reads a message written by build and returns its header, decoded
// subject and decoded text (and HTML) body.
func parse(t *testing.T, raw []byte) (mail.Header, string, string, string) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("bare LF in message; RFC 5322 wants CRLF")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a parseable message: %v\n%s", err, raw)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if mt == "text/plain" {
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			t.Fatal(err)
		}
		return msg.Header, subject, string(body), ""
	}
	if mt != "multipart/alternative" {
		t.Fatalf("content type %s", mt)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []string
	for {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Fatalf("part encoding %q", p.Header.Get("Content-Transfer-Encoding"))
		}
		b, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, string(b))
	}
	if len(parts) != 2 {
		t.Fatalf("%d parts", len(parts))
	}
	return msg.Header, subject, parts[0], parts[1]
}

func TestBuildMessage(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	long := strings.Repeat("Überstunden und Büroorganisation ", 10)
	raw, env, err := build(from, Message{To: "Jürgen Groß <juergen@example.de>", Subject: "Bestätigen Sie Ihre Adresse – jetzt", Text: "Grüße\n" + long}, now)
	if err != nil {
		t.Fatal(err)
	}
	if env.From != "noreply@laufbahn.local" || env.To != "juergen@example.de" {
		t.Fatalf("envelope %+v", env)
	}
	h, subject, text, _ := parse(t, raw)
	if subject != "Bestätigen Sie Ihre Adresse – jetzt" {
		t.Errorf("subject %q", subject)
	}
	if text != "Grüße\r\n"+long {
		t.Errorf("text %q", text)
	}
	if d, err := h.Date(); err != nil || !d.Equal(now) {
		t.Errorf("date %v %v", d, err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@laufbahn.local>") {
		t.Errorf("message id %q", id)
	}
	if h.Get("MIME-Version") != "1.0" || !strings.Contains(h.Get("Content-Type"), "charset=utf-8") {
		t.Errorf("MIME headers %v", h)
	}
	to, err := h.AddressList("To")
	if err != nil || to[0].Name != "Jürgen Groß" || to[0].Address != "juergen@example.de" {
		t.Errorf("to %v %v", to, err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 && !strings.HasPrefix(line, "Subject:") {
			t.Errorf("line longer than 78 characters: %q", line)
		}
	}

	raw, _, err = build(from, Message{To: "a@example.de", Subject: "x", Text: "plain", HTML: "<p>rich</p>"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, text, html := parse(t, raw); text != "plain" || html != "<p>rich</p>" {
		t.Errorf("alternative parts %q %q", text, html)
	}

	for name, m := range map[string]Message{
		"header injection in subject":   {To: "a@example.de", Subject: "x\r\nBcc: victim@example.de", Text: "x"},
		"header injection in recipient": {To: "a@example.de\r\nBcc: victim@example.de", Subject: "x", Text: "x"},
		"bad recipient":                 {To: "not an address", Subject: "x", Text: "x"},
		"no body":                       {To: "a@example.de", Subject: "x"},
	} {
		if _, _, err := build(from, m, now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, _, err := build("nobody", Message{To: "a@example.de", Text: "x"}, now); err == nil {
		t.Error("a bad sender was accepted")
	}
}

func TestFilesMailer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	var logs bytes.Buffer
	f, err := NewFiles(dir, from, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := Render(Verify, "de", "erika@example.de", Data{Name: "Erika", Link: "http://127.0.0.1:8080/e-mail-bestaetigen?token=tok123", ValidFor: 24 * time.Hour})
	if err := f.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	fi, _ := os.Stat(files[0])
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if di, _ := os.Stat(dir); di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", di.Mode().Perm())
	}
	raw, _ := os.ReadFile(files[0])
	h, subject, text, _ := parse(t, raw)
	if subject != m.Subject || h.Get("To") != "<erika@example.de>" || !strings.Contains(text, "token=tok123") {
		t.Errorf("file message: %q %q\n%s", subject, h.Get("To"), text)
	}
	if !strings.Contains(logs.String(), `"links":["http://127.0.0.1:8080/e-mail-bestaetigen?token=tok123"]`) {
		t.Errorf("the link is not logged: %s", logs.String())
	}
}

// fakeSMTP is a minimal SMTP server for the tests: a hand-written fake at
// the mail boundary. It records one session per connection.
type fakeSMTP struct {
	ln       net.Listener
	cert     tls.Certificate
	starttls bool // offer STARTTLS
	implicit bool // TLS from the first byte
	sessions chan smtpSession
}

type smtpSession struct {
	ehlo, auth, from, to, data string
	tls                        bool
	commands                   []string
}

func newFakeSMTP(t *testing.T, starttls, implicit bool) (*fakeSMTP, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fake smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSMTP{ln: ln, cert: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, starttls: starttls, implicit: implicit, sessions: make(chan smtpSession, 4)}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s, pool
}

func (s *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	var sess smtpSession
	defer func() { s.sessions <- sess }()
	tlsConf := &tls.Config{Certificates: []tls.Certificate{s.cert}}
	if s.implicit {
		conn = tls.Server(conn, tlsConf)
		sess.tls = true
	}
	r := textproto.NewReader(bufio.NewReader(conn))
	reply := func(lines ...string) { _, _ = io.WriteString(conn, strings.Join(lines, "\r\n")+"\r\n") }
	reply("220 fake ESMTP")
	for {
		line, err := r.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		sess.commands = append(sess.commands, strings.ToUpper(verb))
		switch strings.ToUpper(verb) {
		case "EHLO":
			sess.ehlo = arg
			lines := []string{"250-fake"}
			if s.starttls && !sess.tls {
				lines = append(lines, "250-STARTTLS")
			}
			reply(append(lines, "250-8BITMIME", "250 AUTH PLAIN")...)
		case "STARTTLS":
			reply("220 go ahead")
			tc := tls.Server(conn, tlsConf)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, sess.tls = tc, true
			r = textproto.NewReader(bufio.NewReader(conn))
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			b, _ := base64.StdEncoding.DecodeString(resp)
			if mech != "PLAIN" || string(b) != "\x00mailer\x00s3cret pass" {
				reply("535 authentication failed")
				continue
			}
			sess.auth = string(b)
			reply("235 ok")
		case "MAIL":
			sess.from = arg
			reply("250 ok")
		case "RCPT":
			sess.to = arg
			reply("250 ok")
		case "DATA":
			reply("354 go on")
			data, err := r.ReadDotBytes()
			if err != nil {
				return
			}
			// ReadDotBytes turns CRLF into LF; put the wire form back.
			sess.data = strings.ReplaceAll(string(data), "\n", "\r\n")
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("250 ok")
		}
	}
}

func (s *fakeSMTP) session(t *testing.T) smtpSession {
	t.Helper()
	select {
	case sess := <-s.sessions:
		return sess
	case <-time.After(10 * time.Second):
		t.Fatal("no SMTP session")
		return smtpSession{}
	}
}

func TestSMTPMailer(t *testing.T) {
	msg := Message{To: "erika@example.de", Subject: "Grüße", Text: "Hallo Erika,\nhier ist der Link: http://x/?token=abc"}
	cases := []struct {
		name               string
		starttls, implicit bool
		scheme             string
		wantTLS            bool
	}{
		{"plain on loopback", false, false, "smtp", false},
		{"STARTTLS when offered", true, false, "smtp", true},
		{"implicit TLS", false, true, "smtps", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, pool := newFakeSMTP(t, tc.starttls, tc.implicit)
			m, err := NewSMTP(tc.scheme+"://mailer:s3cret%20pass@"+srv.ln.Addr().String(), from)
			if err != nil {
				t.Fatal(err)
			}
			m.TLSConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
			if err := m.Send(context.Background(), msg); err != nil {
				t.Fatal(err)
			}
			sess := srv.session(t)
			if sess.tls != tc.wantTLS {
				t.Errorf("tls %v, want %v", sess.tls, tc.wantTLS)
			}
			if sess.auth != "\x00mailer\x00s3cret pass" {
				t.Errorf("auth %q", sess.auth)
			}
			if sess.ehlo != "laufbahn.local" || !strings.HasPrefix(sess.from, "FROM:<noreply@laufbahn.local>") || sess.to != "TO:<erika@example.de>" {
				t.Errorf("envelope: ehlo %q from %q to %q", sess.ehlo, sess.from, sess.to)
			}
			if tc.starttls && (len(sess.commands) < 3 || sess.commands[1] != "STARTTLS" || sess.commands[2] != "EHLO") {
				t.Errorf("commands %v: want EHLO, STARTTLS, EHLO before AUTH", sess.commands)
			}
			_, subject, text, _ := parse(t, []byte(sess.data))
			if subject != "Grüße" || strings.TrimRight(text, "\r\n") != "Hallo Erika,\r\nhier ist der Link: http://x/?token=abc" {
				t.Errorf("delivered %q %q", subject, text)
			}
		})
	}

	t.Run("wrong password", func(t *testing.T) {
		srv, _ := newFakeSMTP(t, false, false)
		m, _ := NewSMTP("smtp://mailer:wrong@"+srv.ln.Addr().String(), from)
		if err := m.Send(context.Background(), msg); err == nil || !strings.Contains(err.Error(), "AUTH") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		srv, _ := newFakeSMTP(t, true, false)
		m, _ := NewSMTP("smtp://mailer:s3cret%20pass@"+srv.ln.Addr().String(), from)
		if err := m.Send(context.Background(), msg); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
			t.Fatalf("got %v", err)
		}
		if sess := srv.session(t); sess.auth != "" || sess.data != "" {
			t.Fatal("credentials or data sent although TLS failed")
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		m, _ := NewSMTP("smtp://127.0.0.1:1", from)
		if err := m.Send(context.Background(), msg); err == nil {
			t.Fatal("no error")
		}
	})
	for _, bad := range []string{"http://host", "smtp://", "smtp://host/path", "::"} {
		if _, err := NewSMTP(bad, from); err == nil {
			t.Errorf("NewSMTP(%q) accepted", bad)
		}
	}
	if _, err := NewSMTP("smtp://host", "no address"); err == nil {
		t.Error("a bad sender was accepted")
	}
}

// flaky fails the first n sends, then records.
type flaky struct {
	mu    sync.Mutex
	fails int
	got   []Message
}

func (f *flaky) Send(_ context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fails > 0 {
		f.fails--
		return errors.New("temporary failure")
	}
	f.got = append(f.got, m)
	return nil
}

func TestOutbox(t *testing.T) {
	next := &flaky{fails: 2}
	o := NewOutbox(next, nil, 10, time.Millisecond, time.Millisecond, time.Millisecond)
	for i := 0; i < 3; i++ {
		if err := o.Send(context.Background(), Message{To: "a@example.de", Subject: "x", Text: "y"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Send(context.Background(), Message{To: "a@example.de", Subject: "x\nBcc: b@example.de", Text: "y"}); err == nil {
		t.Fatal("an injected header was queued")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := o.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if len(next.got) != 3 {
		t.Fatalf("delivered %d of 3 (with retries)", len(next.got))
	}
	if err := o.Send(context.Background(), Message{To: "a@example.de", Text: "y"}); !errors.Is(err, ErrOutboxClosed) {
		t.Fatalf("send after close: %v", err)
	}

	// A full queue says so instead of blocking the request.
	block := make(chan struct{})
	full := NewOutbox(mailerFunc(func(context.Context, Message) error { <-block; return nil }), nil, 1)
	var errs int
	for i := 0; i < 3; i++ {
		if err := full.Send(context.Background(), Message{To: "a@example.de", Text: "y"}); errors.Is(err, ErrOutboxFull) {
			errs++
		}
	}
	close(block)
	_ = full.Close(ctx)
	if errs == 0 {
		t.Fatal("a full outbox accepted everything")
	}
}

type mailerFunc func(context.Context, Message) error

func (f mailerFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }
