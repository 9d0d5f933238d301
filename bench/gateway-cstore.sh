#!/usr/bin/env bash
# gateway-cstore.sh - our gateway next to dcmtk storescp (writing to disk) and Orthanc: same corpus
# (../shared/peers/make-corpus.sh: X-ray 20 x 15 MB, CT 200 x 0.5 MB, ECG 50 x 122 KB), same client
# (dcmtk storescu through ../shared/peers/bench-cstore.sh), same run, 1 and 4 associations, REPS each.
# Every SCP runs with Nagle off (TCP_NODELAY=1 for the dcmtk-based ones; the gateway sets it itself).
# storescp does not fsync; Orthanc fsyncs each instance (SyncStorageArea); the gateway acknowledges
# only after the spool fsync and the catalog insert. The gateway runs twice: as configured by default
# (intake first: uploads to the object store wait while devices push) and with RDC_SPOOL_UPLOAD_MAX_DELAY=0
# (each object uploaded at once, competing with intake for the CPUs). $GW_HOME/drain.log says, per
# repetition, how many objects still waited for upload when the push ended and how long they took.
#
# Usage: bench/gateway-cstore.sh [REPS=3]   (needs dcmtk, orthanc, python3, curl; builds rdc.jar if missing)
# Output: CSV in /tmp/peers/results/gateway-cstore.csv and the median table (../shared/peers/summarize.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
P=${PEERS_DIR:-$ROOT/../shared/peers}
export REPS=${1:-${REPS:-3}}
export RESULTS=${RESULTS:-/tmp/peers/results/gateway-cstore-$(date +%Y%m%d-%H%M%S).csv}
[[ -f $ROOT/rdc-app/target/rdc.jar ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
[[ -d /tmp/peers/corpus/xray ]] || VALIDATE=0 "$P/make-corpus.sh" /tmp/peers/corpus

RESET_CMD="TCP_NODELAY=1 $P/storescp-ctl.sh reset" COUNT_CMD="$P/storescp-ctl.sh count" \
  "$P/bench-cstore.sh" 127.0.0.1 4244 STORESCP storescp-disk
"$P/storescp-ctl.sh" stop; "$P/storescp-ctl.sh" purge; sync; sleep 5

RESET_CMD="TCP_NODELAY=1 $P/orthanc-ctl.sh reset" COUNT_CMD="$P/orthanc-ctl.sh count" \
  "$P/bench-cstore.sh" 127.0.0.1 4243 ORTHANC orthanc-nodelay
"$P/orthanc-ctl.sh" stop; "$P/orthanc-ctl.sh" purge; sync; sleep 5

RESET_CMD="$ROOT/bench/gateway-ctl.sh reset" COUNT_CMD="$ROOT/bench/gateway-ctl.sh count" \
  "$P/bench-cstore.sh" 127.0.0.1 4245 RDC rdc-gateway
"$ROOT/bench/gateway-ctl.sh" stop; "$ROOT/bench/gateway-ctl.sh" purge

RDC_SPOOL_UPLOAD_MAX_DELAY=0 RESET_CMD="$ROOT/bench/gateway-ctl.sh reset" COUNT_CMD="$ROOT/bench/gateway-ctl.sh count" \
  "$P/bench-cstore.sh" 127.0.0.1 4245 RDC rdc-gateway-at-once
"$ROOT/bench/gateway-ctl.sh" stop; "$ROOT/bench/gateway-ctl.sh" purge

"$P/summarize.sh" "$RESULTS"
