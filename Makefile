# durascope build, test and benchmark entry points. `make test` is what CI runs.
GO ?= go
BIN := bin/durascope
BENCHTIME ?= 2s
FUZZTIME ?= 300

.PHONY: all build test bench lint example clean fuzz fuzz-smoke

all: build

build:
	$(GO) build -o $(BIN) ./cmd/durascope

# The full test suite: unit tests, corpus conformance, CLI goldens, and the
# exhaustive sweeps (every truncation of every corpus file, every bit flip of
# the v36/v37 WALs; about a minute on 2 cores). Needs ../shared/corpus (fails
# under CI without it). `go test ./...` alone runs reduced sweeps.
test:
	$(GO) vet ./...
	DURASCOPE_SWEEP=full $(GO) test -count=1 -timeout 20m ./...

# Decode throughput (MB/s), allocations; see the issue notes for figures.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) ./decode/ ./inspect/

# Every fuzz target under both engines (native go test -fuzz and go-fuzz),
# 30 s each, failing on any crasher: what CI runs after the tests (about 6
# minutes on 2 cores, builds included). One summary line per run.
fuzz-smoke:
	FUZZTIME=30 fuzz/run.sh

# Longer local fuzzing: FUZZTIME seconds per target and engine; the go-fuzz
# corpus is kept in fuzz/gofuzz/work between runs.
fuzz:
	FUZZTIME=$(FUZZTIME) FUZZ_WORK=fuzz/gofuzz/work fuzz/run.sh

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

# Build and run the tool on the example files that ship with the project.
example: build
	./$(BIN) info golden/testdata/examples/snapshot_v37.bin golden/testdata/examples/wal_v37.bin
	./$(BIN) dump --format cypher golden/testdata/examples/wal_v37.bin

clean:
	rm -rf bin
