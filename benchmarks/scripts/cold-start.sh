#!/usr/bin/env bash
# Cold start of the command line (BENCHMARKS.md, "Cold start"): the median of RUNS wall times of
#   help    ./certatlas --help
#   import  ./certatlas import of an empty directory into an existing data directory
#   serve   ./certatlas serve on an existing data directory, without the demo, until /health answers
#   scan    ./certatlas scan --no-record of the 64-endpoint loopback fleet of enum-vs-sslscan.sh
#           (60 JSSE servers on 127.0.2.1..60 and 4 hostile peers: silent, drip, garbage, hang-up)
# each started three ways in the same run: the nested Spring Boot jar as the launcher ran it before
# (`java -jar certatlas.jar`, same JVM options), the extracted class path without a cache
# (CERTATLAS_AOT=off) and the launcher as it is (extracted, with the command's AOT cache on JDK 25+).
# Then sslscan, 16 at a time, on the same 64 endpoints, once (each run bounded by `timeout 120`).
# The caches are recorded before measuring (one run of each command), as after any build.
# Usage: benchmarks/scripts/cold-start.sh [RUNS=5]. Only loopback addresses are contacted.
# Needs the modules installed (mvn -B -o install -DskipTests) for the fleet's test classes.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
RUNS=${1:-5}
PORT=${PORT:-18281}
HTTPS_PORT=${HTTPS_PORT:-18282}
OUT=benchmarks/target/cold-start.txt
mkdir -p benchmarks/target
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The fleet (the enumeration benchmark's own test fixtures, compiled apart as there).
BC_VERSION=$(sed -n 's|.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*|\1|p' pom.xml)
M2="$HOME/.m2/repository"
CP="$M2/io/certatlas/certatlas-scan/0.1.0-SNAPSHOT/certatlas-scan-0.1.0-SNAPSHOT.jar:$M2/io/certatlas/certatlas-x509/0.1.0-SNAPSHOT/certatlas-x509-0.1.0-SNAPSHOT.jar"
for jar in "$M2"/org/bouncycastle/*/"$BC_VERSION"/*-"$BC_VERSION".jar; do CP="$CP:$jar"; done
T=certatlas-scan/src/test/java/io/certatlas/scan
javac -d "$WORK/classes" -cp "$CP" "$T/tls/TestServerIdentity.java" "$T/tls/JsseTestServer.java" "$T/fleet/HostilePeer.java" "$T/probe/EnumerationBenchmark.java"
"$JAVA_HOME/bin/java" -Xmx1g -cp "$WORK/classes:$CP" io.certatlas.scan.probe.EnumerationBenchmark serve 64 "$WORK/endpoints" 4 &
SERVER_PID=$!
for _ in $(seq 1 120); do [ -f "$WORK/endpoints" ] && break; sleep 0.5; done
[ -f "$WORK/endpoints" ] || { echo "the fleet did not start" >&2; exit 1; }
awk '{print $1":"$2}' "$WORK/endpoints" >"$WORK/targets"

mkdir -p "$WORK/empty"
DATA="$WORK/data"
NESTED_JAR=certatlas-cli/target/certatlas.jar
IMPORT_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms512m -Xmx512m"

# Builds when needed, records the caches and initialises the data directory, outside the timings.
./certatlas --help >/dev/null
./certatlas import --data-dir "$DATA" "$WORK/empty" >/dev/null
./certatlas scan --no-record --format json 127.0.0.1:1 >/dev/null 2>&1 || true
./certatlas user --help >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# way_command WAY COMMAND ARGS...: sets CMD to the command line of one way of starting.
way_command() {
  local way=$1
  shift
  case "$way" in
    nested) CMD=("$JAVA_HOME/bin/java")
            [ "$1" = import ] && CMD+=($IMPORT_OPTS)
            CMD+=(-jar "$NESTED_JAR" "$@") ;;
    extracted) CMD=(env CERTATLAS_AOT=off ./certatlas "$@") ;;
    cached) CMD=(./certatlas "$@") ;;
  esac
}

time_once() {   # prints the wall time in ms of one start of WHAT by WAY
  local way=$1 what=$2 start end
  start=$(now_ms)
  case "$what" in
    help) way_command "$way" --help; "${CMD[@]}" >/dev/null ;;
    import) way_command "$way" import --data-dir "$DATA" "$WORK/empty"; "${CMD[@]}" >/dev/null 2>&1 ;;
    scan) way_command "$way" scan --no-record -f "$WORK/targets" --format json
          "${CMD[@]}" >"$WORK/scan.json" 2>/dev/null || true ;;
    serve)
      way_command "$way" serve --data-dir "$DATA" --port "$PORT" --https-port "$HTTPS_PORT"
      ( exec "${CMD[@]}" >"$WORK/serve.log" 2>&1 ) &   # exec: $! is the server's own process
      local pid=$! answered=""
      for _ in $(seq 1 1200); do   # at most 60 s
        if curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; then answered=1; break; fi
        sleep 0.05
      done
      end=$(now_ms)
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do ss -ltn | grep -q ":$PORT " || break; sleep 0.1; done
      [ -n "$answered" ] || { echo "serve ($way) did not answer in 60 s" >&2; cat "$WORK/serve.log" >&2; exit 1; }
      echo $((end - start)); return ;;
  esac
  end=$(now_ms)
  if [ "$what" = scan ]; then
    local graded
    graded=$(grep -c '"outcome" : "tls"' "$WORK/scan.json" || true)
    echo "scan ($way): $graded TLS endpoints scanned" >>"$WORK/scan-counts"
  fi
  echo $((end - start))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

{
  echo "# $(date -u +%FT%TZ) cold-start.sh, $RUNS runs each, JDK $(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JAVA_HOME/release" | tr -d '"'), $(nproc) cores"
  echo "# load average at start: $(cat /proc/loadavg)"
  printf '%-8s %-10s %10s   %s\n' what way median_ms "runs (ms)"
  for what in help import serve scan; do
    for way in nested extracted cached; do
      runs=()
      for _ in $(seq 1 "$RUNS"); do runs+=("$(time_once "$way" "$what")"); done
      printf '%-8s %-10s %10s   %s\n' "$what" "$way" "$(printf '%s\n' "${runs[@]}" | median)" "${runs[*]}"
    done
  done
  sort "$WORK/scan-counts" | uniq -c | sed 's/^/# /'
  if command -v sslscan >/dev/null; then
    start=$(now_ms)
    xargs -P 16 -I{} sh -c 'timeout 120 sslscan --no-colour --no-heartbleed --no-compression --no-fallback {} > /dev/null 2>&1 || true' <"$WORK/targets"
    echo "sslscan, 16 at a time, once: $(( $(now_ms) - start )) ms"
  else
    echo "sslscan not installed (apt-get install -y sslscan) to compare"
  fi
  echo "# load average at end: $(cat /proc/loadavg)"
} | tee "$OUT"
