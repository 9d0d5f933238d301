#!/usr/bin/env bash
# Render + sign a one-page report (author: PAdES RSA + SM2, each with an RFC 3161 timestamp from the embedded
# TSA), then verify it: p50/p95/max over RUNS runs after WARMUP (goals, issue 16: sign p95 <= 300 ms, verify
# <= 100 ms). Usage: bench/reports-sign.sh [RUNS] [WARMUP]
# With RDC_BENCH_JFR=FILE.jfr the timed runs are recorded by JFR (profile settings: CPU samples every 10 ms,
# allocation samples) and summarised by bench/JfrTop.java.
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so the modules (and their test-jars) come from their target/ directories
./mvnw -B -q -pl reports -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
uptime
# The reactor's own classes first, so a stale jar in ~/.m2 is never what runs.
java -Drdc.bench.jfr="${RDC_BENCH_JFR:-}" -cp "reports/target/test-classes:reports/target/classes:storage/target/test-classes:storage/target/classes:dicom-core/target/classes:ecg-ingest/target/classes:$(cat reports/target/bench.classpath)" \
  org.rdc.reports.bench.SigningBenchmark "${1:-200}" "${2:-30}"
uptime
if [ -n "${RDC_BENCH_JFR:-}" ]; then
  java bench/JfrTop.java "$RDC_BENCH_JFR" org.rdc. 12
fi
