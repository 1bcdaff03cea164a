# Sourced by ./voxbridge and .ci/run: sets VOXBRIDGE_JAVA_HOME to a JDK >= 21 or explains what to install.
# Looks at JAVA_HOME first, then the usual JVM folders (newest first), then the java on PATH.

voxbridge_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local home=$1 version
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

voxbridge_find_jdk() {
  local candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  # Newest first, by the version number in the folder name.
  while IFS= read -r candidate; do candidates+=("$candidate"); done < <(
    ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ /opt/java/*/ 2>/dev/null \
      | sed 's:/$::' | sort -t- -k2 -V -r)
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    major=$(voxbridge_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      VOXBRIDGE_JAVA_HOME=$candidate
      return 0
    fi
  done
  echo "voxbridge: no JDK 21 or newer found (looked at JAVA_HOME=${JAVA_HOME:-<unset>}, /usr/lib/jvm/*, and the javac on PATH)." >&2
  echo "voxbridge: install one (e.g. 'apt-get install openjdk-21-jdk' or Eclipse Temurin 21/25 from https://adoptium.net) and set JAVA_HOME to it." >&2
  return 1
}
