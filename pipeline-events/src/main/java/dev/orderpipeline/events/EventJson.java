package dev.orderpipeline.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON form of an {@link EventEnvelope}: the envelope's fields plus a {@code payload} object whose
 * shape the {@code type} field selects. Unknown fields are ignored, so producers may add fields.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Map<String, Class<? extends PipelineEvent>> TYPES =
            Arrays.stream(PipelineEvent.class.getPermittedSubclasses())
                    .map(EventJson::asEventClass)
                    .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventJson() {
    }

    public static byte[] write(EventEnvelope envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("schemaVersion", envelope.schemaVersion());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("key", envelope.key());
        node.put("correlationId", envelope.correlationId());
        node.put("causationId", envelope.causationId() == null ? null : envelope.causationId().toString());
        node.set("payload", MAPPER.valueToTree(envelope.payload()));
        return MAPPER.writeValueAsBytes(node);
    }

    /**
     * Reads an envelope.
     *
     * @throws InvalidEventException when the bytes are not JSON, the type is unknown, or the
     *                               payload breaks the event's rules
     */
    public static EventEnvelope read(byte[] bytes) {
        return read(bytes, SchemaVersions.CURRENT);
    }

    /** Reads an envelope as a consumer that knows {@code versions}. */
    static EventEnvelope read(byte[] bytes, SchemaVersions versions) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException("not a JSON object");
            }
            String type = requiredText(node, "type");
            Class<? extends PipelineEvent> payloadType = TYPES.get(type);
            if (payloadType == null) {
                throw new InvalidEventException("unknown event type: " + type + " (not in this consumer's contract,"
                        + " perhaps from a newer producer: re-drive it from the dead-letter topic once the consumer"
                        + " is upgraded)");
            }
            JsonNode written = node.get("payload");
            if (written == null || !written.isObject()) {
                throw new InvalidEventException("payload missing");
            }
            int schemaVersion = node.path("schemaVersion").asInt(0);
            ObjectNode payload = versions.upgrade(type, schemaVersion, (ObjectNode) written);
            String causation = node.path("causationId").asString(null);
            return new EventEnvelope(
                    UUID.fromString(requiredText(node, "eventId")), type, versions.current(type),
                    Instant.parse(requiredText(node, "occurredAt")), requiredText(node, "key"),
                    requiredText(node, "correlationId"),
                    causation == null ? null : UUID.fromString(causation),
                    MAPPER.treeToValue(payload, payloadType));
        } catch (JacksonException | IllegalArgumentException | DateTimeException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new InvalidEventException("field '" + field + "' missing");
        }
        return value.asString();
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends PipelineEvent> asEventClass(Class<?> type) {
        return (Class<? extends PipelineEvent>) type;
    }
}
