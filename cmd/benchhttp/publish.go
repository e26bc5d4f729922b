package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
)

type publishResult struct {
	n             int
	p50, p99, max time.Duration
}

// publishLatency signs up an employer with an organisation (verifying the
// address by the link in the mail file the embedded default writes), then
// publishes n postings one after another through the API and, for each,
// polls the job search every 20 ms until it finds the posting: the time from
// sending the publish request to the first search that finds it.
func publishLatency(ctx context.Context, s *server, dir string, n int) (publishResult, error) {
	const email, password = "bench-employer@example.de", "Tintenfass Gartenzaun 47"
	reg := map[string]any{"email": email, "password": password, "name": "Bench", "role": "employer",
		"organisation": map[string]any{"name": "Messbetrieb GmbH", "sizeClass": "10-49", "industry": "Dienstleistungen",
			"locations": []map[string]any{{"city": "München", "postalCode": "80331", "bundesland": "BY"}}}}
	if code, body, err := call(s.addr, "POST", "/api/v1/auth/register", "", reg); err != nil || code != 202 {
		return publishResult{}, fmt.Errorf("register: %d %v %s", code, err, body)
	}
	token, err := mailedToken(ctx, filepath.Join(dir, "mail"), email)
	if err != nil {
		return publishResult{}, err
	}
	if code, body, err := call(s.addr, "POST", "/api/v1/auth/verify-email", "", map[string]any{"token": token}); err != nil || code != 204 {
		return publishResult{}, fmt.Errorf("verify: %d %v %s", code, err, body)
	}
	code, body, err := call(s.addr, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password})
	var login struct{ AccessToken string }
	if err != nil || code != 200 || json.Unmarshal(body, &login) != nil {
		return publishResult{}, fmt.Errorf("login: %d %v %s", code, err, body)
	}
	var lat []time.Duration
	for i := range n {
		word := "Messlauf" + string(rune('a'+i%26)) + string(rune('a'+i/26%26))
		code, body, err := call(s.addr, "POST", "/api/v1/organisations/mine/postings", login.AccessToken, postingInput(word))
		var created struct{ Posting struct{ ID string } }
		if err != nil || code != 201 || json.Unmarshal(body, &created) != nil {
			return publishResult{}, fmt.Errorf("create posting: %d %v %.300s", code, err, body)
		}
		id := created.Posting.ID
		start := time.Now()
		if code, body, err := call(s.addr, "POST", "/api/v1/organisations/mine/postings/"+id+"/publish", login.AccessToken, nil); err != nil || code != 200 {
			return publishResult{}, fmt.Errorf("publish: %d %v %.300s", code, err, body)
		}
		for {
			a, err := fetch(s.addr, "/api/v1/search/jobs?limit=50&q="+url.QueryEscape(word), nil)
			if err != nil {
				return publishResult{}, err
			}
			if bytes.Contains(a.Body, []byte(`"id":"`+id+`"`)) {
				lat = append(lat, time.Since(start))
				break
			}
			if time.Since(start) > time.Minute {
				return publishResult{}, fmt.Errorf("posting %s not searchable after a minute", id)
			}
			select {
			case <-ctx.Done():
				return publishResult{}, ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	r := publishResult{n: len(lat)}
	r.p50, r.p99, r.max = percentiles(lat)
	return r, nil
}

func postingInput(word string) map[string]any {
	return map[string]any{
		"title":           "Backoffice-Mitarbeiter (m/w/d) " + word,
		"role":            "backoffice-mitarbeiter",
		"description":     "## Ihre Aufgaben\n\nSie bearbeiten Aufträge, pflegen Kundendaten und organisieren Termine für unser Vertriebsteam in München. Sie sind die erste Ansprechperson für Kundinnen und Kunden am Telefon und per E-Mail.\n\n## Ihr Profil\n\nEine abgeschlossene kaufmännische Ausbildung und sicherer Umgang mit MS Office. Sie arbeiten strukturiert und behalten auch in hektischen Zeiten den Überblick. Wir bieten ein freundliches Team.",
		"tasks":           []string{"Aufträge bearbeiten", "Kundendaten pflegen"},
		"skills":          []map[string]any{{"slug": "geschaeftskorrespondenz", "essential": true}},
		"experienceYears": 2,
		"education":       "Kaufmännische Ausbildung",
		"location":        map[string]any{"postalCode": "80331", "city": "München", "bundesland": "BY", "street": "Marienplatz 1"},
		"remote":          map[string]any{"mode": "hybrid", "daysPerWeek": 2},
		"employment":      map[string]any{"type": "vollzeit", "fixedTerm": false},
		"startDate":       time.Now().AddDate(0, 2, 0).Format("2006-01-02"),
		"contact":         map[string]any{"name": "Frau Berg", "email": "jobs@messbetrieb.example"},
		"apply":           map[string]any{"method": "platform"},
		"salary":          map[string]any{"min": 38000, "max": 44000, "period": "year", "currency": "EUR"},
	}
}

func call(addr, method, path, token string, body any) (int, []byte, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI("http://" + addr + path)
	req.Header.SetMethod(method)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		req.Header.SetContentType("application/json")
		req.SetBody(b)
	}
	if err := fasthttp.DoTimeout(req, resp, 30*time.Second); err != nil {
		return 0, nil, err
	}
	return resp.StatusCode(), append([]byte(nil), resp.Body()...), nil
}

var tokenRe = regexp.MustCompile(`token=([^\s"&<>]+)`)

// mailedToken waits for the mail to addr in dir and returns the token of
// its link.
func mailedToken(ctx context.Context, dir, addr string) (string, error) {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			msg, err := mail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				continue
			}
			if to, _ := msg.Header.AddressList("To"); len(to) != 1 || !strings.EqualFold(to[0].Address, addr) {
				continue
			}
			text, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
			if err != nil {
				text = raw
			}
			if m := tokenRe.FindSubmatch(text); m != nil {
				return url.QueryUnescape(string(m[1]))
			}
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("no mail to %s in %s", addr, dir)
}
