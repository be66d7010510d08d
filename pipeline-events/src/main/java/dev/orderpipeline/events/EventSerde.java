package dev.orderpipeline.events;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka (de)serialisers for {@link EventEnvelope}. */
public final class EventSerde {

    private EventSerde() {
    }

    public static class EnvelopeSerializer implements Serializer<EventEnvelope> {
        @Override
        public byte[] serialize(String topic, EventEnvelope data) {
            return data == null ? null : EventJson.write(data);
        }
    }

    public static class EnvelopeDeserializer implements Deserializer<EventEnvelope> {
        @Override
        public EventEnvelope deserialize(String topic, byte[] data) {
            if (data == null) {
                throw new InvalidEventException("record without value");
            }
            return EventJson.read(data);
        }
    }
}
