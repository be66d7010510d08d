package dev.orderpipeline.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Runs a {@link BatchHandler} over one poll's records inside the listener container's Kafka
 * transaction and publishes what it decided in that same transaction, so the outputs and the
 * consumed offsets commit together or not at all.
 *
 * <p>Poison goes to {@code <topic>.dlt} with its original bytes (spring-kafka's
 * {@link DeadLetterPublishingRecoverer} adds the error headers) and the rest of the batch is
 * applied: records that are not valid events at once, records the handler refuses at once, and
 * records whose handling fails for another reason (a bug) after {@code maxAttempts} attempts: when a
 * batch fails, its records are handled one at a time, each up to the remaining attempts. An
 * infrastructure failure (MongoDB or Kafka unreachable, a write that lost a race) is rethrown every
 * time: the transaction rolls back and the batch is redelivered after a back-off, because
 * dead-lettering a healthy event during an outage would lose it.
 */
public class EventBatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventBatchProcessor.class);

    private final KafkaTemplate<String, Object> template;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final MeterRegistry meters;
    private final int maxAttempts;

    public EventBatchProcessor(KafkaTemplate<String, Object> template, DeadLetterPublishingRecoverer deadLetters,
                               MeterRegistry meters, int maxAttempts) {
        this.template = template;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    public void process(List<ConsumerRecord<String, byte[]>> records, BatchHandler handler) {
        List<EventRecord> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(EventRecord.of(record));
            } catch (InvalidEventException e) {
                deadLetter(record, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        EventBatch batch = new EventBatch(events);
        try {
            handler.handle(batch);
        } catch (RuntimeException e) {
            rethrowIfInfrastructure(e);
            if (events.size() == 1) {
                processAlone(events.getFirst(), handler, maxAttempts - 1, e);
            } else {
                log.warn("A batch of {} records failed ({}); handling them one by one", events.size(), e.toString());
                events.forEach(event -> processAlone(event, handler, Math.max(1, maxAttempts - 1), e));
            }
            return;
        }
        complete(batch);
    }

    /** Handles one record on its own, up to {@code attempts} times; then it is dead-lettered. */
    private void processAlone(EventRecord record, BatchHandler handler, int attempts, RuntimeException failure) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            EventBatch alone = new EventBatch(List.of(record));
            try {
                handler.handle(alone);
            } catch (RuntimeException e) {
                rethrowIfInfrastructure(e);
                failure = e;
                continue;
            }
            complete(alone);
            return;
        }
        deadLetter(record.record(), failure);
    }

    private static void rethrowIfInfrastructure(RuntimeException e) {
        if (Failures.isInfrastructure(e)) {
            throw e;
        }
    }

    private void complete(EventBatch batch) {
        batch.deadLetters().forEach((record, reason) -> deadLetter(record.record(), reason));
        for (EventEnvelope output : batch.outputs()) {
            template.send(output.topic(), output.key(), output);
        }
        Map<List<String>, Long> byTopicAndType = batch.records().stream()
                .collect(Collectors.groupingBy(r -> List.of(r.topic(), r.event().type()), Collectors.counting()));
        byTopicAndType.forEach((topicAndType, count) -> meters.counter("pipeline.events.processed",
                "topic", topicAndType.get(0), "type", topicAndType.get(1)).increment(count));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), error.toString());
        deadLetters.accept(record, error);
        meters.counter("pipeline.events.dead_lettered", "topic", record.topic()).increment();
    }
}
