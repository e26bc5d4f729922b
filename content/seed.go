package content

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// SeedReport counts, per collection, what Seed did.
type SeedReport map[string]map[Outcome]int

// String renders the report as one line per collection, sorted.
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

// SeedResult is what SeedDetailed did: the counts and which documents it
// kept.
type SeedResult struct {
	Counts SeedReport
	// Kept lists, per collection, the keys of the documents an admin had
	// edited or retired that Seed left alone (in the order of the files).
	Kept map[string][]string
}

// String renders the counts, then one line per collection naming the
// documents kept.
func (r SeedResult) String() string {
	var b strings.Builder
	b.WriteString(r.Counts.String())
	if len(r.Kept) > 0 {
		b.WriteString("kept because an admin edited or retired them (seed --force overwrites them):\n")
		for _, k := range slices.Sorted(maps.Keys(r.Kept)) {
			fmt.Fprintf(&b, "  %s: %s\n", k, strings.Join(r.Kept[k], ", "))
		}
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
	res, err := s.SeedDetailed(ctx, set, force)
	return res.Counts, err
}

// SeedDetailed is Seed, also naming the documents it kept.
func (s *Store) SeedDetailed(ctx context.Context, set *Set, force bool) (SeedResult, error) {
	rep := SeedResult{Counts: SeedReport{}, Kept: map[string][]string{}}
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

func seedAll[T any](ctx context.Context, s *Store, k kind[T], docs []T, force bool, rep SeedResult) error {
	counts := map[Outcome]int{}
	rep.Counts[k.coll] = counts
	for _, d := range docs {
		o, err := put(ctx, s, k, d, "", force)
		if err != nil {
			return fmt.Errorf("seed %s: %w", k.coll, err)
		}
		counts[o]++
		if o == Kept {
			rep.Kept[k.coll] = append(rep.Kept[k.coll], k.key(&d))
		}
	}
	return nil
}
