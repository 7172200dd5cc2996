#!/usr/bin/env bash
# Side-by-side comparison of Sluice, Apache Flink (MiniCluster, same JVM settings) and the machine's
# limit on the workloads W1–W7. Each run is a fresh JVM that prints one RESULT line; the table at
# the end gives the median over the runs and the Sluice/Flink ratio of every figure.
#
#   benchmarks/compare.sh [W1|W2|...|W7|all ...] [--runs N] [--quick] [--engines sluice,flink,limit]
#
#   --runs N    JVM runs per engine and shape (default 3)
#   --engines   which engines to run, separated by commas or spaces (default all three)
#   --quick     small sizes and short durations, to check that everything runs (figures meaningless)
#   JAVA_HOME   picks the JDK; HEAP (default 4g) the heap of every run
#
# Results are appended to benchmarks/target/compare/results-<time>.log; ResultTable re-renders any
# such file: java -cp "$CP" io.sluice.benchmarks.harness.ResultTable FILE
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
QUICK=0
ENGINES="sluice flink limit"
WORKLOADS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --engines) ENGINES="${2//,/ }"; shift 2 ;;
    all) WORKLOADS+=(W1 W2 W3 W4 W5 W6 W7); shift ;;
    W1|W2|W3|W4|W5|W6|W7) WORKLOADS+=("$1"); shift ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ ${#WORKLOADS[@]} -gt 0 ]] || WORKLOADS=(W1 W2 W3 W4 W5 W6 W7)

CP_FILE="$ROOT/benchmarks/target/harness.classpath"
if [[ ! -f "$CP_FILE" || ! -d "$ROOT/benchmarks/target/classes/io/sluice/benchmarks/harness" ]]; then
  echo "compare.sh: building (mvn install -DskipTests -pl benchmarks -am)..." >&2
  (cd "$ROOT" && mvn -q -B -Dstyle.color=never install -DskipTests -pl benchmarks -am) >&2
fi
CP="$ROOT/benchmarks/target/classes:$(cat "$CP_FILE")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
FLAGS_FILE="$ROOT/runtime/target/classes/sluice-jvm.flags"
flags="$("$ROOT/bin/jvm-flags" "$JAVA" "$FLAGS_FILE")"
HEAP="${HEAP:-4g}"
# The same settings for every engine: a fixed, pre-touched heap (first-touch page faults would
# distort the first run), G1, and the module flags Sluice needs (Flink needs the same opens).
JVM_OPTS="-Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:+UseG1GC $flags"

OUT_DIR="$ROOT/benchmarks/target/compare"
mkdir -p "$OUT_DIR"
LOG="$OUT_DIR/results-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "# $(date -u +%FT%TZ) $(uname -srm), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)" | tee "$LOG"
echo "# JVM options of every run: -Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -XX:+UseG1GC (+ module flags)" | tee -a "$LOG"

has_engine() { [[ " $ENGINES " == *" $1 "* ]]; }

# run ENGINE WORKLOAD [harness options...]: RUNS fresh JVMs, RESULT lines to the log
run() {
  local engine="$1"; shift
  has_engine "$engine" || return 0
  local workload="$1"; shift
  local sizes=()
  if [[ $QUICK -eq 1 ]]; then
    case "$workload" in
      W1|W2|W5|W6|W7) sizes=(--events 2M --warmup-runs 0) ;;
      W3|W4) sizes=(--warmup-s 1 --measure-s 2) ;;
    esac
  fi
  for ((r = 1; r <= RUNS; r++)); do
    echo "## $engine $workload $* (run $r/$RUNS)" >&2
    # shellcheck disable=SC2086
    "$JAVA" $JVM_OPTS -cp "$CP" io.sluice.benchmarks.harness.HarnessMain \
        --engine "$engine" --workload "$workload" "$@" "${sizes[@]}" 2>&1 \
      | grep -E '^(RESULT|SKIP)|harness:|Exception' | tee -a "$LOG" || true
  done
}

for w in "${WORKLOADS[@]}"; do
  case "$w" in
    W1)
      for p in 1 2; do
        run sluice W1 --parallelism $p
        run flink W1 --parallelism $p
        run flink W1 --parallelism $p --object-reuse true
        run limit W1 --parallelism $p
      done ;;
    W2)
      run sluice W2 --parallelism 1 --keys 10000
      run flink W2 --parallelism 1 --keys 10000
      run limit W2 --parallelism 1 --keys 10000
      run sluice W2 --parallelism 2 --keys 10000
      run flink W2 --parallelism 2 --keys 10000
      run sluice W2 --parallelism 2 --keys 1000000
      run flink W2 --parallelism 2 --keys 1000000
      run limit W2 --parallelism 1 --keys 1000000 ;;
    W5|W6)
      for p in 1 2; do
        run sluice "$w" --parallelism $p --keys 10000
        run flink "$w" --parallelism $p --keys 10000
      done
      run limit "$w" --parallelism 1 --keys 10000
      run sluice "$w" --parallelism 2 --keys 1000000
      run flink "$w" --parallelism 2 --keys 1000000
      run limit "$w" --parallelism 1 --keys 1000000 ;;
    W7)
      for p in 1 2; do
        run sluice W7 --parallelism $p --keys 10000
        run flink W7 --parallelism $p --keys 10000
        run limit W7 --parallelism $p --keys 10000
      done ;;
    W3)
      run sluice W3
      run flink W3 --buffer-timeout-ms 0
      run flink W3
      run limit W3 ;;
    W4)
      run sluice W4
      run flink W4 --buffer-timeout-ms 0
      [[ " ${WORKLOADS[*]} " == *" W3 "* ]] || run limit W3 ;;
  esac
done

echo
"$JAVA" -cp "$CP" io.sluice.benchmarks.harness.ResultTable "$LOG" | tee -a "$LOG.table"
echo "(RESULT lines: $LOG)"
