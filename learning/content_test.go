package learning

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/laufbahn/laufbahn/content"
)

// TestCuratedPrerequisites: the structured prerequisites the plan relies
// on are in the curated content, and Load checks them.
func TestCuratedPrerequisites(t *testing.T) {
	set, err := content.Load(content.Curated())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"bachelor-bwl":                                    "abitur",
		"fernstudium-backoffice-manager":                  "kaufmaennische-ausbildung",
		"fortbildung-backoffice-manager-berufsbegleitend": "kaufmaennische-ausbildung",
	}
	for _, c := range set.Courses {
		var alts []string
		for _, r := range c.Requires {
			alts = append(alts, r.Background+r.Course)
		}
		if got := strings.Join(alts, "|"); got != want[c.Slug] {
			t.Errorf("%s requires %q, want %q", c.Slug, got, want[c.Slug])
		}
		if (c.Confers != "") != (c.Slug == "ausbildung-kaufmann-bueromanagement") {
			t.Errorf("%s confers %q", c.Slug, c.Confers)
		}
	}

	// A broken requires list is reported with its place.
	files := fstest.MapFS{}
	err = fs.WalkDir(content.Curated(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(content.Curated(), name)
		files[name] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var name string
	for n := range files {
		if strings.HasSuffix(n, "courses.yaml") {
			name = n
		}
	}
	src := string(files[name].Data)
	broken := strings.Replace(src, "    requires:\n      - background: abitur\n",
		"    requires:\n      - background: abitur\n        course: handelsschule\n      - course: gibt-es-nicht\n      - background: mondfahrt\n", 1)
	if broken == src {
		t.Fatal("the BWL requires block moved; update the test")
	}
	files[name] = &fstest.MapFile{Data: []byte(broken)}
	_, err = content.Load(files)
	if err == nil {
		t.Fatal("broken requires accepted")
	}
	for _, want := range []string{"requires[0]: set exactly one of background and course", `requires[1].course: unknown course "gibt-es-nicht"`, "requires[2].background"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problem %q not reported: %v", want, err)
		}
	}
}
