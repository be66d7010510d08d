package dev.orderpipeline.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.InvalidEventException;
import dev.orderpipeline.events.PipelineEvent;

/**
 * The valid events of one poll, in the order they were read (so per key in partition order), and
 * what handling them decided: the events to publish and the records to dead-letter. Nothing is sent
 * until the handler returns, so a failed attempt leaves nothing behind in Kafka.
 */
public final class EventBatch {

    private final List<EventRecord> records;
    private final List<Output> outputs = new ArrayList<>();
    private final Map<EventRecord, InvalidEventException> deadLetters = new LinkedHashMap<>();

    public EventBatch(List<EventRecord> records) {
        this.records = List.copyOf(records);
    }

    public List<EventRecord> records() {
        return records;
    }

    /** The payloads of the given type, in order. */
    public <T extends PipelineEvent> Stream<T> payloads(Class<T> type) {
        return records.stream().map(EventRecord::payload).filter(type::isInstance).map(type::cast);
    }

    /** The distinct values {@code key} gives for the payloads of the given type. */
    public <T extends PipelineEvent, K> List<K> distinct(Class<T> type, Function<T, K> key) {
        return payloads(type).map(key).distinct().toList();
    }

    /** Publishes {@code outcome} as caused by {@code cause}: its id is derived from the cause's. */
    public void publish(EventRecord cause, PipelineEvent outcome) {
        outputs.add(new Output(cause, EventEnvelope.causedBy(cause.event(), outcome)));
    }

    /**
     * As {@link #publish(EventRecord, PipelineEvent)}, the event's time being when the change it
     * announces was stored (readers such as the storefront's order stream show it as the change's time).
     */
    public void publish(EventRecord cause, PipelineEvent outcome, Instant storedAt) {
        outputs.add(new Output(cause, EventEnvelope.causedBy(cause.event(), outcome,
                storedAt != null ? storedAt : Instant.now())));
    }

    /** Sends {@code record} to its dead-letter topic: it is valid JSON but breaks a rule of the flow. */
    public void deadLetter(EventRecord record, String reason) {
        deadLetters.put(record, new InvalidEventException(reason));
    }

    List<EventEnvelope> outputs() {
        return outputs.stream().map(Output::event).toList();
    }

    /** The events to publish, each with the record that caused it (its trace goes on with the event). */
    List<Output> outputsWithCauses() {
        return outputs;
    }

    record Output(EventRecord cause, EventEnvelope event) {
    }

    Map<EventRecord, InvalidEventException> deadLetters() {
        return deadLetters;
    }
}
