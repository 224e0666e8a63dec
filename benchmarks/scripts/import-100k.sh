#!/usr/bin/env bash
# Import benchmark: 100,000 distinct certificates as PEM files (one per file) imported with
# `certatlas import` into an EMPTY data directory, timed end to end (JVM start, embedded
# PostgreSQL initdb and start, migrations, import, shutdown) with /usr/bin/time -v for peak RSS.
# Target: under 10 s and under 1 GiB on the project's 2-core VM.
#
# Usage: benchmarks/scripts/import-100k.sh [COUNT]   (corpus cached under $CORPUS, default /tmp/certatlas-bench)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$root/bin/java-home.sh"
count=${1:-100000}
corpus=${CORPUS:-/tmp/certatlas-bench}/pem-$count

if [ ! -f "$root/benchmarks/target/benchmarks.jar" ] || [ ! -f "$root/certatlas-cli/target/certatlas.jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks,certatlas-cli -am package)
fi
# The marker sits beside the corpus, not in it: the import would count it as a rejected file.
if [ ! -f "$corpus.complete" ]; then
  rm -rf "$corpus"
  "$JAVA_HOME/bin/java" -cp "$root/benchmarks/target/benchmarks.jar" io.certatlas.benchmarks.store.PemCorpus "$corpus" "$count"
  touch "$corpus.complete"
fi
rm -f "$corpus/.complete"

data=$(mktemp -d /tmp/certatlas-import-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
echo "importing $(find "$corpus" -name '*.pem' | wc -l) PEM files from $corpus into the empty data directory $data"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# Warm the file cache once so the figure measures the import, not the disk of the first read.
find "$corpus" -name "*.pem" -exec cat {} + > /dev/null
status=0
/usr/bin/time -v "$JAVA_HOME/bin/java" ${CERTATLAS_JAVA_OPTS:-} -jar "$root/certatlas-cli/target/certatlas.jar" \
  import --data-dir "$data" "$corpus" > "$data/out.txt" 2> "$data/time.txt" || status=$?
grep "files read" "$data/out.txt" || { echo "import failed (exit $status):"; tail -n 20 "$data/time.txt"; exit 1; }
grep -E "User time|System time|Percent of CPU|Elapsed \(wall clock\)|Maximum resident set size" "$data/time.txt"
