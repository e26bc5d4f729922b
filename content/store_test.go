package content

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

func miniSet(t *testing.T) *Set {
	t.Helper()
	set, err := Load(os.DirFS("testdata/mini"))
	if err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return set
}

func newStore(t testing.TB) *Store {
	t.Helper()
	db := mongodbtest.New(t)
	if err := mongodb.EnsureIndexes(context.Background(), db, Indexes()); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	return NewStore(db, func() time.Time { clock = clock.Add(time.Second); return clock })
}

func count(rep SeedReport, o Outcome) int {
	n := 0
	for _, m := range rep {
		n += m[o]
	}
	return n
}

func TestSeedIdempotent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	set := miniSet(t)
	if empty, err := s.Empty(ctx); err != nil || !empty {
		t.Fatalf("fresh store: empty=%v err=%v", empty, err)
	}
	rep, err := s.Seed(ctx, set, false)
	if err != nil {
		t.Fatal(err)
	}
	want := len(set.Sources) + len(set.Skills) + len(set.Roles) + len(set.Salaries) + len(set.Courses) + len(set.Paths)
	if got := count(rep, Inserted); got != want {
		t.Fatalf("first seed inserted %d, want %d\n%s", got, want, rep)
	}
	before, _ := s.Role(ctx, "testrolle")
	rep, err = s.Seed(ctx, set, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed() || count(rep, Unchanged) != want {
		t.Fatalf("second seed changed something:\n%s", rep)
	}
	after, _ := s.Role(ctx, "testrolle")
	if after.Version != 1 || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatalf("second seed rewrote the role: version %d, updated %v -> %v", after.Version, before.UpdatedAt, after.UpdatedAt)
	}
	if !after.SearchDirty {
		t.Error("a newly written role must be marked for the search index")
	}
	if empty, _ := s.Empty(ctx); empty {
		t.Error("seeded store reports empty")
	}
}

func TestSeedUpdatesChangedFile(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	set := miniSet(t)
	if _, err := s.Seed(ctx, set, false); err != nil {
		t.Fatal(err)
	}
	set.Roles[0].Summary.DE = "Neue Kurzbeschreibung"
	rep, err := s.Seed(ctx, set, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep[CollRoles][Updated] != 1 || count(rep, Updated) != 1 {
		t.Fatalf("want exactly one update:\n%s", rep)
	}
	r, _ := s.Role(ctx, set.Roles[0].Slug)
	if r.Summary.DE != "Neue Kurzbeschreibung" || r.Version != 2 {
		t.Fatalf("role not updated: %q version %d", r.Summary.DE, r.Version)
	}
}

func TestSeedKeepsAdminEditsUnlessForced(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	set := miniSet(t)
	if _, err := s.Seed(ctx, set, false); err != nil {
		t.Fatal(err)
	}
	r, err := s.Role(ctx, "testrolle")
	if err != nil {
		t.Fatal(err)
	}
	r.Summary.DE = "Von der Redaktion geändert"
	if err := s.EditRole(ctx, r, "admin-1"); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Seed(ctx, set, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep[CollRoles][Kept] != 1 || rep.Changed() {
		t.Fatalf("admin edit not kept:\n%s", rep)
	}
	if got, _ := s.Role(ctx, "testrolle"); got.Summary.DE != "Von der Redaktion geändert" || got.EditedBy != "admin-1" {
		t.Fatalf("edit lost: %q by %q", got.Summary.DE, got.EditedBy)
	}
	rep, err = s.Seed(ctx, set, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep[CollRoles][Updated] != 1 {
		t.Fatalf("forced seed did not restore the role:\n%s", rep)
	}
	got, _ := s.Role(ctx, "testrolle")
	if got.Summary.DE != set.Roles[0].Summary.DE || got.EditedBy != "" || got.Version != 3 {
		t.Fatalf("after --force: summary %q editedBy %q version %d", got.Summary.DE, got.EditedBy, got.Version)
	}
}

func TestEditValidatesAndNeedsExisting(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	set := miniSet(t)
	if _, err := s.Seed(ctx, set, false); err != nil {
		t.Fatal(err)
	}
	bad := set.Roles[0]
	bad.Title.EN = ""
	err := s.EditRole(ctx, bad, "admin")
	var ae *apperr.Error
	if !apperr.Is(err, apperr.Invalid) || !asErr(err, &ae) || ae.Fields["title.en"] == "" {
		t.Fatalf("want invalid title.en, got %v", err)
	}
	ghost := set.Roles[0]
	ghost.Slug = "gibt-es-nicht"
	if err := s.EditRole(ctx, ghost, "admin"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("edit of missing role: %v", err)
	}
	if _, err := s.Role(ctx, "gibt-es-nicht"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("missing role must be not found, got %v", err)
	}
}

func TestQueries(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Seed(ctx, miniSet(t), false); err != nil {
		t.Fatal(err)
	}
	roles, total, err := s.Roles(ctx, RoleFilter{Specialization: "it-management"}, ListOptions{Limit: 20, Page: 1})
	if err != nil || total != 1 || len(roles) != 1 || roles[0].Slug != "zweitrolle" {
		t.Fatalf("roles by specialization: %v %d %v", err, total, roles)
	}
	roles, total, err = s.Roles(ctx, RoleFilter{}, ListOptions{Limit: 1, Page: 2})
	if err != nil || total != 2 || len(roles) != 1 || roles[0].Slug != "zweitrolle" {
		t.Fatalf("page 2 of 1: %v %d %v", err, total, roles)
	}
	need, err := s.RolesNeedingSkill(ctx, "englisch")
	if err != nil || len(need) != 2 {
		t.Fatalf("roles needing englisch: %v %d", err, len(need))
	}
	courses, _, err := s.Courses(ctx, CourseFilter{Skill: "buchhaltung"}, ListOptions{Limit: 20})
	if err != nil || len(courses) != 1 || courses[0].Slug != "kurs-dual" || courses[0].Duration.Max != 3 {
		t.Fatalf("courses by skill: %v %+v", err, courses)
	}
	sal, err := s.SalaryRanges(ctx, "testrolle")
	if err != nil || len(sal) != 1 || sal[0].Average != 37400 {
		t.Fatalf("salary: %v %+v", err, sal)
	}
	paths, _, err := s.Paths(ctx, PathFilter{TargetRole: "testrolle", Audience: "quereinstieg"}, ListOptions{Limit: 20})
	if err != nil || len(paths) != 1 {
		t.Fatalf("paths: %v %+v", err, paths)
	}
	srcs, err := s.Sources(ctx, []string{"001_8991a098efc6fbdb.txt", "nope"})
	if err != nil || len(srcs) != 1 || srcs["001_8991a098efc6fbdb.txt"].Title != "Testquelle" {
		t.Fatalf("sources: %v %+v", err, srcs)
	}
	skills, err := s.SkillsBySlug(ctx, []string{"englisch", "organisation"})
	if err != nil || len(skills) != 2 || skills["englisch"].Category != "sprache" {
		t.Fatalf("skills by slug: %v %+v", err, skills)
	}
}
