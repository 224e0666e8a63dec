#!/usr/bin/env bash
# v2 deep paging and scoped counts (issue 18) on the 1,000,000-certificate inventory.
#
# 1. Data: DATA_DIR (default /tmp/certatlas-v2-bench) gets a copy of SOURCE (default
#    /work/bench-1m/qql-postgres, else benchmarks/target/qql-postgres: the query-language
#    benchmark's database, 1,000,000 certificates); an existing DATA_DIR/pg is reused. KEEP=1 keeps
#    the copy afterwards (default: deleted, it is several GiB).
# 2. Server: `./certatlas serve --page-cache-mib 0` (no page cache: every page is read from
#    PostgreSQL) on that data dir, plain HTTP on PORT (18180), HTTPS on HTTPS_PORT (18543).
# 3. A tag-scoped user `scoped` (scope SCOPE, default PCI,Team-042,Team-117).
# 4. Timed with curl, one request at a time, RUNS (20) each after WARM (3) unmeasured:
#    a. manager, POST /certview/v2/certificates pageSize 200, page 0 (a new walk each time);
#    b. manager, page 4,000 asked out of turn (no page end known before it but page 0's: of the
#       ~1,014,000 certificates, 799,800 lie between page 0's end and the page, ~214,000 after it,
#       so it is reached from the end of the list: the 200 rows up to page 0's end counted, the
#       rows after the page passed over backwards in the sort index);
#    b2. manager, page 2,500 asked out of turn: the middle of the list, ~500,000 rows from either
#       end, the most any far page has to pass over;
#    c. manager, pages 4,000.. read in turn after page 3,999 (each starts after the last row of
#       the page before: a keyset seek);
#    a2/b3. manager, page 0 and page 4,000 each asked first in a new snapshot of the inventory
#       (a write just before every ask: the scoped user's scope set again), so neither the list's
#       total nor any row a far page passed is known yet: the cost a page has when the inventory
#       has just changed. In a/b/b2 the snapshot stays the same from ask to ask, so from the
#       second ask on page 4,000 starts from the row before it that the first ask passed;
#    d. scoped user, POST /certview/v2/certificates/count with expiryGroup "In 30 Days"
#       (counted afresh every time: the count endpoint keeps no totals).
#    Medians and p95 of curl's time_total, in ms. Output: benchmarks/target/v2-paging.txt.
#    Timing starts after the server's first evaluation of the alert rules (it refreshes the
#    renewal ledger, 5-10 s of PostgreSQL work on this inventory at every start, then every 5
#    minutes), which otherwise runs beside the first measured requests.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
SOURCE=${SOURCE:-/work/bench-1m/qql-postgres}
[ -f "$SOURCE/pg/PG_VERSION" ] || SOURCE=benchmarks/target/qql-postgres
DATA_DIR=${DATA_DIR:-/tmp/certatlas-v2-bench}
PORT=${PORT:-18180}
HTTPS_PORT=${HTTPS_PORT:-18543}
HEAP=${HEAP:--Xmx512m}
RUNS=${RUNS:-20}
WARM=${WARM:-3}
SCOPE=${SCOPE:-PCI,Team-042,Team-117}
ADMIN_PASSWORD=${CERTATLAS_ADMIN_PASSWORD:-v2-bench-admin-password}
SCOPED_PASSWORD=v2-bench-scoped-password
OUT=benchmarks/target/v2-paging.txt
BASE=http://127.0.0.1:$PORT
mkdir -p benchmarks/target "$DATA_DIR"

if [ ! -f "$DATA_DIR/pg/PG_VERSION" ]; then
  [ -f "$SOURCE/pg/PG_VERSION" ] || { echo "no inventory at $SOURCE (run qql-benchmark.sh first)" >&2; exit 1; }
  echo "copying the inventory from $SOURCE into $DATA_DIR..."
  cp -a "$SOURCE/pg" "$SOURCE/postgres.password" "$SOURCE/postgres.port" "$DATA_DIR"/
  rm -f "$DATA_DIR/pg/postmaster.pid"
fi

server_log="$DATA_DIR/server.log"
export CERTATLAS_ADMIN_PASSWORD="$ADMIN_PASSWORD"
CERTATLAS_JAVA_OPTS="$HEAP" setsid ./certatlas serve --data-dir "$DATA_DIR" --page-cache-mib 0 \
    --https-port "$HTTPS_PORT" --port "$PORT" >"$server_log" 2>&1 &
launcher=$!
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
  fi
  kill "$launcher" 2>/dev/null || true
  if [ -z "${KEEP:-}" ]; then rm -rf "$DATA_DIR"; fi
}
trap stop_server EXIT

for _ in $(seq 900); do   # the launcher may build first, and V5+ migrations may run
  if curl -s -o /dev/null "$BASE/auth"; then break; fi
  kill -0 "$launcher" 2>/dev/null || { tail -20 "$server_log" >&2; exit 1; }
  sleep 1
done
server_pid=$(pgrep -f -- "serve --data-dir $DATA_DIR --page-cache-mib 0" | head -1)
echo "server pid $server_pid ($HEAP), $BASE, page cache off"
waited=0
until curl -s "$BASE/metrics" -H "Authorization: Bearer $(cat "$DATA_DIR/metrics.token" 2>/dev/null)" \
      | grep -Eq '^certatlas_alert_evaluation_seconds_count(\{[^}]*\})? [1-9]'; do
  [ "$waited" -lt 300 ] || { echo "no alert evaluation after ${waited}s; timing anyway" >&2; break; }
  sleep 5; waited=$((waited + 5))
done
echo "first alert evaluation (renewal ledger refresh) done after ~${waited}s"

token=$(curl -s "$BASE/auth" -d username=admin --data-urlencode "password=$ADMIN_PASSWORD")
scope_json=$(printf '"%s",' ${SCOPE//,/ }); scope_json="[${scope_json%,}]"
curl -s -o /dev/null -w "create scoped user: HTTP %{http_code}\n" "$BASE/api/v1/users" -H "Authorization: Bearer $token" \
     -d "{\"username\": \"scoped\", \"password\": \"$SCOPED_PASSWORD\", \"role\": \"user\", \"scope\": $scope_json}"
curl -s -o /dev/null -X PUT "$BASE/api/v1/users/scoped/scope" -H "Authorization: Bearer $token" -d "{\"scope\": $scope_json}"
curl -s -o /dev/null -X PUT "$BASE/api/v1/users/scoped/password" -H "Authorization: Bearer $token" \
     -d "{\"password\": \"$SCOPED_PASSWORD\"}"
scoped=$(curl -s "$BASE/auth" -d username=scoped --data-urlencode "password=$SCOPED_PASSWORD")

ask() {   # token path body -> prints time_total in ms; fails on a non-200
  local line
  line=$(curl -s -o /tmp/v2-bench-body.$$ -w '%{http_code} %{time_total}' "$BASE$2" -H "Authorization: Bearer $1" -d "$3")
  [ "${line%% *}" = 200 ] || { echo "HTTP ${line%% *} for $2 $3: $(head -c 300 /tmp/v2-bench-body.$$)" >&2; exit 1; }
  awk -v t="${line#* }" 'BEGIN { printf "%.1f\n", t * 1000 }'
}
stats() {   # label, then times on stdin
  sort -n | awk -v label="$1" '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
      p = t[int(NR * 0.95 + 0.999)]; printf "%-58s median %7.1f ms  p95 %7.1f ms  (%d runs)\n", label, m, p, NR }'
}
page() { echo "{\"pageNumber\": $1, \"pageSize\": 200}"; }
fresh() {   # a committed write: every later read is in a new snapshot
  curl -s -o /dev/null -X PUT "$BASE/api/v1/users/scoped/scope" -H "Authorization: Bearer $token" -d "{\"scope\": $scope_json}"
}

{ echo "# $(date -u +%FT%TZ) v2-paging.sh on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $RUNS runs after $WARM"; } | tee "$OUT"
for _ in $(seq "$WARM"); do ask "$token" /certview/v2/certificates "$(page 0)" >/dev/null; done
for _ in $(seq "$RUNS"); do ask "$token" /certview/v2/certificates "$(page 0)"; done | stats "v2 page 0 (pageSize 200, manager)" | tee -a "$OUT"
for _ in $(seq "$WARM"); do ask "$token" /certview/v2/certificates "$(page 4000)" >/dev/null; done
for _ in $(seq "$RUNS"); do ask "$token" /certview/v2/certificates "$(page 4000)"; done \
    | stats "v2 page 4,000 out of turn (index walk, manager)" | tee -a "$OUT"
for _ in $(seq "$WARM"); do ask "$token" /certview/v2/certificates "$(page 2500)" >/dev/null; done
for _ in $(seq "$RUNS"); do ask "$token" /certview/v2/certificates "$(page 2500)"; done \
    | stats "v2 page 2,500 out of turn (middle, manager)" | tee -a "$OUT"
for _ in $(seq "$RUNS"); do fresh; ask "$token" /certview/v2/certificates "$(page 0)"; done \
    | stats "v2 page 0, first ask in a new snapshot (manager)" | tee -a "$OUT"
for _ in $(seq "$RUNS"); do fresh; ask "$token" /certview/v2/certificates "$(page 4000)"; done \
    | stats "v2 page 4,000 out of turn, first ask in a new snapshot" | tee -a "$OUT"
ask "$token" /certview/v2/certificates "$(page 0)" >/dev/null
ask "$token" /certview/v2/certificates "$(page 3999)" >/dev/null
for n in $(seq 4000 $((4000 + RUNS - 1))); do ask "$token" /certview/v2/certificates "$(page "$n")"; done \
    | stats "v2 pages 4,000.. in turn (keyset seek, manager)" | tee -a "$OUT"
# Setting the scope again revoked the scoped user's token (a scope change advances its generation).
scoped=$(curl -s "$BASE/auth" -d username=scoped --data-urlencode "password=$SCOPED_PASSWORD")
count='{"filter": {"filters": [{"field": "expiryGroup", "operator": "EQUALS", "value": "In 30 Days"}]}}'
for _ in $(seq "$WARM"); do ask "$scoped" /certview/v2/certificates/count "$count" >/dev/null; done
for _ in $(seq "$RUNS"); do ask "$scoped" /certview/v2/certificates/count "$count"; done \
    | stats "count expiryGroup:In 30 Days (scoped user $SCOPE)" | tee -a "$OUT"
curl -s "$BASE/certview/v2/certificates/count" -H "Authorization: Bearer $scoped" -d "$count" | sed 's/^/  scoped count: /' | tee -a "$OUT"
echo | tee -a "$OUT"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
rm -f /tmp/v2-bench-body.$$
echo "written $OUT"
