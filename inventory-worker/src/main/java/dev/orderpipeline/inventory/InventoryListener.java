package dev.orderpipeline.inventory;

import java.util.List;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.runtime.EventBatchProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds orders and catalog events to the flow, one Kafka transaction per batch. */
@Component
class InventoryListener {

    private final EventBatchProcessor processor;
    private final InventoryFlow flow;

    InventoryListener(EventBatchProcessor processor, InventoryFlow flow) {
        this.processor = processor;
        this.flow = flow;
    }

    @KafkaListener(id = "inventory-worker", topics = {Topics.ORDERS, Topics.CATALOG})
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        processor.process(records, flow);
    }
}
