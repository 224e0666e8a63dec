#!/usr/bin/env bash
# Discovery scan throughput on loopback (BENCHMARKS.md, "Discovery scan"): builds the scan module
# and runs io.certatlas.benchmarks.scan.ScanThroughput, which starts JSSE servers on 127.0.1.x,
# scans them (chain capture + certificate findings) and compares with `openssl s_time -new`
# against one of the same servers. Arguments pass through: addresses ports runs concurrency s_time-seconds [warm-up-runs].
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
# Compiles this tree's modules and runs their classes (not jars installed in ~/.m2, which another
# checkout may have replaced). JAVA_OPTS passes JVM flags, e.g. a JFR recording:
#   JAVA_OPTS=-XX:StartFlightRecording=settings=profile,filename=/tmp/scan.jfr
mvn -B -q -o -pl benchmarks -am compile >/dev/null
BC_VERSION=$(sed -n 's|.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*|\1|p' pom.xml)
CP="benchmarks/target/classes:certatlas-scan/target/classes:certatlas-x509/target/classes"
for jar in "$HOME"/.m2/repository/org/bouncycastle/*/"$BC_VERSION"/*-"$BC_VERSION".jar; do CP="$CP:$jar"; done
# shellcheck disable=SC2086
exec java -Xmx1g ${JAVA_OPTS:-} -cp "$CP" io.certatlas.benchmarks.scan.ScanThroughput "$@"
