# Finding a JDK >= 21, shared by ./voxbridge and .ci/run (sourced, not run); a caller that needs a newer one sets
# MIN_JAVA after sourcing (benchmarks/soxr.sh: 22).
# find_jdk prints $JAVA_HOME if that is a JDK >= $MIN_JAVA, else the newest such JDK among, in this order:
#   what macOS's /usr/libexec/java_home -v $MIN_JAVA+ names,
#   SDKMAN's         ${SDKMAN_DIR:-$HOME/.sdkman}/candidates/java/*,
#   Homebrew's       /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home (Apple silicon)
#                    /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home (Intel),
#   macOS installers /Library/Java/JavaVirtualMachines/*/Contents/Home,
#   Linux packages   /usr/lib/jvm/*,
# (the first one found wins a tie), else nothing.
#
# Portable to the bash 3.2 macOS ships, with `set -euo pipefail` in the caller: no arrays, no bash-4 features
# (${v,,}, mapfile, associative arrays, [[ -v ]]); paths with spaces are fine.
#
# VOXBRIDGE_JDK_SEARCH_ROOT (tests only): a folder put in front of every system path above (/usr/libexec/java_home,
# /opt/homebrew, /usr/local/opt, /Library/Java, /usr/lib/jvm) so that a test can lay out fake JDKs; unset in real use.
# SDKMAN's folder follows $SDKMAN_DIR or $HOME, which a test sets instead.

MIN_JAVA=21

# Prints the major version of the JDK at $1, or nothing. Reads its release file with bash alone (this runs for
# every JDK found on every start); only a JDK without one is asked with java -version.
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
    # "|| true": a broken java must not end a caller running with set -e and pipefail.
    version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)" || true
  fi
  version="${version#1.}" # 1.8.0_402 is Java 8
  version="${version%%[.+_-]*}"
  if [[ "$version" =~ ^[0-9]+$ ]]; then
    echo "$version"
  fi
  return 0
}

# Keeps $1 in find_jdk's best/best_major if it is a JDK >= MIN_JAVA newer than the best so far. A glob that
# matched nothing arrives as itself and is dropped by java_major's test for bin/java.
_voxbridge_consider_jdk() {
  local home="${1%/}" major
  major="$(java_major "$home")"
  if [[ -n "$major" ]] && (( major >= MIN_JAVA && major > best_major )); then
    best="$home"
    best_major="$major"
  fi
}

find_jdk() {
  local major best="" best_major=0 home root="${VOXBRIDGE_JDK_SEARCH_ROOT:-}"
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(java_major "$JAVA_HOME")"
    if [[ -n "$major" ]] && (( major >= MIN_JAVA )); then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  if [[ -x "$root/usr/libexec/java_home" ]]; then
    # Fails (and may print a default JDK of another version) when it knows none >= 21: the version is checked.
    home="$("$root/usr/libexec/java_home" -v "$MIN_JAVA+" 2>/dev/null || true)"
    if [[ -n "$home" ]]; then
      _voxbridge_consider_jdk "$home"
    fi
  fi
  for home in "${SDKMAN_DIR:-${HOME:-}/.sdkman}"/candidates/java/*; do
    _voxbridge_consider_jdk "$home"
  done
  for home in "$root"/opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
              "$root"/usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
              "$root"/Library/Java/JavaVirtualMachines/*/Contents/Home \
              "$root"/usr/lib/jvm/*/; do
    _voxbridge_consider_jdk "$home"
  done
  if [[ -n "$best" ]]; then
    echo "$best"
  fi
  return 0
}

# The message for when there is none.
no_jdk_message() {
  local sdkman="${SDKMAN_DIR:-${HOME:-}/.sdkman}" lts=21 temurin="Eclipse Temurin 21/25"
  # A script that needs more than 21 (benchmarks/soxr.sh: 22) is pointed at the next LTS, 25.
  if (( MIN_JAVA > 21 )); then
    lts=25
    temurin="Eclipse Temurin 25"
  fi
  echo "no JDK ${MIN_JAVA} or newer found (looked at \$JAVA_HOME${JAVA_HOME:+=$JAVA_HOME}," \
       "/usr/libexec/java_home -v ${MIN_JAVA}+, $sdkman/candidates/java/*, Homebrew's openjdk*," \
       "/Library/Java/JavaVirtualMachines/* and /usr/lib/jvm/*)." \
       "Install one (macOS: 'brew install openjdk@${lts}' or ${temurin}; Debian/Ubuntu:" \
       "'apt-get install openjdk-${lts}-jdk-headless'; or SDKMAN's 'sdk install java ${lts}-tem')" \
       "or point JAVA_HOME at it."
}
