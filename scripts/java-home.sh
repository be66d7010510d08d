# Sourced by the project's scripts: finds a JDK 25 and exports JAVA_HOME, or says what is missing.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" != 25 ]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*/ /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" = 25 ]; then
      JAVA_HOME="${candidate%/}"
      break
    fi
  done
fi
if [ -z "$JAVA_HOME" ]; then
  echo "This project needs a JDK 25 (javac 25), and none was found: not in JAVA_HOME, not under /usr/lib/jvm." >&2
  echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
