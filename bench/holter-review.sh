#!/usr/bin/env bash
# Holter full-disclosure benchmark (issue 14 point 5): 1 min x 3 leads of a 24 h, 3-lead, 256 Hz ISHNE recording
# stored as a study's attachment (embedded S3 + H2), read at random starts by seeking in the stored object.
# Goal: <= 50 ms a page. Prints median / p95 / max and the machine load.
# Usage: bench/holter-review.sh [PAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl reading-workstation-api -am test-compile dependency:build-classpath -Drdc.web.skip=true \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -Djacoco.skip=true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
m=reading-workstation-api
java -Xmx256m -cp "$m/target/test-classes:$m/target/classes:$(cat $m/target/bench.classpath)" \
  org.rdc.workstation.holter.HolterReviewBench "$work" "${1:-200}" | grep '^holter-review'
uptime
