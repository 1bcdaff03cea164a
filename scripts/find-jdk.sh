# Finding a JDK >= 21, shared by ./voxbridge and .ci/run (sourced, not run).
# find_jdk prints JAVA_HOME if that is a JDK >= $MIN_JAVA, else the newest such JDK in /usr/lib/jvm, else nothing.

MIN_JAVA=21

# Prints the major version of the JDK at $1, or nothing. Reads its release file with bash alone (this runs for
# every JDK in /usr/lib/jvm on every start); only a JDK without one is asked with java -version.
java_major() {
  local home="$1" version="" line
  [[ -x "$home/bin/java" ]] || return 0
  if [[ -r "$home/release" ]]; then
    while IFS= read -r line; do
      if [[ "$line" == JAVA_VERSION=* ]]; then
        version="${line#JAVA_VERSION=}"
        version="${version//\"/}"
        break
      fi
    done < "$home/release"
  fi
  if [[ -z "$version" ]]; then
    version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  version="${version#1.}" # 1.8.0_402 is Java 8
  version="${version%%[.+_-]*}"
  [[ "$version" =~ ^[0-9]+$ ]] && echo "$version"
  return 0
}

find_jdk() {
  local major best="" best_major=0 home
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(java_major "$JAVA_HOME")"
    if [[ -n "$major" ]] && (( major >= MIN_JAVA )); then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for home in /usr/lib/jvm/*/; do
    home="${home%/}"
    major="$(java_major "$home")"
    if [[ -n "$major" ]] && (( major >= MIN_JAVA && major > best_major )); then
      best="$home"
      best_major="$major"
    fi
  done
  [[ -n "$best" ]] && echo "$best"
  return 0
}

# The message for when there is none.
no_jdk_message() {
  echo "no JDK ${MIN_JAVA} or newer found (looked at \$JAVA_HOME${JAVA_HOME:+=$JAVA_HOME} and /usr/lib/jvm/*)." \
       "Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Eclipse Temurin 21/25, or point JAVA_HOME at it."
}
