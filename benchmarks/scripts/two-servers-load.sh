#!/usr/bin/env bash
# v1 list throughput with one and with two `serve` processes on one PostgreSQL (issue 22), on the
# 1,000,000-certificate inventory.
#
# 1. Data: DATA_DIR (default /tmp/certatlas-two-servers) gets a copy of the query-language
#    benchmark's database (SOURCE, default benchmarks/target/qql-postgres); an existing
#    DATA_DIR/pg is reused. KEEP=1 keeps the copy afterwards (it is several GiB).
# 2. Servers: `./certatlas serve --data-dir DATA_DIR` twice: the first starts the embedded
#    PostgreSQL, the second joins it (one database, two JVMs, two page caches). SERVER_ARGS
#    (default "--page-cache-mib 0": every page read from PostgreSQL; SERVER_ARGS="" for the default
#    page cache) goes to both.
# 3. io.certatlas.benchmarks.api.CertViewLoad as the manager, POST /certview/v1/certificates with
#    the twenty query-language filters, pageSize 200:
#    a. CONCURRENCY (16) workers against the first server only;
#    b. the same number of workers split in half over both servers, at the same time.
#    WARMUP (30) s and DURATION (45) s each. The two halves' requests per second are added.
# Loopback only; every run is bounded by WARMUP + DURATION. Output: benchmarks/target/two-servers-load.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
DATA_DIR=${DATA_DIR:-/tmp/certatlas-two-servers}
SOURCE=${SOURCE:-benchmarks/target/qql-postgres}
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-45}
SERVER_ARGS=${SERVER_ARGS---page-cache-mib 0}
HEAP=${HEAP:--Xmx512m}
ADMIN_PASSWORD=${CERTATLAS_ADMIN_PASSWORD:-two-servers-admin-password}
OUT=benchmarks/target/two-servers-load.txt
mkdir -p benchmarks/target "$DATA_DIR"

if [ ! -f "$DATA_DIR/pg/PG_VERSION" ]; then
  [ -f "$SOURCE/pg/PG_VERSION" ] || { echo "no inventory at $SOURCE: run benchmarks/scripts/qql-benchmark.sh first" >&2; exit 1; }
  [ ! -f "$SOURCE/pg/postmaster.pid" ] || { echo "$SOURCE is in use by a running PostgreSQL; stop it first" >&2; exit 1; }
  echo "copying the inventory into $DATA_DIR..."
  cp -a "$SOURCE/pg" "$SOURCE/postgres.password" "$SOURCE/postgres.port" "$DATA_DIR"/
fi

export CERTATLAS_ADMIN_PASSWORD="$ADMIN_PASSWORD"
pids=()
start_server() {   # http-port https-port
  # Something else answering on the port would be measured instead of this server.
  if curl -s -o /dev/null "http://127.0.0.1:$1/auth"; then echo "port $1 is already answering: stop that server first" >&2; exit 1; fi
  ( CERTATLAS_JAVA_OPTS="$HEAP" exec ./certatlas serve --data-dir "$DATA_DIR" --port "$1" --https-port "$2" $SERVER_ARGS \
      >"$DATA_DIR/server-$1.log" 2>&1 ) &
  pids+=("$!")
  for _ in $(seq 600); do   # migrations of a copied inventory and the start-up cache can take minutes
    if curl -s -o /dev/null "http://127.0.0.1:$1/auth"; then return 0; fi
    kill -0 "${pids[-1]}" 2>/dev/null || { tail -20 "$DATA_DIR/server-$1.log" >&2; exit 1; }
    sleep 1
  done
  echo "server on port $1 did not answer within 600 s" >&2; exit 1
}
stop_servers() {
  # The second server first: the first one owns the embedded PostgreSQL and stops it.
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    kill "${pids[$i]}" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 1; done
  done
  # Each server logs its page cache's hits and misses as it stops.
  for log in "$DATA_DIR"/server-*.log; do
    [ -f "$log" ] && { echo "$(basename "$log"): $(grep -o 'page cache: .*' "$log" || echo 'page cache: off')"; } | tee -a "$OUT"
  done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$DATA_DIR"
}
trap stop_servers EXIT

start_server 18090 18453
start_server 18091 18454
. benchmarks/scripts/quiet-database.sh
wait_for_quiet_database "$(cat "$DATA_DIR/postgres.port")" "$(cat "$DATA_DIR/postgres.password")"
echo "database quiet after $QUIET_WAITED s of waiting"
echo "# $(date -u +%FT%TZ) two-servers-load.sh on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); server args: $SERVER_ARGS; warm-up $WARMUP s, measured $DURATION s" | tee "$OUT"

load() {   # base concurrency label
  "$JAVA_HOME/bin/java" -Xmx256m benchmarks/src/main/java/io/certatlas/benchmarks/api/CertViewLoad.java \
      --base "$1" --user admin --password "$ADMIN_PASSWORD" --concurrency "$2" \
      --warmup "$WARMUP" --duration "$DURATION" --label "$3"
}
load http://127.0.0.1:18090 "$CONCURRENCY" "one server" | tee -a "$OUT"
half=$(( CONCURRENCY / 2 ))
load http://127.0.0.1:18090 "$half" "two servers: first" > "$DATA_DIR/first.txt" &
first=$!
load http://127.0.0.1:18091 "$half" "two servers: second" > "$DATA_DIR/second.txt"
wait "$first"
cat "$DATA_DIR/first.txt" "$DATA_DIR/second.txt" | tee -a "$OUT"
cat "$DATA_DIR/first.txt" "$DATA_DIR/second.txt" | awk -F'|' '/^RESULT\|/ { s += $4 } END { printf "two servers together: %.1f req/s\n", s }' | tee -a "$OUT"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "written $OUT"
