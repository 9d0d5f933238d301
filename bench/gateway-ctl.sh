#!/usr/bin/env bash
# gateway-ctl.sh - run the centre (java -jar rdc.jar) as a C-STORE SCP for benchmarks, loopback only.
#
# Usage: bench/gateway-ctl.sh start|stop|reset|purge|count
#   start : write a facilities file (calling AE BENCHSCU), start with a data directory under $GW_HOME
#   reset : wait until the spool has handed everything to the object store, stop, move the catalog
#           and the objects aside (deleting GBs right before a timed run slows it), start. The spool
#           directory stays, as on a gateway that has been running: its segments are recycled (a fresh
#           spool first writes new, growing segment files, each fsync then commits the ext4 journal).
#           GW_FRESH=1 moves the whole data directory aside instead.
#   purge : delete what reset moved aside
#   count : instances in the catalog (from /api/studies), the check that everything was stored; then
#           waits for the spool to drain and appends to $GW_HOME/drain.log how many objects were still
#           waiting for upload when the push ended and how long until all were in the object store
# Env: GW_HOME=/tmp/peers/rdc-gateway GW_PORT=4245 GW_AET=RDC GW_HTTP_PORT=18081 GW_JAVA_OPTS=""
#      GW_JAR=rdc-app/target/rdc.jar (a copy keeps a run independent of rebuilds), GW_START_TIMEOUT=300 (s; a
#      start under load average 15+ took 105 s)
#      GW_WARMUP=1: after each start, push GW_WARMUP_ROUNDS (default 6) copies of the CT and ECG sets
#      (new UIDs in each copy, calling AE WARMUP of another facility, not counted) so the timed run
#      meets a JIT-compiled server, as a gateway that has been running would be: the JIT compiles a
#      method after thousands of calls, and a per-instance method gets one call per instance: over six
#      fresh 200-instance CT pushes into a new JVM the compiler threads took 2.7 falling to 1.6 s of CPU
#      per push, more than the gateway's own threads.
#      0 = measure the cold start too. (Before 2026-11-23 21:20 the warm-up sent nothing: storescu +sd
#      without +r found no files in its ct/ and ecg/ subdirectories, so earlier figures are of a cold JVM.)
# ECG analysis and the worklist router are off: this measures the gateway and storage path
# (durable: every C-STORE success waits for the spool fsync and the catalog insert).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GW_HOME=${GW_HOME:-/tmp/peers/rdc-gateway}
PORT=${GW_PORT:-4245}
AET=${GW_AET:-RDC}
HTTP=${GW_HTTP_PORT:-18081}
PIDF=$GW_HOME/rdc.pid
JAR=${GW_JAR:-$ROOT/rdc-app/target/rdc.jar}

wait_port() {
  for _ in $(seq 1 $((${GW_START_TIMEOUT:-300} * 10))); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1 not up" >&2; return 1
}

start() {
  if [[ -f $PIDF ]] && kill -0 "$(cat "$PIDF")" 2>/dev/null; then echo "already running"; return 0; fi
  mkdir -p "$GW_HOME/data"
  cat > "$GW_HOME/facilities.yaml" <<YAML
facilities:
  - id: bench
    name: benchmark
    devices:
      - {aeTitle: BENCHSCU, kind: DX}
  - id: warmup
    name: warm-up
    devices:
      - {aeTitle: WARMUP, kind: DX}
YAML
  # setsid: own process group, stopped by its pid only
  RDC_DATA_DIR="$GW_HOME/data" RDC_FACILITIES="$GW_HOME/facilities.yaml" \
  RDC_DICOM_PORT=$PORT RDC_DICOM_AE=$AET RDC_DICOM_BIND_ADDRESS=127.0.0.1 \
  RDC_HTTP_PORT=$HTTP RDC_HTTP_ADDRESS=127.0.0.1 RDC_MANAGEMENT_PORT=$((HTTP + 1)) RDC_ADMIN_USER=bench RDC_ADMIN_PASSWORD=bench-bench \
  RDC_ECG_ENABLED=false RDC_WORKLIST_ROUTER_ENABLED=false \
    setsid java ${GW_JAVA_OPTS:-} -jar "$JAR" > "$GW_HOME/rdc.log" 2>&1 < /dev/null &
  echo $! > "$PIDF"
  wait_port "$PORT"
  wait_port "$HTTP"
  if [[ ${GW_WARMUP:-1} == 1 ]]; then warmup; fi
}

warmup() {
  local src=${CORPUS:-/tmp/peers/corpus} round dir
  for round in $(seq 1 "${GW_WARMUP_ROUNDS:-6}"); do
    # kept outside GW_HOME's data, so every start replays the same copies: new to each fresh catalog
    dir=${GW_WARMUP_DIR:-/tmp/peers/rdc-warmup}/r$round
    # the marker lives beside the copy: storescu +sd aborts the association at a file that is not DICOM
    if [[ ! -f $dir.done ]]; then
      rm -rf "$dir"; mkdir -p "$dir"
      for set in ct ecg; do cp -r "$src/$set" "$dir/"; done
      # new study, series and instance UIDs, so nothing of it meets the timed run or another round
      find "$dir" -name '*.dcm' -print0 | xargs -0 dcmodify -nb -gst -gse -gin >/dev/null 2>&1
      touch "$dir.done"
    fi
    TCP_NODELAY=1 storescu -aet WARMUP -aec "$AET" 127.0.0.1 "$PORT" +sd +r "$dir" >/dev/null 2>&1 || true
  done
  drain
}

stop() {
  [[ -f $PIDF ]] || return 0
  local pid; pid=$(cat "$PIDF")
  if kill -0 "$pid" 2>/dev/null; then
    drain  # everything on to the object store first, so the next start replays nothing into a new catalog
    kill -TERM "$pid"
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$PIDF"
}

drain() {
  for _ in $(seq 1 600); do
    [[ $(pending) == 0 ]] && return 0
    sleep 0.2
  done
  echo "spool not drained" >&2
}

reset() {
  stop
  local trash="$GW_HOME/trash.$(date +%s%N)"
  if [[ ${GW_FRESH:-0} == 1 ]]; then
    [[ -d $GW_HOME/data ]] && mv "$GW_HOME/data" "$trash"
  else
    mkdir -p "$trash"
    for d in db objects; do [[ -d $GW_HOME/data/$d ]] && mv "$GW_HOME/data/$d" "$trash/"; done
  fi
  start
}

pending() {
  curl -sf -u bench:bench-bench "http://127.0.0.1:$HTTP/actuator/health" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["components"]["spool"]["details"]["pendingObjects"])' \
    2>/dev/null || echo "?"
}

count() {
  local t0 waiting n
  t0=$(date +%s.%N)
  waiting=$(pending)
  n=$(curl -sf -u bench:bench-bench "http://127.0.0.1:$HTTP/api/studies?facility=bench&size=500" \
    | python3 -c 'import json,sys; print(sum(s["instanceCount"] for s in json.load(sys.stdin)))')
  echo "$n"
  drain
  printf '%s stored=%s waiting_for_upload_at_end=%s drained_after_s=%.2f upload_max_delay=%s\n' "$(date +%T)" "$n" \
    "$waiting" "$(echo "$(date +%s.%N) - $t0" | bc -l)" "${RDC_SPOOL_UPLOAD_MAX_DELAY:-default}" >> "$GW_HOME/drain.log"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  reset) reset ;;
  purge) rm -rf "$GW_HOME"/trash.* ;;
  count) count ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
