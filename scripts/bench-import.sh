#!/bin/sh
# bench-import.sh DIR NODES RELATIONSHIPS: generates DIR/csv (scripts/csvgen,
# kept while NODES and RELATIONSHIPS stay the same), then times
#   - the floor: cat of the CSV files into cksum (read + CRC of the input);
#   - durascope import of them into DIR/data (--storage-properties-on-edges,
#     --force), under GNU time;
# and prints rows/s, MB/s, peak RSS, RSS per node id and the snapshot size.
# The data directory is removed afterwards (KEEP=1 keeps it).
set -eu

BIN=${BIN:-bin/durascope}
GO=${GO:-go}
TIME=/usr/bin/time

if [ $# -ne 3 ]; then
	echo "usage: $0 DIR NODES RELATIONSHIPS" >&2
	exit 2
fi
dir=$1 nodes=$2 rels=$3
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	echo "bench-import: needs GNU time at $TIME (Debian/Ubuntu: apt-get install time)" >&2
	exit 2
fi
[ -x "$BIN" ] || { echo "bench-import: $BIN does not exist (make build)" >&2; exit 2; }

csv=$dir/csv
if [ "$(cat "$csv/.params" 2>/dev/null || true)" != "$nodes $rels" ]; then
	echo "generating $nodes nodes and $rels relationships in $csv"
	rm -rf "$csv"
	"$GO" run ./scripts/csvgen --nodes "$nodes" --relationships "$rels" --out "$csv"
	echo "$nodes $rels" >"$csv/.params"
fi
bytes=$(cat "$csv/nodes.csv" "$csv/relationships.csv" | wc -c)
rows=$((nodes + rels))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Warm the page cache the same way for both runs.
cat "$csv/nodes.csv" "$csv/relationships.csv" >/dev/null
"$TIME" -f '%e %M' -o "$tmp/floor" sh -c "cat '$csv/nodes.csv' '$csv/relationships.csv' | cksum >/dev/null"
floor=$(cut -d' ' -f1 "$tmp/floor")

rm -rf "$dir/data"
set +e
"$TIME" -v -o "$tmp/time" "$BIN" import --no-progress --json --data-directory "$dir/data" \
	--nodes "$csv/nodes.csv" --relationships "$csv/relationships.csv" \
	--storage-properties-on-edges >"$tmp/report" 2>"$tmp/err"
code=$?
set -e
if [ $code -ne 0 ]; then
	echo "bench-import: import exit $code" >&2
	cat "$tmp/err" "$tmp/report" >&2
	exit 1
fi
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$tmp/time")
user=$(awk -F': ' '/User time/ { print $2 }' "$tmp/time")
sys=$(awk -F': ' '/System time/ { print $2 }' "$tmp/time")
rss_kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
field() { sed -n "s/^  \"$1\": \([0-9]*\),*$/\1/p" "$tmp/report" | head -n 1; }
size=$(field size)
t_nodes=$(field nodes_ns)
t_rels=$(field relationships_ns)
t_snap=$(field snapshot_ns)
idmap=$(field id_map_bytes)
spill=$(field spill_bytes)

awk -v bytes="$bytes" -v rows="$rows" -v nodes="$nodes" -v rels="$rels" -v floor="$floor" -v wall="$wall" \
	-v user="$user" -v sys="$sys" -v rss="$rss_kib" -v size="$size" -v idmap="$idmap" -v spill="$spill" \
	-v tn="$t_nodes" -v tr="$t_rels" -v ts="$t_snap" 'BEGIN {
	printf "input:    %d nodes, %d relationships, %.1f MB of CSV\n", nodes, rels, bytes / 1e6
	printf "floor:    cat | cksum %.2f s, %.0f MB/s\n", floor, (floor > 0 ? bytes / floor / 1e6 : 0)
	printf "import:   %.2f s wall (%.2f s user, %.2f s system), %.0f rows/s, %.1f MB/s, %.1fx the floor\n",
		wall, user, sys, rows / wall, bytes / wall / 1e6, (floor > 0 ? wall / floor : 0)
	printf "phases:   nodes %.1f s (%.0f rows/s), relationships %.1f s (%.0f rows/s), snapshot %.1f s (%.0f MB/s written)\n",
		tn / 1e9, nodes / (tn / 1e9), tr / 1e9, rels / (tr / 1e9), ts / 1e9, size / (ts / 1e9) / 1e6
	printf "memory:   peak RSS %.0f MiB; id map %.0f MiB = %.1f bytes per node id; RSS %.1f bytes per node id\n",
		rss / 1024, idmap / 1048576, idmap / nodes, rss * 1024 / nodes
	printf "output:   snapshot %.1f MB; temporary files %.1f MB\n", size / 1e6, spill / 1e6
}'
[ "${KEEP:-}" = 1 ] || rm -rf "$dir/data"
