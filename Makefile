# Orion static site generator.
#   make site   build the site from the fictional sample into public/ (its real nomenclatures are read from $(ORION_REAL_DATA))
#   make test   run every test (vet, unit, browser, real-data build if ORION_REAL_DATA or ../shared/data exists)
#   make real   build the real site from $(ORION_REAL_DATA) into public/
#   make bench  benchmarks (speed and memory targets)

GO ?= go
BIN := bin/orion
ORION_REAL_DATA ?= $(abspath ../shared/data)
export ORION_REAL_DATA

.PHONY: site test real bench build clean browser

# Front-end packages, pinned by package-lock.json (scripts off: the DSFR's
# preinstall script expects a project generator we do not use).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

build: node_modules/.package-lock.json
	$(GO) build -o $(BIN) ./cmd/orion

site: build
	$(BIN) build --out public

real: build
	$(BIN) build --data "$(ORION_REAL_DATA)" --out public

# Debian's Chromium for the browser tests, installed when missing.
browser:
	.ci/install-browser

test: node_modules/.package-lock.json browser
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

bench: node_modules/.package-lock.json
	$(GO) test -run '^$$' -bench . -benchmem -timeout 30m ./...

clean:
	rm -rf bin public node_modules
