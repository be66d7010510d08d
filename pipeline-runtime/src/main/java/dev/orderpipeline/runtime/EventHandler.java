package dev.orderpipeline.runtime;

import java.util.List;

import dev.orderpipeline.events.EventEnvelope;

/**
 * A service's business step: given one consumed event, apply its effect to MongoDB idempotently
 * and return the events to publish. Called again with the same event after a crash or a rewind,
 * it must change nothing twice and return the same events (same ids).
 */
@FunctionalInterface
public interface EventHandler {

    List<EventEnvelope> handle(EventRecord record);
}
