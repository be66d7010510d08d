package dev.orderpipeline.inventory;

import java.util.List;
import java.util.Map;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.EventBatchProcessor;
import dev.orderpipeline.runtime.restore.RestoreReplay;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Feeds the flow a poll at a time through the batch engine. Orders and catalog changes have a
 * consumer each (one group), so a burst of catalog changes never holds up the answers to orders.
 */
@Component
class InventoryListener implements ConsumerSeekAware {

    static final String GROUP = "inventory-worker";

    private final EventBatchProcessor processor;
    private final InventoryFlow flow;
    private final RestoreReplay restore;

    InventoryListener(EventBatchProcessor processor, InventoryFlow flow, RestoreReplay restore) {
        this.processor = processor;
        this.flow = flow;
        this.restore = restore;
    }

    /** After a restore of the database, each partition is rewound to the restore point once. */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        restore.rewind(assignments, callback);
    }

    @KafkaListener(id = "inventory-worker-orders", groupId = GROUP, topics = Topics.ORDERS)
    void onOrderEvents(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer, Acknowledgment ack) {
        processor.process(records, consumer, ack, flow::onOrderEvents);
    }

    @KafkaListener(id = "inventory-worker-catalog", groupId = GROUP, topics = Topics.CATALOG)
    void onCatalogEvents(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer, Acknowledgment ack) {
        processor.process(records, consumer, ack, flow::onCatalogEvents);
    }
}
