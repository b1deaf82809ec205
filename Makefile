# Orion static site generator.
#   make site   build the site from the fictional sample (embedded in the binary) into public/
#   make test   run every test (gofmt, vet, staticcheck, unit, browser, real-data tests when the bundle is in $(ORION_REAL_DATA))
#   make real   fetch the real open-data bundle into $(ORION_REAL_DATA) when needed, then build the real site into public/
#   make bench  benchmarks (speed and memory targets)

GO ?= go
BIN := bin/orion
# The real open-data bundle: ../shared/data when it is there (a data team's
# copy), else data/real, where `orion fetch` downloads it (git-ignored).
ORION_REAL_DATA ?= $(if $(wildcard ../shared/data),$(abspath ../shared/data),$(abspath data/real))
export ORION_REAL_DATA

.PHONY: site test real bench build clean browser lint

# Front-end packages, pinned by package-lock.json (scripts off: the DSFR's
# preinstall script expects a project generator we do not use).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

# The front-end files the site ships, copied from node_modules to be
# embedded in the binary (assets/npm): bin/orion needs nothing beside it.
NPM_FILES := assets/npm/files/.synced
$(NPM_FILES): node_modules/.package-lock.json assets/npm/npm.go
	$(GO) run ./assets/npm/sync
	@touch $@

build: $(NPM_FILES)
	$(GO) build -o $(BIN) ./cmd/orion

site: build
	$(BIN) build --out public

real: build
	$(BIN) fetch --out "$(ORION_REAL_DATA)"
	$(BIN) build --data "$(ORION_REAL_DATA)" --out public

# Debian's Chromium for the browser tests, installed when missing.
browser:
	.ci/install-browser

# gofmt, go vet and staticcheck (pinned; fetched from the Go module proxy
# the first time) before the tests.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint: $(NPM_FILES)
	@out=$$(gofmt -l cmd generator assets data content templates); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

test: $(NPM_FILES) browser lint
	$(GO) test -count=1 -timeout 20m ./...

# Speed and memory targets (issue 13): .ci/bench times bin/orion from the
# outside on the sample at scales 1 and 10 and on the real bundle, against
# Hugo on as many pages of the same shape, and a rebuild that must touch no
# file; then the Go benchmarks (peak Go memory, allocations), once each.
bench: build
	.ci/bench
	node .ci/bench-recherche.js # search (issue 12): index ≤ 150 kB gzip, < 50 ms per keystroke on the real index
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 1x -timeout 30m ./...

clean:
	rm -rf bin public node_modules
