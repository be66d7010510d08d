package dev.orderpipeline.inventory;

import java.util.List;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.EventBatchProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the flow a poll at a time, one Kafka transaction per poll. Orders and catalog changes have a
 * consumer each (one group), so a burst of catalog changes never holds up the answers to orders.
 */
@Component
class InventoryListener {

    static final String GROUP = "inventory-worker";

    private final EventBatchProcessor processor;
    private final InventoryFlow flow;

    InventoryListener(EventBatchProcessor processor, InventoryFlow flow) {
        this.processor = processor;
        this.flow = flow;
    }

    @KafkaListener(id = "inventory-worker-orders", groupId = GROUP, topics = Topics.ORDERS)
    void onOrderEvents(List<ConsumerRecord<String, byte[]>> records) {
        processor.process(records, flow::onOrderEvents);
    }

    @KafkaListener(id = "inventory-worker-catalog", groupId = GROUP, topics = Topics.CATALOG)
    void onCatalogEvents(List<ConsumerRecord<String, byte[]>> records) {
        processor.process(records, flow::onCatalogEvents);
    }
}
