package content

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/apperr"
)

func seededStore(t *testing.T) (*Store, *Set) {
	t.Helper()
	s := newStore(t)
	set := miniSet(t)
	if _, err := s.Seed(context.Background(), set, false); err != nil {
		t.Fatal(err)
	}
	return s, set
}

func adminRole(t *testing.T, s *Store, slug string) (Role, int64) {
	t.Helper()
	d, err := s.AdminGet(context.Background(), KindRoles, slug)
	if err != nil {
		t.Fatal(err)
	}
	return *d.Doc.(*Role), d.Revision
}

func fieldsOf(err error) map[string]string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Fields
	}
	return nil
}

func TestAdminUpdateHistoryAndRevert(t *testing.T) {
	ctx := context.Background()
	s, _ := seededStore(t)
	r, rev := adminRole(t, s, "testrolle")
	if rev != 1 {
		t.Fatalf("seeded role at revision %d, want 1", rev)
	}
	var woken atomic.Int32
	s.SetSearchWake(func() { woken.Add(1) })
	r.Summary.DE = "Korrigiert"
	got, err := s.AdminUpdate(ctx, KindRoles, "testrolle", &r, rev, "u_admin")
	if err != nil || got != 2 {
		t.Fatalf("update: rev %d, %v", got, err)
	}
	if woken.Load() != 1 {
		t.Fatalf("the search sync was woken %d times", woken.Load())
	}
	if pub, _ := s.Role(ctx, "testrolle"); pub.Summary.DE != "Korrigiert" {
		t.Fatalf("readers see %q after the edit", pub.Summary.DE)
	}

	// A stale base revision writes nothing.
	r.Summary.DE = "Überschrieben"
	_, err = s.AdminUpdate(ctx, KindRoles, "testrolle", r, 1, "u_other")
	var stale *StaleRevision
	if !apperr.Is(err, apperr.Conflict) || !errors.As(err, &stale) || stale.Current != 2 || stale.Base != 1 {
		t.Fatalf("stale update: %v", err)
	}
	if pub, _ := s.Role(ctx, "testrolle"); pub.Summary.DE != "Korrigiert" {
		t.Fatalf("a stale update overwrote the role: %q", pub.Summary.DE)
	}
	// The same document again writes nothing either.
	r.Summary.DE = "Korrigiert"
	if got, err := s.AdminUpdate(ctx, KindRoles, "testrolle", r, 2, "u_admin"); err != nil || got != 2 {
		t.Fatalf("unchanged update: rev %d, %v", got, err)
	}

	revs, err := s.Revisions(ctx, KindRoles, "testrolle")
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: %v %+v", err, revs)
	}
	if revs[0].Number != 2 || revs[0].Editor != "u_admin" || len(revs[0].Changes) != 1 ||
		revs[0].Changes[0] != (Change{Field: "summary.de", Old: "Kurz", New: "Korrigiert"}) {
		t.Fatalf("newest revision: %+v", revs[0])
	}
	if revs[1].Number != 1 || revs[1].Editor != SeedEditor {
		t.Fatalf("baseline revision: %+v", revs[1])
	}
	old, _, err := s.RevisionDoc(ctx, KindRoles, "testrolle", 1)
	if err != nil || old.(*Role).Summary.DE != "Kurz" || old.(*Role).Version != 0 {
		t.Fatalf("revision 1 document: %v %+v", err, old)
	}

	if _, err := s.Revert(ctx, KindRoles, "testrolle", 1, 1, "u_admin"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("revert from a stale revision: %v", err)
	}
	if _, err := s.Revert(ctx, KindRoles, "testrolle", 9, 2, "u_admin"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("revert to a missing revision: %v", err)
	}
	got, err = s.Revert(ctx, KindRoles, "testrolle", 1, 2, "u_admin")
	if err != nil || got != 3 {
		t.Fatalf("revert: rev %d, %v", got, err)
	}
	if pub, _ := s.Role(ctx, "testrolle"); pub.Summary.DE != "Kurz" || pub.EditedBy != "u_admin" {
		t.Fatalf("after revert readers see %q by %q", pub.Summary.DE, pub.EditedBy)
	}
	revs, _ = s.Revisions(ctx, KindRoles, "testrolle")
	if len(revs) != 3 || revs[0].Summary != "reverted to revision 1" || revs[0].Changes[0].New != "Kurz" {
		t.Fatalf("after revert: %+v", revs)
	}
	recent, err := s.RecentRevisions(ctx, 10)
	if err != nil || len(recent) != 2 || recent[0].Number != 3 || recent[1].Number != 2 {
		t.Fatalf("recent revisions (no seed baselines): %v %+v", err, recent)
	}
}

func TestAdminValidation(t *testing.T) {
	ctx := context.Background()
	s, set := seededStore(t)
	r, rev := adminRole(t, s, "testrolle")
	for _, tc := range []struct {
		name   string
		change func(r *Role)
		field  string
		want   string
	}{
		{"figure without source", func(r *Role) { r.Outlook = []Fact{{Text: Text{DE: "Gefragt", EN: "In demand"}}} }, "outlook[0].sources", "at least 1"},
		{"unknown skill", func(r *Role) { r.Checklist[0].Skill = "zaubern" }, "checklist[0].skill", `unknown skill "zaubern"`},
		{"unknown source", func(r *Role) { r.Tasks[1].Sources = []string{"999_0000000000000000.txt"} }, "tasks[1].sources[0]", "unknown source"},
		{"unknown move", func(r *Role) {
			r.MovesTo = []CareerMove{{Role: "astronaut", Note: Text{DE: "x", EN: "x"}, Sources: r.Sources}}
		}, "movesTo[0].role", "unknown role"},
		{"missing English", func(r *Role) { r.Title.EN = "" }, "title.en", "required"},
		{"renamed", func(r *Role) { r.Slug = "andere-rolle" }, "slug", "must stay"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := r
			bad.Tasks = append([]Task(nil), r.Tasks...)
			bad.Checklist = append([]ChecklistItem(nil), r.Checklist...)
			tc.change(&bad)
			_, err := s.AdminUpdate(ctx, KindRoles, "testrolle", &bad, rev, "u_admin")
			if !apperr.Is(err, apperr.Invalid) || !strings.Contains(fieldsOf(err)[tc.field], tc.want) {
				t.Fatalf("want %s: %q, got %v (%v)", tc.field, tc.want, err, fieldsOf(err))
			}
			if _, now := adminRole(t, s, "testrolle"); now != rev {
				t.Fatalf("an invalid update was written: revision %d", now)
			}
		})
	}
	sal := set.Salaries[0]
	sal.Source = ""
	_, err := s.AdminUpdate(ctx, KindSalaries, sal.Slug, sal, 1, "u_admin")
	if fieldsOf(err)["source"] == "" {
		t.Fatalf("salary range without source: %v", err)
	}
	sal.Source, sal.Role = set.Salaries[0].Source, "astronaut"
	_, err = s.AdminUpdate(ctx, KindSalaries, sal.Slug, sal, 1, "u_admin")
	if !strings.Contains(fieldsOf(err)["role"], "unknown role") {
		t.Fatalf("salary range of an unknown role: %v", err)
	}
	if _, err := s.AdminUpdate(ctx, KindSalaries, sal.Slug, &r, 1, "u_admin"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a role given as a salary range: %v", err)
	}
	if _, err := s.AdminUpdate(ctx, "planets", "x", &r, 1, "u_admin"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown kind: %v", err)
	}
	if _, err := s.AdminUpdate(ctx, KindRoles, "gibt-es-nicht", &r, 1, "u_admin"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown key: %v", err)
	}
}

func TestAdminCreateRetireAndSeed(t *testing.T) {
	ctx := context.Background()
	s, set := seededStore(t)
	nr := set.Roles[1]
	nr.Slug, nr.Title = "neue-rolle", Text{DE: "Neue Rolle", EN: "New role"}
	rev, err := s.AdminCreate(ctx, KindRoles, nr, "u_admin")
	if err != nil || rev != 1 {
		t.Fatalf("create: %d %v", rev, err)
	}
	if pub, err := s.Role(ctx, "neue-rolle"); err != nil || pub.Title.DE != "Neue Rolle" {
		t.Fatalf("created role not visible: %v", err)
	}
	if _, err := s.AdminCreate(ctx, KindRoles, &nr, "u_admin"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("create twice: %v", err)
	}
	if revs, _ := s.Revisions(ctx, KindRoles, "neue-rolle"); len(revs) != 1 || revs[0].Summary != "created" {
		t.Fatalf("revisions of a created role: %+v", revs)
	}

	// Referenced content cannot be retired.
	_, err = s.AdminRetire(ctx, KindRoles, "testrolle", 1, "u_admin", "veraltet")
	if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "salaries/testrolle-de.role") {
		t.Fatalf("retire a referenced role: %v", err)
	}
	if _, err := s.AdminRetire(ctx, KindRoles, "zweitrolle", 1, "u_admin", " "); fieldsOf(err)["reason"] == "" {
		t.Fatalf("retire without a reason: %v", err)
	}
	rev, err = s.AdminRetire(ctx, KindRoles, "zweitrolle", 1, "u_admin", "gibt es nicht mehr")
	if err != nil || rev != 2 {
		t.Fatalf("retire: %d %v", rev, err)
	}
	if _, err := s.Role(ctx, "zweitrolle"); !isRetired(err) {
		t.Fatalf("a retired role must be gone for readers: %v", err)
	}
	if roles, total, _ := s.Roles(ctx, RoleFilter{}, ListOptions{}); total != 2 || roles[0].Slug == "zweitrolle" || roles[1].Slug == "zweitrolle" {
		t.Fatalf("roles list after retiring: %d", total)
	}
	if items, _ := s.AdminList(ctx, KindRoles, "", false); len(items) != 2 {
		t.Fatalf("admin list without retired: %+v", items)
	}
	items, _ := s.AdminList(ctx, KindRoles, "ZWEIT", true)
	if len(items) != 1 || !items[0].Retired || items[0].Revision != 2 || items[0].EditedBy != "u_admin" {
		t.Fatalf("admin list with retired: %+v", items)
	}
	if counts, _ := s.AdminCounts(ctx); counts[KindRoles] != 2 || counts[KindSkills] != 5 || counts[KindSources] != 1 {
		t.Fatalf("counts: %v", counts)
	}
	// A new reference to retired content is refused.
	tr, trRev := adminRole(t, s, "testrolle")
	tr.MovesTo = []CareerMove{{Role: "zweitrolle", Note: Text{DE: "x", EN: "x"}, Sources: tr.Sources}}
	if _, err := s.AdminUpdate(ctx, KindRoles, "testrolle", &tr, trRev, "u_admin"); !strings.Contains(fieldsOf(err)["movesTo[0].role"], "unknown role") {
		t.Fatalf("reference to a retired role: %v", err)
	}

	// Seed keeps what admins changed, says which, and leaves retired
	// documents retired; --force restores the files.
	rep, err := s.SeedDetailed(ctx, set, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts.Changed() || strings.Join(rep.Kept[CollRoles], ",") != "zweitrolle" ||
		!strings.Contains(rep.String(), "kept because an admin edited or retired them") || !strings.Contains(rep.String(), "roles: zweitrolle") {
		t.Fatalf("seed report:\n%s", rep)
	}
	if _, err := s.Role(ctx, "zweitrolle"); !isRetired(err) {
		t.Fatalf("seed brought a retired role back: %v", err)
	}
	if _, err := s.Seed(ctx, set, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Role(ctx, "zweitrolle"); err != nil {
		t.Fatalf("forced seed: %v", err)
	}

	// Revert to the retired revision retires it again.
	if _, err := s.Revert(ctx, KindRoles, "zweitrolle", 2, 3, "u_admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Role(ctx, "zweitrolle"); !isRetired(err) {
		t.Fatalf("revert to a retired revision: %v", err)
	}
}

func TestRetiredLeavesSearch(t *testing.T) {
	ctx := context.Background()
	s, _ := seededStore(t)
	src := s.SearchSources()[1] // courses
	if _, err := s.AdminRetire(ctx, KindCourses, "kurs-dual", 1, "u_admin", "eingestellt"); err != nil {
		t.Fatal(err)
	}
	changes, err := src.Dirty(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range changes {
		if c.ID == "kurs-dual" {
			found = true
			if c.Doc != nil || c.Version != 2 {
				t.Fatalf("a retired course must leave the index: %+v", c)
			}
		}
	}
	if !found {
		t.Fatal("the retired course is not marked for the index")
	}
	ids, err := src.IDs(ctx)
	if err != nil || strings.Contains(strings.Join(ids, ","), "kurs-dual") {
		t.Fatalf("IDs still name the retired course: %v %v", ids, err)
	}
}

// TestAdminEditsSurviveSearchConfirms is the lost update of embedded
// FerretDB: the sync worker's conditional confirm is a read-modify-write
// there, and without the document lock it wrote back the old document over
// an admin edit that landed in between.
func TestAdminEditsSurviveSearchConfirms(t *testing.T) {
	ctx := context.Background()
	s, _ := seededStore(t)
	src := s.SearchSources()[0] // roles
	const edits = 40
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				changes, err := src.Dirty(ctx, 10)
				if err != nil {
					t.Error(err)
					return
				}
				for _, c := range changes {
					if err := src.Confirm(ctx, c.ID, c.Version, false); err != nil {
						t.Error(err)
						return
					}
				}
				if err := src.MarkDirty(ctx, []string{"testrolle"}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	last := ""
	for i := range edits {
		r, rev := adminRole(t, s, "testrolle")
		r.Summary.DE = fmt.Sprintf("Fassung %d", i)
		got, err := s.AdminUpdate(ctx, KindRoles, "testrolle", &r, rev, "u_admin")
		if err != nil {
			close(done)
			wg.Wait()
			t.Fatalf("edit %d: %v", i, err)
		}
		if got != rev+1 {
			t.Errorf("edit %d: revision %d after %d", i, got, rev)
		}
		last = r.Summary.DE
		// Every edit must be in the database right after it, whatever the
		// confirms do.
		var stored Role
		if err := s.db.Collection(CollRoles).FindOne(ctx, bson.D{{Key: "slug", Value: "testrolle"}}).Decode(&stored); err != nil {
			t.Fatal(err)
		}
		if stored.Summary.DE != last {
			t.Errorf("edit %d lost", i)
		}
		time.Sleep(time.Millisecond)
	}
	close(done)
	wg.Wait()
	r, rev := adminRole(t, s, "testrolle")
	if r.Summary.DE != last || rev != edits+1 {
		t.Fatalf("after %d edits with concurrent confirms: %q at revision %d", edits, r.Summary.DE, rev)
	}
	revs, _ := s.Revisions(ctx, KindRoles, "testrolle")
	if len(revs) != edits+1 {
		t.Fatalf("%d revisions, want %d", len(revs), edits+1)
	}
}

// TestAdminOrphanRevision: a write that died between storing its revision
// and the document leaves a revision above the document's version; it is
// not shown and the next write takes its number once it is old.
func TestAdminOrphanRevision(t *testing.T) {
	ctx := context.Background()
	s, _ := seededStore(t)
	r, rev := adminRole(t, s, "testrolle")
	raw, _ := bson.Marshal(r)
	orphan := storedRevision{ID: revisionID(KindRoles, "testrolle", 2), Kind: KindRoles, Key: "testrolle", Number: 2,
		Editor: "u_crashed", At: s.now().Add(-time.Hour), Summary: "half-written", WriteID: "x", Doc: raw}
	if _, err := s.db.Collection(CollRevisions).InsertOne(ctx, orphan); err != nil {
		t.Fatal(err)
	}
	if revs, _ := s.Revisions(ctx, KindRoles, "testrolle"); len(revs) != 0 {
		t.Fatalf("an orphan revision is listed: %+v", revs)
	}
	r.Summary.DE = "Nach dem Absturz"
	if got, err := s.AdminUpdate(ctx, KindRoles, "testrolle", &r, rev, "u_admin"); err != nil || got != 2 {
		t.Fatalf("write over an orphan: %d %v", got, err)
	}
	revs, _ := s.Revisions(ctx, KindRoles, "testrolle")
	if len(revs) != 2 || revs[0].Editor != "u_admin" {
		t.Fatalf("revisions after the orphan: %+v", revs)
	}
}

// isRetired reports whether err is the NotFound of a retired document.
func isRetired(err error) bool {
	var r *Retired
	return apperr.Is(err, apperr.NotFound) && errors.As(err, &r)
}
