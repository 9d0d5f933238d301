#!/usr/bin/env bash
# ECG intake benchmark (issue 5): parse + analyse + render one 10 s 12-lead per file (median, p95),
# then the HTTP intake rate with concurrent clients against the real listener and storage stack.
# Usage: bench/ecg.sh [RUNS] [HTTP_SECONDS] [CLIENTS]     (defaults 200, 20, 4)
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so dicom-core and storage (with its test-jar) come from their target/ directories
./mvnw -B -q -pl ecg-ingest -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "ecg-ingest/target/test-classes:ecg-ingest/target/classes:$(cat ecg-ingest/target/bench.classpath)" \
  org.rdc.ecg.bench.EcgBenchmark "${RDC_TESTDATA:-../shared/testdata}" ecg-ingest/target/bench "${1:-200}" "${2:-20}" "${3:-4}"
