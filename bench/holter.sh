#!/usr/bin/env bash
# Holter decode + analyse benchmark (issue 14): a synthetic recording (default 24 h, 3 leads, 256 Hz)
# streamed into an ISHNE 1.0 file, then decoded and beat-detected block by block under a 512 MB heap.
# Target: decode + analyse <= 10 s, heap <= 512 MB. Prints the figures and the machine load.
# Usage: bench/holter.sh [HOURS] [LEADS] [RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl ecg-ingest -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -Djacoco.skip=true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Xmx512m -cp "ecg-ingest/target/test-classes:ecg-ingest/target/classes:$(cat ecg-ingest/target/bench.classpath)" \
  org.rdc.ecg.holter.HolterDayBench "${1:-24}" "${2:-3}" "${3:-256}" "$work"
uptime
