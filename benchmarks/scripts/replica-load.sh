#!/usr/bin/env bash
# v1 list throughput with reads on the primary and with reads on a streaming replica (issue 22,
# `serve --db-read-url`), on the 1,000,000-certificate inventory.
#
# 1. Data: DATA_DIR (default /tmp/certatlas-replica-load) gets a copy of the query-language
#    benchmark's database (SOURCE, default benchmarks/target/qql-postgres) as the primary. That
#    cluster is PostgreSQL 17, the embedded server's version, and Debian's packaged server here is
#    15, which cannot open it, so both servers run from the embedded binaries. Those binaries have
#    no pg_basebackup: the replica is a copy of the cleanly stopped primary (a valid base backup:
#    nothing is in flight) with standby.signal and primary_conninfo, which then streams from the
#    primary with PostgreSQL's own physical replication like any hot standby.
# 2. Both clusters run as external servers on loopback (PRIMARY_PORT 15432, REPLICA_PORT 15433),
#    and `./certatlas serve --db-url primary` answers; SERVER_ARGS (default "--page-cache-mib 0":
#    every page read from PostgreSQL) goes to it.
#    a. reads on the primary: `serve --db-url primary`;
#    b. reads on the replica: the same plus `--db-read-url replica`.
#    Each run: io.certatlas.benchmarks.api.CertViewLoad as the manager, POST
#    /certview/v1/certificates with the twenty query-language filters, pageSize 200, CONCURRENCY (16)
#    workers, WARMUP (30) s then DURATION (45) s. The statements each cluster ran during a run are
#    read from pg_stat_database (xact_commit of the certatlas database), so the output shows where
#    the reads went.
# Loopback only; each run is bounded by WARMUP + DURATION. Output: benchmarks/target/replica-load.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
DATA_DIR=${DATA_DIR:-/tmp/certatlas-replica-load}
SOURCE=${SOURCE:-benchmarks/target/qql-postgres}
PRIMARY_PORT=${PRIMARY_PORT:-15432}
REPLICA_PORT=${REPLICA_PORT:-15433}
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-45}
SERVER_ARGS=${SERVER_ARGS---page-cache-mib 0}
HEAP=${HEAP:--Xmx512m}
ADMIN_PASSWORD=${CERTATLAS_ADMIN_PASSWORD:-replica-load-admin-password}
OUT=benchmarks/target/replica-load.txt
mkdir -p benchmarks/target "$DATA_DIR"

# The embedded binaries the launcher unpacked (any earlier `./certatlas` run unpacks them).
PGBIN=$(dirname "$(ls -d "$HOME"/.cache/certatlas/postgres-*/bin/postgres | head -1)")
[ -x "$PGBIN/pg_ctl" ] || { echo "no embedded PostgreSQL binaries under ~/.cache/certatlas: run ./certatlas status once" >&2; exit 1; }
PGUSER=certatlas
if [ ! -f "$DATA_DIR/primary/PG_VERSION" ]; then
  [ -f "$SOURCE/pg/PG_VERSION" ] || { echo "no inventory at $SOURCE: run benchmarks/scripts/qql-benchmark.sh first" >&2; exit 1; }
  [ ! -f "$SOURCE/pg/postmaster.pid" ] || { echo "$SOURCE is in use by a running PostgreSQL; stop it first" >&2; exit 1; }
  echo "copying the inventory into $DATA_DIR/primary..."
  cp -a "$SOURCE/pg" "$DATA_DIR/primary"
  cp "$SOURCE/postgres.password" "$DATA_DIR/"
  echo "host replication $PGUSER 127.0.0.1/32 scram-sha-256" >> "$DATA_DIR/primary/pg_hba.conf"
fi
PASSWORD=$(cat "$DATA_DIR/postgres.password")
if [ ! -f "$DATA_DIR/replica/PG_VERSION" ]; then
  echo "copying the stopped primary into $DATA_DIR/replica..."
  cp -a "$DATA_DIR/primary" "$DATA_DIR/replica"
  touch "$DATA_DIR/replica/standby.signal"
  printf "primary_conninfo = 'host=127.0.0.1 port=%s user=%s password=%s application_name=replica_load'\n" \
      "$PRIMARY_PORT" "$PGUSER" "$PASSWORD" >> "$DATA_DIR/replica/postgresql.auto.conf"
  chmod 600 "$DATA_DIR/replica/postgresql.auto.conf"
fi

# PostgreSQL refuses to run as root; as the embedded server does, run it in a fresh user namespace then.
AS_PG=()
[ "$(id -u)" != 0 ] || AS_PG=(unshare --user)
pg_ctl() { "${AS_PG[@]}" "$PGBIN/pg_ctl" "$@"; }
SETTINGS="-c shared_buffers=1024MB -c wal_keep_size=4GB -c hot_standby=on"

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    server_pid=""
  fi
}
cleanup() {
  stop_server
  pg_ctl stop -D "$DATA_DIR/replica" -m fast >/dev/null 2>&1 || true
  pg_ctl stop -D "$DATA_DIR/primary" -m fast >/dev/null 2>&1 || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$DATA_DIR"
}
trap cleanup EXIT
pg_ctl start -D "$DATA_DIR/primary" -l "$DATA_DIR/primary.log" -w -t 300 -o "-p $PRIMARY_PORT $SETTINGS" >/dev/null
pg_ctl start -D "$DATA_DIR/replica" -l "$DATA_DIR/replica.log" -w -t 300 -o "-p $REPLICA_PORT $SETTINGS" >/dev/null

jdbc() { echo "jdbc:postgresql://127.0.0.1:$1/certatlas"; }
export CERTATLAS_ADMIN_PASSWORD="$ADMIN_PASSWORD" CERTATLAS_DB_USER="$PGUSER" CERTATLAS_DB_PASSWORD="$PASSWORD"
start_server() {   # extra serve arguments
  # Something else answering on the port would be measured instead of this server.
  if curl -s -o /dev/null "http://127.0.0.1:18092/auth"; then echo "port 18092 is already answering: stop that server first" >&2; exit 1; fi
  ( CERTATLAS_JAVA_OPTS="$HEAP" exec ./certatlas serve --db-url "$(jdbc "$PRIMARY_PORT")" --data-dir "$DATA_DIR/server" \
      --port 18092 --https-port 18455 $SERVER_ARGS "$@" >>"$DATA_DIR/server.log" 2>&1 ) &
  server_pid=$!
  for _ in $(seq 900); do   # the first start migrates the copied inventory: minutes
    if curl -s -o /dev/null "http://127.0.0.1:18092/auth"; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { tail -20 "$DATA_DIR/server.log" >&2; exit 1; }
    sleep 1
  done
  echo "the server did not answer within 900 s" >&2; exit 1
}
# Before each run: the primary quiet (quiet-database.sh), then the replica caught up with it, at
# most QUIET_WAIT (600) s in all.
. benchmarks/scripts/quiet-database.sh
wait_quiet() {
  wait_for_quiet_database "$PRIMARY_PORT" "$PASSWORD"
  local waited=$QUIET_WAITED
  until caught_up || [ "$waited" -ge "${QUIET_WAIT:-600}" ]; do sleep 1; waited=$(( waited + 1 )); done
  echo "database quiet and replica caught up after $waited s of waiting"
}
commits() {   # port: committed transactions of the certatlas database so far, or "?" when it cannot be read
  PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$1" -U "$PGUSER" -d certatlas -Atc \
      "SELECT xact_commit FROM pg_stat_database WHERE datname = 'certatlas'" 2>>"$DATA_DIR/psql.err" || echo "?"
}
difference() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/) print b - a; else print "unknown" }'; }
replay_lag() {
  PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$PGUSER" -d certatlas -Atc \
      "SELECT CASE count(*) WHEN 0 THEN 'no standby connected' ELSE coalesce(max(replay_lag)::text, '0 (caught up)') END FROM pg_stat_replication" 2>>"$DATA_DIR/psql.err" || echo "unknown"
}
# True once the replica has replayed everything the primary has written.
caught_up() {
  local primary replica
  primary=$(PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$PGUSER" -d certatlas -Atc "SELECT pg_current_wal_lsn()" 2>/dev/null) || return 1
  replica=$(PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$REPLICA_PORT" -U "$PGUSER" -d certatlas -Atc \
      "SELECT pg_last_wal_replay_lsn() >= '$primary'::pg_lsn" 2>/dev/null) || return 1
  [ "$replica" = t ]
}
load() {   # label
  local p0 r0
  p0=$(commits "$PRIMARY_PORT"); r0=$(commits "$REPLICA_PORT")
  "$JAVA_HOME/bin/java" -Xmx256m benchmarks/src/main/java/io/certatlas/benchmarks/api/CertViewLoad.java \
      --base http://127.0.0.1:18092 --user admin --password "$ADMIN_PASSWORD" --concurrency "$CONCURRENCY" \
      --warmup "$WARMUP" --duration "$DURATION" --label "$1" | tee -a "$OUT" || true   # it exits 1 when a request failed
  echo "  transactions during the run: primary $(difference "$p0" "$(commits "$PRIMARY_PORT")"), replica $(difference "$r0" "$(commits "$REPLICA_PORT")"); replay lag $(replay_lag)" | tee -a "$OUT"
}

echo "# $(date -u +%FT%TZ) replica-load.sh at $(git rev-parse --short HEAD) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); server args: $SERVER_ARGS; $CONCURRENCY workers, warm-up $WARMUP s, measured $DURATION s" | tee "$OUT"
start_server
wait_quiet
load "reads on the primary"
stop_server
start_server --db-read-url "$(jdbc "$REPLICA_PORT")"
wait_quiet
load "reads on the replica"
stop_server
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "written $OUT"
