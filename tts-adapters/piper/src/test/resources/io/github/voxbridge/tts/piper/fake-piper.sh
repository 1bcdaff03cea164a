#!/bin/sh
# A stand-in for Piper (rhasspy/piper: `piper --model M --output-raw [--speaker N]`, text on stdin), for tests on a
# machine where Piper cannot be installed. Like Piper it reads stdin line by line, one utterance per line, and
# writes each line's audio to stdout as raw s16le mono at the rate of M.onnx.json's audio.sample_rate, as soon as
# the line is "synthesized": 10 ms of noise per byte of the line, in uneven writes of 1, 333 and 4001 bytes.
# For the tests it records next to the model: M.args (its arguments), M.stdin (the lines read), M.out (every
# byte written to stdout).
args="$*"
model=""
speaker=""
raw=no
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --speaker) speaker="$2"; shift 2 ;;
    --output-raw) raw=yes; shift ;;
    *) echo "piper: unrecognized argument: $1" >&2; exit 2 ;;
  esac
done
if [ ! -f "$model" ]; then
  echo "[error] Model file doesn't exist: $model" >&2
  exit 1
fi
if [ "$raw" != yes ]; then
  echo "stand-in: only --output-raw is supported" >&2
  exit 2
fi
rate=$(tr -d ' \t\r\n' < "$model.json" | sed -n 's/.*"sample_rate":\([0-9][0-9]*\).*/\1/p')
if [ -z "$rate" ]; then
  echo "[error] no audio.sample_rate in $model.json" >&2
  exit 1
fi
printf '%s\n' "$args" > "$model.args"
: > "$model.stdin"
: > "$model.out"
while IFS= read -r line || [ -n "$line" ]; do
  printf '%s\n' "$line" >> "$model.stdin"
  chars=$(printf '%s' "$line" | wc -c)
  left=$((chars * rate / 100 * 2))
  i=0
  while [ "$left" -gt 0 ]; do
    case $((i % 3)) in
      0) n=1 ;;
      1) n=333 ;;
      *) n=4001 ;;
    esac
    if [ "$n" -gt "$left" ]; then n=$left; fi
    head -c "$n" /dev/urandom | tee -a "$model.out"
    left=$((left - n))
    i=$((i + 1))
  done
  sleep 0.02
done
