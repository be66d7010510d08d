package dev.orderpipeline.runtime;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.InvalidEventException;
import dev.orderpipeline.events.PipelineEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A consumed event and the record it was read from. */
public record EventRecord(EventEnvelope event, ConsumerRecord<String, byte[]> record) {

    /**
     * @throws InvalidEventException when the record is not a valid event of the contract
     */
    public static EventRecord of(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new InvalidEventException("record without value");
        }
        return new EventRecord(EventJson.read(record.value()), record);
    }

    public PipelineEvent payload() {
        return event.payload();
    }

    public long offset() {
        return record.offset();
    }

    public String topic() {
        return record.topic();
    }

    public int partition() {
        return record.partition();
    }
}
