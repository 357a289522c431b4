# Build tags every build, test and vet needs: go-sqlite3 leaves FTS5 out otherwise.
TAGS      := sqlite_fts5
GO        ?= go
GOFLAGS_K := -tags $(TAGS)
DATA      ?= $(HOME)/.local/share/dvc-kiosk
export CGO_ENABLED := 1

# What `kiosk version`, `gateway version`, the log and the packages say: FyneApp.toml's
# Version and Build, the commit and its date.
VERSION   ?= $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILDNUM  ?= $(shell sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
COMMIT    ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
BUILDDATE ?= $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)
BI        := github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo
LDFLAGS   := -X $(BI).Version=$(VERSION)+$(BUILDNUM) -X $(BI).Commit=$(COMMIT) -X $(BI).Date=$(BUILDDATE)
export VERSION BUILDNUM LDFLAGS

.PHONY: run test deps test-deps build vet fmt bench screenshot fuzz clean windows deb packages

## run: install system packages if missing, build, and start the kiosk demo.
run: deps build
	./scripts/demo.sh "$(DATA)"

## test: install what the tests need, then run every test (unit and integration).
test: test-deps vet
	./scripts/test.sh

deps:
	./scripts/deps.sh run

test-deps:
	./scripts/deps.sh test

build:
	mkdir -p bin
	$(GO) build $(GOFLAGS_K) -ldflags "$(LDFLAGS)" -o bin/ ./cmd/...

## windows: cross-build kiosk.exe and gateway.exe with mingw-w64, check them, zip the kiosk's package.
windows:
	./scripts/windows.sh

## deb: build the kiosk's and the gateway's Debian packages into dist/.
deb:
	./scripts/deb.sh

## packages: both, plus the Debian packages' install, upgrade and purge test (as root).
packages: windows
	./scripts/pkgtest.sh

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet $(GOFLAGS_K) ./...

## bench: named figures for every performance goal, with baselines from the same run.
bench: test-deps
	./scripts/bench.sh

## screenshot: run the real binary under Xvfb and write PNGs of the main screens.
screenshot: test-deps build
	./scripts/screenshot.sh

fuzz:
	./scripts/fuzz.sh 30s

clean:
	rm -rf bin dist
