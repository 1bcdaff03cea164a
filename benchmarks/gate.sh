#!/usr/bin/env bash
# The benchmark regression gate: a short JMH pass over the key benchmarks, judged by BenchComparator against
# benchmarks/baseline.json (same-run ratios and B/op only; absolute times are never compared).
#
#   benchmarks/gate.sh                    # build the jar if missing, run, judge; exit 0 pass, 1 regression, 2 error
#   benchmarks/gate.sh --write-baseline   # same run, then store its ratios as the new baseline (on purpose only)
#   benchmarks/gate.sh --rerun-failed     # after a failed pass: measure the benchmarks of its regressed ratios once
#                                         # more and judge them with that pass (what .ci/run does after a failure)
#
# Environment: JAVA_HOME (JDK 21+), GATE_OUT (directory for results, default benchmarks/target/gate),
# GATE_JMH_ARGS (replaces the default iteration settings), VOXBRIDGE_SKIP_BUILD=1 (use the existing jar).
set -euo pipefail

rerun=0
if [[ "${1:-}" == "--rerun-failed" ]]; then
  rerun=1
  shift
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
out="${GATE_OUT:-$here/target/gate}"
mkdir -p "$out"

plan="$out/rerun-plan.txt"
results=("$out/gate-results.json" "$out/gate-results-rates.json" "$out/gate-results-scalar.json")
if (( rerun )) && [[ ! -f "$plan" || ! -f "${results[0]}" || ! -f "${results[1]}" || ! -f "${results[2]}" ]]; then
  echo "gate: --rerun-failed: nothing to measure again: the last pass in $out passed, was not run, or failed" \
       "on something other than a regressed ratio (see $out/gate-report.md)" >&2
  exit 1
fi

if [[ "${VOXBRIDGE_SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip package -pl benchmarks -am) >&2
fi

# The key benchmarks, one 20 ms chunk (or one second of mu-law) each, and their same-run baselines.
include='MuLawBench\.(encode|encodeNaive)$|ResampleBench\.processFloat$|TelephonyEncoderBench\.(fusedMuLaw|fusedMuLawScalar)$|FrameBench\.|BaselineResampleBench\.|InboundBench\.decode16k$'
# Short on purpose: AverageTime only, short iterations. Two forks, because some benchmarks run at one of two
# speeds for a whole JVM (TelephonyEncoderBench.fusedMuLaw: about 720 ns/op in some forks, 1,050-1,500 in others,
# on a quiet machine and on a fixed, pre-touched heap with 64-byte object alignment, so neither heap growth nor array
# alignment: a JIT outcome); the comparator takes each benchmark's best iteration over all forks. The warm-up must
# still let C2 compile the Vector API kernels, or their boxed vectors show up as allocation.
iterations=(${GATE_JMH_ARGS:--f 2 -wi 4 -w 500ms -i 2 -r 500ms})

# libsoxr's HQ recipe beside our hq preset (issue 14; benchmarks/README.md, "libsoxr in the same run"), when the jar
# has the baseline (built with JDK >= 22) and the machine has libsoxr; otherwise the baseline's ratios that require
# libsoxr are reported as not run.
soxr=()
# grep without -q: it reads its whole input, where grep -q exits at the first match and the writer, killed by SIGPIPE,
# fails the pipeline under pipefail (CI on 2026-12-04 reported libsoxr "not installed" with libsoxr0 installed).
if "$java" -jar "$jar" -l 2>/dev/null | grep 'SoxrResampleBench' >/dev/null; then
  if ldconfig -p 2>/dev/null | grep 'libsoxr\.so' >/dev/null; then
    include="$include|SoxrResampleBench\.process\$"
    soxr=(-p recipe=HQ)
  else
    echo "gate: libsoxr is not installed (apt-get install libsoxr0): the ratios against it are not run" >&2
  fi
else
  echo "gate: $jar has no libsoxr baseline (built with a JDK older than 22): the ratios against it are not run" >&2
fi

# The engine rates of issue 14's table: the first pass runs every key benchmark at 24 and 22.05 kHz, the second our
# resampler and libsoxr alone at the other three (each rate's hq ratio against libsoxr HQ, and B/op).
key_pairs='24000>8000,22050>8000'
rate_pairs='16000>8000,44100>8000,48000>8000'

# -Djmh.ignoreLock: another JMH run on the machine makes the absolute numbers noisier, not the ratios wrong.
# run_jmh INCLUDE PAIRS RESULTS LOG [QUALITIES]: the key benchmarks' JMH invocation, restricted to INCLUDE, the rate
# PAIRS and the resampler presets QUALITIES (default telephony,hq).
run_jmh() {
  "$java" -Djmh.ignoreLock=true -jar "$jar" "$1" \
    -p samples=8000 -p pair="$2" -p quality="${5:-telephony,hq}" -p inputRate=24000 ${soxr[@]+"${soxr[@]}"} \
    -bm avgt "${iterations[@]}" -prof gc \
    -rf json -rff "$3" > "$4" 2>&1 \
    || { tail -40 "$4" >&2; echo "gate: JMH failed, log in $4" >&2; exit 2; }
}

if (( rerun )); then
  # A second attempt measures only what regressed: the benchmarks of the failed ratios (BenchComparator's
  # --rerun-plan), with the same options, about 30 s a benchmark instead of the whole pass's 4 to 5 minutes; the
  # comparator then judges them with the first pass, each row counting once with its best iteration over both.
  # Failures that measuring again cannot change (an allocation, a missing row) leave no plan: they fail here.
  # The plan: the include pattern, then a name=values line per parameter the regressed ratios select on; only the
  # rate pairs of those ratios are measured again (a ratio without a pair, e.g. MuLawBench's, at the key pairs).
  again="$(head -n 1 "$plan")"
  again_pairs="$(sed -n 's/^pair=//p' "$plan")"
  again_qualities="$(sed -n 's/^quality=//p' "$plan")"
  echo "gate: measuring again: $again at ${again_pairs:-$key_pairs}" >&2
  run_jmh "$again" "${again_pairs:-$key_pairs}" "$out/gate-results-rerun.json" "$out/gate-jmh-rerun.log" \
    "${again_qualities:-telephony,hq}"
  rm -f "$plan"
  exec "$java" -cp "$jar" io.github.voxbridge.bench.gate.BenchComparator \
    --baseline "$here/baseline.json" --markdown-out "$out/gate-report.md" "$@" "${results[@]}" \
    "$out/gate-results-rerun.json"
fi
rm -f "$plan" "$out/gate-results-rerun.json"

run_jmh "$include" "$key_pairs" "${results[0]}" "$out/gate-jmh.log"

# The forced-scalar resampler at telephony only: its ratio and B/op rows are telephony's (hq in the first pass took
# about 18 s for rows no check used).
run_jmh 'ResampleBench\.processFloatScalar$' "$key_pairs" "${results[2]}" "$out/gate-jmh-scalar.log" telephony

# 16, 44.1 and 48 kHz -> 8 kHz in a second, narrower invocation: our resampler (telephony and hq) and libsoxr HQ
# only, for the hq ratio at every engine rate of issue 14's table and for B/op (44.1 kHz's front stage, L = 160,
# ends kernel calls at the end of a period and once allocated 384 B per chunk there, a boxed vector per output left
# over, while 22.05 and 24 kHz read 0).
rate_include='ResampleBench\.processFloat$'
if (( ${#soxr[@]} )); then
  rate_include="$rate_include|SoxrResampleBench\.process\$"
fi
run_jmh "$rate_include" "$rate_pairs" "${results[1]}" "$out/gate-jmh-rates.log"

exec "$java" -cp "$jar" io.github.voxbridge.bench.gate.BenchComparator \
  --baseline "$here/baseline.json" --markdown-out "$out/gate-report.md" --rerun-plan "$plan" "$@" "${results[@]}"
