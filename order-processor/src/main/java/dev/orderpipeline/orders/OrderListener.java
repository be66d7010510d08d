package dev.orderpipeline.orders;

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
 * Feeds the flow a poll at a time through the batch engine. Carts and the inventory's answers
 * have a consumer each (one group), so a backlog of cart events never holds up the decisions on
 * orders already placed.
 */
@Component
class OrderListener implements ConsumerSeekAware {

    static final String GROUP = "order-processor";

    private final EventBatchProcessor processor;
    private final OrderFlow flow;
    private final RestoreReplay restore;

    OrderListener(EventBatchProcessor processor, OrderFlow flow, RestoreReplay restore) {
        this.processor = processor;
        this.flow = flow;
        this.restore = restore;
    }

    /** After a restore of the database, each partition is rewound to the restore point once. */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        restore.rewind(assignments, callback);
    }

    @KafkaListener(id = "order-processor-carts", groupId = GROUP, topics = Topics.CARTS)
    void onCartEvents(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer, Acknowledgment ack) {
        processor.process(records, consumer, ack, flow::onCartEvents);
    }

    @KafkaListener(id = "order-processor-answers", groupId = GROUP, topics = Topics.INVENTORY)
    void onInventoryAnswers(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer, Acknowledgment ack) {
        processor.process(records, consumer, ack, flow::onInventoryAnswers);
    }
}
