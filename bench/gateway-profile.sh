#!/usr/bin/env bash
# gateway-profile.sh - where the gateway's time goes during C-STORE pushes (issue 15 point 1): starts the centre
# as bench/gateway-ctl.sh does (warmed up, intake first), records JFR only around the timed pushes, and reads
# the gateway's CPU from /proc/PID/stat over the same pushes (all threads; uploads deferred by intake first).
#
# Usage: bench/gateway-profile.sh SET ASSOCIATIONS [COPIES=5]
#   SET: ct | ecg | xray (from the corpus); COPIES fresh copies of it (new study/series/instance UIDs) are pushed
#   one after the other, each with ASSOCIATIONS concurrent storescu processes (5 CT copies = 1000 instances).
# Output: wall time, instances/s, gateway CPU ms per instance, the load average, and bench/JfrGateway.java's
#   summary (CPU samples by thread, top frames, allocation per instance, park/monitor/fsync waits).
# Env: as gateway-ctl.sh (GW_HOME, GW_PORT, GW_HTTP_PORT, GW_JAR, GW_WARMUP_ROUNDS), CORPUS=/tmp/peers/corpus,
#      GW_PROFILE_RESET=0 (profile the running, warmed-up gateway instead of a fresh one), PROFILE_DIR=/tmp/peers/profile, RDC_SPOOL_UPLOAD_MAX_DELAY=10m (uploads wait for the whole profiled push, so it
#      measures intake alone even when a loaded machine makes the push longer than the default 30 s)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SET=${1:?set} MODE=${2:?associations} COPIES=${3:-5}
CORPUS=${CORPUS:-/tmp/peers/corpus}
PD=${PROFILE_DIR:-/tmp/peers/profile}
export GW_HOME=${GW_HOME:-/tmp/peers/rdc-gateway} GW_PORT=${GW_PORT:-4245}
export RDC_SPOOL_UPLOAD_MAX_DELAY=${RDC_SPOOL_UPLOAD_MAX_DELAY:-10m}
mkdir -p "$PD"
for c in $(seq 1 "$COPIES"); do
  dir=$PD/$SET-$c
  if [[ ! -f $dir.done ]]; then
    rm -rf "$dir"; cp -r "$CORPUS/$SET" "$dir"
    # a new study and series for the copy (as in the corpus: one study, one series), new instance UIDs
    study=2.25.$(python3 -c 'import uuid; print(uuid.uuid4().int)') series=2.25.$(python3 -c 'import uuid; print(uuid.uuid4().int)')
    find "$dir" -name '*.dcm' -print0 | xargs -0 dcmodify -nb -m "(0020,000d)=$study" -m "(0020,000e)=$series" -gin >/dev/null 2>&1
    touch "$dir.done"
  fi
done
[[ ${GW_PROFILE_RESET:-1} == 1 ]] && "$ROOT/bench/gateway-ctl.sh" reset >/dev/null
pid=$(cat "$GW_HOME/rdc.pid")
jfr=$PD/$SET-x$MODE-$(date +%H%M%S).jfr
# thresholds 0: short parks and monitor waits are what concurrent associations queue on
jcmd "$pid" JFR.start name=push settings=profile jdk.ThreadPark#threshold=0ms jdk.JavaMonitorEnter#threshold=0ms \
  jdk.FileForce#threshold=0ms >/dev/null
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
c0=$(cpu); t0=$(date +%s.%N); n=0
for c in $(seq 1 "$COPIES"); do
  mapfile -t files < <(find "$PD/$SET-$c" -name '*.dcm' | sort)
  n=$((n + ${#files[@]}))
  pids=()
  for ((s = 0; s < MODE; s++)); do
    shard=(); for ((i = s; i < ${#files[@]}; i += MODE)); do shard+=("${files[i]}"); done
    TCP_NODELAY=1 storescu -aet BENCHSCU -aec "${GW_AET:-RDC}" 127.0.0.1 "$GW_PORT" "${shard[@]}" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || echo "storescu failed" >&2; done
done
t1=$(date +%s.%N); c1=$(cpu)
jcmd "$pid" JFR.stop name=push filename="$jfr" >/dev/null
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
hz=$(getconf CLK_TCK)
awk -v n="$n" -v w="$(echo "$t1 - $t0" | bc -l)" -v c="$((c1 - c0))" -v hz="$hz" 'BEGIN {
  printf "%s x%s: %d instances in %.3f s = %.1f inst/s; gateway CPU %.2f s = %.3f ms per instance\n", "'"$SET"'", "'"$MODE"'", n, w, n / w, c / hz, 1000 * c / hz / n }'
echo "stored: $("$ROOT/bench/gateway-ctl.sh" count | head -1) (includes nothing of the warm-up: other facility)"
java "$ROOT/bench/JfrGateway.java" "$jfr" "$n" 15
echo "recording: $jfr"
