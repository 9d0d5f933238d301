#!/usr/bin/env bash
# CPU of one authenticated API call on the centre's side: HTTP Basic (a bcrypt check per request, at
# the production strength 10) against an API token (one indexed SHA-256 lookup), with an
# unauthenticated call of the same endpoint (answered 401 by the security filters) as the floor
# every request pays. The centre's own CPU is
# read from /proc/PID/stat, so the client's work is not counted.
# Usage: bench/auth.sh [ROUNDS] [CALLS]. Builds the jar if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f rdc-app/target/rdc.jar ] || ./mvnw -B -q -DskipTests package
rounds=${1:-3}
calls=${2:-1000}
basic_calls=$(( calls / 4 ))   # bcrypt is slow: fewer calls give the same resolution
port=18081
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
RDC_DATA_DIR="$data" RDC_HTTP_PORT=$port RDC_MANAGEMENT_PORT=$((port + 1)) RDC_HTTP_ADDRESS=127.0.0.1 RDC_DICOM_ENABLED=false RDC_ECG_ENABLED=false \
  RDC_ADMIN_USER=bench RDC_ADMIN_PASSWORD='bench-pass-word' java -Xmx512m -jar rdc-app/target/rdc.jar >"$data/log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
until curl -sf "$base/actuator/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "the centre exited; see $data/log" >&2; exit 1; }
  sleep 0.2
done
token=$(curl -sf -u bench:bench-pass-word -H 'Content-Type: application/json' -d '{"name":"bench"}' "$base/api/tokens" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
[[ $token == rdcu_* ]] || { echo "no token: $token" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
# One curl process, one kept-alive connection, N requests.
run() { # name count curl-args...
  local name=$1 n=$2; shift 2
  local cfg="$data/$name.curl"
  : >"$cfg"
  for _ in $(seq 1 "$n"); do echo "url = \"$URL\"" >>"$cfg"; echo 'output = "/dev/null"' >>"$cfg"; done
  local t0 c0 t1 c1
  c0=$(cpu_ticks); t0=$(date +%s%N)
  curl -s "$@" -K "$cfg"
  t1=$(date +%s%N); c1=$(cpu_ticks)
  awk -v n="$n" -v c=$((c1 - c0)) -v hz="$hz" -v w=$((t1 - t0)) -v name="$name" \
    'BEGIN { printf "%-8s %6d calls  server CPU %8.3f ms/call  wall %8.3f ms/call\n", name, n, c * 1000 / hz / n, w / 1e6 / n }'
}
echo "warm-up" >&2
URL="$base/api/worklist" run anon 300 >/dev/null
URL="$base/api/worklist" run basic 100 -u bench:bench-pass-word >/dev/null
URL="$base/api/worklist" run token 300 -H "Authorization: Bearer $token" >/dev/null
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  URL="$base/api/worklist" run anon "$calls"
  URL="$base/api/worklist" run basic "$basic_calls" -u bench:bench-pass-word
  URL="$base/api/worklist" run token "$calls" -H "Authorization: Bearer $token"
done
