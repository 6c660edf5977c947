#!/usr/bin/env bash
# wsgate benchmarks, one command: builds what it needs, then for every repeat, scenario and peer
# starts a fresh server pinned to one core, runs the load generator pinned to another, stops the
# server, and collects one JSON line per run in bench/results/<timestamp>.jsonl; finally prints
# the Markdown report (bench/report.py), also saved next to the results.
#
#   bench/run.sh                      full run: every scenario in bench/scenarios.conf, all peers
#   bench/run.sh --quick              seconds per run, small numbers (smoke check of the harness)
#   bench/run.sh --repeat 5 --peers wsgate,vertx --modes echo,connect
#
# Options:
#   --quick             short runs (--warmup 0.5 --duration 2) with each scenario's quick overrides
#   --repeat N          run everything N times (spread in the report); default 1
#   --modes LIST        echo,broadcast,rooms,connect (default: all)
#   --scenarios LIST    scenario names from scenarios.conf (default: all)
#   --peers LIST        wsgate,vertx,node (default: all)
#   --instances N       gateway server.instances and Vert.x peer event loops (default 1)
#   --warmup S / --duration S   override the timing of every run
#   --server-cpu N / --client-cpu N   cores for taskset (default 1 and 0)
#   --no-build          use the jars and node_modules already there
# Exit code: 0 if every run verified every message and lost none, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench

JVM_FLAGS=(-Xms1g -Xmx1g -XX:+UseG1GC)
GATEWAY_JAR=$ROOT/gateway/target/wsgate.jar
VERTX_PEER_JAR=$BENCH/vertx-peer/target/vertx-peer.jar
LOADGEN_JAR=$BENCH/loadgen/target/loadgen.jar
NODE_PEER=$BENCH/node-peer/server.mjs
SERVER_READY_TIMEOUT_S=60
SERVER_STOP_TIMEOUT_S=15
# A run may take warm-up + duration + setup (connect, join) + drain + close: this bounds it.
RUN_SLACK_S=180

quick=false; repeat=1; modes=""; scenarios=""; peers="wsgate,vertx,node"; instances=1
warmup=""; duration=""; server_cpu=1; client_cpu=0; build=true
command_line="bench/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --repeat) repeat=$2; shift ;;
    --modes) modes=$2; shift ;;
    --scenarios) scenarios=$2; shift ;;
    --peers) peers=$2; shift ;;
    --instances) instances=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --duration) duration=$2; shift ;;
    --server-cpu) server_cpu=$2; shift ;;
    --client-cpu) client_cpu=$2; shift ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if $quick; then
  warmup=${warmup:-0.5}; duration=${duration:-2}
else
  warmup=${warmup:-10}; duration=${duration:-20}
fi

log() { echo "[run.sh] $*" >&2; }
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; echo "${s%"${s##*[![:space:]]}"}"; }
in_list() { [ -z "$2" ] || [[ ",$2," == *",$1,"* ]]; }

# ---- build ------------------------------------------------------------------------------------
if $build; then
  log "building (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
  if in_list node "$peers"; then
    log "installing the Node peer (npm ci in bench/node-peer)"
    (cd "$BENCH/node-peer" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
for jar in "$GATEWAY_JAR" "$VERTX_PEER_JAR" "$LOADGEN_JAR"; do
  [ -f "$jar" ] || { echo "run.sh: $jar missing (run without --no-build)" >&2; exit 2; }
done

# ---- pinning ----------------------------------------------------------------------------------
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  PIN_SERVER=(taskset -c "$server_cpu"); PIN_CLIENT=(taskset -c "$client_cpu")
else
  log "WARNING: no taskset or fewer than 2 cores: server and client are NOT pinned"
  PIN_SERVER=(); PIN_CLIENT=()
fi

# ---- results ----------------------------------------------------------------------------------
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BENCH/results"
RESULTS=$BENCH/results/$stamp.jsonl
LOGS=$BENCH/results/$stamp-logs
mkdir -p "$LOGS"

# The gateway's config for this run: bench-gateway.yaml with server.instances from --instances.
GATEWAY_CONFIG=$LOGS/bench-gateway.yaml
sed -E "s/^(  instances:) *[0-9]+/\1 $instances/" "$BENCH/conf/bench-gateway.yaml" > "$GATEWAY_CONFIG"

# One "meta" line first: what the numbers were measured on.
COMMAND_LINE=$command_line QUICK=$quick REPEAT=$repeat INSTANCES=$instances WARMUP=$warmup DURATION=$duration \
  SERVER_CPU=$server_cpu CLIENT_CPU=$client_cpu JVM_FLAGS="${JVM_FLAGS[*]}" \
  python3 "$BENCH/meta.py" >> "$RESULTS"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 $((SERVER_STOP_TIMEOUT_S * 10))); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$server_pid" 2>/dev/null; then
    log "server $server_pid ignored SIGTERM for ${SERVER_STOP_TIMEOUT_S}s: killing it"
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

# Starts a peer pinned to the server core on a free port; sets server_pid and port.
start_server() {
  local peer=$1 logfile=$2
  port=$(free_port)
  case "$peer" in
    wsgate)
      WSGATE_PORT=$port WSGATE_MANAGEMENT_PORT=$(free_port) \
        "${PIN_SERVER[@]}" java "${JVM_FLAGS[@]}" -jar "$GATEWAY_JAR" --config "$GATEWAY_CONFIG" >"$logfile" 2>&1 &
      ;;
    vertx)
      "${PIN_SERVER[@]}" java "${JVM_FLAGS[@]}" -jar "$VERTX_PEER_JAR" --port "$port" --event-loops "$instances" \
        >"$logfile" 2>&1 &
      ;;
    node)
      "${PIN_SERVER[@]}" node "$NODE_PEER" --port "$port" >"$logfile" 2>&1 &
      ;;
    *) echo "run.sh: unknown peer $peer" >&2; exit 2 ;;
  esac
  server_pid=$!
  if ! java -jar "$LOADGEN_JAR" wait --port "$port" --timeout "$SERVER_READY_TIMEOUT_S"; then
    log "$peer did not serve WebSockets within ${SERVER_READY_TIMEOUT_S}s; log $logfile:"
    tail -20 "$logfile" >&2
    stop_server
    return 1
  fi
}

# ---- the runs ---------------------------------------------------------------------------------
failures=0; runs=0
timeout_s=$(python3 -c "import math; print(math.ceil($warmup + $duration) + $RUN_SLACK_S)")
for r in $(seq 1 "$repeat"); do
  # fd 3, so that the servers and the loadgen cannot read the scenario file through stdin
  while IFS='|' read -r name mode args quick_args <&3; do
    name=$(trim "$name"); mode=$(trim "$mode")
    [ -n "$name" ] && [[ "$name" != \#* ]] || continue
    in_list "$mode" "$modes" && in_list "$name" "$scenarios" || continue
    for peer in ${peers//,/ }; do
      # Only the gateway has a rooms route.
      if [ "$mode" = rooms ] && [ "$peer" != wsgate ]; then continue; fi
      extra=()
      if [ "$mode" = connect ] && [ "$peer" != node ]; then extra+=(--heap jcmd); fi
      # shellcheck disable=SC2206 # scenario arguments are words by design
      scenario_args=($args)
      if $quick; then scenario_args+=($quick_args); fi
      logfile=$LOGS/$name-$peer-$r
      log "repeat $r/$repeat: $name on $peer"
      runs=$((runs + 1))
      if ! start_server "$peer" "$logfile.server.log"; then
        failures=$((failures + 1)); continue
      fi
      set +e
      timeout --kill-after=10 "$timeout_s" "${PIN_CLIENT[@]}" java "${JVM_FLAGS[@]}" -jar "$LOADGEN_JAR" "$mode" \
        --port "$port" --server-pid "$server_pid" --peer "$peer" --scenario "$name" --repeat "$r" \
        "${scenario_args[@]}" "${extra[@]}" --warmup "$warmup" --duration "$duration" --out "$RESULTS" \
        2>&1 | tee "$logfile.loadgen.log" | grep -v '^{'
      status=${PIPESTATUS[0]}
      set -e
      if [ "$status" -ne 0 ]; then
        log "FAILED: $name on $peer (loadgen exit $status, log $logfile.loadgen.log)"
        failures=$((failures + 1))
      fi
      stop_server
    done
  done 3< "$BENCH/scenarios.conf"
done

# ---- report -----------------------------------------------------------------------------------
python3 "$BENCH/report.py" "$RESULTS" | tee "$BENCH/results/$stamp.md"
log "results: $RESULTS (report $BENCH/results/$stamp.md, logs $LOGS)"
if [ "$failures" -gt 0 ]; then
  log "$failures of $runs runs failed"
  exit 1
fi
