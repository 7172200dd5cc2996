#!/usr/bin/env bash
# Samples one harness run by machine instruction: the hottest compiled methods of the worker
# threads and, in each, the instructions the samples land on (with the source lines the JIT's
# debug information gives them). A profiler that names methods files a sample under the nearest
# debug record, which in a body where C2 inlined many methods can be the wrong one; the address
# itself is not. See docs/benchmarks.md ("Where a folded element waits").
#
#   benchmarks/instructions.sh [--delay S] [--seconds N] [--top N] -- <HarnessMain arguments>
#   benchmarks/instructions.sh --jmh [--seconds N] [--top N] -- <JMH arguments>
#   e.g. benchmarks/instructions.sh --delay 15 -- --engine sluice --workload W2 --parallelism 1 \
#        --keys 10000 --events 300000000 --warmup-runs 1
#        benchmarks/instructions.sh --jmh -- 'KeyedStateBenchmark\.longValueAdd$' -p keys=1000000 \
#        -p backend=offheap -i 8
#
#   --delay S    seconds after the JVM starts before sampling begins (default 15: past the warm-up
#                run and the check of its output, so the measured run is sampled); with --jmh,
#                sampling begins at the first measured iteration
#   --seconds N  how long to sample (default 5)
#   --top N      methods to disassemble (default 3)
#   --jmh        run a JMH benchmark of benchmarks/target/sluice-benchmarks.jar in one fork instead
#
# Needs perf (Debian: linux-perf, run as root or with perf_event_paranoid <= 1), objdump (binutils)
# and python3. No hsdis plug-in is needed: the JVM's own listing (-XX:+PrintAssembly without one)
# gives each instruction's bytes and debug information, and objdump decodes the bytes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DELAY=15
SECONDS_SAMPLED=5
TOP=3
JMH=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --delay) DELAY="$2"; shift 2 ;;
    --seconds) SECONDS_SAMPLED="$2"; shift 2 ;;
    --top) TOP="$2"; shift 2 ;;
    --) shift; break ;;
    --jmh) JMH=1; shift ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "instructions.sh: unknown argument '$1' (harness arguments go after --; try --help)" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "instructions.sh: no harness arguments after -- (try --help)" >&2; exit 2; }
for tool in perf objdump python3; do
  command -v "$tool" >/dev/null || { echo "instructions.sh: '$tool' is not installed (see --help)" >&2; exit 2; }
done
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PROBES="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PrintAssembly"
OUT="$(mktemp -d /tmp/sluice-instructions.XXXXXX)"

if [[ $JMH == 1 ]]; then
  JAR="$ROOT/benchmarks/target/sluice-benchmarks.jar"
  [[ -f "$JAR" ]] || { echo "instructions.sh: build first: mvn install -DskipTests -pl benchmarks -am" >&2; exit 2; }
  # -jvmArgsAppend given here replaces the benchmarks' own, so it repeats what they need
  "$JAVA" -jar "$JAR" "$@" -f 1 -jvmArgsAppend \
    "-Xmx2g -XX:+AlwaysPreTouch --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED $PROBES" > "$OUT/jvm.out" 2>&1 &
  HOST=$!
  PID=""
  until grep -q '^Iteration   1' "$OUT/jvm.out" 2>/dev/null; do
    kill -0 "$HOST" 2>/dev/null || { echo "instructions.sh: the benchmark ended before measuring; see $OUT/jvm.out" >&2; exit 1; }
    sleep 0.2
  done
  PID="$(pgrep -P "$HOST" -f ForkedMain | head -1)"
  [[ -n "$PID" ]] || { echo "instructions.sh: no JMH fork found under process $HOST" >&2; exit 1; }
  THREADS="io.sluice.benchmarks" # JMH names its threads after the benchmark
else
  CP_FILE="$ROOT/benchmarks/target/harness.classpath"
  [[ -f "$CP_FILE" ]] || { echo "instructions.sh: build first: mvn install -DskipTests -pl benchmarks -am" >&2; exit 2; }
  CP="$ROOT/benchmarks/target/classes:$(cat "$CP_FILE")"
  FLAGS="$("$ROOT/bin/jvm-flags" "$JAVA" "$ROOT/runtime/target/classes/sluice-jvm.flags")"
  # shellcheck disable=SC2086 # FLAGS and PROBES are lists of options
  "$JAVA" -Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:+UseG1GC $FLAGS $PROBES \
    -cp "$CP" io.sluice.benchmarks.harness.HarnessMain "$@" > "$OUT/jvm.out" 2>&1 &
  HOST=$!
  PID=$HOST
  sleep "$DELAY"
  THREADS="sluice-worker"
fi
kill -0 "$PID" 2>/dev/null || { echo "instructions.sh: the run ended before sampling began; see $OUT/jvm.out" >&2; exit 1; }
perf record -q -e cpu-clock -F 4999 -p "$PID" -o "$OUT/perf.data" -- sleep "$SECONDS_SAMPLED" >/dev/null 2>&1
wait "$HOST" || { echo "instructions.sh: the run failed; see $OUT/jvm.out" >&2; exit 1; }
# the run's figures (the listing may share their lines)
grep -ohE 'RESULT \{.*\}|[A-Za-z]+Benchmark\.[A-Za-z0-9_:.]+ .* (thrpt|avgt|sample|ss) .*' "$OUT/jvm.out" | tail -12 || true
perf script -i "$OUT/perf.data" -F comm,ip > "$OUT/samples.txt" 2>/dev/null
python3 "$ROOT/benchmarks/instructions.py" --listing "$OUT/jvm.out" --symbols "/tmp/perf-$PID.map" \
  --samples "$OUT/samples.txt" --threads "$THREADS" --top "$TOP"
echo "(files kept in $OUT)"
