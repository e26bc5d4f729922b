package bleve

import (
	"context"
	"maps"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
	"github.com/laufbahn/laufbahn/search/searchtest"
)

// benchPostings is the size of the benchmark index (issue 3: 100,000).
const benchPostings = 100_000

// benchBatch is how many postings one Upsert call carries, as the sync
// worker or reindex would hand them over.
const benchBatch = 1000

// vocabulary fills the generator from the curated content.
func vocabulary(tb testing.TB) searchtest.Vocabulary {
	set, err := content.Load(content.Curated())
	if err != nil {
		tb.Fatal(err)
	}
	var v searchtest.Vocabulary
	for _, r := range set.Roles {
		vr := searchtest.VocabRole{Slug: r.Slug, Title: r.Title.DE}
		for _, t := range r.Tasks {
			vr.Tasks = append(vr.Tasks, t.Text.DE)
			v.Tasks = append(v.Tasks, t.Text.DE)
		}
		v.Roles = append(v.Roles, vr)
	}
	for _, s := range set.Skills {
		v.Skills = append(v.Skills, searchtest.VocabSkill{Slug: s.Slug, Name: s.Name.DE})
	}
	return v
}

// indexJobs builds a jobs index of docs under dir and returns the engine
// and the indexing rate in postings per second.
func indexJobs(tb testing.TB, dir string, docs []search.Document) (*Engine, float64) {
	e, err := Open(dir, nil)
	if err != nil {
		tb.Fatal(err)
	}
	// As in production: the curated synonyms and compound parts.
	e.UseVocabulary(searchtest.Words(tb))
	ctx := context.Background()
	start := time.Now()
	for i := 0; i < len(docs); i += benchBatch {
		if err := e.Upsert(ctx, search.Jobs, docs[i:min(i+benchBatch, len(docs))]); err != nil {
			tb.Fatal(err)
		}
	}
	return e, float64(len(docs)) / time.Since(start).Seconds()
}

func generated(tb testing.TB) []search.Document {
	jobs := searchtest.GenerateJobs(benchPostings, 1, vocabulary(tb))
	docs := make([]search.Document, len(jobs))
	for i, j := range jobs {
		docs[i] = j.Document()
	}
	return docs
}

// shared is the 100k index the search benchmarks use, built once per run.
var shared struct {
	once sync.Once
	dir  string
	e    *Engine
	rate float64
}

func sharedIndex(b *testing.B) *Engine {
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "laufbahn-bleve-bench-")
		if err != nil {
			b.Fatal(err)
		}
		shared.dir = dir
		shared.e, shared.rate = indexJobs(b, dir, generated(b))
		settle(b, shared.e)
	})
	if shared.e == nil {
		b.Fatal("building the benchmark index failed")
	}
	return shared.e
}

// settle waits until Bleve has finished merging and persisting segments
// after the bulk load, so the search benchmarks measure a steady index.
func settle(tb testing.TB, e *Engine) {
	adv, err := e.indexes[search.Jobs].ix.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return
	}
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if active, _ := s.StatsMap()["index_bgthreads_active"].(bool); !active {
			return
		}
	}
	tb.Log("index still merging after 2 minutes")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.e != nil {
		_ = shared.e.Close()
	}
	if shared.dir != "" {
		_ = os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// BenchmarkIndexing reports two rates: postings/s is the bulk load of the
// 100,000 postings into an empty index (once per run, in Upsert calls of
// benchBatch postings); update-postings/s is re-indexing benchBatch changed
// postings into the full index, once per iteration.
func BenchmarkIndexing(b *testing.B) {
	e := sharedIndex(b)
	docs := generated(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		batch := make([]search.Document, benchBatch)
		for j := range batch {
			d := docs[(i*benchBatch+j)%len(docs)]
			fields := maps.Clone(d.Fields)
			if y, ok := fields["salaryYearMax"].(float64); ok {
				fields["salaryYearMax"] = y + 500 // a raise
			}
			batch[j] = search.Document{ID: d.ID, Fields: fields}
		}
		i++
		if err := e.Upsert(ctx, search.Jobs, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(shared.rate, "postings/s")
	b.ReportMetric(float64(benchBatch)*float64(b.N)/b.Elapsed().Seconds(), "update-postings/s")
}

func ptr(f float64) *float64 { return &f }

var jobFacets = []string{"bundesland", "remote", "employmentType", "skills"}

// facetedQueries is a mix of job searches as the search page sends them:
// text (whole words, a typo, a prefix being typed, two words) with one or
// two filters, the four facets and the first page of 20.
func facetedQueries() []search.Query {
	type tf struct {
		text    string
		filters []search.Filter
	}
	mix := []tf{
		{"Buchhaltung", []search.Filter{search.Eq("bundesland", "BY")}},
		{"Backoffice", []search.Filter{search.Eq("remote", "hybrid")}},
		{"Büromanagement", []search.Filter{search.AnyOf("employmentType", "vollzeit", "teilzeit")}},
		{"Assistenz", []search.Filter{search.Eq("bundesland", "BE"), search.Eq("remote", "remote")}},
		{"Office Manager", []search.Filter{search.Between("salaryYearMax", ptr(45000), nil)}},
		{"Buchaltung", []search.Filter{search.Eq("skills", "ms-office")}},
		{"Sachbearb", []search.Filter{search.Eq("bundesland", "NW")}},
		{"Kaufmann Büromanagement", []search.Filter{search.Eq("employmentType", "ausbildung")}},
		{"Vertrieb", []search.Filter{search.AnyOf("bundesland", "HH", "HB", "SH"), search.Is("fixedTerm", false)}},
		{"Büroleiter", []search.Filter{search.Between("salaryYearMax", ptr(40000), ptr(70000))}},
		{"Zahlungsverkehr", []search.Filter{search.Eq("remote", "onsite")}},
		{"Back Office Berlin", []search.Filter{search.Eq("employmentType", "vollzeit")}},
		{"Datenbanken", []search.Filter{search.Eq("skills", "datenbankverwaltung"), search.Eq("bundesland", "BW")}},
		{"Empfang", []search.Filter{search.AnyOf("remote", "onsite", "hybrid")}},
		{"Dienstreisen organisieren", []search.Filter{search.Eq("bundesland", "HE")}},
		{"Teamassistenz", []search.Filter{search.Eq("employmentType", "teilzeit")}},
	}
	var qs []search.Query
	for _, m := range mix {
		qs = append(qs, search.Query{Text: m.text, Filters: m.filters, Facets: jobFacets, Page: 1, Limit: 20})
	}
	return qs
}

// browseQueries is the search page without text: everything, or one
// filter, with the four facets, newest first or by relevance.
func browseQueries() []search.Query {
	return []search.Query{
		{Facets: jobFacets, Page: 1, Limit: 20},
		{Facets: jobFacets, Sort: search.ByDate, Page: 1, Limit: 20},
		{Filters: []search.Filter{search.Eq("bundesland", "BY")}, Facets: jobFacets, Page: 1, Limit: 20},
		{Filters: []search.Filter{search.Eq("remote", "remote")}, Facets: jobFacets, Sort: search.BySalary, Page: 1, Limit: 20},
	}
}

// randomQueries adds generated searches to the hand-written ones: one or
// two words from the vocabulary (role titles, skills, tasks, cities), some
// with a typo or cut short as while typing, with one or two random filters
// and the four facets; and browsing with at most one filter in every sort
// order. Seeded, so every run measures the same queries.
func randomQueries(v searchtest.Vocabulary, n int) (faceted, browse []search.Query) {
	r := rand.New(rand.NewPCG(7, 11))
	a := newGermanAnalyzer()
	var words []string
	addWords := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
			w = strings.Trim(w, "-")
			if utf8.RuneCountInString(w) >= 4 && !a.lookup([]byte(w)).stop && !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
	}
	for _, ro := range v.Roles {
		addWords(ro.Title)
	}
	for _, sk := range v.Skills {
		addWords(sk.Name)
	}
	for _, t := range v.Tasks {
		addWords(t)
	}
	addWords("Berlin Hamburg München Köln Frankfurt Stuttgart Leipzig Dresden Hannover Bremen Teilzeit Vollzeit Werkstudent Ausbildung")
	bundeslaender := []string{"BE", "HH", "BY", "NW", "HE", "BW", "SN", "HB", "NI", "RP", "SH", "ST", "TH", "MV", "BB", "SL"}
	filter := func() search.Filter {
		switch r.IntN(7) {
		case 0:
			return search.Eq("bundesland", bundeslaender[r.IntN(len(bundeslaender))])
		case 1:
			return search.AnyOf("bundesland", bundeslaender[r.IntN(4)], bundeslaender[4+r.IntN(12)])
		case 2:
			return search.Eq("remote", []string{"onsite", "hybrid", "remote"}[r.IntN(3)])
		case 3:
			return search.AnyOf("employmentType", []string{"vollzeit", "teilzeit", "werkstudent", "ausbildung"}[:1+r.IntN(3)]...)
		case 4:
			return search.Eq("skills", v.Skills[r.IntN(len(v.Skills))].Slug)
		case 5:
			return search.Between("salaryYearMax", ptr(float64(30000+5000*r.IntN(6))), nil)
		default:
			return search.Is("fixedTerm", false)
		}
	}
	filters := func(min int) []search.Filter {
		var fs []search.Filter
		for range min + r.IntN(2) {
			f := filter()
			if !slices.ContainsFunc(fs, func(x search.Filter) bool { return x.Field == f.Field }) {
				fs = append(fs, f)
			}
		}
		return fs
	}
	for range n {
		ws := []string{words[r.IntN(len(words))]}
		if r.IntN(3) == 0 {
			ws = append(ws, words[r.IntN(len(words))])
		}
		last := []rune(ws[len(ws)-1])
		switch x := r.IntN(10); {
		case x < 2 && len(last) > 5: // still typing
			ws[len(ws)-1] = string(last[:3+r.IntN(len(last)-4)])
		case x < 4 && len(last) >= 5: // a typo
			i := 1 + r.IntN(len(last)-1)
			last[i] = []rune("aeinrst")[r.IntN(7)]
			ws[len(ws)-1] = string(last)
		}
		faceted = append(faceted, search.Query{Text: strings.Join(ws, " "), Filters: filters(1), Facets: jobFacets, Page: 1, Limit: 20})
	}
	for i := range n / 4 {
		var fs []search.Filter
		if i%2 == 1 {
			fs = []search.Filter{filter()}
		}
		browse = append(browse, search.Query{Filters: fs, Facets: jobFacets,
			Sort: []search.SortKey{search.ByRelevance, search.ByDate, search.BySalary}[i%3], Page: 1, Limit: 20})
	}
	return faceted, browse
}

// BenchmarkSearch reports latency percentiles of the query mixes on the
// 100,000-posting index (built once per run, not timed here): "faceted" is
// text with one or two filters and four facets, page 1 of 20; "browse" is
// the same page without text.
// threadCPU is the CPU time the calling thread has used (Linux).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// nearQueries are the faceted queries around a large city: every other one
// within 50 km by relevance, the rest within 25 km by distance.
func nearQueries(qs []search.Query) []search.Query {
	var centres []places.Place
	for _, name := range []string{"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Leipzig", "Hannover"} {
		p, _ := places.Germany().Lookup(name)
		centres = append(centres, p)
	}
	out := make([]search.Query, len(qs))
	for i, q := range qs {
		c := centres[i%len(centres)]
		q.Near = &search.Circle{Lat: c.Lat, Lng: c.Lng, RadiusKm: 50}
		if i%2 == 1 {
			q.Near.RadiusKm, q.Sort = 25, search.ByDistance
		}
		out[i] = q
	}
	return out
}

func BenchmarkSearch(b *testing.B) {
	e := sharedIndex(b)
	settle(b, e)
	faceted, browse := randomQueries(vocabulary(b), 400)
	for _, bc := range []struct {
		name string
		qs   []search.Query
	}{{"faceted", append(facetedQueries(), faceted...)}, {"browse", append(browseQueries(), browse...)},
		{"near", nearQueries(append(facetedQueries(), faceted...))}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			// Warm up once per query, untimed: the caches built per index
			// segment on first use (ids, facet and sort columns) and the
			// analysis cache; see docs/BENCHMARKS.md for the cold costs.
			for _, q := range bc.qs {
				if _, err := e.Search(ctx, search.Jobs, q); err != nil {
					b.Fatal(err)
				}
			}
			var took, cpu []time.Duration
			i := 0
			// The search runs on this goroutine; pinned to one thread, the
			// thread's CPU time is the query's cost even on a busy machine,
			// where wall time also counts waiting for a CPU.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for b.Loop() {
				q := bc.qs[i%len(bc.qs)]
				i++
				c0 := threadCPU()
				start := time.Now()
				_, err := e.Search(ctx, search.Jobs, q)
				took = append(took, time.Since(start))
				cpu = append(cpu, threadCPU()-c0)
				if err != nil {
					b.Fatal(err)
				}
			}
			slices.Sort(took)
			slices.Sort(cpu)
			b.ReportMetric(ms(percentile(took, 50)), "p50-ms")
			b.ReportMetric(ms(percentile(took, 99)), "p99-ms")
			b.ReportMetric(ms(took[len(took)-1]), "max-ms")
			b.ReportMetric(ms(percentile(cpu, 50)), "cpu-p50-ms")
			b.ReportMetric(ms(percentile(cpu, 99)), "cpu-p99-ms")
		})
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// TestQueryMixFindsPostings keeps the benchmark honest on a small index:
// every text query of the mix finds postings.
func TestQueryMixFindsPostings(t *testing.T) {
	jobs := searchtest.GenerateJobs(2000, 1, vocabulary(t))
	docs := make([]search.Document, len(jobs))
	for i, j := range jobs {
		docs[i] = j.Document()
	}
	e, _ := indexJobs(t, t.TempDir(), docs)
	defer e.Close()
	for _, q := range append(facetedQueries(), browseQueries()...) {
		q.Filters = nil
		res, err := e.Search(context.Background(), search.Jobs, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 {
			t.Errorf("%q finds nothing in 2,000 generated postings", q.Text)
		}
	}
}
