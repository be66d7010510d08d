#!/usr/bin/env bash
# The fault proof (FaultProof, in system-tests): thousands of checkouts while workers are killed,
# the broker and MongoDB restart, offsets are rewound and poison is mixed in; then every guarantee is checked.
# Each worker runs in FAULT_PROOF_INSTANCES (2) instances, is scaled up by one and back down, and one instance of each is
# frozen (SIGSTOP) past its session timeout, then woken (a zombie).
# Its last line: "fault-proof: <checkouts> checkouts, <kills> kills, <zombies> zombies, <scale> scale events, <restarts> broker restarts,
# <m> mongodb restarts, <instances> instances per worker, <violations> violations".
# Size with FAULT_PROOF_CHECKOUTS (10000), FAULT_PROOF_SKUS (300), FAULT_PROOF_UNITS_PER_SKU (25), FAULT_PROOF_CLIENTS (24);
# faults with FAULT_PROOF_BROKER_RESTARTS (1), FAULT_PROOF_MONGODB_RESTARTS (1) and FAULT_PROOF_KILL_EVERY_SECONDS
# (0: five SIGKILLs at planned moments; N: every N seconds or as soon as one is up again, a worker that is up SIGKILLed, the two in turn).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
if [ ! -f system-tests/target/system-tests.jar ] || [ "${REBUILD:-0}" = 1 ]; then
  echo "[fault-proof] Building (./mvnw -DskipTests package)"
  ./mvnw -q -B -DskipTests package
fi
echo "[fault-proof] Running with $JAVA_HOME/bin/java"
exec "$JAVA_HOME/bin/java" -cp "system-tests/target/system-tests.jar:system-tests/target/lib/*" \
  dev.orderpipeline.systemtests.FaultProof "$PWD"
