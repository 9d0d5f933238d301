#!/usr/bin/env bash
# Time from `java -jar rdc.jar` to /actuator/health answering UP, with embedded defaults in a fresh
# data directory (the quick start). Usage: bench/startup.sh [RUNS]. Builds the jar if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f rdc-app/target/rdc.jar ] || ./mvnw -B -q -DskipTests package
runs=${1:-3}
port=18080
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s%N)
  RDC_DATA_DIR="$data" RDC_HTTP_PORT=$port RDC_MANAGEMENT_PORT=$((port + 1)) java -jar rdc-app/target/rdc.jar >"$data/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/actuator/health" | grep -q '"status":"UP"'; do
    if ! kill -0 $pid 2>/dev/null; then echo "the centre exited; see $data/log"; exit 1; fi
    if (( ($(date +%s%N) - start) > 60000000000 )); then echo "not healthy after 60 s"; kill $pid; exit 1; fi
    sleep 0.1
  done
  end=$(date +%s%N)
  echo "run $i: healthy after $(( (end - start) / 1000000 )) ms"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
done
