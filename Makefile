# Laufbahn – developer commands. Needs only Go (and gcc for -race, which Go's
# race detector uses through cgo).
GO            ?= go
STATICCHECK   ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN           ?= bin/laufbahn
VERSION       ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS       := -s -w -X main.version=$(VERSION)

DEVBIN        ?= bin/laufbahn-dev
DATA          ?= $(or $(LAUFBAHN_DATA),./data)
DEMO_POSTINGS ?= 300

.PHONY: run test lint build seed bench bench-http cover browser-deps screenshots

## run: start the platform on embedded defaults (FerretDB + curated content) at 127.0.0.1:8080.
## On an empty data directory it first seeds the content and creates $(DEMO_POSTINGS) demo postings
## (marked "(Demo)"; `bin/laufbahn-dev demo --remove` deletes them). `laufbahn serve` alone never does.
run:
	$(GO) build -o $(DEVBIN) ./cmd/laufbahn
	@if [ ! -e "$(DATA)/db" ]; then \
	  echo "first start on $(DATA): seeding the content and creating $(DEMO_POSTINGS) demo postings"; \
	  $(DEVBIN) seed --data "$(DATA)" && $(DEVBIN) demo --data "$(DATA)" --postings $(DEMO_POSTINGS); \
	fi
	$(DEVBIN) serve --data "$(DATA)"

## test: vet, then every test with the race detector (the browser tests' chromium and axe-core are installed when missing)
test: browser-deps
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 25m ./...

## browser-deps: Debian's chromium and the pinned axe-core for the browser tests
browser-deps:
	@scripts/browser-deps

## screenshots: PNGs of every page type at 1280 and 375 px into docs/screenshots (public pages, and the signed-in pages from their journeys)
screenshots: browser-deps
	LAUFBAHN_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^(TestScreenshots|TestJourney.*|TestNotificationPagesInChromium)$$' ./frontend

## lint: formatting, vet and staticcheck
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## build: a static binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/laufbahn

## seed: load the curated content into the configured database
seed:
	$(GO) run ./cmd/laufbahn seed

## bench: run the Go benchmarks (see docs/BENCHMARKS.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-http: the HTTP load harness (slow, minutes): the binary on N demo postings against a bare
## Fiber handler sending the same bytes; prints the table of docs/BENCHMARKS.md. POSTINGS=10000
POSTINGS      ?= 10000
BENCHFLAGS    ?=
bench-http: build
	$(GO) build -o bin/benchhttp ./cmd/benchhttp
	bin/benchhttp --bin $(BIN) --postings $(POSTINGS) $(BENCHFLAGS)

## cover: tests with a coverage report in coverage.html
cover:
	$(GO) test -count=1 -coverprofile=coverage.out ./...
	$(GO) tool cover -html=coverage.out -o coverage.html
