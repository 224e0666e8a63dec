#!/usr/bin/env bash
# Per-server comparison of CertAtlas's enumeration with sslscan (BENCHMARKS.md, "Protocol and
# suite enumeration", "Per server: CertAtlas and sslscan"). Starts a loopback fleet on
# 127.0.5.1..N (JSSE servers, openssl s_server processes, an SMTP STARTTLS server; see
# io.certatlas.scan.probe.SslscanComparison), scans each with CertAtlas's Scanner and with
# `sslscan --xml=-`, and prints one markdown row per server with the differences.
# Usage: benchmarks/scripts/compare-sslscan.sh
# Only loopback addresses are contacted. Needs the modules installed
# (mvn -B -o -pl certatlas-scan -am install -DskipTests), openssl and sslscan.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
command -v sslscan >/dev/null || { echo "sslscan is not installed (apt-get install -y sslscan)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "openssl is not installed" >&2; exit 1; }
BC_VERSION=$(sed -n 's|.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*|\1|p' pom.xml)
M2="$HOME/.m2/repository"
CP="$M2/io/certatlas/certatlas-scan/0.1.0-SNAPSHOT/certatlas-scan-0.1.0-SNAPSHOT.jar:$M2/io/certatlas/certatlas-x509/0.1.0-SNAPSHOT/certatlas-x509-0.1.0-SNAPSHOT.jar"
for jar in "$M2"/org/bouncycastle/*/"$BC_VERSION"/*-"$BC_VERSION".jar; do CP="$CP:$jar"; done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The driver and its test fixtures are compiled apart, so that a build running in the shared
# target/ directory cannot pull them away mid-run.
T=certatlas-scan/src/test/java/io/certatlas/scan
javac -d "$WORK/classes" -cp "$CP" "$T/tls/TestServerIdentity.java" "$T/tls/JsseTestServer.java" "$T/tls/OpenSslTestServer.java" \
  "$T/probe/SslscanComparison.java"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "$WORK/classes:$CP" io.certatlas.scan.probe.SslscanComparison "$WORK/servers"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sslscan $(sslscan --version 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | grep -o '[0-9]\+\.[0-9.]\+' | head -1), $(openssl version)"
