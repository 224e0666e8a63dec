#!/usr/bin/env bash
# Alert evaluation and /metrics on a large inventory (issue 20: warn before it breaks).
#
# 1. Data: DATA_DIR (default /tmp/certatlas-alerts-bench) must hold an inventory (pg/,
#    postgres.password, postgres.port), e.g. a `cp -a` copy of the 1,000,000-certificate one that
#    qql-benchmark.sh generates (benchmarks/target/qql-postgres). The V10 migration runs on it at
#    the first start (successor-name index), which is timed separately in the server log.
# 2. Server: `./certatlas serve` on it (HEAP, default -Xmx1g), plain HTTP on PORT (18080).
# 3. One webhook receiver and ten rules (overdue, stale, expires within 7/30/90 days, findings,
#    grade below B/C, new certificate for a watched name), every rule with a daily digest hours
#    away, so that no message is sent while measuring (the outbox is written all the same).
# 4. POST /api/v1/alerts/evaluate: pass 1 is every rule's first, whole pass (it learns the whole
#    successor ledger and fires every alert, the outbox rows included; a rule the server's own
#    loop holds meanwhile says "evaluated": false); pass 2 with nothing changed; a scan of 1,000
#    new endpoints posted as observations (see scan() below) and pass 3; the same endpoints again,
#    every other one renewed, and pass 4; pass 5 with nothing changed. Passes 2-5 read changes only. Then GET /metrics three times (the first reads the
#    inventory; scrapes within 15 s answer from the registry; the third, after 16 s, reads again),
#    with the body size; a fourth 2 s after the third (the reading the third started in the
#    background has landed by then on a small inventory). METRICS_ONLY=1 skips the rules and passes.
#    Output: benchmarks/target/alerts-benchmark.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
DATA_DIR=${DATA_DIR:-/tmp/certatlas-alerts-bench}
PORT=${PORT:-18080}
HTTPS_PORT=${HTTPS_PORT:-18443}
HEAP=${HEAP:--Xmx1g}
ADMIN_PASSWORD=${CERTATLAS_ADMIN_PASSWORD:-alerts-bench-admin-password}
OUT=benchmarks/target/alerts-benchmark.txt
BASE=http://127.0.0.1:$PORT
mkdir -p benchmarks/target
[ -f "$DATA_DIR/pg/PG_VERSION" ] || { echo "DATA_DIR=$DATA_DIR holds no inventory (pg/PG_VERSION); copy one there first" >&2; exit 1; }

server_log="$DATA_DIR/server.log"
export CERTATLAS_ADMIN_PASSWORD="$ADMIN_PASSWORD"
CERTATLAS_JAVA_OPTS="$HEAP" setsid ./certatlas serve --data-dir "$DATA_DIR" \
    --https-port "$HTTPS_PORT" --port "$PORT" >"$server_log" 2>&1 &
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

started=$(date +%s)
for _ in $(seq 1800); do   # the launcher may build first, and V10 indexes a large inventory
  if curl -s -o /dev/null "$BASE/health"; then break; fi
  kill -0 "$launcher" 2>/dev/null || { tail -20 "$server_log" >&2; exit 1; }
  sleep 1
done
server_pid=$(pgrep -f -- "serve --data-dir $DATA_DIR --https-port $HTTPS_PORT" | head -1)
token=$(curl -s "$BASE/auth" -d username=admin --data-urlencode "password=$ADMIN_PASSWORD")
auth=(-H "Authorization: Bearer $token")
{
  echo "# $(date -u +%FT%TZ) alerts-benchmark.sh on $DATA_DIR, server $HEAP, up after $(( $(date +%s) - started )) s"
  echo "# load average at start: $(cat /proc/loadavg)"
} | tee "$OUT"

if [ -z "${METRICS_ONLY:-}" ]; then
curl -s -o /dev/null -w "receiver: HTTP %{http_code}\n" "$BASE/api/v1/alerts/receivers" "${auth[@]}" \
     -d '{"name": "bench hook", "kind": "webhook", "settings": {"url": "http://127.0.0.1:9/hook"}, "secret": "benchmark secret 0123456789"}'
digest=$(date -u -d '+12 hours' +%H:00)
rule() {   # name condition threshold filter
  curl -s -o /dev/null -w "rule $1: HTTP %{http_code}\n" "$BASE/api/v1/alerts/rules" "${auth[@]}" \
       -d "{\"name\": \"$1\", \"condition\": \"$2\", \"threshold\": \"$3\", \"filter\": \"$4\", \"receivers\": [\"bench hook\"], \"digestAt\": \"$digest\"}"
}
rule overdue OVERDUE "" ""
rule stale STALE "" ""
rule expires-7 EXPIRES_WITHIN 7 ""
rule expires-30 EXPIRES_WITHIN 30 ""
rule expires-90-public EXPIRES_WITHIN 90 "issuerCategory:Public"
rule findings FINDING 3 ""
rule grade-b GRADE_BELOW B ""
rule grade-c-tagged GRADE_BELOW C "asset.tags.name:PCI"
rule new-watched NEW_CERTIFICATE "" "san:*.example.com"
rule overdue-rsa OVERDUE 0.5 "publicKeyAlgorithm:RSA"

evaluate() {   # label
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  curl -s -o benchmarks/target/alerts-evaluate.json -w "evaluate $1: HTTP %{http_code} in %{time_total} s (load $load)\n" \
       -X POST "$BASE/api/v1/alerts/evaluate" "${auth[@]}" | tee -a "$OUT"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("  renewal", d["renewal"]); [print("  %-20s %s" % (k, v)) for k, v in d["rules"].items()]; print("  failures", d["failures"])' \
      benchmarks/target/alerts-evaluate.json | tee -a "$OUT"
}
# A scan as the server records it: SCAN_ENDPOINTS endpoints (default 1,000) on addresses new to the
# inventory, posted as a remote scanner does (batches of 200), serving CERTS certificates made
# here (default 100): a fifth expiring within 7 days, a fifth within 30, the rest later. With
# renew 1, every other endpoint serves a renewed certificate for the same name instead.
scan() {   # label renew
  local dir=benchmarks/target/alerts-scan
  mkdir -p "$dir"
  local certs=${CERTS:-100}
  for i in $(seq 0 $((certs - 1))); do
    local days=$(( i % 5 == 0 ? 5 : i % 5 == 1 ? 20 : 200 ))
    [ "$2" = 1 ] && days=$((days + 90))
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=svc-$i.alerts-bench.example" \
        -addext "subjectAltName=DNS:svc-$i.alerts-bench.example" -days "$days" -keyout /dev/null -outform DER \
        -out "$dir/cert-$i-$2.der" 2>/dev/null
  done
  local started; started=$(date +%s.%N)
  python3 - "$dir" "$certs" "${SCAN_ENDPOINTS:-1000}" "$2" <<'PY' > "$dir/batches.txt"
import base64, json, sys, time
directory, certs, endpoints, renew = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
now = int(time.time() * 1000)
batch = []
for e in range(endpoints):
    which = e % certs
    fresh = renew == "1" and e % 2 == 0
    der = open("%s/cert-%d-%s.der" % (directory, which, "1" if fresh else "0"), "rb").read()
    batch.append({"address": "10.250.%d.%d" % (e // 250, e % 250 + 1), "port": 443,
                  "scannedAt": now, "chain": [base64.b64encode(der).decode()],
                  "handshake": {"protocol": "TLSv1.2", "cipherSuite": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
                  "enumeration": {"protocols": ["TLSv1.0", "TLSv1.2"] if e % 3 == 0 else ["TLSv1.2"],
                                  "suites": {"TLSv1.2": ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
                                             **({"TLSv1.0": ["TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"]} if e % 3 == 0 else {})},
                                  "keyExchangeBits": {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": 3072,
                                                      **({"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA": 3072} if e % 3 == 0 else {})},
                                  "renegotiation": "SECURE", "insecureRenegotiation": False, "fallbackScsv": "SUPPORTED"}})
    if len(batch) == 200:
        print(json.dumps({"endpoints": batch}))
        batch = []
if batch:
    print(json.dumps({"endpoints": batch}))
PY
  local codes=""
  while IFS= read -r body; do
    codes="$codes $(printf '%s' "$body" | curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/observations" "${auth[@]}" \
        -H 'Content-Type: application/json' --data-binary @-)"
  done < "$dir/batches.txt"
  echo "scan $1: ${SCAN_ENDPOINTS:-1000} endpoints posted in $(python3 -c "import time; print(round(time.time() - $started, 1))") s, HTTP$codes" | tee -a "$OUT"
}
evaluate "1 (whole: the first pass of every rule)"
for _ in $(seq 360); do   # a rule the server's own loop held during pass 1 is evaluated by that loop
  curl -s "$BASE/api/v1/alerts/rules" "${auth[@]}" | python3 -c 'import json,sys; d=json.load(sys.stdin); rules=d if isinstance(d, list) else d.get("rules", []); sys.exit(0 if rules and all(r.get("evaluated") for r in rules) else 1)' && break
  sleep 5
done
evaluate "2 (nothing changed)"
scan "1 (new endpoints)" 0
evaluate "3 (after scan 1)"
scan "2 (every other endpoint renewed)" 1
evaluate "4 (after scan 2)"
evaluate "5 (nothing changed)"
fi

metrics_token=$(cat "$DATA_DIR/metrics.token")
scrape() {
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  curl -s -o benchmarks/target/alerts-metrics.txt -w "metrics scrape $1: HTTP %{http_code} in %{time_total} s, %{size_download} bytes (load $load)\n" \
       "$BASE/metrics" -H "Authorization: Bearer $metrics_token" | tee -a "$OUT"
}
scrape 1
scrape 2
sleep 16
scrape 3
sleep 2
scrape 4
echo "  series: $(grep -vc '^#' benchmarks/target/alerts-metrics.txt), x509_cert_not_after: $(grep -c '^x509_cert_not_after' benchmarks/target/alerts-metrics.txt)" | tee -a "$OUT"
stop_server
echo "written $OUT"
