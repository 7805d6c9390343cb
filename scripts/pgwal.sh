#!/bin/sh
# pgwal.sh SIZE OUTDIR: writes at least SIZE bytes of PostgreSQL WAL
# segments to OUTDIR, for bigbench to compare pg_waldump with durascope on
# an equal amount of WAL. A throwaway cluster (initdb in a temp dir, a unix
# socket there, port PGPORT, no TCP, PostgreSQL's default checkpoint
# settings) is initialized by pgbench -i, then archives the segments that
# pgbench's TPC-B transactions write until there are enough; the first
# complete ones that reach SIZE are kept. The bulk load of pgbench -i, which
# is mostly full-page images, is left out: what is kept is OLTP WAL.
# Needs Debian's postgresql package (initdb, pg_ctl, pgbench, pg_waldump
# under /usr/lib/postgresql/*/bin). Run as root, the server runs as the
# postgres user (PostgreSQL refuses root). Prints how long it took.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 SIZE OUTDIR   (SIZE in bytes, or with MiB or GiB)" >&2
	exit 2
fi
case $1 in
*GiB) size=$((${1%GiB} * 1024 * 1024 * 1024)) ;;
*MiB) size=$((${1%MiB} * 1024 * 1024)) ;;
*) size=$1 ;;
esac
out=$2
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PGPORT=${PGPORT:-54329}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pgbench" ]; then
	echo "pgwal: no PostgreSQL under /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql postgresql-contrib)" >&2
	exit 2
fi
seg=$((16 * 1024 * 1024)) # the default segment size initdb uses
need=$(((size + seg - 1) / seg))

work=$(mktemp -d /tmp/pgwal.XXXXXX)
chmod 755 "$work"
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
mkdir "$work/archive"
[ "$(id -u)" != 0 ] || chown postgres "$work" "$work/archive"
stop() {
	as_pg "$PGBIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap stop EXIT
start=$(date +%s)
as_pg "$PGBIN/initdb" -D "$work/data" --no-sync -A trust -U postgres >/dev/null
cat >>"$work/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
port = $PGPORT
wal_level = replica
archive_mode = on
archive_command = 'cp %p $work/archive/%f'
fsync = off
synchronous_commit = off
EOF
as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/log" -w start >/dev/null
pg() { as_pg "$@" -h "$work" -p "$PGPORT" -U postgres; }
pg "$PGBIN/pgbench" -q -i -s 20 postgres >/dev/null 2>&1
# The load's segments are archived, then left out.
pg "$PGBIN/psql" -q -c checkpoint -c 'select pg_switch_wal()' postgres >/dev/null
while [ -n "$(ls "$work/data/pg_wal/archive_status" | grep '\.ready$' || true)" ]; do sleep 1; done
mkdir "$work/load"
mv "$work/archive"/0* "$work/load"/
archived() { ls "$work/archive" | grep -c '^[0-9A-F]\{24\}$' || true; }
# One segment more than needed: the kept ones then end where the next begins.
while [ "$(archived)" -le "$need" ]; do
	pg "$PGBIN/pgbench" -c 8 -j 2 -T 15 postgres >/dev/null 2>&1
done
mkdir -p "$out"
rm -f "$out"/0*
ls "$work/archive" | grep '^[0-9A-F]\{24\}$' | sort | head -n "$need" | while read -r f; do
	cp "$work/archive/$f" "$out/$f"
done
echo "pgwal: $need segments ($((need * seg)) bytes) of pgbench WAL in $out, $(($(date +%s) - start)) s"
