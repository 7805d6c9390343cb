#!/bin/sh
# bigbench.sh WAL SNAPSHOT [PGWALDIR]: times durascope's commands on a large
# WAL and snapshot against the floor, reading the same file and computing
# its CRC32 (durascope-floor), and pg_waldump --stats=record on the
# PostgreSQL WAL segments in PGWALDIR (scripts/pgwal.sh makes them) against
# the floor of those segments. Whole processes under GNU time, RUNS rounds
# (default 3) in which every command runs once, in turn, so that load from
# elsewhere spreads over all of them; the table has the medians: wall and
# CPU (user+sys) seconds, MB/s of input (by wall time), CPU and wall time
# as multiples of the floor's, and the largest peak RSS. Snapshot verify and
# stats also run on one core (GOMAXPROCS=1), for the gain of the second.
# SKIP, an extended regular expression, leaves out the commands it matches
# (SKIP=^dump for the 10 GiB files, where a dump takes minutes: anchored,
# or it leaves out pg_waldump too).
# Prints a markdown table; fails when a command exits with an error.
set -eu

BIN=${BIN:-bin/durascope}
FLOOR=${FLOOR:-bin/durascope-floor}
RUNS=${RUNS:-3}
TIME=/usr/bin/time
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 WAL SNAPSHOT [PGWALDIR]" >&2
	exit 2
fi
wal=$1 snap=$2 pgdir=${3:-}
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	echo "bigbench: needs GNU time at $TIME (Debian: apt-get install time)" >&2
	exit 2
fi
for f in "$BIN" "$FLOOR" "$wal" "$snap"; do
	[ -e "$f" ] || { echo "bigbench: $f does not exist" >&2; exit 2; }
done
pgsegs=""
if [ -n "$pgdir" ]; then
	pgsegs=$(ls "$pgdir" 2>/dev/null | grep '^[0-9A-F]\{24\}$' | sort || true)
	if [ -z "$pgsegs" ] || [ ! -x "$PGBIN/pg_waldump" ]; then
		echo "bigbench: no PostgreSQL WAL segments in $pgdir or no pg_waldump under $PGBIN: skipping pg_waldump" >&2
		pgsegs=""
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The commands: a name, the file it reads (for its size and floor), and
# the command line. pg_waldump reads segments, its floor reads them all.
n=0
add() {
	if [ -n "${SKIP:-}" ] && echo "$1" | grep -qE "$SKIP"; then
		return
	fi
	n=$((n + 1))
	printf '%s\n' "$1" >"$tmp/name.$n"
	printf '%s\n' "$2" >"$tmp/file.$n"
	printf '%s\n' "$3" >"$tmp/cmd.$n"
}
for kind in wal snapshot; do
	if [ $kind = wal ]; then f=$wal; else f=$snap; fi
	add "floor (read + CRC32)" "$f" "\"$FLOOR\" \"$f\""
	add "verify" "$f" "\"$BIN\" verify \"$f\""
	[ $kind = wal ] || add "verify, 1 core" "$f" "GOMAXPROCS=1 \"$BIN\" verify \"$f\""
	add "stats" "$f" "\"$BIN\" stats \"$f\""
	[ $kind = wal ] || add "stats, 1 core" "$f" "GOMAXPROCS=1 \"$BIN\" stats \"$f\""
	add "info" "$f" "\"$BIN\" info \"$f\""
	add "info --full" "$f" "\"$BIN\" info --full \"$f\""
	add "dump --format text" "$f" "\"$BIN\" dump --format text \"$f\""
	add "dump --format jsonl" "$f" "\"$BIN\" dump --format jsonl \"$f\""
done
if [ -n "$pgsegs" ]; then
	first=$(echo "$pgsegs" | head -n 1)
	last=$(echo "$pgsegs" | tail -n 1)
	all=$(echo "$pgsegs" | sed "s|^|\"$pgdir/|; s|$|\"|" | tr '\n' ' ')
	add "floor (read + CRC32)" "$pgdir" "\"$FLOOR\" $all"
	add "pg_waldump --stats=record" "$pgdir" "\"$PGBIN/pg_waldump\" --stats=record --path \"$pgdir\" $first $last"
fi

size() {
	if [ -d "$1" ]; then
		du -bc "$1"/0* | tail -n 1 | cut -f1
	else
		wc -c <"$1"
	fi
}

echo "bigbench: $RUNS rounds of $n commands; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
failed=0
for r in $(seq "$RUNS"); do
	for i in $(seq "$n"); do
		# The floor is short and its time varies the most: it runs three
		# times a round.
		case $(cat "$tmp/name.$i") in
		floor*) reps=3 ;;
		*) reps=1 ;;
		esac
		for _ in $(seq $reps); do
			set +e
			"$TIME" -f '%e %U %S %M' -o "$tmp/t" sh -c "$(cat "$tmp/cmd.$i") >/dev/null 2>\"$tmp/err\""
			code=$?
			set -e
			# pg_waldump exits 1 when the last segment ends inside a record it
			# cannot follow further; its statistics are complete up to there.
			if [ $code -ne 0 ] && ! grep -q 'pg_waldump: error: error in WAL record' "$tmp/err"; then
				echo "bigbench: $(cat "$tmp/cmd.$i") exited $code:" >&2
				sed 's/^/    /' "$tmp/err" | head -n 5 >&2
				failed=1
			fi
			tail -n 1 "$tmp/t" >>"$tmp/runs.$i"
		done
	done
done
echo "bigbench: load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '| file | command | wall s | CPU s | MB/s | CPU / floor | wall / floor | peak RSS MiB |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|\n'

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

floor_cpu=0 floor_wall=0
for i in $(seq "$n"); do
	name=$(cat "$tmp/name.$i") file=$(cat "$tmp/file.$i")
	wall=$(awk '{ print $1 }' "$tmp/runs.$i" | median)
	cpu=$(awk '{ print $2 + $3 }' "$tmp/runs.$i" | median)
	rss=$(awk '{ if ($4 > m) m = $4 } END { printf "%.0f", m / 1024 }' "$tmp/runs.$i")
	bytes=$(size "$file")
	case $name in
	floor*) floor_cpu=$cpu floor_wall=$wall ;;
	esac
	awk -v f="$(basename "$file")" -v name="$name" -v w="$wall" -v c="$cpu" -v b="$bytes" -v fc="$floor_cpu" -v fw="$floor_wall" -v m="$rss" 'BEGIN {
		# GNU time counts in hundredths: below that a figure says "< 0.01".
		ws = (w >= 0.01) ? sprintf("%.2f", w) : "< 0.01"
		cs = (c >= 0.01) ? sprintf("%.2f", c) : "< 0.01"
		mbs = (w >= 0.01) ? sprintf("%.0f", b / w / 1e6) : "-"
		rc = (fc > 0 && c >= 0.01) ? sprintf("%.1f", c / fc) : "-"
		rw = (fw > 0 && w >= 0.01) ? sprintf("%.1f", w / fw) : "-"
		printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f, name, ws, cs, mbs, rc, rw, m
	}'
done
exit $failed
