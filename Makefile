# Build tags every build, test and vet needs: go-sqlite3 leaves FTS5 out otherwise.
TAGS      := sqlite_fts5
GO        ?= go
GOFLAGS_K := -tags $(TAGS)
DATA      ?= $(HOME)/.local/share/dvc-kiosk
export CGO_ENABLED := 1

.PHONY: run test deps test-deps build vet fmt bench screenshot fuzz clean

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
	$(GO) build $(GOFLAGS_K) -o bin/ ./cmd/...

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
	rm -rf bin
