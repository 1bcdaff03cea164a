#!/usr/bin/env bash
# Fuzzes voxbridge's Jazzer targets (@FuzzTest methods), one after the other, each for a time budget.
#
#   scripts/fuzz.sh                      # every target, 60 s each
#   scripts/fuzz.sh all 5                # every target, 5 s each (what .ci/run does)
#   scripts/fuzz.sh WavReaderFuzzTest 300             # every target of one class, 5 minutes each
#   scripts/fuzz.sh WavReaderFuzzTest#anyBytes 600    # one target
#   scripts/fuzz.sh --list               # the targets, as MODULE CLASS#METHOD
#
# Targets are found by reading the test sources (a method annotated @FuzzTest). Each runs in its own JVM through
# Surefire with JAZZER_FUZZ=1 (jazzer-junit fuzzes only one test per JVM); `mvn verify` replays the same targets on
# their committed inputs instead (src/test/resources/<package>/<Class>Inputs/<method>/).
# What the fuzzer finds: jazzer-junit writes the crashing input into that Inputs folder, so that `mvn verify`
# replays it from then on; fix the code and commit the input. The generated corpus (inputs that reached new
# coverage) goes to <module>/.cifuzz-corpus/, which git ignores; copy small, interesting entries into Inputs by hand.
# Exit status: 0 when no target found anything, 1 when one did (or failed to run), 2 on a usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=find-jdk.sh
. scripts/find-jdk.sh
jdk="$(find_jdk)"
if [[ -z "$jdk" ]]; then
  echo "fuzz.sh: $(no_jdk_message)" >&2
  exit 2
fi
export JAVA_HOME="$jdk"

# Prints "MODULE FQCN#METHOD" for every @FuzzTest method under */src/test/java and */*/src/test/java (tts-adapters/*).
list_targets() {
  local file module class
  grep -rl --include='*.java' '@FuzzTest' -- */src/test/java */*/src/test/java 2>/dev/null | sort | while IFS= read -r file; do
    module="${file%%/src/test/java/*}"
    class="${file#*/src/test/java/}"
    class="${class%.java}"
    class="${class//\//.}"
    # The method is the first "void name(" after each @FuzzTest line.
    awk -v prefix="$module $class#" '
      /@FuzzTest/ { want = 1; next }
      want && match($0, /void[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/) {
        m = substr($0, RSTART, RLENGTH); sub(/^void[ \t]+/, "", m); sub(/[ \t]*\($/, "", m)
        print prefix m; want = 0
      }' "$file"
  done
}

if [[ "${1:-}" == "--list" ]]; then
  list_targets
  exit 0
fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

selector="${1:-all}"
seconds="${2:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: SECONDS must be a positive whole number, got '$seconds'" >&2
  exit 2
fi

targets=()
while IFS= read -r line; do
  fq="${line#* }"
  simple="${fq##*.}"
  if [[ "$selector" == all || "$selector" == "$fq" || "$selector" == "$simple" \
        || "$selector" == "${fq%%#*}" || "$selector" == "${simple%%#*}" ]]; then
    targets+=("$line")
  fi
done < <(list_targets)
if (( ${#targets[@]} == 0 )); then
  echo "fuzz.sh: no @FuzzTest target matches '$selector'; the targets are:" >&2
  list_targets >&2
  exit 2
fi

failed=()
for line in "${targets[@]}"; do
  module="${line%% *}"
  target="${line#* }"
  echo "fuzz.sh: fuzzing $target ($module) for ${seconds} s"
  log="$module/target/fuzz-${target##*.}.log"
  log="${log//#/-}"
  # Through the reactor up to the test phase (the modules it depends on are resolved from their build output, and
  # compiling is incremental), with only this test selected; voxbridge.tests.defaultOnly skips dsp-core's extra
  # kernel executions, so the target is fuzzed once. JAZZER_MAX_DURATION overrides the annotation's maxDuration.
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" mvn -B -Dstyle.color=never -pl "$module" -am test \
        -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Dvoxbridge.tests.defaultOnly=true \
        > "$log" 2>&1; then
    grep -E '^#[0-9]+ *(DONE|pulse)|Done [0-9]+ runs' "$log" | tail -n 1 || true
  else
    echo "fuzz.sh: $target FAILED (a finding, or the run broke); log: $log" >&2
    grep -E 'FuzzTestFindingException|== Java Exception|Tests run:.*Fail|ERROR\]' "$log" | head -n 8 >&2 || true
    failed+=("$target")
  fi
done

if (( ${#failed[@]} > 0 )); then
  echo "fuzz.sh: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets fuzzed ${seconds} s each, nothing found"
