#!/bin/bash
# Runs a class from /opt/kafka/libs, like Apache Kafka's script of the same name (simplified).
set -euo pipefail
KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
# shellcheck disable=SC2086
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${KAFKA_TOOLS_HEAP_OPTS:--Xmx256m} -XX:TieredStopAtLevel=1 \
  -Dlog4j2.configurationFile="$KAFKA_HOME/config/tools-log4j2.xml" ${KAFKA_TOOLS_OPTS:-} \
  -cp "$KAFKA_HOME/libs/*" "$@"
