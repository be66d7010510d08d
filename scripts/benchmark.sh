#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md: starts its own local stack (fresh data, free ports), then measures
# the broker's raw ceiling, the pipeline's sustained rate and latency, and the drain of a backlog.
# Never part of the test command. Options through the environment: BENCHMARK_PHASES, BENCHMARK_OUT,
# BENCHMARK_PROFILE=1 (JFR of every service), and the sizes named in the Benchmark class (system-tests).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
if [ ! -f system-tests/target/system-tests.jar ] || [ "${REBUILD:-0}" = 1 ]; then
  echo "[benchmark] Building (./mvnw -DskipTests package)"
  ./mvnw -q -B -DskipTests package
fi
echo "[benchmark] Running with $JAVA_HOME/bin/java on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "system-tests/target/system-tests.jar:system-tests/target/lib/*" \
  dev.orderpipeline.systemtests.bench.Benchmark "$PWD"
