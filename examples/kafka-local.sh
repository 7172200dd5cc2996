#!/usr/bin/env bash
# A single local Kafka broker (KRaft, one node, no ZooKeeper, no Docker) for the examples, run from
# the Kafka jars Maven resolved for this project (org.apache.kafka:kafka_2.13, as the tests use).
#
#   examples/kafka-local.sh start [--port PORT] [--controller-port PORT] [--dir DIR]
#   examples/kafka-local.sh status|stop|clean [--dir DIR]
#
# start   formats DIR the first time, starts the broker in the background and waits until it listens
#         on localhost:PORT (default 9092; its controller on 9093); it creates topics on first use
# status  says whether the broker of DIR runs
# stop    stops it (SIGTERM), keeping its topics in DIR for the next start
# clean   stops it and deletes DIR
# DIR defaults to ${TMPDIR:-/tmp}/sluice-kafka-local. Needs a JDK 17+ and, the first time, Maven to
# resolve the jars (SLUICE_KAFKA_CLASSPATH, if set, is used instead; MVN replaces the mvn command).
set -euo pipefail

SLUICE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPT="examples/kafka-local.sh"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
START_DEADLINE_S=60
STOP_DEADLINE_S=20

usage() {
  sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

fail() {
  echo "kafka-local: $*" >&2
  exit 1
}

command="${1:-}"
case "$command" in
  start | status | stop | clean) shift ;;
  -h | --help | help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
  *) echo "kafka-local: unknown command '$command'" >&2; usage >&2; exit 2 ;;
esac

port=9092
controller_port=9093
dir="${TMPDIR:-/tmp}/sluice-kafka-local"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --controller-port) controller_port="${2:?--controller-port needs a value}"; shift 2 ;;
    --dir) dir="${2:?--dir needs a value}"; shift 2 ;;
    *) echo "kafka-local: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
pid_file="$dir/broker.pid"
log_file="$dir/broker.log"

running_pid() {
  if [[ -f "$pid_file" ]]; then
    local pid
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
      echo "$pid"
      return 0
    fi
  fi
  return 1
}

kafka_classpath() {
  if [[ -n "${SLUICE_KAFKA_CLASSPATH:-}" ]]; then
    echo "$SLUICE_KAFKA_CLASSPATH"
    return
  fi
  local file="$SLUICE_HOME/connectors/kafka-testing/target/kafka-local.classpath"
  if [[ ! -s "$file" ]]; then
    echo "kafka-local: resolving the Kafka jars with Maven (once)..." >&2
    # shellcheck disable=SC2086
    (cd "$SLUICE_HOME" && ${MVN:-mvn} -q -B -Dstyle.color=never -pl connectors/kafka-testing \
      dependency:build-classpath -Dmdep.outputFile="$file") >&2 \
      || fail "Maven could not resolve org.apache.kafka:kafka_2.13; build the project once (bin/sluice does) and retry"
  fi
  cat "$file"
}

listening() {
  (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null
}

start() {
  local pid
  if pid="$(running_pid)"; then
    echo "kafka-local: the broker of $dir already runs (pid $pid)"
    print_how_to_stop
    return 0
  fi
  [[ "$port" != "$controller_port" ]] || fail "--port and --controller-port must differ, both are $port"
  if listening "$port"; then
    fail "port $port is in use; stop what listens there or pick another with --port"
  fi
  local cp
  cp="$(kafka_classpath)"
  mkdir -p "$dir"
  local config="$dir/server.properties"
  cat >"$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:$controller_port
listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$controller_port
advertised.listeners=PLAINTEXT://localhost:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    local cluster_id
    cluster_id="$("$JAVA" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null)"
    "$JAVA" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" --standalone \
      >"$dir/format.log" 2>&1 || fail "formatting $dir/data failed: $(tail -5 "$dir/format.log")"
  fi
  # its own session, so that Ctrl-C in this terminal does not stop it
  nohup setsid "$JAVA" -Xms256m -Xmx512m -cp "$cp" kafka.Kafka "$config" >"$log_file" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pid_file"
  local deadline=$((SECONDS + START_DEADLINE_S))
  until listening "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      fail "the broker exited; the end of $log_file:"$'\n'"$(tail -20 "$log_file")"
    fi
    if ((SECONDS > deadline)); then
      fail "the broker did not start within ${START_DEADLINE_S}s (pid $pid still runs; see $log_file)"
    fi
    sleep 0.2
  done
  echo "kafka-local: a Kafka broker runs at localhost:$port (pid $pid; topics and log in $dir)"
  print_how_to_stop
}

print_how_to_stop() {
  local options=""
  [[ "$dir" == "${TMPDIR:-/tmp}/sluice-kafka-local" ]] || options=" --dir $dir"
  echo "kafka-local: stop it with $SCRIPT stop$options (its topics stay for the next start)"
  echo "kafka-local: stop it and delete its topics with $SCRIPT clean$options"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    echo "kafka-local: no broker of $dir runs"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_DEADLINE_S))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "kafka-local: the broker (pid $pid) did not stop within ${STOP_DEADLINE_S}s of SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
  echo "kafka-local: stopped the broker (pid $pid)"
}

case "$command" in
  start) start ;;
  status)
    if pid="$(running_pid)"; then
      echo "kafka-local: the broker of $dir runs (pid $pid)"
    else
      echo "kafka-local: no broker of $dir runs"
      exit 3
    fi
    ;;
  stop) stop ;;
  clean)
    stop
    rm -rf "$dir"
    echo "kafka-local: deleted $dir"
    ;;
esac
