#!/usr/bin/env bash
# Import benchmark: 100,000 distinct certificates as PEM files (one per file) imported with
# `./certatlas import` into an EMPTY data directory, timed end to end (launcher, JVM start,
# embedded PostgreSQL initdb and start, migrations, import, shutdown) with /usr/bin/time -v for
# the JVM's CPU time and peak RSS. PostgreSQL runs detached from the JVM, so its CPU time is
# sampled from /proc (every 0.2 s, per server process of this data directory) and printed
# beside: on a shared machine CPU time says more than wall time.
# Target: under 10 s and under 1 GiB on the project's 2-core VM.
#
# Usage: benchmarks/scripts/import-100k.sh [COUNT]   (corpus cached under $CORPUS, default /tmp/certatlas-bench)
# CERTATLAS_JAVA_OPTS, when set, replaces the launcher's JVM options for import.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$root/bin/java-home.sh"
count=${1:-100000}
corpus=${CORPUS:-/tmp/certatlas-bench}/pem-$count-own-keys   # one key per certificate (PemCorpus)

if [ ! -f "$root/benchmarks/target/benchmarks.jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
fi
# Builds the CLI now if it is missing or stale, so that the timed run does not.
"$root/certatlas" --help > /dev/null
"$root/certatlas" import --help > /dev/null   # records the import start-up cache (once per build), outside the timing
# The marker sits beside the corpus, not in it: the import would count it as a rejected file.
if [ ! -f "$corpus.complete" ]; then
  rm -rf "$corpus"
  "$JAVA_HOME/bin/java" -cp "$root/benchmarks/target/benchmarks.jar" io.certatlas.benchmarks.store.PemCorpus "$corpus" "$count"
  touch "$corpus.complete"
fi
rm -f "$corpus/.complete"

data=$(mktemp -d /tmp/certatlas-import-bench.XXXXXX)
trap 'rm -rf "$data" "$data.done"' EXIT

# Sums the CPU time (user + sys) of the PostgreSQL processes serving $data until $data.done exists.
postgres_cpu() {
  declare -A ticks
  local pm p f t total=0
  for _ in $(seq 1 6000); do
    for pm in $(pgrep -f -- "-D $data/pg" 2>/dev/null || true); do
      for p in $pm $(pgrep -P "$pm" 2>/dev/null || true); do
        if read -r -a f 2>/dev/null < "/proc/$p/stat"; then
          t=$(( ${f[13]} + ${f[14]} ))
          if [ -z "${ticks[$p]:-}" ] || [ "$t" -gt "${ticks[$p]}" ]; then ticks[$p]=$t; fi
        fi
      done
    done
    [ -f "$data.done" ] && break
    sleep 0.2
  done
  for p in "${!ticks[@]}"; do total=$(( total + ${ticks[$p]} )); done
  echo "PostgreSQL CPU (user+sys, sampled): $(awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }') s"
}

echo "importing $(find "$corpus" -name '*.pem' | wc -l) PEM files from $corpus into the empty data directory $data"
# Warm the file cache once so the figure measures the import, not the disk of the first read.
find "$corpus" -name "*.pem" -exec cat {} + > /dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
postgres_cpu > "$data/postgres-cpu.txt" &
sampler=$!
status=0
/usr/bin/time -v "$root/certatlas" import --data-dir "$data" "$corpus" > "$data/out.txt" 2> "$data/time.txt" || status=$?
touch "$data.done"
wait "$sampler" || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep "files read" "$data/out.txt" || { echo "import failed (exit $status):"; tail -n 20 "$data/time.txt"; exit 1; }
grep -E "User time|System time|Percent of CPU|Elapsed \(wall clock\)|Maximum resident set size" "$data/time.txt"
cat "$data/postgres-cpu.txt"
