#!/usr/bin/env bash
# Worklist on PostgreSQL: 100k open tasks; worklist page and next latency (8 readers); ready -> visible.
# Usage: bench/worklist.sh JDBC_URL [OPEN_TASKS]
#   JDBC_URL e.g. 'jdbc:postgresql://127.0.0.1:5432/rdc_bench?user=rdc_bench&password=rdc_bench'
#   (its public schema is DROPPED and recreated: use a database of its own)
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so dicom-core (and its test-jar, which the tests use) come from their target/ directories
./mvnw -B -q -pl reading-workstation-api -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# The reactor's own classes first, so a stale storage jar in ~/.m2 is never what runs.
java -cp "reading-workstation-api/target/test-classes:reading-workstation-api/target/classes:storage/target/test-classes:storage/target/classes:dicom-core/target/classes:$(cat reading-workstation-api/target/bench.classpath)" \
  org.rdc.workstation.bench.WorklistBenchmark "$1" "${2:-100000}"
