#!/usr/bin/env bash
# QIDO-RS study search (issue 12 point 7: limit 100, p95 <= 20 ms with 100k studies, PostgreSQL),
# measured over HTTP against the real application (java -jar rdc.jar on the given PostgreSQL
# database): one kept-alive curl connection, an API token, N calls per query; curl's time_total of
# each call gives p50/p95/p99. The catalog is seeded with bench/qido-seed.sql after the centre has
# migrated the schema.
# Usage: [QIDO_PROFILE=DIR] bench/qido.sh JDBC_URL [STUDIES] [CALLS]
#   JDBC_URL e.g. 'jdbc:postgresql://127.0.0.1:5432/rdc_bench?user=rdc_bench&password=rdc_bench'
#   (its public schema is DROPPED and recreated: use a database of its own)
#   QIDO_PROFILE=DIR: also a JFR recording of the timed calls (DIR/qido.jfr; split by part and hot
#   methods by bench/JfrSplit.java in DIR/split.txt) and, after the timing, one more call of each
#   search with the SQL it sends logged and run again under EXPLAIN (ANALYZE, BUFFERS) with its actual
#   parameters (DIR/plans.txt, by bench/qido-explain.py).
set -euo pipefail
cd "$(dirname "$0")/.."
url=$1
studies=${2:-100000}
calls=${3:-500}
hostdb=${url#jdbc:postgresql://}
hostdb=${hostdb%%\?*}
user=$(sed -E 's/.*[?&]user=([^&]*).*/\1/' <<<"$url")
pass=$(sed -E 's/.*[?&]password=([^&]*).*/\1/' <<<"$url")
pg="postgresql://$user:$pass@$hostdb"
psql "$pg" -q -c 'DROP SCHEMA public CASCADE' -c 'CREATE SCHEMA public'
./mvnw -B -q -DskipTests package -pl rdc-app -am
port=18091
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
RDC_DATA_DIR="$data" RDC_HTTP_PORT=$port RDC_MANAGEMENT_PORT=$((port + 1)) RDC_HTTP_ADDRESS=127.0.0.1 RDC_DICOM_ENABLED=false \
  RDC_ECG_ENABLED=false RDC_DB_URL="jdbc:postgresql://$hostdb" RDC_DB_USER="$user" RDC_DB_PASSWORD="$pass" \
  RDC_ADMIN_USER=bench RDC_ADMIN_PASSWORD='bench-pass-word' java -Xmx512m -jar rdc-app/target/rdc.jar \
  ${QIDO_PROFILE:+--management.endpoints.web.exposure.include=health,loggers} >"$data/log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
until curl -sf "$base/actuator/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "the centre exited; see $data/log" >&2; cat "$data/log" >&2; exit 1; }
  sleep 0.5
done
t0=$(date +%s)
psql "$pg" -q -v studies="$studies" -f bench/qido-seed.sql
echo "# seeded in $(( $(date +%s) - t0 )) s" >&2
token_of() { # user password
  curl -sf -u "$1:$2" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$base/api/tokens" \
    | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
admin=$(token_of bench bench-pass-word)
curl -sf -u bench:bench-pass-word -H 'Content-Type: application/json' -o /dev/null \
  -d '{"username":"clerk","password":"clerk-pass-word","roles":["FACILITY_USER"],"serviceLines":[],"facilityId":"f7"}' "$base/api/admin/users"
clerk=$(token_of clerk clerk-pass-word)
[[ $admin == rdcu_* && $clerk == rdcu_* ]] || { echo "no tokens" >&2; exit 1; }

profile=${QIDO_PROFILE:-}
[[ -z $profile ]] || { mkdir -p "$profile"; : >"$profile/calls.txt"; }
# name token query: prints the query's row of the table
run() {
  local name=$1 token=$2 query=$3 cfg="$data/run.curl"
  local first results
  first=$(curl -s -H "Authorization: Bearer $token" -w '\n%{http_code}' "$base/dicomweb/studies?$query")
  [[ ${first##*$'\n'} == 200 ]] || { echo "$name: HTTP ${first##*$'\n'}: ${first%$'\n'*}" >&2; exit 1; }
  results=$( (grep -o '"0020000D"' <<<"${first%$'\n'*}" || true) | wc -l)
  : >"$cfg"
  for _ in $(seq 1 "$calls"); do echo "url = \"$base/dicomweb/studies?$query\"" >>"$cfg"; echo 'output = "/dev/null"' >>"$cfg"; done
  curl -s -H "Authorization: Bearer $token" -K "$cfg" -w '%{time_total}\n' >/dev/null 2>&1 || true  # warm-up
  curl -s -H "Authorization: Bearer $token" -K "$cfg" -w '%{time_total}\n' | sort -n | awk -v name="$name" -v q="$query" -v r="$results" '
    { t[NR] = $1 * 1000 }
    END { printf "| %s | `%s` | %d | %d | %.1f | %.1f | %.1f | %.1f |\n", name, q, r, NR, t[int(NR * 0.5)], t[int(NR * 0.95)], t[int(NR * 0.99)], t[NR] }'
}
[[ -z $profile ]] || jcmd $pid JFR.start name=qido settings=profile filename="$profile/qido.jfr" >/dev/null
echo
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| search | query | results | calls | p50 ms | p95 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|---|---|---|"
run "all studies, newest first" "$admin" "limit=100"
run "PatientName prefix" "$admin" "limit=100&PatientName=wang*"
run "PatientName ideographic prefix" "$admin" "limit=100&PatientName=%E7%8E%8B*"
run "PatientName rare prefix (250 studies)" "$admin" "limit=100&PatientName=zhao%5Exiulan*"
run "PatientName exact" "$admin" "limit=100&PatientName=zhao%5Exiulan"
run "PatientName inner wildcard" "$admin" "limit=100&PatientName=*xiaodong"
run "StudyDate range (1 month)" "$admin" "limit=100&StudyDate=20250101-20250131"
run "ModalitiesInStudy" "$admin" "limit=100&ModalitiesInStudy=CT"
run "name + date + modality" "$admin" "limit=100&PatientName=li*&StudyDate=20240101-20241231&ModalitiesInStudy=US"
run "PatientID" "$admin" "limit=100&PatientID=P4711"
run "page 50 (offset 5000)" "$admin" "limit=100&offset=5000"
run "facility user, all" "$clerk" "limit=100"
run "facility user, name + date" "$clerk" "limit=100&PatientName=zhang*&StudyDate=20230101-20231231"
run "includefield=all" "$admin" "limit=100&includefield=all&StudyDate=20250101-"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -n $profile ]] || exit 0
jcmd $pid JFR.stop name=qido >/dev/null
java bench/JfrSplit.java "$profile/qido.jfr" >"$profile/split.txt"
# One more call of each search with Spring's JDBC logging on: the statements and their parameters,
# cut out of the log by its length before and after the call, are explained by bench/qido-explain.py.
level() { curl -sf -u bench:bench-pass-word -X POST -H 'Content-Type: application/json' -d "{\"configuredLevel\":\"$1\"}" \
  "http://127.0.0.1:$((port + 1))/actuator/loggers/org.springframework.jdbc.core" >/dev/null; }
while IFS=$'\t' read -r name token query; do
  level TRACE
  from=$(stat -c %s "$data/log")
  curl -sf -H "Authorization: Bearer $token" -o /dev/null "$base/dicomweb/studies?$query"
  sleep 0.2
  printf '%s\t%s\t%s\t%s\n' "$name" "$query" "$from" "$(stat -c %s "$data/log")" >>"$profile/calls.txt"
  level INFO
done < <(sed -n 's/^run "\([^"]*\)" "\$\(admin\|clerk\)" "\([^"]*\)"$/\1\t\2\t\3/p' "$0" | while IFS=$'\t' read -r n who q; do
  printf '%s\t%s\t%s\n' "$n" "$([[ $who == admin ]] && echo "$admin" || echo "$clerk")" "$q"; done)
python3 bench/qido-explain.py "$data/log" "$profile/calls.txt" "$pg" >"$profile/plans.txt"
echo "# profile in $profile: split.txt (JFR, bench/JfrSplit.java), plans.txt, qido.jfr" >&2
