#!/usr/bin/env bash
# Load benchmark of POST /certview/v1/certificates (issue: v1 API) on the 1M-certificate inventory.
#
# 1. Data: DATA_DIR (default /tmp/certatlas-api-bench) gets a copy of the query-language
#    benchmark's database (benchmarks/target/qql-postgres: 1,000,000 certificates, 500,000 assets,
#    200 tags, 3,000,000 instances), generated first by qql-benchmark.sh when missing
#    (QQL_SCALE=N passes --scale N to it). An existing DATA_DIR/pg is reused as it is.
# 2. Server: `./certatlas serve` on that data dir with CERTATLAS_JAVA_OPTS=-Xmx512m (override with
#    HEAP), HTTPS on HTTPS_PORT (18443), plain HTTP on PORT (18080); CERTATLAS_JAR=path runs that
#    jar with the same java command the launcher uses instead (when the tree does not build).
# 3. A tag-scoped user `scoped` (scope SCOPE, default PCI,Team-042,Team-117) via POST /api/v1/users.
# 4. io.certatlas.benchmarks.api.CertViewLoad (run from source) for the manager, then the scoped
#    user: CONCURRENCY (16) workers, WARMUP (60) s, DURATION (60) s, pageSize 200, basic details.
#    jstat samples the server's heap every 5 s during each run; jcmd GC.heap_info after each.
# 5. Stops the server (and with it the embedded PostgreSQL), and prints the page cache's hits and
#    misses over both runs, which the server logs as it stops. Output: benchmarks/target/api-load.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
DATA_DIR=${DATA_DIR:-/tmp/certatlas-api-bench}
PORT=${PORT:-18080}
HTTPS_PORT=${HTTPS_PORT:-18443}
HEAP=${HEAP:--Xmx512m}
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-60}
DURATION=${DURATION:-60}
SCOPE=${SCOPE:-PCI,Team-042,Team-117}
ADMIN_PASSWORD=${CERTATLAS_ADMIN_PASSWORD:-api-bench-admin-password}
SCOPED_PASSWORD=api-bench-scoped-password
OUT=benchmarks/target/api-load.txt
BASE=http://127.0.0.1:$PORT
mkdir -p benchmarks/target "$DATA_DIR"

if [ ! -f "$DATA_DIR/pg/PG_VERSION" ]; then
  if [ ! -f benchmarks/target/qql-postgres/pg/PG_VERSION ]; then
    echo "generating the inventory (qql-benchmark.sh; about 8 minutes at scale 1)..."
    benchmarks/scripts/qql-benchmark.sh --scale "${QQL_SCALE:-1}" --runs 1
  fi
  if [ -f benchmarks/target/qql-postgres/pg/postmaster.pid ]; then
    echo "benchmarks/target/qql-postgres is in use by a running PostgreSQL; stop it first" >&2; exit 1
  fi
  echo "copying the inventory into $DATA_DIR..."
  cp -a benchmarks/target/qql-postgres/pg benchmarks/target/qql-postgres/postgres.password \
        benchmarks/target/qql-postgres/postgres.port "$DATA_DIR"/
fi

server_log="$DATA_DIR/server.log"
export CERTATLAS_ADMIN_PASSWORD="$ADMIN_PASSWORD"
if [ -n "${CERTATLAS_JAR:-}" ]; then
  setsid "$JAVA_HOME/bin/java" $HEAP -jar "$CERTATLAS_JAR" serve --data-dir "$DATA_DIR" \
      --https-port "$HTTPS_PORT" --port "$PORT" ${SERVER_ARGS:-} >"$server_log" 2>&1 &
else
  CERTATLAS_JAVA_OPTS="$HEAP" setsid ./certatlas serve --data-dir "$DATA_DIR" \
      --https-port "$HTTPS_PORT" --port "$PORT" ${SERVER_ARGS:-} >"$server_log" 2>&1 &
fi
launcher=$!
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
  fi
  kill "$launcher" 2>/dev/null || true
}
trap stop_server EXIT

for _ in $(seq 600); do   # the launcher may build first
  if curl -s -o /dev/null "$BASE/auth"; then break; fi
  kill -0 "$launcher" 2>/dev/null || { tail -20 "$server_log" >&2; exit 1; }
  sleep 1
done
server_pid=$(pgrep -f -- "serve --data-dir $DATA_DIR --https-port $HTTPS_PORT" | head -1)
echo "server pid $server_pid ($HEAP), $BASE"

token=$(curl -s "$BASE/auth" -d username=admin --data-urlencode "password=$ADMIN_PASSWORD")
scope_json=$(printf '"%s",' ${SCOPE//,/ }); scope_json="[${scope_json%,}]"
curl -s -o /dev/null -w "create scoped user: HTTP %{http_code}\n" "$BASE/api/v1/users" -H "Authorization: Bearer $token" \
     -d "{\"username\": \"scoped\", \"password\": \"$SCOPED_PASSWORD\", \"role\": \"user\", \"scope\": $scope_json}"
curl -s -o /dev/null -w "set scope: HTTP %{http_code}\n" -X PUT "$BASE/api/v1/users/scoped/scope" -H "Content-Type: application/json" \
     -H "Authorization: Bearer $token" -d "{\"scope\": $scope_json}"
curl -s -o /dev/null -w "set password: HTTP %{http_code}\n" -X PUT "$BASE/api/v1/users/scoped/password" -H "Content-Type: application/json" \
     -H "Authorization: Bearer $token" -d "{\"password\": \"$SCOPED_PASSWORD\"}"

{ echo "# $(date -u +%FT%TZ) api-load.sh: concurrency $CONCURRENCY, warm-up $WARMUP s, measured $DURATION s, server $HEAP"; } >"$OUT"
run() {   # label user password
  local samples=$(( (WARMUP + DURATION) / 5 + 2 ))
  jstat -gc "$server_pid" 5000 "$samples" >"benchmarks/target/api-load-jstat-$1.txt" 2>&1 &
  local jstat_pid=$!
  set +e
  "$JAVA_HOME/bin/java" -Xmx256m benchmarks/src/main/java/io/certatlas/benchmarks/api/CertViewLoad.java \
      --base "$BASE" --user "$2" --password "$3" --concurrency "$CONCURRENCY" \
      --warmup "$WARMUP" --duration "$DURATION" --label "$1" | tee -a "$OUT"
  set -e
  kill "$jstat_pid" 2>/dev/null || true
  # Heap used after each sample: S0U + S1U + EU + OU (KiB), the peak of the run.
  awk 'NR > 1 && $1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "  server heap: peak used %.0f MiB (jstat, 5 s samples)\n", m / 1024 }' \
      "benchmarks/target/api-load-jstat-$1.txt" | tee -a "$OUT"
  jcmd "$server_pid" GC.heap_info | tee -a "$OUT"
}
run manager admin "$ADMIN_PASSWORD"
run scoped scoped "$SCOPED_PASSWORD"
stop_server
{ grep -o 'page cache: .*' "$server_log" || echo "page cache: off"; } | tee -a "$OUT"
{ grep -c 'OutOfMemoryError' "$server_log" || true; } | sed 's/^/OutOfMemoryError lines in the server log: /' | tee -a "$OUT"
echo "written $OUT"
