package mail

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFilesEraseAfterFlush: the outbox's Flush returns once everything
// queued is written, and Erase then removes every file that mentions the
// address, whatever its case, and no other.
func TestFilesEraseAfterFlush(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	f, err := NewFiles(dir, from, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := NewOutbox(f, nil, 10)
	defer o.Close(context.Background())
	for _, to := range []string{"erika@example.de", "Erika@Example.de", "max@example.de"} {
		m, _ := Render(Deleted, "de", to, Data{Name: "Erika"})
		if err := o.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := o.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 3 {
		t.Fatalf("after Flush: %v", files)
	}
	n, err := f.Erase("ERIKA@example.de")
	if err != nil || n != 2 {
		t.Fatalf("Erase removed %d (%v), want 2", n, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left: %v", entries)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if h, _, _, _ := parse(t, raw); h.Get("To") != "<max@example.de>" {
		t.Errorf("the wrong file is left: %s", h.Get("To"))
	}
}
