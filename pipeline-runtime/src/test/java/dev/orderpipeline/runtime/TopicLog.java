package dev.orderpipeline.runtime;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Test fixture, shared through this module's test-jar: records as a consumer would poll them,
 * without a broker. Each event is appended to its topic, to the partition Kafka's default
 * partitioner picks for its key, at that partition's next offset, with its JSON as the value; so
 * offsets grow per partition as in Kafka, and the records of one key keep their order.
 */
public final class TopicLog {

    private final int partitions;
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    public TopicLog(int partitions) {
        this.partitions = partitions;
    }

    /** Appends the events in order; the records they are now. */
    public List<ConsumerRecord<String, byte[]>> append(EventEnvelope... events) {
        return Stream.of(events).map(this::appendOne).toList();
    }

    public ConsumerRecord<String, byte[]> appendOne(EventEnvelope event) {
        return appendRaw(event.topic(), event.key(), EventJson.write(event));
    }

    /** Appends a record whose value may be anything, such as bytes that are not an event. */
    public ConsumerRecord<String, byte[]> appendRaw(String topic, String key, byte[] value) {
        int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        long offset = nextOffsets.merge(new TopicPartition(topic, partition), 1L, Long::sum) - 1;
        return new ConsumerRecord<>(topic, partition, offset, key, value);
    }
}
