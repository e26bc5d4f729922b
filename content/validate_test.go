package content

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/laufbahn/laufbahn/apperr"
)

func asErr(err error, target **apperr.Error) bool { return errors.As(err, target) }

// TestValidationTable changes one thing in a valid fixture and checks that
// Load rejects it naming the file, the field and the reason.
func TestValidationTable(t *testing.T) {
	base := loadFixture(t)
	tests := []struct {
		name      string
		edit      func(string) string
		wantField string
		wantMsg   string
	}{
		{"missing english title", replaceOnce("title: { de: Testrolle, en: Test role }", "title: { de: Testrolle }"), "roles[0].title.en", "is required"},
		{"bad level", replaceOnce("level: fachkraft", "level: chef"), "roles[0].level", "must be one of"},
		{"bad slug", replaceOnce("slug: testrolle\n", "slug: Test Rolle\n"), "roles[0].slug", "lowercase"},
		{"unknown skill in checklist", replaceOnce("skill: englisch", "skill: klingonisch"), "roles[0].checklist[1].skill", `unknown skill "klingonisch"`},
		{"unknown source", replaceOnce("sources: [001_8991a098efc6fbdb.txt] }\n    requirements", "sources: [999_0000000000000000.txt] }\n    requirements"), "roles[0].tasks[2].sources[0]", "unknown source"},
		{"level out of range", replaceOnce("level: 1, essential: true", "level: 7, essential: true"), "roles[0].checklist[0].level", "at most 4"},
		{"average outside range", replaceOnce("average: 37400", "average: 60000"), "salaries[0].average", "between low"},
		{"duration without source", replaceOnce(", source: 001_8991a098efc6fbdb.txt }", " }"), "courses[1].duration.source", "is required"},
		{"unknown course in path", replaceOnce("course: kurs-online", "course: kurs-fehlt"), "paths[0].steps[0].course", `unknown course "kurs-fehlt"`},
		{"unknown target role", replaceOnce("targetRole: testrolle", "targetRole: astronaut"), "paths[0].targetRole", `unknown role "astronaut"`},
		{"too few steps", replaceOnce("      - { kind: experience, title: { de: Praxis, en: Practice }, summary: { de: Praxis, en: Practice } }\n", ""), "paths[0].steps", "at least 2"},
		{"bad audience", replaceOnce("audience: [quereinstieg]", "audience: [alle]"), "paths[0].audience[0]", "must be one of"},
		{"unknown field", replaceOnce("level: fachkraft", "level: fachkraft\n    salary: 1"), "all.yaml", "field salary not found"},
		{"duplicate slug", replaceOnce("slug: zweitrolle", "slug: testrolle"), "all.yaml: roles[1]", `duplicate roles "testrolle"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.edit(base)
			if in == base {
				t.Fatal("the edit did not apply to the fixture")
			}
			_, err := Load(fstest.MapFS{"all.yaml": {Data: []byte(in)}})
			var ae *apperr.Error
			if !asErr(err, &ae) || ae.Code != apperr.Invalid {
				t.Fatalf("want an invalid error, got %v", err)
			}
			for field, msg := range ae.Fields {
				if strings.HasPrefix(field, "all.yaml") && strings.HasSuffix(field, tt.wantField) && strings.Contains(msg, tt.wantMsg) {
					return
				}
			}
			t.Fatalf("no problem %q containing %q in %v", tt.wantField, tt.wantMsg, ae.Fields)
		})
	}
}

func TestFixtureIsValid(t *testing.T) {
	set, err := Load(fstest.MapFS{"all.yaml": {Data: []byte(loadFixture(t))}})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Roles) != 2 || len(set.Skills) != 5 || len(set.Courses) != 2 || len(set.Paths) != 1 {
		t.Fatalf("fixture counts: %d roles %d skills %d courses %d paths", len(set.Roles), len(set.Skills), len(set.Courses), len(set.Paths))
	}
}

func TestLoadRejectsEmptyTree(t *testing.T) {
	if _, err := Load(fstest.MapFS{}); err == nil {
		t.Fatal("want an error for a tree without YAML files")
	}
}

func loadFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/mini/all.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func replaceOnce(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

func TestTextIn(t *testing.T) {
	x := Text{DE: "Hallo", EN: "Hello"}
	if x.In("en") != "Hello" || x.In("de") != "Hallo" || x.In("fr") != "Hallo" || (Text{DE: "nur"}).In("en") != "nur" {
		t.Fatal("Text.In picks the wrong language")
	}
	if LevelName(3, "de") != "Sehr gute Kenntnisse" || LevelName(0, "de") != "Keine Kenntnisse" || LevelName(0, "en") != "None" || LevelName(5, "de") != "" || LevelName(-1, "en") != "" {
		t.Fatal("LevelName")
	}
}
