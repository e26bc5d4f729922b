// Package mongodbtest gives tests a fresh, real database: one embedded
// FerretDB per test binary (or the server in MONGODB_URI when it is set), and
// a new database per test, dropped when the test ends.
package mongodbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/mongodb"
)

// server is shared by every test of one test binary; starting FerretDB per
// test would cost far more than the tests themselves.
var server struct {
	once sync.Once
	conn *mongodb.Conn
	dir  string
	err  error
}

func shared() (*mongodb.Conn, error) {
	server.once.Do(func() {
		uri := os.Getenv("MONGODB_URI")
		if uri == "" {
			server.dir, server.err = os.MkdirTemp("", "laufbahn-mongodbtest-")
			if server.err != nil {
				return
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		server.conn, server.err = mongodb.Open(ctx, mongodb.Config{URI: uri, Database: "admin", DataDir: server.dir})
	})
	return server.conn, server.err
}

// Run runs the tests of a package and then stops the shared server and
// removes its files. Use it from TestMain: os.Exit(mongodbtest.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	if server.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = server.conn.Close(ctx)
	}
	if server.dir != "" {
		_ = os.RemoveAll(server.dir)
	}
	return code
}

// New returns a fresh, empty database that is dropped when t ends.
func New(t testing.TB) *mongo.Database {
	t.Helper()
	conn, err := shared()
	if err != nil {
		t.Fatalf("mongodbtest: start database: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	db := conn.Client.Database(fmt.Sprintf("test_%s", hex.EncodeToString(b[:])))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = db.Drop(ctx)
	})
	return db
}
