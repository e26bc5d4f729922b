package main

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestComposeUsesConfigNames parses docker-compose.yml and checks that the
// app is configured only through variables Config reads, and that the
// services the design names are there with health checks and volumes.
func TestComposeUsesConfigNames(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string
			Environment map[string]string
			Healthcheck struct{ Test []string }
			Volumes     []string
		}
		Volumes map[string]any
	}
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, s := range settings {
		known[s.env] = true
	}
	app, ok := compose.Services["app"]
	if !ok || len(app.Environment) == 0 {
		t.Fatal("no app service with environment")
	}
	for name := range app.Environment {
		if !known[name] {
			t.Errorf("app sets %s, which Config does not read", name)
		}
	}
	for _, must := range []string{"MONGODB_URI", "MONGODB_DB", "LAUFBAHN_ADDR", "LAUFBAHN_DATA"} {
		if _, ok := app.Environment[must]; !ok {
			t.Errorf("app does not set %s", must)
		}
	}
	images := map[string]string{"mongodb": "mongo:8", "meilisearch": "getmeili/meilisearch:v1."}
	for svc, prefix := range images {
		s, ok := compose.Services[svc]
		if !ok || !strings.HasPrefix(s.Image, prefix) {
			t.Errorf("service %s: image %q, want %s*", svc, s.Image, prefix)
		}
	}
	if !strings.Contains(compose.Services["meilisearch"].Environment["MEILI_MASTER_KEY"], "${MEILI_MASTER_KEY") {
		t.Error("the Meilisearch master key must come from the environment")
	}
	for name, s := range compose.Services {
		if len(s.Healthcheck.Test) == 0 {
			t.Errorf("service %s has no health check", name)
		}
		for _, v := range s.Volumes {
			vol, _, _ := strings.Cut(v, ":")
			if _, named := compose.Volumes[vol]; !named {
				t.Errorf("service %s mounts %q, not a named volume", name, vol)
			}
		}
	}
}
