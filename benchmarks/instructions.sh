#!/usr/bin/env bash
# Samples one harness run by machine instruction: the hottest compiled methods of the worker
# threads and, in each, the instructions the samples land on (with the source lines the JIT's
# debug information gives them). A profiler that names methods files a sample under the nearest
# debug record, which in a body where C2 inlined many methods can be the wrong one; the address
# itself is not. See docs/benchmarks.md ("Where a folded element waits").
#
#   benchmarks/instructions.sh [--delay S] [--seconds N] [--top N] -- <HarnessMain arguments>
#   e.g. benchmarks/instructions.sh --delay 15 -- --engine sluice --workload W2 --parallelism 1 \
#        --keys 10000 --events 300000000 --warmup-runs 1
#
#   --delay S    seconds after the JVM starts before sampling begins (default 15: past the warm-up
#                run and the check of its output, so the measured run is sampled)
#   --seconds N  how long to sample (default 5)
#   --top N      methods to disassemble (default 3)
#
# Needs perf (Debian: linux-perf, run as root or with perf_event_paranoid <= 1), objdump (binutils)
# and python3. No hsdis plug-in is needed: the JVM's own listing (-XX:+PrintAssembly without one)
# gives each instruction's bytes and debug information, and objdump decodes the bytes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DELAY=15
SECONDS_SAMPLED=5
TOP=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --delay) DELAY="$2"; shift 2 ;;
    --seconds) SECONDS_SAMPLED="$2"; shift 2 ;;
    --top) TOP="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "instructions.sh: unknown argument '$1' (harness arguments go after --; try --help)" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "instructions.sh: no harness arguments after -- (try --help)" >&2; exit 2; }
for tool in perf objdump python3; do
  command -v "$tool" >/dev/null || { echo "instructions.sh: '$tool' is not installed (see --help)" >&2; exit 2; }
done
CP_FILE="$ROOT/benchmarks/target/harness.classpath"
[[ -f "$CP_FILE" ]] || { echo "instructions.sh: build first: mvn install -DskipTests -pl benchmarks -am" >&2; exit 2; }
CP="$ROOT/benchmarks/target/classes:$(cat "$CP_FILE")"
FLAGS="$(sed -n 's/^base=//p' "$ROOT/runtime/target/classes/sluice-jvm.flags")"
OUT="$(mktemp -d /tmp/sluice-instructions.XXXXXX)"

# shellcheck disable=SC2086 # FLAGS is a list of options
java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseG1GC $FLAGS -XX:+UnlockDiagnosticVMOptions \
  -XX:+DumpPerfMapAtExit -XX:+PrintAssembly -cp "$CP" io.sluice.benchmarks.harness.HarnessMain "$@" \
  > "$OUT/jvm.out" 2>&1 &
PID=$!
sleep "$DELAY"
kill -0 "$PID" 2>/dev/null || { echo "instructions.sh: the run ended before sampling began; see $OUT/jvm.out" >&2; exit 1; }
perf record -q -e cpu-clock -F 4999 -p "$PID" -o "$OUT/perf.data" -- sleep "$SECONDS_SAMPLED" >/dev/null 2>&1
wait "$PID" || { echo "instructions.sh: the run failed; see $OUT/jvm.out" >&2; exit 1; }
grep '^RESULT' "$OUT/jvm.out" || true
perf script -i "$OUT/perf.data" -F comm,ip > "$OUT/samples.txt" 2>/dev/null
python3 "$ROOT/benchmarks/instructions.py" --listing "$OUT/jvm.out" --symbols "/tmp/perf-$PID.map" \
  --samples "$OUT/samples.txt" --top "$TOP"
echo "(files kept in $OUT)"
