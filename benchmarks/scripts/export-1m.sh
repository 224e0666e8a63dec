#!/usr/bin/env bash
# Streaming CSV export of the 1,000,000-certificate inventory (issue: client), end to end:
# `certatlas query --server-export` (the client) reading GET /api/v1/export.csv (the server).
#
# 1. Data: DATA_DIR (default /tmp/certatlas-export-bench) gets a copy of the query-language
#    benchmark's database: SOURCE (default /work/bench-1m/qql-postgres, else
#    benchmarks/target/qql-postgres) holding pg/, postgres.password, postgres.port. An existing
#    DATA_DIR/pg is reused. KEEP=1 keeps the copy afterwards (it is deleted by default: 2+ GB).
# 2. Server: the jar (CERTATLAS_JAR, default certatlas-cli/target/certatlas.jar, built by
#    ./certatlas when missing) on that data dir with HEAP (default -Xmx512m), plain HTTP on
#    PORT (18081, loopback), HTTPS on HTTPS_PORT (18444).
# 3. Runs, each a separate client JVM with CLIENT_HEAP (default: the launcher's options for query, -XX:+UseSerialGC -Xmx128m) measured by
#    /usr/bin/time (peak RSS), while jstat samples the server's heap every second:
#      a. a small export (filter keySize:256, about 1/10 of the inventory... whatever it matches),
#      b. the whole inventory (1,000,000 certificates),
#      c. the v1 path of the client for comparison: `query --format csv --limit 10000`.
#    Per run: wall time, lines, throughput, client peak RSS, server heap peak (S0U+S1U+EU+OU).
# Output: benchmarks/target/export-1m.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
DATA_DIR=${DATA_DIR:-/tmp/certatlas-export-bench}
PORT=${PORT:-18081}
HTTPS_PORT=${HTTPS_PORT:-18444}
HEAP=${HEAP:--Xmx512m}
CLIENT_HEAP=${CLIENT_HEAP:--XX:+UseSerialGC -Xmx128m}   # the launcher's options for query
ADMIN_PASSWORD=${CERTATLAS_ADMIN_PASSWORD:-export-bench-admin-password}
JAR=${CERTATLAS_JAR:-certatlas-cli/target/certatlas.jar}
OUT=benchmarks/target/export-1m.txt
BASE=http://127.0.0.1:$PORT
mkdir -p benchmarks/target "$DATA_DIR"

if [ -z "${SOURCE:-}" ]; then
  if [ -f /work/bench-1m/READY ]; then SOURCE=/work/bench-1m/qql-postgres; else SOURCE=benchmarks/target/qql-postgres; fi
fi
if [ ! -f "$DATA_DIR/pg/PG_VERSION" ]; then
  [ -f "$SOURCE/pg/PG_VERSION" ] || { echo "no inventory at $SOURCE: run benchmarks/scripts/qql-benchmark.sh first" >&2; exit 1; }
  echo "copying the inventory from $SOURCE into $DATA_DIR..."
  cp -a "$SOURCE/pg" "$SOURCE/postgres.password" "$SOURCE/postgres.port" "$DATA_DIR"/
fi
[ -f "$JAR" ] || ./certatlas --version >/dev/null

server_log="$DATA_DIR/server.log"
CERTATLAS_ADMIN_PASSWORD="$ADMIN_PASSWORD" setsid "$JAVA_HOME/bin/java" $HEAP -jar "$JAR" serve --data-dir "$DATA_DIR" \
    --https-port "$HTTPS_PORT" --port "$PORT" --page-cache-mib 0 >"$server_log" 2>&1 &
server_pid=$!
cleanup() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
  fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$DATA_DIR"; fi
}
trap cleanup EXIT
for _ in $(seq 600); do
  if curl -s -o /dev/null "$BASE/auth"; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$server_log" >&2; exit 1; }
  sleep 1
done
echo "server pid $server_pid ($HEAP), $BASE"

{ echo "# $(date -u +%FT%TZ) export-1m.sh: server $HEAP, client $CLIENT_HEAP, load average $(cut -d' ' -f1-3 /proc/loadavg)"; } >"$OUT"
run() {   # label, then the query arguments
  local label=$1; shift
  jstat -gc "$server_pid" 1000 >"benchmarks/target/export-jstat-$label.txt" 2>&1 &
  local jstat_pid=$!
  local started=$(date +%s.%N)
  set +e
  CERTATLAS_PASSWORD="$ADMIN_PASSWORD" /usr/bin/time -f "%M %e %U %S" -o "benchmarks/target/export-time-$label.txt" \
      "$JAVA_HOME/bin/java" $CLIENT_HEAP -jar "$JAR" query --url "$BASE" --user admin --quiet "$@" >"$DATA_DIR/export-$label.csv"
  local code=$?
  set -e
  local ended=$(date +%s.%N)
  kill "$jstat_pid" 2>/dev/null || true
  local lines=$(wc -l <"$DATA_DIR/export-$label.csv")
  local heap=$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m / 1024 }' \
      "benchmarks/target/export-jstat-$label.txt")
  read -r rss wall user sys <"benchmarks/target/export-time-$label.txt"
  awk -v l="$label" -v c="$code" -v n="$lines" -v s="$started" -v e="$ended" -v r="$rss" -v u="$user" -v y="$sys" -v h="$heap" \
      -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
        t = e - s; printf "%s: exit %d, %d lines in %.1f s (%.0f lines/s), client peak RSS %.0f MiB (CPU %.1f s user + %.1f s sys), server heap peak %s MiB (jstat, 1 s samples), load %s\n",
        l, c, n, t, n / t, r / 1024, u, y, h, load }' | tee -a "$OUT"
  rm -f "$DATA_DIR/export-$label.csv"
}
run warmup --server-export --filter 'keySize:256'
run small --server-export --filter 'keySize:256'
run all --server-export
run v1-client --format csv --limit 10000
jcmd "$server_pid" GC.heap_info | tee -a "$OUT"
echo "written $OUT"
