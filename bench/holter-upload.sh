#!/usr/bin/env bash
# Holter upload benchmark (issue 14 point 2): a synthetic recording (default 24 h, 3 leads, 256 Hz, ISHNE)
# uploaded by tus over loopback in 8 MiB PATCHes, then stored, catalogued and analysed (embedded S3 + H2),
# all in one JVM under -Xmx256m: upload time, intake time, peak heap. Prints the figures and the machine load.
# Usage: bench/holter-upload.sh [HOURS]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl ecg-ingest -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -Djacoco.skip=true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Xmx256m -cp "ecg-ingest/target/test-classes:ecg-ingest/target/classes:$(cat ecg-ingest/target/bench.classpath)" \
  org.rdc.ecg.http.HolterUploadBench "${1:-24}" "$work" | grep '^holter-upload'
uptime
