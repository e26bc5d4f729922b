package content

import "time"

// Meta is the bookkeeping every stored content document carries beside its
// curated fields. It is never part of the curated files or API responses.
type Meta struct {
	// SeedHash is the hash of the curated file version last written by Seed.
	SeedHash string `bson:"seedHash,omitempty"`
	// EditedBy is set when an admin changed the document; Seed then keeps it
	// unless forced.
	EditedBy string     `bson:"editedBy,omitempty"`
	EditedAt *time.Time `bson:"editedAt,omitempty"`
	// Version increments on every write; the search sync indexes documents
	// whose IndexedVersion is behind and marks them with SearchDirty.
	Version        int64     `bson:"version"`
	IndexedVersion int64     `bson:"indexedVersion"`
	SearchDirty    bool      `bson:"searchDirty"`
	UpdatedAt      time.Time `bson:"updatedAt"`
	// Retired documents stay in the database with their history but are
	// left out of every read for the public (see AdminRetire).
	Retired       bool       `bson:"retired,omitempty"`
	RetiredAt     *time.Time `bson:"retiredAt,omitempty"`
	RetiredBy     string     `bson:"retiredBy,omitempty"`
	RetiredReason string     `bson:"retiredReason,omitempty"`
}
