#!/usr/bin/env bash
# Discovery scan throughput on loopback (BENCHMARKS.md, "Discovery scan"): builds the scan module
# and runs io.certatlas.benchmarks.scan.ScanThroughput, which starts JSSE servers on 127.0.1.x,
# scans them (chain capture + certificate findings) and compares with `openssl s_time -new`
# against one of the same servers. Arguments pass through: addresses ports runs concurrency s_time-seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
# Needs the modules installed (mvn -B -o -pl certatlas-scan -am install -DskipTests); builds only the benchmarks.
mvn -B -q -o -pl benchmarks compile >/dev/null
BC_VERSION=$(sed -n 's|.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*|\1|p' pom.xml)
M2="$HOME/.m2/repository/io/certatlas"
CP="benchmarks/target/classes:$M2/certatlas-scan/0.1.0-SNAPSHOT/certatlas-scan-0.1.0-SNAPSHOT.jar:$M2/certatlas-x509/0.1.0-SNAPSHOT/certatlas-x509-0.1.0-SNAPSHOT.jar"
for jar in "$HOME"/.m2/repository/org/bouncycastle/*/"$BC_VERSION"/*-"$BC_VERSION".jar; do CP="$CP:$jar"; done
exec java -Xmx1g -cp "$CP" io.certatlas.benchmarks.scan.ScanThroughput "$@"
