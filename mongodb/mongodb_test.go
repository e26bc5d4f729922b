package mongodb_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

func TestTranslate(t *testing.T) {
	ctx := context.Background()
	db := mongodbtest.New(t)
	err := mongodb.EnsureIndexes(ctx, db, []mongodb.Index{{Collection: "things", Keys: bson.D{{Key: "slug", Value: 1}}, Unique: true}})
	if err != nil {
		t.Fatal(err)
	}
	// Creating the same indexes again is a no-op.
	if err := mongodb.EnsureIndexes(ctx, db, []mongodb.Index{{Collection: "things", Keys: bson.D{{Key: "slug", Value: 1}}, Unique: true}}); err != nil {
		t.Fatalf("second EnsureIndexes: %v", err)
	}
	coll := db.Collection("things")
	if _, err := coll.InsertOne(ctx, bson.M{"slug": "a"}); err != nil {
		t.Fatal(err)
	}
	_, err = coll.InsertOne(ctx, bson.M{"slug": "a"})
	if got := apperr.CodeOf(mongodb.Translate(err, `thing "a"`)); got != apperr.Conflict {
		t.Errorf("duplicate key: code %q, want conflict (err %v)", got, err)
	}
	err = coll.FindOne(ctx, bson.M{"slug": "missing"}).Err()
	tr := mongodb.Translate(err, `thing "missing"`)
	if apperr.CodeOf(tr) != apperr.NotFound || tr.Error() != `not_found: thing "missing" not found: mongo: no documents in result` {
		t.Errorf("no documents: got %v", tr)
	}
	if mongodb.Translate(nil, "x") != nil {
		t.Error("nil error must stay nil")
	}
	if got := apperr.CodeOf(mongodb.Translate(errors.New("boom"), "x")); got != apperr.Internal {
		t.Errorf("other error: code %q, want internal", got)
	}
	if err := mongodb.Translate(context.Canceled, "x"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled must pass through, got %v", err)
	}
}

// TestEmbeddedSurvivesRestart opens a second embedded server on its own data
// directory, writes, closes, opens again and reads the document back.
func TestEmbeddedSurvivesRestart(t *testing.T) {
	if os.Getenv("MONGODB_URI") != "" {
		t.Log("MONGODB_URI is set; the embedded server is still tested on its own directory")
	}
	ctx := context.Background()
	dir := t.TempDir()
	open := func() *mongodb.Conn {
		c, err := mongodb.Open(ctx, mongodb.Config{Database: "laufbahn", DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := open()
	if c.Backend == "" || c.DB.Name() != "laufbahn" {
		t.Fatalf("backend %q db %q", c.Backend, c.DB.Name())
	}
	if _, err := c.DB.Collection("k").InsertOne(ctx, bson.M{"_id": "x", "v": 42}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "db", "laufbahn.sqlite")); err != nil {
		t.Fatalf("expected the SQLite file under the data dir: %v", err)
	}
	c = open()
	defer c.Close(ctx)
	var got struct{ V int }
	if err := c.DB.Collection("k").FindOne(ctx, bson.M{"_id": "x"}).Decode(&got); err != nil || got.V != 42 {
		t.Fatalf("after restart: %v %+v", err, got)
	}
}

func TestIsFerretDB(t *testing.T) {
	db := mongodbtest.New(t)
	got, err := mongodb.IsFerretDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if want := os.Getenv("MONGODB_URI") == ""; got != want {
		t.Errorf("IsFerretDB = %v, want %v (MONGODB_URI %q)", got, want, os.Getenv("MONGODB_URI"))
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"mongodb://user:secret@db:27017/x": "mongodb://user:xxxxx@db:27017/x",
		"mongodb://db:27017":               "mongodb://db:27017",
	} {
		if got := mongodb.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := mongodb.Open(ctx, mongodb.Config{URI: "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500", Database: "x"})
	if err == nil {
		t.Fatal("expected an error for an unreachable server")
	}
}
