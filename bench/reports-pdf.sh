#!/usr/bin/env bash
# Report PDF rendering: one A4 page to PDF/A-2b bytes (CJK font subset-embedded, QR code), p50/p95.
# Usage: bench/reports-pdf.sh [RUNS]   (font: RDC_REPORT_FONT, default fonts-wqy-microhei)
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so the modules (and their test-jars) come from their target/ directories
./mvnw -B -q -pl reports -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "reports/target/test-classes:reports/target/classes:storage/target/classes:dicom-core/target/classes:ecg-ingest/target/classes:$(cat reports/target/bench.classpath)" \
  org.rdc.reports.bench.ReportPdfBenchmark "${1:-300}"
