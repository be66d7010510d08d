package dev.orderpipeline.storefront.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The order processor publishes every change of an order on {@code orders.v1}, keyed by the order
 * id, after it has written the order (read_committed: the write is there when the event is seen).
 * Each storefront instance reads the topic from its end, with no consumer group (every instance
 * sees every change), and only the keys: the order itself is then read from MongoDB.
 */
@Component
class KafkaOrderChanges implements OrderChanges {

    private static final Logger log = LoggerFactory.getLogger(KafkaOrderChanges.class);

    private final ConsumerFactory<String, byte[]> consumers;
    private Consumer<String, byte[]> consumer;

    @SuppressWarnings("unchecked")
    KafkaOrderChanges(ConsumerFactory<?, ?> consumers) {
        this.consumers = (ConsumerFactory<String, byte[]>) consumers; // String keys, byte[] values: the pipeline's defaults
    }

    @Override
    public Collection<UUID> poll(Duration timeout) {
        if (consumer == null) {
            consumer = assignedAtTheEnd();
        }
        List<UUID> changed = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            try {
                changed.add(UUID.fromString(record.key()));
            } catch (IllegalArgumentException | NullPointerException e) {
                // not an order's event: nothing to announce
            }
        }
        return changed;
    }

    private Consumer<String, byte[]> assignedAtTheEnd() {
        Consumer<String, byte[]> created = consumers.createConsumer(null, "storefront-order-changes");
        try {
            List<TopicPartition> partitions = created.partitionsFor(Topics.ORDERS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            created.assign(partitions);
            created.seekToEnd(partitions);
            log.info("Following {} ({} partitions) for order changes", Topics.ORDERS, partitions.size());
            return created;
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
