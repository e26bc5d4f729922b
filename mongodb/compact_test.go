package mongodb

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// filesContaining lists the files under dir whose bytes contain s.
func filesContaining(t *testing.T, dir, s string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(s)) {
			out = append(out, strings.TrimPrefix(path, dir))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCompactErasesDeletedDocuments: a deleted document's text stays in the
// SQLite files (free pages, WAL) until Compact; afterwards no file under the
// data directory holds it, and the live documents are all still there.
func TestCompactErasesDeletedDocuments(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := Open(ctx, Config{Database: "erase", DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	coll := c.DB.Collection("users")
	const secret = "geheim.erika.mustermann@example.de"
	var docs []any
	for i := range 200 {
		docs = append(docs, bson.D{{Key: "_id", Value: i}, {Key: "note", Value: strings.Repeat("Büro ", 40)}})
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "erika"}, {Key: "email", Value: secret}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Compact(ctx); err != nil { // the row is now in the database file proper
		t.Fatal(err)
	}
	if _, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: "erika"}}); err != nil {
		t.Fatal(err)
	}
	if len(filesContaining(t, dir, secret)) == 0 {
		t.Fatal("the deleted document is gone before Compact; this test would prove nothing")
	}
	if err := c.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if found := filesContaining(t, dir, secret); len(found) > 0 {
		t.Fatalf("after Compact the deleted address is still in %v", found)
	}
	n, err := coll.CountDocuments(ctx, bson.D{})
	if err != nil || n != 200 {
		t.Fatalf("%d documents after Compact (%v), want 200", n, err)
	}
	// The database keeps working.
	if _, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: "neu"}}); err != nil {
		t.Fatal(err)
	}
}
