# durascope build, test and benchmark entry points. `make test` is what CI runs.
GO ?= go
BIN := bin/durascope
BENCHTIME ?= 2s
FUZZTIME ?= 300

.PHONY: all build test bench pgo bench-import lint example clean bigfiles bigcheck bigbench bench-plan fuzz fuzz-smoke crash bench-engine bench-engine-big

all: build

build:
	$(GO) build -o $(BIN) ./cmd/durascope

# The full test suite: unit tests, corpus conformance, CLI goldens, and the
# exhaustive sweeps (every truncation of every corpus file, every bit flip of
# the v36/v37 WALs). Measured: 6.3 CPU-minutes, 8 minutes of wall time on 2
# shared cores (less when idle), plus 1.5 minutes of engine/crashtest (10,000
# crash states, I/O faults, 200 kill -9 rounds, mutants; their summary lines
# end the report). Needs ../shared/corpus (fails under CI
# without it; skipped tests are counted and their reasons listed at the end,
# by scripts/testsum). `go test ./...` alone runs reduced sweeps.
test:
	$(GO) vet ./...
	DURASCOPE_SWEEP=full $(GO) test -json -count=1 -timeout 20m ./... | $(GO) run ./scripts/testsum

# Decode, encode, verify, stats and dump throughput (MB/s) on 64 MiB
# generated files (golden/largegen), and allocations: allocs/op of the
# streaming decodes (decode's skip-payloads and parallel-batches, inspect's
# Verify* and Stats*) is what a whole file costs, not a record; the dumps
# also report cpu-ms/op, the CPU time of both goroutines of their pipeline.
# The commands themselves, as a user runs them: bigbench.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) ./decode/ ./encode/ ./inspect/

# durascope import on generated CSV (scripts/csvgen, kept in
# BENCH_IMPORT_DIR/csv between runs): BENCH_NODES nodes and BENCH_RELS
# relationships with a few properties (the issue's 10M and 20M: 1.2 GB of CSV,
# a 3.8 GB snapshot), under GNU time, against cat | cksum of the input as the
# floor: rows/s, MB/s, peak RSS, bytes per node id.
BENCH_NODES ?= 10000000
BENCH_RELS ?= 20000000
BENCH_IMPORT_DIR ?= /tmp/durascope-import-bench
bench-import: build
	BIN=$(BIN) GO=$(GO) scripts/bench-import.sh $(BENCH_IMPORT_DIR) $(BENCH_NODES) $(BENCH_RELS)

# The engine's durability proofs (engine/crashtest) at a larger size than
# make test: crash states of a longer workload with more sector choices,
# I/O faults at every operation of a longer workload, more kill -9 rounds,
# mutants. One summary line per suite. Tens of minutes on 2 cores.
CRASH_TXNS ?= 1500
CRASH_SEEDS ?= 8
FAULT_TXNS ?= 240
MUTANT_TXNS ?= 240
KILLS ?= 1000
crash:
	DURASCOPE_SWEEP=full DURASCOPE_CRASH_TXNS=$(CRASH_TXNS) DURASCOPE_CRASH_SEEDS=$(CRASH_SEEDS) \
	DURASCOPE_FAULT_TXNS=$(FAULT_TXNS) DURASCOPE_MUTANT_TXNS=$(MUTANT_TXNS) DURASCOPE_KILLS=$(KILLS) \
	$(GO) test -json -count=1 -timeout 120m ./engine/crashtest/ | $(GO) run ./scripts/testsum

# The engine against the machine's limits: sync commits/s (1, 8, 64
# writers; group commit vs one fsync per commit) beside the disk's fsync
# rate, then a data set of BENCH_OBJECTS vertices and as many edges:
# snapshot MB/s beside the encoder alone and read+CRC, parallel 2 vs 1,
# commit latency during a snapshot, recovery vs verify, memory per object
# vs Memgraph's estimate (a table at the end). DURASCOPE_BENCH_DIR picks
# the disk (default $$TMPDIR).
BENCH_OBJECTS ?= 1000000
bench-engine:
	$(GO) test -run='^$$' -bench='Fsync|SyncCommit' -benchtime=$(BENCHTIME) ./engine/crashtest/
	DURASCOPE_BENCH_OBJECTS=$(BENCH_OBJECTS) $(GO) test -run='^$$' -bench='EngineLarge' -benchtime=1x -timeout 60m ./engine/crashtest/

# The same data set at 10M + 10M (about 10 GB of memory).
bench-engine-big:
	$(MAKE) bench-engine BENCH_OBJECTS=10000000
# The CPU profile go build uses for profile-guided optimization of the CLI
# (cmd/durascope/default.pgo): the verify, stats, dump and plan benchmarks,
# where the decoders', the dump's renderers' and recovery's hot loops are.
# It takes about a tenth off the WAL commands' CPU time; without the plan
# benchmarks in it, plan ran about a tenth slower than with no profile at
# all. Rerun after large changes to the decoders, renderers or recovery,
# and compare with callgrind before keeping it: a profile is a sample, and
# one of 3 runs per benchmark came out worse than the old on every command.
pgo:
	$(GO) test -run='^$$' -bench='VerifyWAL|StatsWAL|VerifySnapshot|StatsSnapshot|Dump|Plan' -benchtime=12x -cpuprofile cmd/durascope/default.pgo ./inspect/
	rm -f inspect.test

# Large valid files for benchmarks and memory tests (bounded memory while writing).
BIGDIR ?= /tmp/durascope-big
BIGSIZE ?= 1GiB
BIGVERSION ?= 37
bigfiles:
	$(GO) build -o bin/durascope-gen ./cmd/durascope-gen
	mkdir -p $(BIGDIR)
	./bin/durascope-gen --kind wal --version $(BIGVERSION) --size $(BIGSIZE) $(BIGDIR)/wal_v$(BIGVERSION).bin
	./bin/durascope-gen --kind snapshot --version $(BIGVERSION) --size $(BIGSIZE) $(BIGDIR)/snapshot_v$(BIGVERSION).bin

# verify, stats and info on the big files under GNU time: size, wall time,
# MB/s, max RSS and exit code per run; fails on a non-zero exit or an RSS
# over 64 MiB (WAL) or 256 MiB (snapshot). A minute or two at 1 GiB.
bigcheck: build bigfiles
	BIN=$(BIN) scripts/bigcheck.sh $(BIGDIR)/wal_v$(BIGVERSION).bin $(BIGDIR)/snapshot_v$(BIGVERSION).bin

# The commands on the big files, against the floor (read + CRC32 of the
# same file, bin/durascope-floor), beside pg_waldump --stats=record on as
# much PostgreSQL WAL made by pgbench (scripts/pgwal.sh, kept in BIGDIR;
# skipped without Debian's postgresql package): a markdown table of
# medians of RUNS rounds (wall and CPU seconds, MB/s, multiples of the
# floor, peak RSS). About 5 minutes at 1 GiB with RUNS=3, plus about 7
# minutes the first time for the PostgreSQL WAL (PGWAL=0 skips it).
# BIGSIZE=10GiB for 10 GiB files, with SKIP=^dump to leave out the dumps
# (minutes each at that size).
RUNS ?= 3
PGWAL ?= 1
SKIP ?=
bigbench: build bigfiles
	$(GO) build -o bin/durascope-floor ./cmd/durascope-floor
	@if [ "$(PGWAL)" != 0 ] && [ ! -d $(BIGDIR)/pgwal_$(BIGSIZE) ]; then scripts/pgwal.sh $(BIGSIZE) $(BIGDIR)/pgwal_$(BIGSIZE) || true; fi
	BIN=$(BIN) FLOOR=bin/durascope-floor RUNS=$(RUNS) SKIP='$(SKIP)' scripts/bigbench.sh $(BIGDIR)/wal_v$(BIGVERSION).bin $(BIGDIR)/snapshot_v$(BIGVERSION).bin $(BIGDIR)/pgwal_$(BIGSIZE)

# Recovery against reading: plan, verify DATADIR and verify of the files
# on a data directory of the big snapshot (make bigfiles) and a WAL the
# engine writes on top of it (scripts/plandir.sh; made once into PLANDIR,
# about a minute and 9 GB of memory), against the floor, on one core and
# on every core: medians of RUNS rounds (scripts/planbench.sh; OLD=path
# of another durascope binary runs it in the same rounds, for an A/B).
PLANDIR ?= /tmp/durascope-plan
OLD ?=
bench-plan: build
	$(GO) build -o bin/durascope-floor ./cmd/durascope-floor
	@[ -d $(PLANDIR) ] || BIN=$(BIN) scripts/plandir.sh $(BIGDIR)/snapshot_v$(BIGVERSION).bin $(PLANDIR)
	FLOOR=bin/durascope-floor RUNS=$(RUNS) scripts/planbench.sh $(PLANDIR) $(OLD) $(BIN)

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

# Build and run the tool on the example files that ship with the project,
# and the engine on the example script (writing into EXAMPLEDIR).
EXAMPLEDIR ?= /tmp/durascope-example
example: build
	./$(BIN) info golden/testdata/examples/snapshot_v37.bin golden/testdata/examples/wal_v37.bin
	./$(BIN) dump --format cypher golden/testdata/examples/wal_v37.bin
	./$(BIN) compat golden/testdata/examples/snapshot_v37.bin
	./$(BIN) engine --data-directory $(EXAMPLEDIR) --data-recovery-on-startup=false --storage-wal-enabled --storage-snapshot-on-exit --storage-properties-on-edges golden/testdata/examples/engine.cypher
	./$(BIN) plan $(EXAMPLEDIR)

clean:
	rm -rf bin
