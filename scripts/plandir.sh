#!/bin/sh
# plandir.sh SNAPSHOT DIR: makes the data directory the README's recovery
# figures are measured on: SNAPSHOT (a generated v37 snapshot, make
# bigfiles) copied into DIR/snapshots under a snapshot's name, then
# durascope's engine started on DIR, recovering it, and writing a WAL on
# top of it: PAIRS (default 300,000) pairs of new vertices joined by an
# edge in one transaction (about 107 MB of WAL), then the last thirtieth of
# them deleted with their edges. The engine needs about 9 GB of memory and
# a minute of CPU at 1 GiB. DIR must not exist.
set -eu

BIN=${BIN:-bin/durascope}
PAIRS=${PAIRS:-300000}
if [ $# -ne 2 ]; then
	echo "usage: $0 SNAPSHOT DIR" >&2
	exit 2
fi
snap=$1 dir=$2
[ -x "$BIN" ] || { echo "plandir: $BIN does not exist (make build)" >&2; exit 2; }
[ -f "$snap" ] || { echo "plandir: $snap does not exist (make bigfiles)" >&2; exit 2; }
[ ! -e "$dir" ] || { echo "plandir: $dir exists" >&2; exit 2; }

# The snapshot's name carries its durable timestamp, as Memgraph names it.
ts=$("$BIN" info --json "$snap" | sed -n 's/.*"durable_timestamp": *\([0-9]*\).*/\1/p' | head -n 1)
[ -n "$ts" ] || { echo "plandir: no durable timestamp in $snap" >&2; exit 2; }
mkdir -p "$dir/snapshots"
cp "$snap" "$dir/snapshots/20250101000000000000_timestamp_$ts"

script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat >"$script" <<EOF
UNWIND range(1, $PAIRS) AS i CREATE (a:Extra {i: i, name: 'n' + toString(i)})-[:NEXT {w: i}]->(b:Extra2 {i: i});
MATCH (a:Extra) WHERE a.i > $((PAIRS - PAIRS / 30)) DETACH DELETE a;
EOF
"$BIN" engine --data-directory "$dir" --storage-wal-enabled --storage-properties-on-edges \
	--storage-snapshot-interval-sec 100000 "$script"
ls -l "$dir/snapshots" "$dir/wal"
