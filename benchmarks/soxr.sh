#!/usr/bin/env bash
# Ours against libsoxr in one JMH invocation (benchmarks/README.md, "libsoxr in the same run"):
# ResampleBench.processFloat (telephony and hq presets) beside SoxrResampleBench (libsoxr's HQ and VHQ recipes), for
# the engine rates 16, 22.05, 24, 44.1 and 48 kHz -> 8 kHz and 8 kHz -> 16, 24 and 48 kHz (the caller's audio up to a
# speech recogniser's rate), AverageTime, with -prof gc: every row of issue 14's goals in one run (about 6 minutes).
#
#   benchmarks/soxr.sh [extra JMH options]
#
# Needs a JDK >= 22 (the baseline calls libsoxr through java.lang.foreign; a benchmarks.jar built with JDK 21 has no
# SoxrResampleBench), taken from JAVA_HOME when it is one, else the newest installed (scripts/find-jdk.sh), and
# libsoxr: Debian/Ubuntu's libsoxr0 is installed with apt-get when missing (with sudo when not root). Writes
# benchmarks/target/soxr/{comparison.md,results.md,results.json,jmh.log} (SOXR_OUT to change).
# SOXR_JMH_ARGS replaces the iteration options (default "-f 1 -wi 3 -i 5"); VOXBRIDGE_SKIP_BUILD=1 reuses an existing
# benchmarks.jar.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
out="${SOXR_OUT:-$here/target/soxr}"

# A JDK >= 22, found as ./voxbridge and .ci/run find theirs: JAVA_HOME when it is one, else the newest installed (a
# default java 17 or 21 on the PATH would build a jar without the baseline). The jar is built with it too.
# shellcheck source=../scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
MIN_JAVA=22
jdk="$(find_jdk)"
if [[ -z "$jdk" ]]; then
  echo "soxr.sh: the libsoxr baseline needs JDK 22 or newer (java.lang.foreign): $(no_jdk_message)" >&2
  exit 2
fi
export JAVA_HOME="$jdk"
java="$JAVA_HOME/bin/java"
mkdir -p "$out"

# libsoxr: Debian/Ubuntu package libsoxr0. Elsewhere the benchmark's set-up says what is missing and how to get it.
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s libsoxr0 >/dev/null 2>&1; then
  echo "soxr.sh: libsoxr0 not installed; installing it with apt-get" >&2
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "soxr.sh: not root and no sudo: run 'apt-get install libsoxr0' as root, then this script again" >&2
      exit 2
    fi
  fi
  if ! ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libsoxr0) >&2; then
    echo "soxr.sh: could not install libsoxr0; install it (apt-get install libsoxr0) and run this script again" >&2
    exit 2
  fi
fi

if [[ "${VOXBRIDGE_SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip package -pl benchmarks -am) >&2
fi
# grep without -q, which under pipefail can fail the pipeline by SIGPIPE to java (see gate.sh).
if ! "$java" -jar "$jar" -l 2>/dev/null | grep 'SoxrResampleBench' >/dev/null; then
  echo "soxr.sh: $jar has no SoxrResampleBench: it was built with a JDK older than 22; rebuild with JAVA_HOME at" \
       "JDK >= 22 (or drop VOXBRIDGE_SKIP_BUILD=1)" >&2
  exit 2
fi

# One invocation, so that the ratios come from one run. -p applies to the benchmarks that have the parameter:
# quality to ResampleBench only; SoxrResampleBench runs both of its recipes (HQ, VHQ).
read -r -a iterations <<< "${SOXR_JMH_ARGS:--f 1 -wi 3 -i 5}"
"$java" -Djmh.ignoreLock=true -jar "$jar" 'ResampleBench\.processFloat$|SoxrResampleBench\.process$' \
  -p 'pair=16000>8000,22050>8000,24000>8000,44100>8000,48000>8000,8000>16000,8000>24000,8000>48000' \
  -p quality=telephony,hq \
  -bm avgt -prof gc "${iterations[@]}" -rf json -rff "$out/results.json" "$@" 2>&1 | tee "$out/jmh.log"
"$java" -cp "$jar" io.github.voxbridge.bench.report.ResultsTable "$out/results.json" "$out/results.md"
"$java" -cp "$jar" io.github.voxbridge.bench.report.SoxrComparisonTable "$out/results.json" "$out/comparison.md"
cat "$out/comparison.md"
echo "soxr.sh: results in $out (comparison.md: ours beside libsoxr; results.md: every row with B/op; results.json, jmh.log)"
