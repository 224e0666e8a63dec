#!/usr/bin/env bash
# Protocol and suite enumeration on loopback (BENCHMARKS.md, "Protocol and suite enumeration").
# Starts COUNT JSSE servers on 127.0.2.1..COUNT in a separate JVM (four configurations, see
# io.certatlas.scan.probe.EnumerationBenchmark), then times
#   1. CertAtlas: full enumeration (SSLv2..TLS1.3, suites, order, RFC 5746 and client-initiated
#      renegotiation, fallback SCSV, supported groups) of every endpoint, CONCURRENCY endpoints
#      at a time; then the same without supported-group enumeration;
#   2. sslscan (which enumerates groups too) (if installed), SSLSCAN_PARALLEL endpoints at a time.
#   3. CertAtlas's whole scanner (chain capture, certificate findings, enumeration with the chosen
#      groups, grade) of every endpoint, as `certatlas scan` runs it.
# HOSTILE of the COUNT endpoints are hostile peers (silent, drip, garbage, hang-up in turn).
# Usage: benchmarks/scripts/enum-vs-sslscan.sh [COUNT=64] [CONCURRENCY=64] [SSLSCAN_PARALLEL=16] [HOSTILE=0]
# Only loopback addresses are contacted. Needs the modules installed
# (mvn -B -o -pl certatlas-scan -am install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
COUNT=${1:-64}
CONCURRENCY=${2:-64}
SSLSCAN_PARALLEL=${3:-16}
HOSTILE=${4:-0}
BC_VERSION=$(sed -n 's|.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*|\1|p' pom.xml)
M2="$HOME/.m2/repository"
CP="$M2/io/certatlas/certatlas-scan/0.1.0-SNAPSHOT/certatlas-scan-0.1.0-SNAPSHOT.jar:$M2/io/certatlas/certatlas-x509/0.1.0-SNAPSHOT/certatlas-x509-0.1.0-SNAPSHOT.jar"
for jar in "$M2"/org/bouncycastle/*/"$BC_VERSION"/*-"$BC_VERSION".jar; do CP="$CP:$jar"; done

WORK=$(mktemp -d)
# The benchmark's own classes (test fixtures) are compiled apart, so that a build running in the
# shared target/ directory cannot pull them away mid-run.
T=certatlas-scan/src/test/java/io/certatlas/scan
javac -d "$WORK/classes" -cp "$CP" "$T/tls/TestServerIdentity.java" "$T/tls/JsseTestServer.java" "$T/fleet/HostilePeer.java" "$T/probe/EnumerationBenchmark.java"
CP="$WORK/classes:$CP"
java -Xmx1g -cp "$CP" io.certatlas.scan.probe.EnumerationBenchmark serve "$COUNT" "$WORK/endpoints" "$HOSTILE" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do [ -f "$WORK/endpoints" ] && break; sleep 0.5; done
[ -f "$WORK/endpoints" ] || { echo "servers did not start" >&2; exit 1; }

echo "== CertAtlas enumeration: $COUNT endpoints, $CONCURRENCY at a time"
java -Xmx1g -cp "$CP" io.certatlas.scan.probe.EnumerationBenchmark enumerate "$WORK/endpoints" "$CONCURRENCY" groups
echo "== CertAtlas enumeration without supported-group enumeration (chosen groups only)"
java -Xmx1g -cp "$CP" io.certatlas.scan.probe.EnumerationBenchmark enumerate "$WORK/endpoints" "$CONCURRENCY" nogroups
echo "== CertAtlas whole scanner (capture, findings, enumeration, grade), default options"
java -Xmx1g -cp "$CP" io.certatlas.scan.probe.EnumerationBenchmark scan "$WORK/endpoints" "$CONCURRENCY"

if command -v sslscan >/dev/null; then
  echo "== sslscan $(sslscan --version 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | grep -o '[0-9]\+\.[0-9.]\+' | head -1): $COUNT endpoints, $SSLSCAN_PARALLEL at a time"
  START=$(date +%s%N)
  awk '{print $1":"$2}' "$WORK/endpoints" \
    | xargs -P "$SSLSCAN_PARALLEL" -I{} sh -c 'timeout 120 sslscan --no-colour --no-heartbleed --no-compression --no-fallback {} > /dev/null 2>&1 || true'
  echo "sslscan elapsed_ms=$(( ($(date +%s%N) - START) / 1000000 ))"
else
  echo "sslscan not installed: apt-get install -y sslscan to compare"
fi
