package learning

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestMigrateLevelScale moves learner documents written on the old 0–3
// scale onto the one 0–4 scale once: old 3 (expert) becomes 4, 0–2 keep
// their number, documents already on the new scale are left alone, and a
// second run changes nothing.
func TestMigrateLevelScale(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	three, two := 3, 2
	old := bson.D{{Key: "_id", Value: "u_old"}, {Key: "updatedAt", Value: at},
		{Key: "assessments", Value: bson.D{
			{Key: "englisch", Value: bson.D{{Key: "level", Value: 3}, {Key: "evidence", Value: "C1"}, {Key: "updatedAt", Value: at}}},
			{Key: "ms-office", Value: bson.D{{Key: "level", Value: 2}, {Key: "updatedAt", Value: at}}},
			{Key: "organisationstalent", Value: bson.D{{Key: "level", Value: 1}, {Key: "updatedAt", Value: at}}},
			{Key: "buchhaltung-grundlagen", Value: bson.D{{Key: "level", Value: 0}, {Key: "updatedAt", Value: at}}},
		}},
		{Key: "events", Value: bson.A{
			eventDoc{At: at, Kind: EventSkill, Skill: "englisch", Level: &three},
			eventDoc{At: at, Kind: EventSkill, Skill: "ms-office", Level: &two},
		}},
	}
	onlyBackground := bson.D{{Key: "_id", Value: "u_bg"}, {Key: "updatedAt", Value: at}, {Key: "background", Value: Background{Abitur: true}}}
	if _, err := s.learners.InsertMany(ctx, []any{old, onlyBackground}); err != nil {
		t.Fatal(err)
	}
	// A learner who rated "very good" (3) on the new scale keeps it.
	if _, err := s.SetAssessment(ctx, "u_new", "englisch", SkillInput{Level: LevelVeryGood}); err != nil {
		t.Fatal(err)
	}

	n, err := s.MigrateLevelScale(ctx)
	if err != nil || n != 2 {
		t.Fatalf("first run moved %d documents (%v), want 2", n, err)
	}
	as, err := s.Assessments(ctx, "u_old")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"englisch": 4, "ms-office": 2, "organisationstalent": 1, "buchhaltung-grundlagen": 0}
	for sk, l := range want {
		if as[sk].Level != l {
			t.Errorf("%s: level %d, want %d", sk, as[sk].Level, l)
		}
	}
	if as["englisch"].Evidence != "C1" || !as["englisch"].UpdatedAt.Equal(at) {
		t.Errorf("evidence or date lost: %+v", as["englisch"])
	}
	ex, err := s.Export(ctx, "u_old", "de")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.History) != 2 || *ex.History[0].Level != 4 || *ex.History[1].Level != 2 {
		t.Errorf("history not moved: %+v", ex.History)
	}
	if bg, _ := s.Background(ctx, "u_bg"); !bg.Abitur {
		t.Errorf("background lost: %+v", bg)
	}
	if as, _ := s.Assessments(ctx, "u_new"); as["englisch"].Level != LevelVeryGood {
		t.Errorf("a new-scale rating was moved: %+v", as["englisch"])
	}

	// Idempotent: a second run finds nothing, and old 2 does not become 4.
	n, err = s.MigrateLevelScale(ctx)
	if err != nil || n != 0 {
		t.Fatalf("second run moved %d documents (%v), want 0", n, err)
	}
	if as, _ := s.Assessments(ctx, "u_old"); as["englisch"].Level != 4 || as["ms-office"].Level != 2 {
		t.Errorf("second run changed levels: %+v", as)
	}
	// The checklist compares the moved expert level with a required 4.
	if Status(ptr(as["englisch"].Level), 4) != Met {
		t.Error("old expert does not meet a required expert level")
	}
}
