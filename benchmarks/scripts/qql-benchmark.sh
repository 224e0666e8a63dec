#!/usr/bin/env bash
# Runs the query-language benchmark (io.certatlas.benchmarks.qql.QqlFilterBenchmark) against an
# embedded PostgreSQL under benchmarks/target/qql-postgres, generating the 1M-certificate
# inventory on first use. Builds the modules it runs through the reactor (nothing is installed in ~/.m2).
# Usage: benchmarks/scripts/qql-benchmark.sh [--scale N] [--runs N] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
cp_file=benchmarks/target/qql-classpath.txt
mkdir -p benchmarks/target
mvn -B -q -pl certatlas-store -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
classpath="certatlas-store/target/classes:certatlas-qql/target/classes:$(cat "$cp_file")"
exec java -Xmx1g -cp "$classpath" benchmarks/src/main/java/io/certatlas/benchmarks/qql/QqlFilterBenchmark.java "$@"
