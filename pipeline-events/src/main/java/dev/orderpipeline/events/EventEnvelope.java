package dev.orderpipeline.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * What travels on Kafka: the event plus its metadata.
 *
 * @param eventId       unique id; events derived from another event get a deterministic id, so a
 *                      replay publishes the same id again and consumers can recognise it
 * @param type          the event's record name, e.g. {@code OrderPlaced}
 * @param schemaVersion version of the payload's shape ({@link SchemaVersions}); an envelope read from an
 *                      older version holds the payload upgraded to the current shape
 * @param occurredAt    when the event was created
 * @param key           the Kafka key (cartId, orderId or sku)
 * @param correlationId the cart or order this event belongs to
 * @param causationId   the event that caused this one; null for events from outside (the API)
 */
public record EventEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt, String key,
                            String correlationId, @OptionalField UUID causationId, PipelineEvent payload) {

    public EventEnvelope {
        Checks.present(eventId, "eventId");
        Checks.present(payload, "payload");
        Checks.present(occurredAt, "occurredAt");
        Checks.same(type, typeOf(payload), "type");
        Checks.same(key, payload.key(), "key");
        Checks.text(correlationId, "correlationId");
    }

    /** A new event from outside the pipeline (an API call). */
    public static EventEnvelope of(PipelineEvent payload, String correlationId) {
        return new EventEnvelope(UUID.randomUUID(), typeOf(payload), version(payload), Instant.now(), payload.key(),
                correlationId, null, payload);
    }

    /**
     * An event caused by {@code cause}. Its id depends only on the cause and the payload's type,
     * so processing the same cause twice yields the same event id.
     */
    public static EventEnvelope causedBy(EventEnvelope cause, PipelineEvent payload) {
        return causedBy(cause, payload, Instant.now());
    }

    /** As {@link #causedBy(EventEnvelope, PipelineEvent)}, at the time the change it announces was stored. */
    public static EventEnvelope causedBy(EventEnvelope cause, PipelineEvent payload, Instant occurredAt) {
        return new EventEnvelope(nameBasedId(cause.eventId().toString(), payload), typeOf(payload), version(payload),
                occurredAt, payload.key(), cause.correlationId(), cause.eventId(), payload);
    }

    /** An event caused by something that is not an event (a timer), identified by {@code origin}. */
    public static EventEnvelope derivedFrom(String origin, String correlationId, PipelineEvent payload) {
        return derivedFrom(origin, correlationId, payload, Instant.now());
    }

    /** As {@link #derivedFrom(String, String, PipelineEvent)}, at the time the change it announces was stored. */
    public static EventEnvelope derivedFrom(String origin, String correlationId, PipelineEvent payload,
                                            Instant occurredAt) {
        return new EventEnvelope(nameBasedId(origin, payload), typeOf(payload), version(payload), occurredAt,
                payload.key(), correlationId, null, payload);
    }

    private static int version(PipelineEvent payload) {
        return SchemaVersions.CURRENT.current(payload.getClass());
    }

    public String topic() {
        return payload.topic();
    }

    /** The same {@code source} and payload type always give the same id. */
    private static UUID nameBasedId(String source, PipelineEvent payload) {
        return UUID.nameUUIDFromBytes((source + "/" + typeOf(payload)).getBytes(StandardCharsets.UTF_8));
    }

    private static String typeOf(PipelineEvent payload) {
        return payload.getClass().getSimpleName();
    }
}
