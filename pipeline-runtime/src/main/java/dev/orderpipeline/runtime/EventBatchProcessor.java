package dev.orderpipeline.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Runs a {@link BatchHandler} over one poll's records and publishes what it decided, returning only
 * once the broker has acknowledged every output (acks=all): the listener container commits the
 * poll's offsets after that (a worker's listener acknowledges the batch here, then), so an offset
 * is committed only after what its record caused is in Kafka (at-least-once). A crash before the
 * commit redelivers the batch, which the handlers apply idempotently and answer with the same
 * derived event ids, so a redelivery changes nothing twice and its outputs are duplicates that
 * every consumer recognises by their ids.
 *
 * <p>Poison goes to {@code <topic>.dlt} with its original bytes (spring-kafka's
 * {@link DeadLetterPublishingRecoverer} adds the error headers) and the rest of the batch is
 * applied: records that are not valid events at once, records the handler refuses at once, and
 * records whose handling fails for another reason (a bug) after {@code maxAttempts} attempts: when a
 * batch fails, its records are handled one at a time, each up to the remaining attempts. An
 * infrastructure failure (MongoDB or Kafka unreachable, a write that lost a race) is rethrown every
 * time: the container's error handler delivers the batch again after a back-off, for as long as the
 * outage lasts, because dead-lettering a healthy event during an outage would lose it.
 */
public class EventBatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventBatchProcessor.class);
    /** A line per handled record, in the record's trace (its id in the line); off unless set to DEBUG. */
    private static final Logger handled = LoggerFactory.getLogger("dev.orderpipeline.runtime.handled");

    private final KafkaTemplate<String, Object> template;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final RecordTracing tracing;

    public EventBatchProcessor(KafkaTemplate<String, Object> template, DeadLetterPublishingRecoverer deadLetters,
                               MeterRegistry meters, int maxAttempts) {
        this(template, deadLetters, meters, maxAttempts, RecordTracing.NONE);
    }

    public EventBatchProcessor(KafkaTemplate<String, Object> template, DeadLetterPublishingRecoverer deadLetters,
                               MeterRegistry meters, int maxAttempts, RecordTracing tracing) {
        this.template = template;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.tracing = tracing;
    }

    /**
     * As a worker's listener calls it (manual acknowledgement): the batch's offsets are committed
     * ({@code ack}) once its outputs are acknowledged, as below; but the records of partitions no longer
     * assigned to {@code consumer} are left to their new owner, and then nothing of the batch is
     * acknowledged. That happens only to a batch delivered again after a failure (the error handler
     * retries it in memory, and the partition was revoked or lost meanwhile, as to a zombie): the new
     * owner reads those records from its own offsets, and a late commit of them from here could move
     * its committed offset past records it has not handled yet. The assigned partitions' offsets are
     * committed with their next batch, or handled again by their next owner (idempotently).
     */
    public void process(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer, Acknowledgment ack,
                        BatchHandler handler) {
        List<ConsumerRecord<String, byte[]>> assigned = assignedOnly(records, consumer.assignment());
        process(assigned, handler);
        if (assigned.size() == records.size()) {
            ack.acknowledge();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> assignedOnly(List<ConsumerRecord<String, byte[]>> records,
                                                                    Set<TopicPartition> assignment) {
        Set<TopicPartition> gone = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (!assignment.contains(partition)) {
                gone.add(partition);
            }
        }
        if (gone.isEmpty()) {
            return records;
        }
        List<ConsumerRecord<String, byte[]>> assigned = records.stream()
                .filter(record -> !gone.contains(new TopicPartition(record.topic(), record.partition()))).toList();
        log.info("Leaving {} record(s) of {} to their new owner: no longer assigned here since the batch was polled;"
                + " the batch's offsets are not committed", records.size() - assigned.size(), gone);
        return assigned;
    }

    /** Runs {@code handler} over the records as above; committing their offsets is the caller's. */
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
        RecordTracing.Spans spans = tracing.start(events);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        try {
            process(events, handler, spans, sends);
            awaitAcknowledged(sends);
        } catch (RuntimeException e) {
            spans.failed(e);
            throw e;
        } finally {
            spans.end();
        }
    }

    /**
     * Runs {@code handler} over a batch no record started (a timer's work): it reads, writes and says
     * what to publish as for a poll, and this returns once every output is acknowledged. There is no
     * offset to commit, so what the handler stored and has not seen acknowledged is its own to find
     * again; the next run publishes it again under the same ids. A failure is the caller's to retry.
     */
    public void run(BatchHandler handler) {
        EventBatch batch = new EventBatch(List.of());
        handler.handle(batch);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        RecordTracing.Spans spans = tracing.start(List.of());
        complete(batch, spans, sends);
        awaitAcknowledged(sends);
    }

    private void process(List<EventRecord> events, BatchHandler handler, RecordTracing.Spans spans,
                         List<CompletableFuture<?>> sends) {
        EventBatch batch = new EventBatch(events);
        try {
            handler.handle(batch);
        } catch (RuntimeException e) {
            rethrowIfInfrastructure(e);
            if (events.size() == 1) {
                processAlone(events.getFirst(), handler, maxAttempts - 1, e, spans, sends);
            } else {
                log.warn("A batch of {} records failed ({}); handling them one by one", events.size(), e.toString());
                events.forEach(event -> processAlone(event, handler, Math.max(1, maxAttempts - 1), e, spans, sends));
            }
            return;
        }
        complete(batch, spans, sends);
    }

    /** Handles one record on its own, up to {@code attempts} times; then it is dead-lettered. */
    private void processAlone(EventRecord record, BatchHandler handler, int attempts, RuntimeException failure,
                              RecordTracing.Spans spans, List<CompletableFuture<?>> sends) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            EventBatch alone = new EventBatch(List.of(record));
            try {
                handler.handle(alone);
            } catch (RuntimeException e) {
                rethrowIfInfrastructure(e);
                failure = e;
                continue;
            }
            complete(alone, spans, sends);
            return;
        }
        spans.deadLettered(record, failure);
        try (var span = spans.open(record)) {
            deadLetter(record.record(), failure);
        }
    }

    private static void rethrowIfInfrastructure(RuntimeException e) {
        if (Failures.isInfrastructure(e)) {
            throw e;
        }
    }

    private void complete(EventBatch batch, RecordTracing.Spans spans, List<CompletableFuture<?>> sends) {
        batch.deadLetters().forEach((record, reason) -> {
            spans.deadLettered(record, reason);
            try (var span = spans.open(record)) {
                deadLetter(record.record(), reason);
            }
        });
        for (EventBatch.Output output : batch.outputsWithCauses()) {
            EventEnvelope event = output.event();
            ProducerRecord<String, Object> record = new ProducerRecord<>(event.topic(), event.key(), event);
            spans.carryOn(output.cause(), record.headers());
            // the template's observation continues the current span: the cause's trace goes on
            try (var cause = spans.open(output.cause())) {
                sends.add(template.send(record));
            }
        }
        if (handled.isDebugEnabled()) {
            for (EventRecord record : batch.records()) {
                try (var span = spans.open(record)) {
                    handled.debug("Handled {} {} ({}-{}@{})", record.event().type(), record.record().key(),
                            record.topic(), record.record().partition(), record.offset());
                }
            }
        }
        Map<List<String>, Long> byTopicAndType = batch.records().stream()
                .collect(Collectors.groupingBy(r -> List.of(r.topic(), r.event().type()), Collectors.counting()));
        byTopicAndType.forEach((topicAndType, count) -> meters.counter("pipeline.events.processed",
                "topic", topicAndType.get(0), "type", topicAndType.get(1)).increment(count));
    }

    /**
     * Sends what is still buffered at once (no linger) and waits for every acknowledgement; a send
     * that failed is an outage ({@link Failures}): the batch is delivered again and sent again.
     */
    private void awaitAcknowledged(List<CompletableFuture<?>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        template.flush();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), error.toString());
        deadLetters.accept(record, error);
        meters.counter("pipeline.events.dead_lettered", "topic", record.topic()).increment();
    }
}
