// Package meili is the Meilisearch engine behind search.Index, used in the
// services deployment (MEILI_URL). It talks to Meilisearch v1.x (the
// compose file pins the release the recorded fixtures in testdata follow)
// through
// github.com/meilisearch/meilisearch-go, keeps one index per search.Kind
// named IndexPrefix+kind (laufbahn_jobs, laufbahn_courses, laufbahn_roles),
// and waits for every asynchronous task it enqueues.
//
// Filters are built from typed search.Filter values only: attribute names
// come from the schema's allowlist, and every string value is quoted with
// backslash and double quote escaped, so user input cannot change the
// expression.
//
// # API key
//
// The application uses a scoped API key, never the master key. Create it
// once with the master key (or call CreateScopedKey):
//
//	curl -X POST "$MEILI_URL/keys" \
//	  -H "Authorization: Bearer $MEILI_MASTER_KEY" \
//	  -H 'Content-Type: application/json' \
//	  --data-binary '{
//	    "name": "laufbahn",
//	    "description": "Laufbahn application: search and index maintenance",
//	    "actions": ["search", "documents.add", "documents.get", "documents.delete", "indexes.create", "indexes.get", "settings.get", "settings.update", "tasks.get", "stats.get"],
//	    "indexes": ["laufbahn_*"],
//	    "expiresAt": null
//	  }'
//
// and put the "key" field of the response into MEILI_API_KEY. "stats.get"
// is needed by Stats (GET /indexes/{uid}/stats); the indexes pattern must
// match IndexPrefix. The key deliberately lacks indexes.delete and
// indexes.swap. A key Meilisearch refuses (401/403) makes searches answer
// 503 with a message naming MEILI_API_KEY, and the sync worker retries.
package meili
