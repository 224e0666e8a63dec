#!/usr/bin/env bash
# The page's overview on the 1,000,000-certificate inventory: GET /api/v1/overview for a manager
# and for a tag-scoped user, timed with curl (issue: web dashboard).
#
# 1. Data: DATA_DIR (default /tmp/certatlas-overview-bench) gets a copy (cp -a) of SOURCE
#    (default /work/bench-1m/qql-postgres, else benchmarks/target/qql-postgres: the query-language
#    benchmark's database); an existing DATA_DIR/pg is reused. KEEP=1 keeps the copy afterwards.
# 2. Server: `./certatlas serve` on it, HEAP (-Xmx512m), plain HTTP on loopback PORT (18081).
#    Its first start applies the migrations the copy lacks (V11's index among them): timed apart.
# 3. A user `scoped` with scope SCOPE (default PCI,Team-042,Team-117, as api-load.sh).
# 4. For each user: REQUESTS (30) sequential requests, one a second (the page asks once per
#    visit); the first one is the cold read (nothing kept), the others are answered from the
#    overview kept for that scope while the inventory is unchanged. Prints the cold time, the
#    median and the slowest of the rest, and the load average.
# Output: benchmarks/target/overview-load.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
DATA_DIR=${DATA_DIR:-/tmp/certatlas-overview-bench}
SOURCE=${SOURCE:-/work/bench-1m/qql-postgres}
[ -f "$SOURCE/pg/PG_VERSION" ] || SOURCE=benchmarks/target/qql-postgres
PORT=${PORT:-18081}
HTTPS_PORT=${HTTPS_PORT:-18444}
HEAP=${HEAP:--Xmx512m}
REQUESTS=${REQUESTS:-30}
SCOPE=${SCOPE:-PCI,Team-042,Team-117}
ADMIN_PASSWORD=${CERTATLAS_ADMIN_PASSWORD:-overview-bench-admin-password}
SCOPED_PASSWORD=overview-bench-scoped-password
OUT=benchmarks/target/overview-load.txt
BASE=http://127.0.0.1:$PORT
mkdir -p benchmarks/target "$DATA_DIR"

if [ ! -f "$DATA_DIR/pg/PG_VERSION" ]; then
  [ -f "$SOURCE/pg/PG_VERSION" ] || { echo "no inventory at $SOURCE; run qql-benchmark.sh first" >&2; exit 1; }
  echo "copying the inventory from $SOURCE into $DATA_DIR..."
  cp -a "$SOURCE/pg" "$SOURCE/postgres.password" "$SOURCE/postgres.port" "$DATA_DIR"/
fi

server_log="$DATA_DIR/server.log"
export CERTATLAS_ADMIN_PASSWORD="$ADMIN_PASSWORD"
started=$(date +%s.%N)
CERTATLAS_JAVA_OPTS="$HEAP" setsid ./certatlas serve --data-dir "$DATA_DIR" \
    --https-port "$HTTPS_PORT" --port "$PORT" >"$server_log" 2>&1 &
launcher=$!
cleanup() {
  kill -- -"$launcher" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$launcher" 2>/dev/null || break; sleep 1; done
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$DATA_DIR"; fi
}
trap cleanup EXIT

for _ in $(seq 900); do   # the launcher may build first, and the migrations run
  if curl -s -o /dev/null "$BASE/auth"; then break; fi
  kill -0 "$launcher" 2>/dev/null || { tail -20 "$server_log" >&2; exit 1; }
  sleep 1
done
ready=$(date +%s.%N)

token=$(curl -s "$BASE/auth" -d username=admin --data-urlencode "password=$ADMIN_PASSWORD")
scope_json=$(printf '"%s",' ${SCOPE//,/ }); scope_json="[${scope_json%,}]"
curl -s -o /dev/null "$BASE/api/v1/users" -H "Authorization: Bearer $token" \
     -d "{\"username\": \"scoped\", \"password\": \"$SCOPED_PASSWORD\", \"role\": \"user\", \"scope\": $scope_json}"
curl -s -o /dev/null -X PUT "$BASE/api/v1/users/scoped/scope" -H "Authorization: Bearer $token" -d "{\"scope\": $scope_json}"
curl -s -o /dev/null -X PUT "$BASE/api/v1/users/scoped/password" -H "Authorization: Bearer $token" \
     -d "{\"password\": \"$SCOPED_PASSWORD\"}"

{
  echo "# $(date -u +%FT%TZ) overview-load.sh on $SOURCE, server $HEAP, $REQUESTS requests per user"
  echo "start to ready (build, migrations, embedded PostgreSQL): $(echo "$ready - $started" | bc) s"
} | tee "$OUT"
run() {   # label user password
  local t times=()
  t=$(curl -s "$BASE/auth" -d "username=$2" --data-urlencode "password=$3")
  for i in $(seq "$REQUESTS"); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/v1/overview" -H "Authorization: Bearer $t")")
    sleep 1
  done
  printf '%s\n' "${times[@]:1}" | sort -n | awk -v label="$1" -v cold="${times[0]}" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
    '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
       printf "%s: cold %.0f ms; then median %.1f ms, slowest %.1f ms over %d requests; load average %s\n",
              label, cold * 1000, m * 1000, v[NR] * 1000, NR, load }' | tee -a "$OUT"
  # Into a file first: head closing the pipe early would make curl fail, and pipefail the script.
  curl -s -o "$DATA_DIR/overview-$1.json" "$BASE/api/v1/overview" -H "Authorization: Bearer $t"
  head -c 300 "$DATA_DIR/overview-$1.json" | tee -a "$OUT"; echo | tee -a "$OUT"
}
run manager admin "$ADMIN_PASSWORD"
run scoped scoped "$SCOPED_PASSWORD"
echo "written $OUT"
