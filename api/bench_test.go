package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkRoleProfile measures the full role profile (role, checklist
// skills, salary, paths, career moves and sources: several queries) through
// the Fiber app on embedded FerretDB.
func BenchmarkRoleProfile(b *testing.B) {
	benchGet(b, "/api/v1/roles/backoffice-manager")
}

// BenchmarkCourseList measures a filtered course list.
func BenchmarkCourseList(b *testing.B) {
	benchGet(b, "/api/v1/courses?format=online&limit=20")
}

func benchGet(b *testing.B, path string) {
	app := newTestApp(b, nil)
	b.ReportAllocs()
	for b.Loop() {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, path, nil), -1)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%v %v", err, resp)
		}
		resp.Body.Close()
	}
}
