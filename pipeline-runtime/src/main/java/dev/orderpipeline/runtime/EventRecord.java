package dev.orderpipeline.runtime;

import dev.orderpipeline.events.EventEnvelope;

/** A consumed event and where it was read from. */
public record EventRecord(EventEnvelope event, String topic, int partition, long offset) {
}
