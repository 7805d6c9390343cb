#!/bin/sh
# bigcheck.sh WAL SNAPSHOT: runs durascope verify, stats and info on each
# file under GNU time and prints one line per run: size, wall seconds, MB/s,
# max RSS and exit code. Fails when a run does not exit 0 or its max RSS
# exceeds the bound for its kind (the commands stream, so memory must not
# grow with the file): WAL_RSS_MIB (64) and SNAPSHOT_RSS_MIB (256).
set -eu

BIN=${BIN:-bin/durascope}
WAL_RSS_MIB=${WAL_RSS_MIB:-64}
SNAPSHOT_RSS_MIB=${SNAPSHOT_RSS_MIB:-256}
TIME=/usr/bin/time

if [ $# -ne 2 ]; then
	echo "usage: $0 WAL SNAPSHOT" >&2
	exit 2
fi
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	echo "bigcheck: needs GNU time at $TIME (Debian/Ubuntu: apt-get install time)" >&2
	exit 2
fi
for f in "$BIN" "$1" "$2"; do
	[ -e "$f" ] || { echo "bigcheck: $f does not exist" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
printf '%-7s %-9s %-40s %14s %8s %8s %8s %5s\n' command kind file bytes wall_s MB/s RSS_MiB exit
for cmd in verify stats info; do
	for kind in wal snapshot; do
		if [ $kind = wal ]; then file=$1 limit=$WAL_RSS_MIB; else file=$2 limit=$SNAPSHOT_RSS_MIB; fi
		size=$(wc -c <"$file")
		# -o keeps time's figures apart from the command's stderr; the
		# figures are its last line (a non-zero exit adds a line before).
		set +e
		"$TIME" -f '%e %M' -o "$tmp/time" "$BIN" $cmd "$file" >"$tmp/out" 2>"$tmp/err"
		code=$?
		set -e
		line=$(tail -n 1 "$tmp/time")
		wall=${line% *}
		rss_kib=${line#* }
		rss=$((rss_kib / 1024))
		mbs=$(awk -v b="$size" -v s="$wall" 'BEGIN { if (s > 0) printf "%.0f", b / s / 1e6; else print "-" }')
		verdict=""
		[ $code -eq 0 ] || verdict=" FAIL: exit $code"
		if [ $rss -gt "$limit" ]; then
			verdict="$verdict FAIL: RSS over $limit MiB"
		fi
		[ -z "$verdict" ] || failed=1
		printf '%-7s %-9s %-40s %14s %8s %8s %8s %5s%s\n' $cmd $kind "$file" "$size" "$wall" "$mbs" "$rss" $code "$verdict"
		[ $code -eq 0 ] || sed 's/^/    /' "$tmp/err" | head -n 5
	done
done
exit $failed
