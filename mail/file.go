package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Files is the embedded default Mailer: it writes each message as an .eml
// file (mode 0600) into a directory and logs the links it contains, so a
// single-machine install can verify accounts without a mail server. Any mail
// program opens the files.
type Files struct {
	dir  string
	from string
	log  *slog.Logger
	// Now stamps the Date header and the file name (default time.Now).
	Now func() time.Time
}

// NewFiles returns a Mailer writing into dir, which it creates (mode 0700).
func NewFiles(dir, from string, log *slog.Logger) (*Files, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("mail: create %s: %w", dir, err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if _, _, err := build(from, Message{To: "check@example.org", Text: "x"}, time.Now()); err != nil {
		return nil, err
	}
	return &Files{dir: dir, from: from, log: log, Now: time.Now}, nil
}

var linkRe = regexp.MustCompile(`https?://[^\s<>"]+`)

// Erase removes every message file that mentions addr (as recipient or in
// the text, compared case-insensitively), for an account that is deleted:
// afterwards no file in the directory holds the address. It returns how
// many files it removed.
func (f *Files) Erase(addr string) (int, error) {
	needle := bytes.ToLower([]byte(strings.TrimSpace(addr)))
	if len(needle) == 0 {
		return 0, nil
	}
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		return 0, fmt.Errorf("mail: %w", err)
	}
	n := 0
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		path := filepath.Join(f.dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !bytes.Contains(bytes.ToLower(data), needle) {
			continue
		}
		if err := os.Remove(path); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// Send writes m to <dir>/<UTC time>-<random>.eml.
func (f *Files) Send(ctx context.Context, m Message) error {
	now := f.Now()
	msg, env, err := build(f.from, m, now)
	if err != nil {
		return err
	}
	var r [4]byte
	_, _ = rand.Read(r[:])
	name := fmt.Sprintf("%s-%s.eml", now.UTC().Format("20060102T150405.000000000Z"), hex.EncodeToString(r[:]))
	path := filepath.Join(f.dir, name)
	// Written under a temporary name and renamed, so a reader of the
	// folder never sees a half-written message.
	tmp := path + ".tmp"
	file, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if _, err := file.Write(msg); err != nil {
		file.Close()
		os.Remove(tmp)
		return fmt.Errorf("mail: write %s: %w", path, err)
	}
	if err := file.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("mail: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("mail: %w", err)
	}
	f.log.InfoContext(ctx, "mail written to a file (no SMTP server configured)",
		"to", env.To, "subject", m.Subject, "file", path, "links", linkRe.FindAllString(m.Text, -1))
	return nil
}
