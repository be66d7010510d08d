package dev.orderpipeline.events;

import org.apache.kafka.common.serialization.Serializer;

/** The Kafka serialiser of {@link EventEnvelope}s (the workers read records as bytes, see EventBatchProcessor). */
public final class EventSerde {

    private EventSerde() {
    }

    public static class EnvelopeSerializer implements Serializer<EventEnvelope> {
        @Override
        public byte[] serialize(String topic, EventEnvelope data) {
            return data == null ? null : EventJson.write(data);
        }
    }
}
