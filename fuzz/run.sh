#!/usr/bin/env bash
# Runs the fuzz targets of package fuzz under the native engine (go test
# -fuzz) and go-fuzz, each for a bounded time, and prints one line per run:
#
#   fuzz: engine=native target=FuzzWAL seconds=30 execs=41234 crashers=0
#
# seconds is the engine's own fuzzing time; execs is its last reported count.
# Exits 1 when any run finds a crasher or fails, 2 on a setup error.
#
# Usage: fuzz/run.sh [target...]        (default: every Fuzz* target)
# Environment:
#   FUZZTIME      seconds per target and engine (default 30)
#   FUZZ_ENGINES  "native gofuzz" (default), or one of them
#   FUZZ_PROCS    workers per run (default: number of CPUs)
#   FUZZ_WORK     go-fuzz work directory; kept between runs when set (its
#                 corpus grows), a fresh temporary one otherwise
#   FUZZ_GOTOOLCHAIN  Go release for the native engine (default go1.27.3):
#                 go1.26's fuzz coordinator can fail a clean run with
#                 "context deadline exceeded" when -fuzztime ends
#                 (go.dev/issue/75804, fixed in go1.27); the go command
#                 fetches that release from the module proxy once (76 MB)
#
# A native crasher is written to fuzz/testdata/fuzz/<target>/ by go test and
# stays there as a regression input once committed. A go-fuzz crasher is
# kept in $FUZZ_WORK/<target>/crashers/<sha1> (with .output and .quoted);
# turn it into a native regression input with
#   (cd fuzz/gofuzz && mkdir -p ../testdata/fuzz/<target> && go tool file2fuzz -o ../testdata/fuzz/<target> <crasher file>)
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${FUZZTIME:-30}
ENGINES=${FUZZ_ENGINES:-native gofuzz}
PROCS=${FUZZ_PROCS:-$(getconf _NPROCESSORS_ONLN)}
# Minimization of new corpus inputs would otherwise eat short runs (both
# engines default to a minute per input).
MINIMIZE=2s
NATIVE_TOOLCHAIN=${FUZZ_GOTOOLCHAIN:-go1.27.3}

if [ -n "${FUZZ_WORK:-}" ]; then
	WORK=$(mkdir -p "$FUZZ_WORK" && cd "$FUZZ_WORK" && pwd)
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/durascope-fuzz.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
fi
LOGS="$WORK/logs"
mkdir -p "$LOGS"

if [ $# -gt 0 ]; then
	TARGETS="$*"
else
	TARGETS=$(go test -list '^Fuzz' ./fuzz | grep '^Fuzz') || { echo "fuzz/run.sh: cannot list the fuzz targets" >&2; exit 2; }
fi

failed=0
summary() { # engine target seconds execs crashers
	echo "fuzz: engine=$1 target=$2 seconds=$3 execs=$4 crashers=$5"
}

run_native() {
	local t=$1 dir="fuzz/testdata/fuzz/$1" log="$LOGS/native-$1.log"
	local before after rc secs execs
	before=$(ls "$dir" 2>/dev/null | wc -l)
	# The first run pays for the instrumented build; allow for it in the kill timeout.
	timeout -s INT $((FUZZTIME + 300)) env GOTOOLCHAIN="$NATIVE_TOOLCHAIN" go test ./fuzz -run='^$' -fuzz="^${t}\$" -fuzztime="${FUZZTIME}s" \
		-fuzzminimizetime="$MINIMIZE" -parallel="$PROCS" >"$log" 2>&1
	rc=$?
	after=$(ls "$dir" 2>/dev/null | wc -l)
	secs=$(grep -o 'elapsed: [0-9hms]*' "$log" | tail -1 | sed 's/elapsed: //')
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
	summary native "$t" "$(to_seconds "${secs:-0s}")" "${execs:-0}" $((after - before))
	if [ $rc -ne 0 ] || [ "$after" -gt "$before" ]; then
		failed=1
		echo "--- native $t failed (exit $rc); log $log:" >&2
		grep -v '^fuzz: elapsed' "$log" | tail -40 | sed 's/^/    | /' >&2
	fi
}

gofuzz_build() {
	echo "fuzz: building the go-fuzz binary" >&2
	(cd fuzz/gofuzz && go tool go-fuzz-build -o "$WORK/gofuzz.zip" .) >"$LOGS/gofuzz-build.log" 2>&1 || {
		cat "$LOGS/gofuzz-build.log" >&2
		echo "fuzz/run.sh: go-fuzz-build failed" >&2
		exit 2
	}
}

run_gofuzz() {
	local t=$1 dir="$WORK/$1" log="$LOGS/gofuzz-$1.log"
	local stamp last secs execs crashers
	mkdir -p "$dir/crashers"
	(cd fuzz/gofuzz && go run ./seeds -root ../../golden/testdata -target "$t" -out "$dir/corpus") || { failed=1; return; }
	stamp="$LOGS/start-$t"
	touch "$stamp"
	# go-fuzz has no time limit of its own: stop it with SIGINT.
	(cd fuzz/gofuzz && timeout -s INT "$FUZZTIME" go tool go-fuzz -bin "$WORK/gofuzz.zip" -func "$t" \
		-workdir "$dir" -procs "$PROCS" -minimize "$MINIMIZE") >"$log" 2>&1
	last=$(grep 'execs: ' "$log" | tail -1)
	secs=$(echo "$last" | grep -o 'uptime: [0-9hms]*' | sed 's/uptime: //')
	execs=$(echo "$last" | grep -o 'execs: [0-9]*' | grep -o '[0-9]*')
	crashers=$(find "$dir/crashers" -type f -newer "$stamp" ! -name '*.output' ! -name '*.quoted' | wc -l)
	summary gofuzz "$t" "$(to_seconds "${secs:-0s}")" "${execs:-0}" "$crashers"
	if [ -z "$last" ] || [ "$crashers" -gt 0 ]; then
		failed=1
		echo "--- gofuzz $t failed; log $log:" >&2
		tail -5 "$log" | sed 's/^/    | /' >&2
		for c in $(find "$dir/crashers" -type f -newer "$stamp" -name '*.output'); do
			echo "--- crasher ${c%.output}:" >&2
			head -30 "$c" | sed 's/^/    | /' >&2
			echo "keep it as a native regression input:" >&2
			echo "  (cd fuzz/gofuzz && mkdir -p ../testdata/fuzz/$t && go tool file2fuzz -o ../testdata/fuzz/$t ${c%.output})" >&2
		done
	fi
}

# to_seconds turns an engine's elapsed time or uptime (1h2m3s, 45s) into seconds.
to_seconds() {
	local s=$1 total=0 n
	for unit in h m s; do
		if [[ $s =~ ([0-9]+)$unit ]]; then
			n=${BASH_REMATCH[1]}
			case $unit in h) total=$((total + n * 3600)) ;; m) total=$((total + n * 60)) ;; s) total=$((total + n)) ;; esac
		fi
	done
	echo "$total"
}

start=$(date +%s)
for engine in $ENGINES; do
	case $engine in
	native)
		GOTOOLCHAIN="$NATIVE_TOOLCHAIN" go version >"$LOGS/native-toolchain.log" 2>&1 || {
			cat "$LOGS/native-toolchain.log" >&2
			echo "fuzz/run.sh: cannot get Go $NATIVE_TOOLCHAIN for the native engine (set FUZZ_GOTOOLCHAIN)" >&2
			exit 2
		}
		echo "fuzz: native engine on $(GOTOOLCHAIN="$NATIVE_TOOLCHAIN" go env GOVERSION)" >&2
		for t in $TARGETS; do run_native "$t"; done
		;;
	gofuzz)
		gofuzz_build
		for t in $TARGETS; do run_gofuzz "$t"; done
		;;
	*)
		echo "fuzz/run.sh: unknown engine $engine" >&2
		exit 2
		;;
	esac
done
echo "fuzz: engines=\"$ENGINES\" targets=$(echo $TARGETS | wc -w) fuzztime=${FUZZTIME}s wall=$(($(date +%s) - start))s failed=$failed"
exit $failed
