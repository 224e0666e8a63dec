# Sourced by ./certatlas, ./run-tests and .ci/run: finds a JDK of version 21 or newer and
# exports JAVA_HOME, so nobody has to set it by hand. Order: $JAVA_HOME if it is one, then
# `java` on the PATH if it is one, then the newest JDK under /usr/lib/jvm.

certatlas_java_major() {
  # Prints the feature version (17, 21, 25...) of the java binary given, or nothing. The JDK's
  # `release` file says it without starting a JVM (a third of a second on every command).
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ] && grep -q '^JAVA_VERSION=' "$release"; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9.]*\).*/\1/p' "$release" | awk -F. '{ print ($1 == "1" ? $2 : $1); exit }'
    return 0
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= *' '/java\.specification\.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

certatlas_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(certatlas_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(certatlas_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(certatlas_java_major "$candidate/bin/java")
    if [ "${major:-0}" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ "$best_major" -ge 21 ]; then echo "$best"; return 0; fi
  return 1
}

if ! CERTATLAS_JDK=$(certatlas_find_jdk); then
  echo "certatlas: no JDK 21 or newer found (looked at \$JAVA_HOME, javac on the PATH and /usr/lib/jvm)." >&2
  echo "certatlas: install one, for example 'apt-get install openjdk-21-jdk' or a Temurin 21+ JDK, then run this again." >&2
  exit 1
fi
export JAVA_HOME="$CERTATLAS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
