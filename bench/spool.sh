#!/usr/bin/env bash
# Spool group commit vs. plain write+fsync per file, same disk, same run.
# Usage: bench/spool.sh [DIR] [SECONDS_PER_MEASUREMENT] [REPETITIONS]
# DIR defaults to storage/target/spool-bench (the disk the spool would use under ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so dicom-core (and its test-jar, which the tests use) come from their target/ directories
./mvnw -B -q -pl storage -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "storage/target/test-classes:storage/target/classes:$(cat storage/target/bench.classpath)" \
  org.rdc.storage.bench.SpoolBenchmark "${1:-storage/target/spool-bench}" "${2:-5}" "${3:-3}"
