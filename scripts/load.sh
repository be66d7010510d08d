#!/usr/bin/env bash
# The load generator (module load-generator): drives the storefront REST API as many concurrent
# shoppers and reports throughput and checkout-to-final-status latency; writes result.json and
# chart.html (default target/load-<timestamp>, relative to where it is run). --help lists the options.
# Example: scripts/load.sh --mode checkout --rate 20 --duration 30s --restock --admin-token <token>
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/java-home.sh"
if [ ! -f "$root/load-generator/target/load-generator.jar" ] || [ "${REBUILD:-0}" = 1 ]; then
  echo "[load] Building (./mvnw -pl load-generator -am -DskipTests package)" >&2
  (cd "$root" && ./mvnw -q -B -pl load-generator -am -DskipTests package)
fi
# C1 only: a run lasts a minute or a few, too short for C2's compiling to pay for itself (BENCHMARKS.md)
exec "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -cp "$root/load-generator/target/load-generator.jar:$root/load-generator/target/lib/*" \
  dev.orderpipeline.loadgen.LoadGenerator "$@"
