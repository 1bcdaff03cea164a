#!/usr/bin/env bash
# The load run of issue 13: `voxbridge serve` (prerecorded engine) against `voxbridge simulate` on this machine.
#
#   benchmarks/serve-load.sh [CALLS] [SECONDS] [RAMP_MS]      (default 1000 calls, 90 s, 30,000 ms ramp-up)
#
# The default is issue 13's run: 1,000 calls up together for 60 s (each lasts 90 s, the starts spread over 30 s).
# Each call hears one greeting that lasts the call but its last 3 s (so its mark comes back before the hang-up) (testdata/speech/hello-8k.s16le repeated, 16-bit PCM WAV
# at 8 kHz, so the server decodes, frames and encodes it: the transcode route), while the simulated caller sends
# silence every 20 ms. Printed: the simulator's report (calls, frames, underruns, frames lost, marks, first-frame
# p50/p99, its own CPU), then the server's CPU seconds (utime + stime of its process, from /proc) per call-minute,
# the calls one core could carry at that rate, the bytes it allocated per call-minute in the steady state
# (Micrometer's jvm_gc_memory_allocated_bytes_total: counted at each young collection, so it moves in steps of one
# young generation), and the server's heap used (jvm_memory_used_bytes, sampled every 5 s) at the start and end.
# Both processes run on this machine, so their CPU adds up;
# benchmarks/README.md records a run. Needs curl and python3 (to write the WAV).
set -euo pipefail
calls="${1:-1000}"
seconds="${2:-90}"
ramp="${3:-30000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; cp "$work/serve.log" /tmp/serve-load-last.log 2>/dev/null; rm -rf "$work"' EXIT

python3 - "$root/testdata/speech/hello-8k.s16le" "$work/prompts/greeting.wav" "$((seconds - 3))" <<'PY'
import os, sys, wave
src, dst, secs = sys.argv[1], sys.argv[2], int(sys.argv[3])
pcm = open(src, 'rb').read()
need = secs * 8000 * 2
data = (pcm * (need // len(pcm) + 1))[:need]
os.makedirs(os.path.dirname(dst), exist_ok=True)
with wave.open(dst, 'wb') as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000); w.writeframes(data)
PY

port=18765
"$root/voxbridge" serve --host 127.0.0.1 --port "$port" --engine prerecorded -E "dir=$work/prompts" \
  --say greeting --max-calls $((calls + 10)) 2> "$work/serve.log" &
server=$!
for _ in $(seq 1 120); do
  grep -q 'listening on port' "$work/serve.log" 2>/dev/null && break
  sleep 0.5
done
grep -q 'listening on port' "$work/serve.log" || { cat "$work/serve.log" >&2; echo "serve did not start" >&2; exit 1; }
pid="$(pgrep -f "voxbridge-cli-all.jar serve --host 127.0.0.1 --port $port" | head -1)"
tick="$(getconf CLK_TCK)"
cpu() { awk -v t="$tick" '{print ($14 + $15) / t}' "/proc/$pid/stat"; }
# One scrape of /metrics per sample (a scrape allocates too): the old generation after G1's collections, what stays
# live (the young spaces are a sawtooth by design), in MB; and the bytes allocated so far, as of the last young
# collection.
sample() {
  curl -s "http://127.0.0.1:$port/metrics" | awk '
    index($0, "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"}") == 1 {heap = $NF / 1048576}
    index($0, "jvm_gc_memory_allocated_bytes_total") == 1 {allocated = $NF}
    END {printf "heap_mb=%.0f allocated=%.0f", heap, allocated}'
}
heap() { sample | sed 's/^heap_mb=\([0-9]*\).*/\1/'; }

heap_start="$(heap)"
cpu_start="$(cpu)"
( while sleep 5; do echo "$(date +%s) cpu=$(cpu) $(sample)"; done ) > "$work/heap.log" &
sampler=$!
"$root/voxbridge" simulate --url "http://127.0.0.1:$port/twilio/voice" --calls "$calls" --seconds "$seconds" \
  --ramp-ms "$ramp" || true
cpu_end="$(cpu)"
kill "$sampler" 2>/dev/null || true
heap_end="$(heap)"
python3 - "$cpu_start" "$cpu_end" "$calls" "$seconds" "$heap_start" "$heap_end" "$work/heap.log" "$ramp" <<'PY'
import sys
c0, c1, calls, secs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
h0, h1, log, ramp = sys.argv[5], sys.argv[6], sys.argv[7], int(sys.argv[8]) / 1000
used = c1 - c0
per = used / (calls * secs / 60)
print(f"server CPU, whole run: {used:.1f} s, {per:.3f} s per call-minute -> {60 / per:.0f} calls per core")
rows = []
for line in open(log):
    f = dict(kv.split('=') for kv in line.split()[1:] if '=' in kv)
    if f.get('cpu') and f.get('heap_mb', '').isdigit():
        rows.append((int(line.split()[0]), float(f['cpu']), int(f['heap_mb']), int(f.get('allocated') or 0)))
# Steady state: every call up (after the ramp and 5 s more) until 5 s before the first hang-ups.
t0 = rows[0][0] - 5 if rows else 0
steady = [r for r in rows if t0 + ramp + 5 <= r[0] <= t0 + secs - 5]
if len(steady) >= 2:
    dt, dc = steady[-1][0] - steady[0][0], steady[-1][1] - steady[0][1]
    rate = dc / dt
    per_s = rate * 60 / calls
    print(f"server CPU, steady state ({dt} s with all {calls} calls up): {rate:.2f} cores, {per_s:.3f} s per call-minute -> {60 / per_s:.0f} calls per core")
    da = steady[-1][3] - steady[0][3]
    if da > 0:
        per_min = da / dt * 60 / calls
        print(f"server allocation, steady state: {da / dt / 1e6:.1f} MB/s, {per_min / 1e6:.2f} MB per call-minute"
              f" ({per_min / 3000:.0f} B per 20 ms of call, a media message each way; counted at young collections)")
# The rate per 5 s sample: it shows the ramp, the JIT's compilations early on (C2 at work on the vector kernels
# and Jetty's paths: a quarter of the server's samples in the first 30 s of a 200-call run) and the steady state.
print("server CPU every 5 s, cores: " + str([round((b[1] - a[1]) / (b[0] - a[0]), 2) for a, b in zip(rows, rows[1:])
                                             if b[0] > a[0]]))
heaps = [r[2] for r in rows]
print(f"server old generation: {h0} MB before, {h1} MB after; every 5 s during the run: {heaps}")
PY
kill -TERM "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
grep -E 'underruns|ended:' "$work/serve.log" | awk '/ended:/ {n++; for (i=1;i<=NF;i++) if ($i=="underruns,") u+=$(i-1)} END {printf "server log: %d calls ended, %d underruns counted by the server\n", n, u}'
