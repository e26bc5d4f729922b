package jobs

import (
	"context"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
)

// TestDraftMayBeIncomplete: a draft is saved without a salary (or
// anything else publishing requires but the title), its warnings name each
// missing field, publishing is refused naming them, and once they are
// filled in it publishes.
func TestDraftMayBeIncomplete(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()

	// Only the title is required of a draft; malformed fields still fail.
	if err := (&Input{}).ValidateDraft(); !hasField(err, "title") {
		t.Errorf("draft without title: %v", err)
	}
	bad := Input{Title: "Bürokraft", Location: Location{PostalCode: "123"}, Salary: Salary{Min: 40000, Max: 30000, Period: "week"}}
	err := bad.ValidateDraft()
	for _, f := range []string{"location.postalCode", "salary.max", "salary.period"} {
		if !hasField(err, f) {
			t.Errorf("malformed draft: %s not named: %v", f, err)
		}
	}
	for _, f := range []string{"role", "description", "location.city", "salary.min"} {
		if hasField(err, f) {
			t.Errorf("draft: missing %s refused: %v", f, err)
		}
	}

	in := validInput()
	in.Salary = Salary{}
	in.Description = ""
	in.Employment = Employment{}
	p, w, err := s.Create(ctx, "o_1", "u_1", in)
	if err != nil {
		t.Fatalf("draft without salary refused: %v", err)
	}
	missing := map[string]bool{}
	for _, x := range w {
		if x.Code == CodeRequiredToPublish {
			missing[x.Field] = true
		}
	}
	want := []string{"salary.min", "salary.max", "salary.period", "description", "employment.type"}
	for _, f := range want {
		if !missing[f] {
			t.Errorf("no %s warning for %s: %v", CodeRequiredToPublish, f, w)
		}
	}
	if len(missing) != len(want) {
		t.Errorf("required_to_publish warnings %v, want exactly %v", missing, want)
	}
	// German messages for the page.
	for _, x := range LocalizeWarnings(w, "de") {
		if x.Field == "salary.min" && x.Message[:4] != "zum " {
			t.Errorf("German message: %q", x.Message)
		}
	}

	_, _, err = s.Publish(ctx, "o_1", "u_1", p.ID, nil)
	if !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("publishing an incomplete draft: %v", err)
	}
	for _, f := range want {
		if !hasField(err, f) {
			t.Errorf("publish refusal does not name %s: %v", f, err)
		}
	}
	if q, _ := s.Posting(ctx, "o_1", p.ID); q.State != Draft || q.Version != p.Version {
		t.Fatalf("refused publish changed the posting: state %s version %d", q.State, q.Version)
	}

	full := validInput()
	p, w, err = s.UpdateAt(ctx, "o_1", p.ID, p.Version, func(in *Input) error {
		in.Salary, in.Description, in.Employment = full.Salary, full.Description, full.Employment
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range w {
		if x.Code == CodeRequiredToPublish {
			t.Errorf("complete draft still warns: %v", x)
		}
	}
	if p, _, err = s.Publish(ctx, "o_1", "u_1", p.ID, nil); err != nil || p.State != Published {
		t.Fatalf("publishing the complete draft: %v", err)
	}
	// A published posting cannot lose what publishing required.
	if _, _, err := s.Update(ctx, "o_1", p.ID, func(in *Input) error { in.Salary = Salary{}; return nil }); !hasField(err, "salary.min") {
		t.Errorf("published posting lost its salary: %v", err)
	}
}

func hasField(err error, field string) bool {
	var ae *apperr.Error
	if !errorsAs(err, &ae) {
		return false
	}
	_, ok := ae.Fields[field]
	return ok
}
