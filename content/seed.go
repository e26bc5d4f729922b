package content

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// SeedReport counts, per kind, what Seed did.
type SeedReport map[string]map[Outcome]int

// String renders the report as one line per kind, sorted.
func (r SeedReport) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(r)) {
		fmt.Fprintf(&b, "%-9s", k)
		for _, o := range []Outcome{Inserted, Updated, Unchanged, Kept} {
			fmt.Fprintf(&b, " %s=%d", o, r[k][o])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Changed reports whether Seed wrote anything.
func (r SeedReport) Changed() bool {
	for _, m := range r {
		if m[Inserted]+m[Updated] > 0 {
			return true
		}
	}
	return false
}

// Seed upserts a validated content set. It is idempotent: documents whose
// stored seed hash matches are left untouched, and documents an admin edited
// are kept unless force is set. Documents that are in the database but no
// longer in the files are left alone (an admin may have created them).
func (s *Store) Seed(ctx context.Context, set *Set, force bool) (SeedReport, error) {
	rep := SeedReport{}
	// Referenced documents first, so a reader never sees a role whose skills
	// are missing.
	if err := seedAll(ctx, s, sourceKind, set.Sources, force, rep); err != nil {
		return rep, err
	}
	if err := seedAll(ctx, s, skillKind, set.Skills, force, rep); err != nil {
		return rep, err
	}
	if err := seedAll(ctx, s, roleKind, set.Roles, force, rep); err != nil {
		return rep, err
	}
	if err := seedAll(ctx, s, salaryKind, set.Salaries, force, rep); err != nil {
		return rep, err
	}
	if err := seedAll(ctx, s, courseKind, set.Courses, force, rep); err != nil {
		return rep, err
	}
	return rep, seedAll(ctx, s, pathKind, set.Paths, force, rep)
}

func seedAll[T any](ctx context.Context, s *Store, k kind[T], docs []T, force bool, rep SeedReport) error {
	counts := map[Outcome]int{}
	rep[k.coll] = counts
	for _, d := range docs {
		o, err := put(ctx, s, k, d, "", force)
		if err != nil {
			return fmt.Errorf("seed %s: %w", k.coll, err)
		}
		counts[o]++
	}
	return nil
}
