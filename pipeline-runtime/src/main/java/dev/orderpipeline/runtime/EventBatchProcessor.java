package dev.orderpipeline.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Runs an {@link EventHandler} over a batch of records inside the listener container's Kafka
 * transaction, and publishes what it returns in that same transaction, so the outputs and the
 * consumed offsets commit together or not at all.
 *
 * <p>Poison records go to {@code <topic>.dlt} with their original bytes (spring-kafka's
 * {@link DeadLetterPublishingRecoverer} adds the error headers) and the partition moves on:
 * records that are not valid events at once, records whose handling fails for another reason after
 * {@code maxAttempts} deliveries. Infrastructure failures (MongoDB or Kafka unreachable) are
 * rethrown every time: the transaction rolls back and the batch is redelivered after a back-off,
 * because dead-lettering a healthy event during an outage would lose it.
 */
public class EventBatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventBatchProcessor.class);

    private final KafkaTemplate<String, Object> template;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final Map<String, Integer> failedAttempts = new ConcurrentHashMap<>();

    public EventBatchProcessor(KafkaTemplate<String, Object> template, DeadLetterPublishingRecoverer deadLetters,
                               MeterRegistry meters, int maxAttempts) {
        this.template = template;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.maxAttempts = maxAttempts;
    }

    public void process(List<ConsumerRecord<String, byte[]>> records, EventHandler handler) {
        for (ConsumerRecord<String, byte[]> record : records) {
            processOne(record, handler);
        }
    }

    private void processOne(ConsumerRecord<String, byte[]> record, EventHandler handler) {
        EventEnvelope event;
        try {
            event = EventJson.read(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e);
            return;
        }
        List<EventEnvelope> outputs;
        try {
            outputs = handler.handle(new EventRecord(event, record.topic(), record.partition(), record.offset()));
        } catch (InvalidEventException e) {
            deadLetter(record, e);
            return;
        } catch (RuntimeException e) {
            if (isInfrastructureFailure(e) || !attemptsExhausted(record)) {
                throw e;
            }
            deadLetter(record, e);
            return;
        }
        failedAttempts.remove(position(record));
        for (EventEnvelope output : outputs) {
            template.send(output.topic(), output.key(), output);
        }
        meters.counter("pipeline.events.processed", "topic", record.topic(), "type", event.type()).increment();
    }

    private boolean attemptsExhausted(ConsumerRecord<?, ?> record) {
        int attempts = failedAttempts.merge(position(record), 1, Integer::sum);
        return attempts >= maxAttempts;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), error.toString());
        failedAttempts.remove(position(record));
        deadLetters.accept(record, error);
        meters.counter("pipeline.events.dead_lettered", "topic", record.topic()).increment();
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    static boolean isInfrastructureFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof com.mongodb.MongoSocketException || t instanceof com.mongodb.MongoTimeoutException
                    || t instanceof com.mongodb.MongoServerUnavailableException
                    || t instanceof com.mongodb.MongoNotPrimaryException
                    || t instanceof com.mongodb.MongoNodeIsRecoveringException
                    || t instanceof com.mongodb.MongoInterruptedException
                    || t instanceof org.apache.kafka.common.KafkaException
                    || t instanceof org.springframework.kafka.KafkaException) {
                return true;
            }
        }
        return false;
    }
}
