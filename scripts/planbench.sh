#!/bin/sh
# planbench.sh DIR BIN...: times recovery against reading on the data
# directory DIR (scripts/plandir.sh makes the README's): per binary
# `plan DIR`, `verify DIR` (which recovers as plan does) and `verify` of
# DIR's snapshot and WAL files, beside the floor (read + CRC32 of the same
# files, FLOOR), on one core (GOMAXPROCS=1) and on every core. Whole
# processes under GNU time, RUNS rounds (default 3) in which every command
# of every binary runs once, in turn, so that load from elsewhere spreads
# over all of them. Prints the medians per command, binary and core count:
# wall and CPU (user+sys) seconds, peak RSS, and plan's CPU time as a
# multiple of verify's, of the files and of DIR. RUNS should be even for an
# A/B (see the order below).
set -eu

FLOOR=${FLOOR:-bin/durascope-floor}
RUNS=${RUNS:-3}
CORES=${CORES:-1 all}
TIME=/usr/bin/time

if [ $# -lt 2 ]; then
	echo "usage: $0 DIR BIN..." >&2
	exit 2
fi
dir=$1
shift
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	echo "planbench: needs GNU time at $TIME (Debian: apt-get install time)" >&2
	exit 2
fi
for f in "$FLOOR" "$@"; do
	[ -x "$f" ] || { echo "planbench: $f is not an executable" >&2; exit 2; }
done
files=$(ls "$dir"/snapshots/* "$dir"/wal/* 2>/dev/null) || { echo "planbench: no snapshots/ or wal/ in $dir" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run LABEL CORES CMD...: one timed run, appended to $tmp/runs as
# "label cores wall cpu rss_kib".
run() {
	label=$1 cores=$2
	shift 2
	if [ "$cores" = 1 ]; then
		set -- env GOMAXPROCS=1 "$@"
	fi
	code=0
	"$TIME" -f '%e %U %S %M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || code=$?
	# plan and verify exit 1 on findings (a torn tail is a warning): only
	# exit 2, an input that could not be read or a usage error, fails.
	if [ "$code" -ge 2 ]; then
		echo "planbench: $label exited $code:" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	tail -n 1 "$tmp/t" | awk -v l="$label" -v c="$cores" '{ printf "%s %s %s %.2f %d\n", l, c, $1, $2 + $3, $4 }' >>"$tmp/runs"
}

# The binaries in the order given in odd rounds and reversed in even ones:
# with the same binary under two names, the one run second measured about
# 5% less CPU for plan, so a fixed order favours one side of an A/B.
reversed=""
for b in "$@"; do reversed="$b $reversed"; done

for r in $(seq "$RUNS"); do
	order="$*"
	if [ $((r % 2)) = 0 ]; then
		order=$reversed
	fi
	for c in $CORES; do
		# shellcheck disable=SC2086 # the file list splits on purpose
		run floor "$c" "$FLOOR" $files
		# shellcheck disable=SC2086 # binary paths have no spaces
		for b in $order; do
			run "plan:$b" "$c" "$b" plan "$dir"
			run "verify-dir:$b" "$c" "$b" verify "$dir"
			# shellcheck disable=SC2086
			run "verify-files:$b" "$c" "$b" verify $files
		done
	done
	echo "round $r of $RUNS done" >&2
done

# Medians per label and core count, then plan's ratios.
sort -k1,1 -k2,2 "$tmp/runs" | awk '
function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
function flush() {
	if (key == "") return
	w = median(wall, n); c = median(cpu, n); m = median(rss, n)
	printf "| %s | %s | %.2f | %.2f | %d |\n", lab, cores, w, c, m / 1024
	medcpu[key] = c
	keys[++nk] = key
}
BEGIN { print "| command | cores | wall s | CPU s | peak RSS MiB |"; print "|---|---|---:|---:|---:|" }
{
	k = $1 " " $2
	if (k != key) { flush(); key = k; lab = $1; cores = $2; n = 0 }
	n++; wall[n] = $3; cpu[n] = $4; rss[n] = $5
}
END {
	flush()
	print ""
	for (i = 1; i <= nk; i++) {
		split(keys[i], p, " ")
		if (p[1] !~ /^plan:/) continue
		b = substr(p[1], 6)
		f = medcpu["verify-files:" b " " p[2]]; d = medcpu["verify-dir:" b " " p[2]]
		printf "%s, %s core(s): plan / verify of the files %.2fx, plan / verify DIR %.2fx\n", b, p[2], medcpu[keys[i]] / f, medcpu[keys[i]] / d
	}
}'
