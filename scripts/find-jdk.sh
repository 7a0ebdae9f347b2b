# Sourced (POSIX sh) by ./mvnw, ./braid and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Looks at $JAVA_HOME, then `java` on the PATH, then /usr/lib/jvm/*; says clearly when none fits.

braid_java_major() {
  # Prints the feature version of the java binary $1 (e.g. 25), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

braid_jdk_fits() {
  # True when $1 is a JDK home whose java is version 25 or newer.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  braid_major=$(braid_java_major "$1/bin/java")
  [ -n "$braid_major" ] && [ "$braid_major" -ge 25 ]
}

braid_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && braid_jdk_fits "$JAVA_HOME"; then
    export JAVA_HOME
    return 0
  fi
  if command -v java >/dev/null 2>&1; then
    braid_candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if braid_jdk_fits "$braid_candidate"; then
      JAVA_HOME=$braid_candidate
      export JAVA_HOME
      return 0
    fi
  fi
  for braid_candidate in /usr/lib/jvm/*; do
    if braid_jdk_fits "$braid_candidate"; then
      JAVA_HOME=$braid_candidate
      export JAVA_HOME
      return 0
    fi
  done
  echo "braid: no JDK 25 or newer found (looked at JAVA_HOME='${JAVA_HOME:-}', java on the PATH, /usr/lib/jvm/*)." >&2
  echo "braid: install a JDK 25 (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
