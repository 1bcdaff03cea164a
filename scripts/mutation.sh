#!/usr/bin/env bash
# Mutation testing with PIT (https://pitest.org): how much of what the tests run would they notice if it were wrong.
#
#   scripts/mutation.sh [MODULE...]     default: dsp-core twilio-frames tts-adapters/api
#
# For each module: builds it and what it depends on through the reactor (no install), runs PIT's mutationCoverage
# on that module only (its "mutation-<module>" profile, switched on by -Dmutation=<module>, sets the target
# classes and the excluded tests; the shared settings are in the parent pom's pluginManagement), then prints the
# module's score (killed/total mutants, %) and where the HTML and XML reports are (<module>/target/pit-reports/).
#
# Not run by CI or mvn verify: it takes minutes to tens of minutes per module on 2 cores (docs/mutation.md has
# the measured times, the scores, the goals and the surviving mutants). Extra Maven arguments: MVN_ARGS, e.g.
#   MVN_ARGS='-o -DtargetClasses=io.github.voxbridge.dsp.codec.*' scripts/mutation.sh dsp-core
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if [ -z "${JAVA_HOME:-}" ] && [ -x scripts/find-jdk.sh ]; then
  JAVA_HOME=$(scripts/find-jdk.sh 2>/dev/null || true)
  export JAVA_HOME
fi

if [ "$#" -eq 0 ]; then
  set -- dsp-core twilio-frames tts-adapters/api
fi

status=0
summary=""
for module in "$@"; do
  if [ ! -f "$module/pom.xml" ]; then
    echo "mutation.sh: no module '$module' (expected $here/$module/pom.xml)" >&2
    exit 2
  fi
  echo "== $module: PIT mutationCoverage (started $(date -u +%H:%M:%SZ))"
  start=$(date +%s)
  # shellcheck disable=SC2086  # MVN_ARGS is a list of words on purpose
  if ! mvn -B ${MVN_ARGS:-} -pl "$module" -am -Dmutation="$module" \
      -Dmaven.javadoc.skip -Dmaven.source.skip \
      test-compile org.pitest:pitest-maven:mutationCoverage; then
    echo "mutation.sh: PIT failed on $module" >&2
    status=1
    continue
  fi
  secs=$(( $(date +%s) - start ))
  report="$module/target/pit-reports/mutations.xml"
  if [ -f "$report" ]; then
    # One <mutation detected='true|false' status='...'> element per mutant.
    total=$(grep -o '<mutation ' "$report" | wc -l | tr -d ' ')
    killed=$(grep -o "<mutation detected='true'" "$report" | wc -l | tr -d ' ')
    survived=$(grep -o "status='SURVIVED'" "$report" | wc -l | tr -d ' ')
    nocov=$(grep -o "status='NO_COVERAGE'" "$report" | wc -l | tr -d ' ')
    pct=$(awk -v k="$killed" -v t="$total" 'BEGIN { if (t > 0) printf "%.1f", 100 * k / t; else print "n/a" }')
    line="$module: $killed/$total mutants killed ($pct %), $survived survived, $nocov not covered, ${secs}s; report $here/$module/target/pit-reports/index.html"
  else
    line="$module: no $report (no mutants, or PIT did not write XML), ${secs}s"
  fi
  echo "$line"
  summary="$summary$line"$'\n'
done
printf '\n== Mutation scores\n%s' "$summary"
exit "$status"
