package dev.orderpipeline.runtime;

import java.util.List;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.PipelineEvent;

/**
 * A service's business step: given one consumed event, apply its effect to MongoDB idempotently
 * and return the events to publish. Called again with the same event after a crash or a rewind,
 * it must change nothing twice and return the same events (same ids).
 */
@FunctionalInterface
public interface EventHandler {

    List<EventEnvelope> handle(EventRecord record);

    /** Runs an effect that publishes nothing. */
    static List<EventEnvelope> nothingPublished(Runnable effect) {
        effect.run();
        return List.of();
    }

    /** The outcome of {@code cause} to publish (id derived from the cause), or nothing if null. */
    static List<EventEnvelope> outcomeOf(EventEnvelope cause, PipelineEvent outcome) {
        return outcome == null ? List.of() : List.of(EventEnvelope.causedBy(cause, outcome));
    }
}
