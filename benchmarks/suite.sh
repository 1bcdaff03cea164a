#!/usr/bin/env bash
# The whole benchmark suite at the benchmarks' own settings (-prof gc, JSON results), then the Markdown table of
# every row, the gate's ratio table for the same run (information only) and the per-chunk latency plot.
#
#   benchmarks/suite.sh [extra JMH options, e.g. a regex of benchmarks]
#
# Writes benchmarks/target/suite/{results.json,results.md,ratios.md,resample-latency.png,jmh.log}
# (SUITE_OUT to change). Takes about 30 minutes on 2 cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
out="${SUITE_OUT:-$here/target/suite}"
mkdir -p "$out"

if [[ "${VOXBRIDGE_SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -Dmaven.source.skip -Dmaven.javadoc.skip package -pl benchmarks -am) >&2
fi

"$java" -Djmh.ignoreLock=true -jar "$jar" -prof gc -rf json -rff "$out/results.json" "$@" 2>&1 | tee "$out/jmh.log"
"$java" -cp "$jar" io.github.voxbridge.bench.report.ResultsTable "$out/results.json" "$out/results.md"
# Ratios of this run against the checked-in baseline; rows the gate does not know are listed, nothing fails here.
"$java" -cp "$jar" io.github.voxbridge.bench.gate.BenchComparator --baseline "$here/baseline.json" \
  --markdown-out "$out/ratios.md" "$out/results.json" > /dev/null || true
"$java" -cp "$jar" io.github.voxbridge.bench.report.LatencyPlot "$out/results.json" "$out/resample-latency.png" \
  || echo "suite: no ResampleBench SampleTime rows, no plot" >&2
echo "suite: results in $out (results.md, ratios.md, resample-latency.png)"
