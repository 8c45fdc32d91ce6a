# Sourced by .ci/run and ./sovereign-pool: exports JAVA_HOME (and PATH) for a JDK >= 21.
# Keeps a JAVA_HOME that is new enough; else takes the default java if new enough; else searches /usr/lib/jvm.

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
jdk_ok() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1/bin/java")" -ge 21 ] 2>/dev/null; }

if [ -z "${JAVA_HOME:-}" ] || ! jdk_ok "$JAVA_HOME"; then
  JAVA_HOME=""
  if command -v javac >/dev/null; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    jdk_ok "$candidate" && JAVA_HOME="$candidate"
  fi
  if [ -z "$JAVA_HOME" ]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
      if jdk_ok "$candidate"; then JAVA_HOME="$candidate"; break; fi
    done
  fi
fi
if [ -z "${JAVA_HOME:-}" ]; then
  echo "No JDK >= 21 found: install one (JDK 25 recommended) and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
