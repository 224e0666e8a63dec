#!/usr/bin/env bash
# Batch GCD benchmark (io.certatlas.benchmarks.keys.BatchGcdRun): a full batch GCD over N distinct
# RSA-2048 moduli, then the incremental check of one new modulus against all of them.
# Uses the reactor's target/classes (run `mvn -B -q -pl certatlas-gmp -am compile` first; no install).
# Usage: benchmarks/scripts/batch-gcd.sh <moduli> <jdk|gmp> [threads] [prime-pool-size] [skip-full]
# Heap: CERTATLAS_BENCH_HEAP (default 3g); GMP's numbers live outside the heap.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/java-home.sh
bc=$(find ~/.m2/repository/org/bouncycastle -name 'bcprov-jdk18on-*.jar' | sort -V | tail -1)
# A copy of the classes, so that a build running meanwhile cannot pull them from under the run.
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -r certatlas-x509/target/classes "$snapshot/x509" && cp -r certatlas-gmp/target/classes "$snapshot/gmp"
classpath="$snapshot/x509:$snapshot/gmp:$bc"
"$JAVA_HOME/bin/java" -Xmx"${CERTATLAS_BENCH_HEAP:-3g}" --enable-native-access=ALL-UNNAMED -cp "$classpath" \
  benchmarks/src/main/java/io/certatlas/benchmarks/keys/BatchGcdRun.java "$@"
