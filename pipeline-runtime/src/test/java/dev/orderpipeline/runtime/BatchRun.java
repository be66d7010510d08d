package dev.orderpipeline.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.PipelineEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Test fixture, shared through this module's test-jar. One batch handled as {@link EventBatchProcessor} hands it to a flow, without Kafka: the records
 * become {@link EventRecord}s, the handler runs, and what it decided (the events to publish, the
 * records to dead-letter, which only the processor reads) is kept for the test to look at. It sits
 * in the runtime's package for that reason.
 *
 * @param deadLettered each dead-lettered record with the reason the flow gave
 */
public record BatchRun(List<EventEnvelope> published, Map<ConsumerRecord<String, byte[]>, String> deadLettered) {

    public static BatchRun of(List<ConsumerRecord<String, byte[]>> records, BatchHandler handler) {
        EventBatch batch = new EventBatch(records.stream().map(EventRecord::of).toList());
        handler.handle(batch);
        Map<ConsumerRecord<String, byte[]>, String> deadLettered = new LinkedHashMap<>();
        batch.deadLetters().forEach((record, reason) -> deadLettered.put(record.record(), reason.getMessage()));
        return new BatchRun(List.copyOf(batch.outputs()), deadLettered);
    }

    public List<PipelineEvent> payloads() {
        return published.stream().map(EventEnvelope::payload).toList();
    }

    public List<UUID> eventIds() {
        return published.stream().map(EventEnvelope::eventId).toList();
    }
}
