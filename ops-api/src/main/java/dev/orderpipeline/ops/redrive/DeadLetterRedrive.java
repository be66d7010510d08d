package dev.orderpipeline.ops.redrive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.InvalidEventException;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.web.Problems;
import dev.orderpipeline.web.PublishingProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Sends dead-lettered records back to the topic they were dead-lettered from, as they were: same
 * key, same bytes (so the same event id: the workers apply an event once however often it arrives),
 * same partition. spring-kafka's {@code kafka_dlt-original-*} headers say where a dead letter came
 * from. Each redrive is recorded on {@link Topics#REDRIVES} (after the copy is acknowledged), so a
 * later redrive of the same dead letter reports it instead of sending it again.
 */
@Component
class DeadLetterRedrive {

    /** Header of a re-driven record: the dead letter it is a copy of, {@code <dlt>/<partition>/<offset>}. */
    static final String REDRIVE_OF = "pipeline-redrive-of";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRedrive.class);
    private static final Duration READ_LIMIT = Duration.ofSeconds(20);

    private final ConsumerFactory<String, byte[]> consumers;
    private final KafkaTemplate<String, Object> kafka;
    private final Duration sendTimeout;

    @SuppressWarnings("unchecked")
    DeadLetterRedrive(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, Object> kafka,
                      PublishingProperties properties) {
        this.consumers = (ConsumerFactory<String, byte[]>) consumers; // String keys, byte[] values: the pipeline's defaults
        this.kafka = kafka;
        this.sendTimeout = properties.sendTimeout();
    }

    /** One redrive at a time, so two concurrent requests cannot both send the same dead letter. */
    synchronized RedriveResult redrive(RedriveRequest request) {
        List<ConsumerRecord<String, byte[]>> selected = select(request);
        Map<String, String> before = readAll(Topics.REDRIVES);
        List<RedriveResult.Entry> redriven = new ArrayList<>();
        List<RedriveResult.Entry> already = new ArrayList<>();
        List<RedriveResult.Entry> skipped = new ArrayList<>();
        Set<UUID> notFound = new LinkedHashSet<>(request.byEventIds() ? request.eventIds() : List.of());
        for (ConsumerRecord<String, byte[]> record : selected) {
            RedriveResult.Entry entry = describe(record);
            if (entry.eventId() != null) {
                notFound.remove(UUID.fromString(entry.eventId()));
            }
            String skip = whyNot(entry);
            String mark = mark(record);
            if (skip != null) {
                skipped.add(entry.with(skip));
            } else if (before.containsKey(mark)) {
                already.add(entry.with(before.get(mark)));
            } else if (request.isDryRun()) {
                redriven.add(entry);
            } else {
                redriven.add(entry.with(send(record, entry, mark)));
            }
        }
        return new RedriveResult(request.topic(), request.isDryRun(), redriven, already, skipped, List.copyOf(notFound));
    }

    private List<ConsumerRecord<String, byte[]>> select(RedriveRequest request) {
        String topic = request.topic();
        if (!Topics.INPUTS.stream().map(Topics::deadLetterTopic).toList().contains(topic)) {
            throw Problems.invalid("topic", "must be a dead-letter topic: one of "
                    + Topics.INPUTS.stream().map(Topics::deadLetterTopic).toList());
        }
        if (request.partition() == null && !request.byEventIds()) {
            throw Problems.invalid("partition", "a partition (with an offset range) or eventIds are needed");
        }
        if (request.fromOffset() != null && request.toOffset() != null && request.fromOffset() > request.toOffset()) {
            throw Problems.invalid("toOffset", "must not be below fromOffset");
        }
        Set<UUID> ids = request.byEventIds() ? Set.copyOf(request.eventIds()) : null;
        List<ConsumerRecord<String, byte[]>> selected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : read(topic, request.partition(), request.fromOffset(),
                request.toOffset())) {
            if (ids == null || isOneOf(eventIdOf(record.value()), ids)) {
                selected.add(record);
            }
        }
        return selected;
    }

    /** A dead letter that is not a readable event (poison) has no id and matches no id. */
    private static boolean isOneOf(UUID eventId, Set<UUID> ids) {
        return eventId != null && ids.contains(eventId);
    }

    /** The committed records of the partition (all partitions if null) in the offset range, to its current end. */
    private List<ConsumerRecord<String, byte[]>> read(String topic, Integer partition, Long from, Long to) {
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, "ops-redrive")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .filter(info -> partition == null || info.partition() == partition)
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw Problems.invalid("partition", topic + " has no partition " + partition);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                // records before the log's start are gone (retention): begin with the first one kept
                consumer.seek(tp, from == null ? start.get(tp) : Math.max(from, start.get(tp)));
                if (to != null) {
                    end.put(tp, Math.min(end.get(tp), to + 1));
                }
            }
            return drain(consumer, partitions, end);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> drain(Consumer<String, byte[]> consumer,
                                                             List<TopicPartition> partitions,
                                                             Map<TopicPartition, Long> end) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw Problems.unavailable("could not read " + partitions + " to its end within " + READ_LIMIT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** The redrives recorded so far: dead letter ({@code <dlt>/<partition>/<offset>}) to where it went. */
    private Map<String, String> readAll(String topic) {
        Map<String, String> marks = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : read(topic, null, null, null)) {
            marks.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
        }
        return marks;
    }

    private String send(ConsumerRecord<String, byte[]> deadLetter, RedriveResult.Entry entry, String mark) {
        ProducerRecord<String, Object> copy = new ProducerRecord<>(entry.originalTopic(), entry.originalPartition(),
                deadLetter.key(), deadLetter.value());
        copy.headers().add(REDRIVE_OF, mark.getBytes(StandardCharsets.UTF_8));
        RecordMetadata sent = acknowledged(copy);
        String where = sent.topic() + "-" + sent.partition() + "@" + sent.offset();
        acknowledged(new ProducerRecord<>(Topics.REDRIVES, mark, where.getBytes(StandardCharsets.UTF_8)));
        log.info("Re-drove {} ({} {}) to {} at {}", mark, entry.type(), entry.eventId(), where, Instant.now());
        return where;
    }

    private RecordMetadata acknowledged(ProducerRecord<String, Object> record) {
        try {
            return kafka.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problems.unavailable("interrupted while sending to " + record.topic());
        } catch (ExecutionException | TimeoutException | KafkaException
                 | org.springframework.kafka.KafkaException e) {
            throw Problems.unavailable("Kafka did not acknowledge the redrive to " + record.topic() + ": " + e);
        }
    }

    private static String whyNot(RedriveResult.Entry entry) {
        if (entry.originalTopic() == null) {
            return "no " + KafkaHeaders.DLT_ORIGINAL_TOPIC + " header";
        }
        if (!Topics.INPUTS.contains(entry.originalTopic())) {
            return entry.originalTopic() + " is not an input topic of the pipeline";
        }
        return null;
    }

    private static String mark(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    private static RedriveResult.Entry describe(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = eventOf(record.value());
        return new RedriveResult.Entry(record.partition(), record.offset(),
                text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC), integer(record, KafkaHeaders.DLT_ORIGINAL_PARTITION),
                longValue(record, KafkaHeaders.DLT_ORIGINAL_OFFSET), record.key(),
                event == null ? null : event.eventId().toString(), event == null ? null : event.type(),
                text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), null);
    }

    private static UUID eventIdOf(byte[] value) {
        EventEnvelope event = eventOf(value);
        return event == null ? null : event.eventId();
    }

    private static EventEnvelope eventOf(byte[] value) {
        try {
            return value == null ? null : EventJson.read(value);
        } catch (InvalidEventException e) {
            return null; // not a valid event (the reason it was dead-lettered, maybe): re-drivable all the same
        }
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value().length != Integer.BYTES ? null : ByteBuffer.wrap(header.value()).getInt();
    }

    private static Long longValue(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value().length != Long.BYTES ? null : ByteBuffer.wrap(header.value()).getLong();
    }
}
