package meili

import (
	"context"
	"errors"
	"strings"

	"github.com/meilisearch/meilisearch-go"
)

// KeyActions are the API key actions the engine needs: search, writing,
// reading and deleting documents, creating and reading its indexes,
// reading and updating settings, waiting for tasks (tasks.get) and counting
// documents (stats.get). Nothing else: not indexes.delete or indexes.swap
// (a leaked key must not be able to drop or replace an index), no key
// management, dumps or snapshots.
var KeyActions = []string{"search", "documents.add", "documents.get", "documents.delete", "indexes.create", "indexes.get",
	"settings.get", "settings.update", "tasks.get", "stats.get"}

// KeyIndexes returns the index pattern a scoped key is limited to.
func KeyIndexes(prefix string) []string {
	if prefix == "" {
		prefix = DefaultIndexPrefix
	}
	return []string{prefix + "*"}
}

// CreateScopedKey creates, with the master key, an API key limited to
// KeyActions on the indexes starting with prefix, and returns the key to put
// into MEILI_API_KEY. It is the Go form of the curl call in the package
// documentation.
func CreateScopedKey(ctx context.Context, url, masterKey, prefix string) (string, error) {
	if url == "" || masterKey == "" {
		return "", errors.New("meili: URL and master key are required to create a key")
	}
	client := meilisearch.New(strings.TrimRight(url, "/"), meilisearch.WithAPIKey(masterKey), meilisearch.DisableRetries())
	k, err := client.CreateKeyWithContext(ctx, &meilisearch.Key{
		Name:        "laufbahn",
		Description: "Laufbahn application: search and index maintenance",
		Actions:     KeyActions,
		Indexes:     KeyIndexes(prefix),
	})
	if err != nil {
		return "", err
	}
	return k.Key, nil
}
