#!/usr/bin/env bash
# Report delivery: from ReportDelivery.enqueue to the Encapsulated PDF stored by the facility's dcmtk storescp
# (H2 file database, 2 workers, production poll interval). Goal (issue 16): <= 2 s.
# Usage: bench/delivery.sh [REPORTS] [PDF_BYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so the modules (and the test-jars the benchmark uses) come from their target/ directories
./mvnw -B -q -pl reports -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p target  # the loopback shim for storescp is built here
# The reactor's own classes first, so a stale jar in ~/.m2 is never what runs.
java -cp "reports/target/test-classes:reports/target/classes:dicom-gateway/target/test-classes:dicom-gateway/target/classes:storage/target/test-classes:storage/target/classes:dicom-core/target/test-classes:dicom-core/target/classes:$(cat reports/target/bench.classpath)" \
  org.rdc.reports.bench.DeliveryBenchmark "${1:-50}" "${2:-60000}" "${TMPDIR:-/tmp}/rdc-bench-delivery"
