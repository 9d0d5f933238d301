#!/usr/bin/env bash
# Render + sign a one-page report (author: PAdES RSA + SM2, each with an RFC 3161 timestamp from the embedded
# TSA), then verify it: p50/p95/max over RUNS runs after WARMUP (goals, issue 16: sign p95 <= 300 ms, verify
# <= 100 ms). Usage: bench/reports-sign.sh [RUNS] [WARMUP]
# With RDC_BENCH_JFR=FILE.jfr the run is recorded by JFR (profile settings: CPU samples every 10 ms, allocations).
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so the modules (and their test-jars) come from their target/ directories
./mvnw -B -q -pl reports -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
uptime
jfr=()
if [ -n "${RDC_BENCH_JFR:-}" ]; then
  jfr=("-XX:StartFlightRecording=filename=${RDC_BENCH_JFR},settings=profile,dumponexit=true")
fi
# The reactor's own classes first, so a stale jar in ~/.m2 is never what runs.
java "${jfr[@]}" -cp "reports/target/test-classes:reports/target/classes:storage/target/test-classes:storage/target/classes:dicom-core/target/classes:ecg-ingest/target/classes:$(cat reports/target/bench.classpath)" \
  org.rdc.reports.bench.SigningBenchmark "${1:-200}" "${2:-30}"
uptime
