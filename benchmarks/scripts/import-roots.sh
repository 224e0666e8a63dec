#!/usr/bin/env bash
# Import of a directory of CA roots, most of them RSA (issue 25 item 15): `./certatlas import DIR`
# into an EMPTY data directory, end to end (launcher, JVM, embedded PostgreSQL initdb and start,
# migrations, import, shutdown), timed with /usr/bin/time -v (wall, JVM CPU, peak RSS).
# The README's own example is /etc/ssl/certs (Debian's ca-certificates: some 145 roots, about four
# in five RSA of 2048-4096 bits). RUNS (default 3) runs with the launcher's options for import;
# CERTATLAS_JAVA_OPTS, when set, replaces them, as it does for the launcher.
#
# Usage: benchmarks/scripts/import-roots.sh [DIR]    Output: benchmarks/target/import-roots.txt
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
dir=${1:-/etc/ssl/certs}
runs=${RUNS:-3}
out="$root/benchmarks/target/import-roots.txt"
mkdir -p "$root/benchmarks/target"
"$root/certatlas" --help > /dev/null   # builds first when needed, so the timed runs do not
"$root/certatlas" import --help > /dev/null   # and records the import start-up cache (once per build)
files=$(find -L "$dir" -maxdepth 1 -type f \( -name '*.pem' -o -name '*.crt' \) | wc -l)
rsa=$(find -L "$dir" -maxdepth 1 -type f \( -name '*.pem' -o -name '*.crt' \) -exec openssl x509 -noout -text -in {} \; 2>/dev/null \
      | grep -c "Public Key Algorithm: rsaEncryption" || true)
echo "# $(date -u +%FT%TZ) import-roots.sh $dir: $files files, $rsa RSA keys; options: ${CERTATLAS_JAVA_OPTS-launcher defaults}; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
for i in $(seq "$runs"); do
  data=$(mktemp -d /tmp/certatlas-roots-bench.XXXXXX)
  log=$(mktemp)
  /usr/bin/time -v "$root/certatlas" import --data-dir "$data" "$dir" >"$log" 2>&1 || { tail -20 "$log" >&2; rm -rf "$data" "$log"; exit 1; }
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  user=$(grep "User time" "$log" | awk '{print $NF}')
  sys=$(grep "System time" "$log" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$log" | awk '{printf "%d", $NF/1024}')
  summary=$(grep -E "files read|keys:" "$log" | tr "\n" " ")
  echo "run $i: wall $wall, JVM CPU ${user} s user + ${sys} s sys, peak RSS ${rss} MiB, load $(cut -d' ' -f1 /proc/loadavg); $summary" | tee -a "$out"
  rm -rf "$data" "$log"
done
