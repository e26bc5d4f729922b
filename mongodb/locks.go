package mongodb

import (
	"hash/fnv"
	"sync"
)

// DocLocks serialises writes to one document within this process.
//
// FerretDB v1 (the embedded default) runs an update as read, modify in Go,
// write back; two concurrent updates of one document, even of different
// fields or with a condition on a version, can therefore overwrite each
// other. On MongoDB single-document updates are atomic. Embedded FerretDB
// only ever serves one process, so holding the document's lock around its
// read-modify-write steps makes the embedded mode as safe as MongoDB. Ids are
// hashed onto a fixed set of mutexes: unrelated documents rarely wait for
// each other and memory stays bounded.
type DocLocks struct {
	stripes [256]sync.Mutex
}

// Lock locks the document's stripe and returns the unlock function:
// defer locks.Lock(id)().
func (l *DocLocks) Lock(id string) (unlock func()) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	m := &l.stripes[h.Sum32()%uint32(len(l.stripes))]
	m.Lock()
	return m.Unlock
}
