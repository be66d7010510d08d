package dev.orderpipeline.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.event.ListenerContainerIdleEvent;

/**
 * Commits a drained partition's offset past its last transaction marker. A batch commits the
 * position after its last record, which is the offset of the marker of the transaction that wrote
 * it; with nothing more to read, no batch would ever commit past the marker, and the group would
 * show a lag of 1 on a drained partition (in Kafka's own tools too). So when a listener container
 * has been idle for {@code pipeline.idle-offsets-after} it commits, in a transaction of its own,
 * every assigned partition's position that is ahead of its committed offset. Under load this
 * costs nothing; spring-kafka's {@code fixTxOffsets} does the same after every poll, which doubled
 * the transactions (and added an offset fetch per poll) while busy.
 */
class IdleOffsets {

    private static final Logger log = LoggerFactory.getLogger(IdleOffsets.class);

    private final KafkaTemplate<String, Object> template;

    IdleOffsets(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    /** Runs on the idle container's consumer thread, the only thread that may use its consumer. */
    @EventListener
    void onIdle(ListenerContainerIdleEvent event) {
        try {
            commitPastMarkers(event.getConsumer());
        } catch (RuntimeException e) {
            log.warn("Could not commit the idle partitions of {} past their markers: {}", event.getListenerId(),
                    e.toString());
        }
    }

    private void commitPastMarkers(Consumer<?, ?> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        Map<TopicPartition, OffsetAndMetadata> ahead = new HashMap<>();
        for (TopicPartition partition : assigned) {
            long position = consumer.position(partition);
            OffsetAndMetadata last = committed.get(partition);
            if (last != null && position > last.offset()) {
                ahead.put(partition, new OffsetAndMetadata(position));
            }
        }
        if (!ahead.isEmpty()) {
            template.executeInTransaction(operations -> {
                operations.sendOffsetsToTransaction(ahead, consumer.groupMetadata());
                return null;
            });
        }
    }
}
