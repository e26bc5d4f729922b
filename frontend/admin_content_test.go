package frontend

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/content"
)

const (
	testSalary = "backoffice-manager-de"
	salaryEdit = "/admin/inhalte/gehaelter/" + testSalary
	oldSource  = "001_8991a098efc6fbdb.txt"
	newSource  = "002_8cba13bbe8b61922.txt"
)

// adminSignIn signs an admin in and returns the browser.
func adminSignIn(t *testing.T, e *testEnv, email string) (*visitor, *account.User) {
	t.Helper()
	u := e.Accounts.User(t, email, account.Admin, false)
	b := newVisitor(t, e.App)
	b.signIn(email, accounttest.Password, "")
	return b, u
}

// formOf reads the edit form at path as a browser would send it back:
// every input, checked box, selected option and text area.
func formOf(t *testing.T, b *visitor, path string) url.Values {
	t.Helper()
	resp, body := b.get(path)
	wantStatus(t, resp, body, 200)
	i := strings.Index(body, `<form action="`+path+`" method="post" class="cform"`)
	if i < 0 {
		t.Fatalf("no edit form on %s", path)
	}
	body = body[i:]
	body = body[:strings.Index(body, "</form>")]
	// Template rows are not sent.
	for {
		a := strings.Index(body, "<template>")
		if a < 0 {
			break
		}
		z := strings.Index(body[a:], "</template>")
		body = body[:a] + body[a+z+len("</template>"):]
	}
	return parseForm(body)
}

func TestAdminContentEditSaveHistoryRevert(t *testing.T) {
	e := newTestEnv(t)
	b, adm := adminSignIn(t, e, "red@example.de")

	resp, body := b.get("/admin")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "<h1>Redaktion</h1>", `href="/admin/inhalte/rollen"`, `href="/admin/inhalte/gehaelter"`, "Noch keine Änderungen aus der Redaktion.")

	resp, body = b.get("/admin/inhalte/gehaelter?q=backoffice-manager")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `href="`+salaryEdit+`"`, "Kuratierte Dateien")
	resp, body = b.get("/admin/inhalte/gehaelter?q=gibtsnicht")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Keine Einträge gefunden.")
	resp, body = b.get("/admin/inhalte/unbekannt")
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = b.get("/admin/inhalte/rollen/gibtsnicht")
	wantStatus(t, resp, body, http.StatusNotFound)

	vals := formOf(t, b, salaryEdit)
	if vals.Get("source") != oldSource || vals.Get("average") != "37400" || !strings.Contains(vals.Get("note.de"), "laut t3n") || vals.Get("_rev") == "" {
		t.Fatalf("form values %v", vals)
	}
	base := vals.Get("_rev")

	// A number that is none: the form again, the typed text kept, nothing saved.
	bad := cloneValues(vals)
	bad.Set("average", "viel")
	resp, body = b.post(salaryEdit, bad)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `value="viel"`, "Bitte eine ganze Zahl eingeben", `id="c-average-error"`, `aria-invalid="true"`, "autofocus")
	// A problem of the service: next to its field.
	bad = cloneValues(vals)
	bad.Set("regionName.en", "")
	resp, body = b.post(salaryEdit, bad)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="c-regionName-en-error"`, `name="regionName.en" lang="en" type="text" value="" required aria-invalid="true" aria-describedby="c-regionName-en-error" autofocus>`)
	// Another row without JavaScript: the form again with an empty row, nothing saved.
	more := cloneValues(vals)
	more.Set("_add", "factors")
	resp, body = b.post(salaryEdit, more)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `name="factors[3].de" lang="de" type="text" value="" autofocus>`, `value="Arbeitgeber – größere Konzerne`)
	// Removing a row without JavaScript: gone from the form, nothing saved.
	less := cloneValues(vals)
	less.Set("_remove", "factors[0]")
	resp, body = b.post(salaryEdit, less)
	wantStatus(t, resp, body, 200)
	if strings.Contains(body, "Arbeitgeber – größere Konzerne") || !strings.Contains(body, `name="factors[1].de"`) {
		t.Fatal("the removed row is still there")
	}
	if d, _ := e.Site.Content.AdminGet(context.Background(), content.KindSalaries, testSalary); d.Revision != atoi64(t, base) {
		t.Fatalf("something was saved: revision %d", d.Revision)
	}

	// Save the corrected source.
	ok := cloneValues(vals)
	ok.Set("source", newSource)
	ok.Set("note.de", strings.Replace(vals.Get("note.de"), "laut t3n", "laut Quelle 002", 1))
	resp, body = b.post(salaryEdit, ok)
	wantRedirect(t, resp, body, salaryEdit+"?hinweis=gespeichert")
	resp, body = b.get(salaryEdit + "?hinweis=gespeichert")
	mustContain(t, body, "Gespeichert.", `value="`+newSource+`" selected`)
	resp, body = e.get(t, "/berufe/backoffice-manager")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `href="#src-`+newSource+`"`, "laut Quelle 002")

	// Someone else saves meanwhile: my stale form comes back with what I typed.
	stale := cloneValues(ok)
	stale.Set("note.en", "My own English note")
	other := formOf(t, b, salaryEdit)
	doc, _, _ := decodeDoc(content.KindSalaries, other)
	doc.(*content.SalaryRange).AsOf = "2026-11-28"
	if _, err := e.Site.Content.AdminUpdate(context.Background(), content.KindSalaries, testSalary, doc, atoi64(t, other.Get("_rev")), "u_someoneelse00000"); err != nil {
		t.Fatal(err)
	}
	stale.Set("_rev", other.Get("_rev"))
	resp, body = b.post(salaryEdit, stale)
	wantStatus(t, resp, body, http.StatusConflict)
	cur, _ := e.Site.Content.AdminGet(context.Background(), content.KindSalaries, testSalary)
	mustContain(t, body, "während Sie ihn bearbeitet haben", "My own English note", `href="`+salaryEdit+`/versionen"`,
		`name="_rev" value="`+itoa(int(cur.Revision))+`"`)
	if cur.Doc.(*content.SalaryRange).AsOf != "2026-11-28" {
		t.Fatal("the stale save overwrote the newer revision")
	}

	// The overview and the history say who changed what.
	resp, body = b.get("/admin")
	mustContain(t, body, "red", "gehaelter/"+testSalary, "Letzte Änderungen")
	resp, body = b.get(salaryEdit + "/versionen")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Quelle", "<del>"+oldSource+"</del>", "<ins>"+newSource+"</ins>", "Anmerkung › Deutsch", "red", "Kuratierte Dateien")
	revs, err := e.Site.Content.Revisions(context.Background(), content.KindSalaries, testSalary)
	if err != nil || len(revs) < 3 {
		t.Fatalf("revisions %v %v", revs, err)
	}
	seed := revs[len(revs)-1] // the curated state, recorded at the first edit
	if revs[1].Editor != adm.ID {
		t.Fatalf("editor %q", revs[1].Editor)
	}

	// Revert asks first, then restores the curated text.
	revert := salaryEdit + "/versionen/" + itoa(int(seed.Number)) + "/wiederherstellen"
	resp, body = b.post(revert, url.Values{"_rev": {itoa(int(cur.Revision))}})
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "wiederherstellen?", `name="bestaetigt" value="1"`)
	if d, _ := e.Site.Content.AdminGet(context.Background(), content.KindSalaries, testSalary); d.Revision != cur.Revision {
		t.Fatal("revert did not wait for the confirmation")
	}
	resp, body = b.post(revert, url.Values{"_rev": {itoa(int(cur.Revision))}, "bestaetigt": {"1"}})
	wantRedirect(t, resp, body, salaryEdit+"/versionen?hinweis=wiederhergestellt")
	resp, body = e.get(t, "/berufe/backoffice-manager")
	mustContain(t, body, `href="#src-`+oldSource+`"`, "laut t3n")
	// A stale confirmation is refused.
	resp, body = b.post(revert, url.Values{"_rev": {itoa(int(cur.Revision))}, "bestaetigt": {"1"}})
	wantStatus(t, resp, body, http.StatusConflict)
	mustContain(t, body, "inzwischen geändert")
}

func TestAdminContentCreateAndRetire(t *testing.T) {
	e := newTestEnv(t)
	b, _ := adminSignIn(t, e, "red@example.de")
	resp, body := b.get("/admin/inhalte/kompetenzen/neu")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `action="/admin/inhalte/kompetenzen"`, `name="name.de"`, `name="name.en"`, `name="sources"`, `value="`+oldSource+`"`, `name="category"`)
	form := url.Values{"slug": {"datev"}, "name.de": {"DATEV"}, "name.en": {""}, "category": {"digital"},
		"description.de": {"Buchhaltung mit DATEV."}, "description.en": {"Bookkeeping with DATEV."}}
	resp, body = b.post("/admin/inhalte/kompetenzen", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="c-name-en-error"`, `id="c-sources-error"`, "Bitte mindestens 1 Einträge.", "Bitte füllen Sie dieses Feld aus.", `value="DATEV"`, "Buchhaltung mit DATEV.")
	form.Set("name.en", "DATEV")
	form.Add("sources", oldSource)
	resp, body = b.post("/admin/inhalte/kompetenzen", form)
	wantRedirect(t, resp, body, "/admin/inhalte/kompetenzen/datev?hinweis=angelegt")
	resp, body = e.get(t, "/kompetenzen/datev")
	wantStatus(t, resp, body, 200)
	resp, body = b.post("/admin/inhalte/kompetenzen", form)
	wantStatus(t, resp, body, http.StatusConflict)
	mustContain(t, body, "Diese Kennung ist schon vergeben")

	// A source (its key is a file name) opens and saves unchanged.
	src := formOf(t, b, "/admin/inhalte/quellen/"+oldSource)
	if src.Get("id") != oldSource || src.Get("title") == "" {
		t.Fatalf("source form %v", src)
	}
	resp, body = b.post("/admin/inhalte/quellen/"+oldSource, src)
	wantRedirect(t, resp, body, "/admin/inhalte/quellen/"+oldSource+"?hinweis=gespeichert")
	_, body = b.get("/admin/inhalte/quellen/" + oldSource)
	mustContain(t, body, `name="id" type="text" value="`+oldSource+`" required readonly`)

	vals := formOf(t, b, "/admin/inhalte/kompetenzen/datev")
	resp, body = b.post("/admin/inhalte/kompetenzen/datev/zurueckziehen", url.Values{"_rev": {vals.Get("_rev")}, "reason": {" "}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-reason-error"`)
	resp, body = b.post("/admin/inhalte/kompetenzen/datev/zurueckziehen", url.Values{"_rev": {vals.Get("_rev")}, "reason": {"Doppelt"}})
	wantRedirect(t, resp, body, "/admin/inhalte/kompetenzen?hinweis=zurueckgezogen")
	resp, body = b.get("/admin/inhalte/kompetenzen?q=datev")
	mustContain(t, body, "Keine Einträge gefunden.")
	resp, body = b.get("/admin/inhalte/kompetenzen?q=datev&zurueckgezogen=1")
	mustContain(t, body, "zurückgezogen", `href="/admin/inhalte/kompetenzen/datev"`)
	resp, body = b.get("/admin/inhalte/kompetenzen/datev")
	mustContain(t, body, "Zurückgezogen am", "Doppelt")
	// A skill roles still need cannot be retired: the reason is shown.
	vals = formOf(t, b, "/admin/inhalte/kompetenzen/"+firstChecklistSkill(t))
	resp, body = b.post("/admin/inhalte/kompetenzen/"+firstChecklistSkill(t)+"/zurueckziehen", url.Values{"_rev": {vals.Get("_rev")}, "reason": {"Test"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, "wird noch verwendet")
}

func firstChecklistSkill(t *testing.T) string {
	for _, d := range seededDocs(t)[content.KindRoles] {
		return d.(*content.Role).Checklist[0].Skill
	}
	return ""
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func atoi64(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

var (
	inputRe    = regexp.MustCompile(`<input\b[^>]*>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
	attrRe     = regexp.MustCompile(`\b(name|value|type)="([^"]*)"`)
)

// parseForm reads the fields of a form's HTML as a browser sends them.
func parseForm(h string) url.Values {
	v := url.Values{}
	attrs := func(tag string) map[string]string {
		m := map[string]string{}
		for _, a := range attrRe.FindAllStringSubmatch(tag, -1) {
			m[a[1]] = html.UnescapeString(a[2])
		}
		return m
	}
	for _, tag := range inputRe.FindAllString(h, -1) {
		a := attrs(tag)
		if a["name"] == "" || (a["type"] == "checkbox" && !strings.Contains(tag, " checked")) || a["type"] == "submit" {
			continue
		}
		val, ok := a["value"]
		if !ok && a["type"] == "checkbox" {
			val = "on"
		}
		v.Add(a["name"], val)
	}
	for _, m := range textareaRe.FindAllStringSubmatch(h, -1) {
		v.Add(attrs(m[1])["name"], html.UnescapeString(m[2]))
	}
	for _, m := range selectRe.FindAllStringSubmatch(h, -1) {
		name, val := attrs(m[1])["name"], ""
		for _, o := range optionRe.FindAllStringSubmatch(m[2], -1) {
			if o[2] != "" {
				val = html.UnescapeString(o[1])
			}
		}
		v.Add(name, val)
	}
	return v
}
