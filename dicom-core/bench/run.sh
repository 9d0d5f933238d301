#!/bin/bash
# JMH benchmark of dicom-core next to dcmtk's dcm2json (see README.md here). Run from anywhere;
# needs ../shared/testdata beside the project root and dcmtk installed. Takes about 5 minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q -pl dicom-core test-compile
./mvnw -B -q -pl dicom-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/dicom-core/target/bench.cp"
cp="dicom-core/target/test-classes:dicom-core/target/classes:$(cat dicom-core/target/bench.cp)"

java -cp "$cp" -Drdc.testdata="$root/../shared/testdata" org.openjdk.jmh.Main ParseBenchmark \
  -jvmArgs "-Drdc.testdata=$root/../shared/testdata" -rf text -rff dicom-core/bench/jmh-results.txt "$@"
