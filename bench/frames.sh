#!/usr/bin/env bash
# DICOMweb pixels over loopback HTTP against the real application: one 512x512 CT frame (/frames/1,
# goal p50 <= 5 ms) and a 3000x2500 CR rendered to JPEG (/rendered, goal <= 150 ms).
# Usage: bench/frames.sh [JDBC_URL] [REQUESTS]
#   JDBC_URL e.g. 'jdbc:postgresql://127.0.0.1:5432/rdc_bench?user=rdc_bench&password=rdc_bench' (its public
#   schema is DROPPED and recreated: use a database of its own; empty: the embedded H2). Needs ../shared/testdata (CT_small.dcm is scaled up).
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so the modules (and the test-jars the benchmark uses) come from their target/ directories;
# offline, and without the browser workstation's npm build, which no request here needs
./mvnw -B -q -pl rdc-app -am test-compile dependency:build-classpath -Drdc.web.skip=true \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP=rdc-app/target/test-classes:rdc-app/target/classes
for m in reading-workstation-api reports dicom-gateway ecg-ingest storage dicom-core; do
  CP=$CP:$m/target/classes:$m/target/test-classes
done
java -cp "$CP:$(cat rdc-app/target/bench.classpath)" org.rdc.app.bench.PixelBenchmark ../shared/testdata "${1:-}" "${2:-300}"
