#!/usr/bin/env bash
# Holter full disclosure over HTTP (issue 14 point 5 goal: <= 50 ms a page): 1 min x 3 leads of a 24 h, 256 Hz
# recording, GET /api/studies/{uid}/holter/strip?seconds=60 against the real application (embedded S3 + H2),
# the recording uploaded by tus first. Prints median / p95 / max and the machine load.
# Usage: bench/holter-strip.sh [HOURS] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so the modules (and the test-jars the benchmark uses) come from their target/ directories
./mvnw -B -q -pl rdc-app -am test-compile dependency:build-classpath -Drdc.web.skip=true \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP=rdc-app/target/test-classes:rdc-app/target/classes
for m in reading-workstation-api reports dicom-gateway ecg-ingest storage dicom-core; do
  CP=$CP:$m/target/classes:$m/target/test-classes
done
java -Xmx1g -cp "$CP:$(cat rdc-app/target/bench.classpath)" org.rdc.app.bench.HolterStripBenchmark "${1:-24}" "${2:-200}" \
  | grep -E '^(#|holter-strip)'
uptime
