#!/usr/bin/env bash
# wado.sh - WADO-RS series retrieval against `cat` of the same bytes on the same disk (issue 12 point 7).
#
# A 200-instance CT series (../shared/peers/gen_corpus.py: 512x512x16 bit, ~0.5 MB each, 100 MB) is
# pushed with storescu into a fresh centre (java -jar rdc.jar, loopback only). Once the spool has handed
# it to the object store (embedded S3 under the data directory: one file per instance), each repetition
# times, in the same run:
#   cat    : `cat` of those 200 files to /dev/null
#   wado   : curl GET /dicomweb/studies/{s}/series/{se} (multipart/related, transfer-syntax=*, as stored;
#            an API token, so no bcrypt per request) over loopback to /dev/null
# then FRAMES (default 300, 0 for none) requests of the first instance's /frames/1 (a 512x512 CT frame).
# Both read the page cache after a first untimed pass (the same bytes, read twice before timing), so this
# compares the server's path (catalog lookups, SHA-256 check of every byte, multipart framing, HTTP over
# loopback) with the cheapest read of the same data. Goal: wado >= 50 % of cat's rate.
#
# Usage: bench/wado.sh [REPS=5]   (needs dcmtk, curl, python3; builds rdc.jar if missing)
# WADO_JAR=path/to/rdc.jar runs another build (e.g. main's, for a before/after in the same conditions).
# RDC_S3_REVERIFY_AFTER=0 makes every read hash its object (by default a read of an unchanged object file that
# matched its SHA-256 within the last hour skips the hash, so the timed reps, after two untimed passes, do not hash).
# THREADS=1 also prints the centre's CPU per retrieval by thread (from /proc/PID/task: hashing vs sending vs the rest).
# Env: WADO_HOME=/tmp/peers/rdc-wado WADO_HTTP_PORT=18091 WADO_DICOM_PORT=4255
#      JDBC_URL='jdbc:postgresql://127.0.0.1:5432/rdc_h2?user=rdc_h2&password=rdc_h2' for the catalog on
#      PostgreSQL (RDC_DB_URL); without it, the embedded H2.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
P=${PEERS_DIR:-$ROOT/../shared/peers}
W=${WADO_HOME:-/tmp/peers/rdc-wado}
HTTP=${WADO_HTTP_PORT:-18091}
DPORT=${WADO_DICOM_PORT:-4255}
REPS=${1:-${REPS:-5}}
JAR=${WADO_JAR:-$ROOT/rdc-app/target/rdc.jar}
[[ -f $JAR ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
[[ -d $W/corpus/ct ]] || python3 "$P/gen_corpus.py" "$W/corpus" --xray 0 --ct 200 --ecg 0 --seed peers-v1

wait_port() {
  for _ in $(seq 1 3000); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1 not up" >&2; return 1
}

# a fresh data directory; the previous one is moved aside, not deleted right before a timed run
[[ -d $W/data ]] && mv "$W/data" "$W/trash.$(date +%s%N)"
mkdir -p "$W/data"
cat > "$W/facilities.yaml" <<YAML
facilities:
  - id: bench
    name: benchmark
    devices:
      - {aeTitle: BENCHSCU, kind: CT}
YAML
if [[ -n ${JDBC_URL:-} ]]; then
  python3 - "$JDBC_URL" <<'PY'
import re, subprocess, sys
m = re.match(r"jdbc:postgresql://([^:/]+):(\d+)/([^?]+)\?user=([^&]+)&password=(.+)", sys.argv[1])
host, port, db, user, pw = m.groups()
# an empty schema for the centre's Flyway: drop what an earlier run left
subprocess.run(["psql", f"postgresql://{user}:{pw}@{host}:{port}/{db}", "-qc",
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True)
PY
fi
RDC_DATA_DIR="$W/data" RDC_FACILITIES="$W/facilities.yaml" RDC_DB_URL=${JDBC_URL:-} \
RDC_DICOM_PORT=$DPORT RDC_DICOM_AE=RDC RDC_DICOM_BIND_ADDRESS=127.0.0.1 \
RDC_HTTP_PORT=$HTTP RDC_HTTP_ADDRESS=127.0.0.1 RDC_MANAGEMENT_PORT=$((HTTP + 1)) \
RDC_ADMIN_USER=bench RDC_ADMIN_PASSWORD=bench-bench RDC_ECG_ENABLED=false RDC_WORKLIST_ROUTER_ENABLED=false \
  setsid java ${WADO_JAVA_OPTS:-} -jar "$JAR" > "$W/rdc.log" 2>&1 < /dev/null &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true' EXIT
wait_port "$DPORT"
wait_port "$HTTP"

TCP_NODELAY=1 storescu -aet BENCHSCU -aec RDC 127.0.0.1 "$DPORT" +sd "$W/corpus/ct" > "$W/storescu.log" 2>&1
first=$W/corpus/ct/ct_000.dcm
study=$(dcmdump +P 0020,000d "$first" | sed 's/.*\[\(.*\)\].*/\1/')
series=$(dcmdump +P 0020,000e "$first" | sed 's/.*\[\(.*\)\].*/\1/')

pending() {
  curl -sf -u bench:bench-bench "http://127.0.0.1:$HTTP/actuator/health" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["components"]["spool"]["details"]["pendingObjects"])' 2>/dev/null || echo "?"
}
for _ in $(seq 1 600); do [[ $(pending) == 0 ]] && break; sleep 0.2; done
[[ $(pending) == 0 ]] || { echo "spool not drained" >&2; exit 1; }

# a reader's API token (an admin account sees every facility): one indexed lookup per request
curl -sf -u bench:bench-bench -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$HTTP/api/admin/users" \
  -d '{"username":"wado-reader","password":"wado-reader-pass","roles":["READER"],"serviceLines":["RADIOLOGY"]}' > /dev/null
token=$(curl -sf -u wado-reader:wado-reader-pass -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$HTTP/api/tokens" \
  -d '{"name":"wado-bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

mapfile -t files < <(find "$W/data/objects" -type f -path "*$study*$series*" | sort)
[[ ${#files[@]} == 200 ]] || { echo "expected 200 object files of the series, found ${#files[@]}" >&2; exit 1; }
bytes=$(cat "${files[@]}" | wc -c)
url="http://127.0.0.1:$HTTP/dicomweb/studies/$study/series/$series"
accept='multipart/related; type="application/dicom"; transfer-syntax=*'

now() { date +%s%N; }
# the centre's own CPU (all its threads), from /proc: what a request costs it whatever else runs on the machine
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
HZ=$(getconf CLK_TCK)
# CPU ticks of each of the centre's threads, one "name ticks" line each (the name without its trailing number)
thread_ticks() {
  python3 - "$PID" <<'PY'
import glob, re, sys
for f in glob.glob(f"/proc/{sys.argv[1]}/task/*/stat"):
    try:
        s = open(f).read()
    except OSError:
        continue
    name, rest = s[s.index("(") + 1:s.rindex(")")], s[s.rindex(")") + 2:].split()
    print(re.sub(r"[-0-9.]+$", "", name.replace(" ", "_")) or "?", int(rest[11]) + int(rest[12]))
PY
}
cat "${files[@]}" > /dev/null; cat "${files[@]}" > /dev/null
curl -sf -o /dev/null -H "Authorization: Bearer $token" -H "Accept: $accept" "$url"   # the JIT's first pass
curl -sf -o /dev/null -H "Authorization: Bearer $token" -H "Accept: $accept" "$url"
echo "series $series: 200 instances, $bytes bytes in the object store; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rep,cat_ms,cat_MBps,wado_ms,wado_bytes,wado_MBps,ratio,server_cpu_ms,sha256_ms"
for r in $(seq 1 "$REPS"); do
  t0=$(now); cat "${files[@]}" > /dev/null; t1=$(now)
  [[ -n ${THREADS:-} ]] && thread_ticks > "$W/threads.$r.before"
  c0=$(cpu_ticks)
  got=$(curl -sf -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $token" -H "Accept: $accept" "$url"); t2=$(now)
  c1=$(cpu_ticks)
  [[ -n ${THREADS:-} ]] && thread_ticks > "$W/threads.$r.after"
  # the floor of checking every byte: OpenSSL's SHA-256 of the same files, one core
  t3=$(now); openssl dgst -sha256 "${files[@]}" > /dev/null; t4=$(now)
  python3 - "$r" "$bytes" "$t0" "$t1" "$got" "$t2" $(( (c1 - c0) * 1000 / HZ )) "$t3" "$t4" <<'PY'
import sys
r, b, t0, t1, g, t2, cpu, t3, t4 = sys.argv[1], *map(int, sys.argv[2:])
cat_s, wado_s = (t1 - t0) / 1e9, (t2 - t1) / 1e9
print(f"{r},{cat_s*1000:.1f},{b/cat_s/1e6:.0f},{wado_s*1000:.1f},{g},{g/wado_s/1e6:.0f},{(g/wado_s)/(b/cat_s):.2f},{cpu},{(t4-t3)/1e6:.1f}")
PY
done

if [[ -n ${THREADS:-} ]]; then
  python3 - "$W" "$REPS" "$HZ" <<'PY'
import collections, sys
w, reps, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
total = collections.Counter()
for r in range(1, reps + 1):
    for side, sign in (("before", -1), ("after", 1)):
        for line in open(f"{w}/threads.{r}.{side}"):
            name, ticks = line.split()
            total[name] += sign * int(ticks)
print("centre CPU per retrieval by thread (ms, mean of the reps): " + ", ".join(
    f"{n} {t * 1000 / hz / reps:.0f}" for n, t in total.most_common() if t > 0))
PY
fi

# One CT frame (issue 12: 512x512 /frames/1, p50 <= 5 ms): the first instance's /frames/1, FRAMES times after
# FRAMES/5 warm-up, by one curl over one kept-alive connection (curl's time_total of each transfer).
FRAMES=${FRAMES:-300}
if (( FRAMES > 0 )); then
  sop=$(dcmdump +P 0008,0018 "$first" | sed 's/.*\[\(.*\)\].*/\1/')
  frame="$url/instances/$sop/frames/1"
  targets=()
  for _ in $(seq 1 $((FRAMES + FRAMES / 5))); do targets+=(-o /dev/null "$frame"); done
  c0=$(cpu_ticks)
  curl -sf -H "Authorization: Bearer $token" -H 'Accept: multipart/related; type="application/octet-stream"; transfer-syntax=*' \
    -w '%{time_total} %{size_download}\n' "${targets[@]}" > "$W/frames.txt"
  c1=$(cpu_ticks)
  tail -n "$FRAMES" "$W/frames.txt" | python3 -c '
import sys
rows = [l.split() for l in sys.stdin]
t = sorted(float(r[0]) * 1000 for r in rows)
n = len(t)
print(f"frames/1 of {sys.argv[1]} ({rows[0][1]} bytes), {n} requests: p50 {t[n//2]:.2f} ms  p95 {t[int(n*0.95)]:.2f} ms  "
      f"max {t[-1]:.2f} ms; server CPU {float(sys.argv[2]):.2f} ms per request (warm-up included)")
' "$sop" "$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v n=$((FRAMES + FRAMES / 5)) 'BEGIN { print c * 1000 / hz / n }')"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi
