#!/usr/bin/env bash
# The soak of BENCHMARKS.md: starts its own local stack (fresh data, free ports), warms it up with a
# closed loop (BENCHMARK_WARM_SECONDS, 180), then runs an open loop at SOAK_RATE checkouts/s (128: half
# the sustained rate in BENCHMARKS.md) for SOAK_MINUTES (30) in windows of SOAK_WINDOW_MINUTES (5).
# Before the first window and after each it records, per process, the heap after a full GC, resident
# memory, open file descriptors and threads; per window, the checkout-to-final latency percentiles.
# Figures in target/soak-<timestamp>/benchmark.json (or SOAK_OUT). Never part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCHMARK_PHASES="${SOAK_PHASES:-warm,soak}"
export BENCHMARK_OUT="${SOAK_OUT:-$PWD/target/soak-$(date +%Y%m%d-%H%M%S)}"
echo "[soak] phases $BENCHMARK_PHASES, rate ${SOAK_RATE:-128}/s for ${SOAK_MINUTES:-30} min; figures in $BENCHMARK_OUT"
exec scripts/benchmark.sh
