#!/usr/bin/env bash
# Report delivery to the facility's dcmtk storescp. Goal (issue 16): sign -> stored <= 2 s.
# Usage:
#   bench/delivery.sh [REPORTS] [PDF_BYTES]   from ReportDelivery.enqueue (a given PDF) to the Encapsulated PDF
#                                             stored by storescp (H2 file database, 2 workers, production poll interval)
#   bench/delivery.sh sign [REPORTS]          from the reader's POST /api/reports/{id}/sign in the running application
#                                             (render, sign, archive, release) to the object stored by storescp, in
#                                             one measurement per report
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = sign ]; then
  # one reactor run, so the modules (and the test-jars the benchmark uses) come from their target/ directories;
  # without the browser workstation's npm build, which no request here needs
  ./mvnw -B -q -pl rdc-app -am test-compile dependency:build-classpath -Drdc.web.skip=true \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  CP=rdc-app/target/test-classes:rdc-app/target/classes
  for m in reading-workstation-api reports dicom-gateway ecg-ingest storage dicom-core; do
    CP=$CP:$m/target/classes:$m/target/test-classes
  done
  uptime
  java -cp "$CP:$(cat rdc-app/target/bench.classpath)" org.rdc.app.bench.SignDeliveryBenchmark "${2:-30}"
  uptime
  exit 0
fi
# one reactor run, so the modules (and the test-jars the benchmark uses) come from their target/ directories
./mvnw -B -q -pl reports -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mkdir -p target  # the loopback shim for storescp is built here
# The reactor's own classes first, so a stale jar in ~/.m2 is never what runs.
java -cp "reports/target/test-classes:reports/target/classes:dicom-gateway/target/test-classes:dicom-gateway/target/classes:storage/target/test-classes:storage/target/classes:dicom-core/target/test-classes:dicom-core/target/classes:$(cat reports/target/bench.classpath)" \
  org.rdc.reports.bench.DeliveryBenchmark "${1:-50}" "${2:-60000}" "${TMPDIR:-/tmp}/rdc-bench-delivery"
