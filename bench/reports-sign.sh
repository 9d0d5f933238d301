#!/bin/sh
# Render + sign (author: PAdES RSA + SM2, each with an RFC 3161 timestamp from the embedded TSA) a one-page
# report, then verify it: p50/p95 over 200 runs after 30 warm-up (goals: sign p95 <= 300 ms, verify <= 100 ms).
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q verify -pl reports -am -Dtest=SigningBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Drdc.bench=true \
  -Dsurefire.redirectTestOutputToFile=false 2>&1 | grep '^BENCH'
