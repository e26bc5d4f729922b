package content

import (
	"embed"
	"io/fs"
)

//go:embed data
var dataFS embed.FS

// Curated returns the curated content files shipped with the binary.
func Curated() fs.FS {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		panic(err) // the embedded tree always has data/
	}
	return sub
}
