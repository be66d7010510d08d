package dev.orderpipeline.orders;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orderpipeline.events.Topics;
import dev.orderpipeline.orders.cart.CartStore;
import dev.orderpipeline.runtime.EventBatchProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds cart and inventory events to the flow, one Kafka transaction per batch. */
@Component
class OrderListener {

    private final EventBatchProcessor processor;
    private final OrderFlow flow;
    private final CartStore carts;

    OrderListener(EventBatchProcessor processor, OrderFlow flow, CartStore carts) {
        this.processor = processor;
        this.flow = flow;
        this.carts = carts;
    }

    @KafkaListener(id = "order-processor", topics = {Topics.CARTS, Topics.INVENTORY})
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        processor.process(records, flow);
        cartPartitionsApplied(records).forEach(carts::advanceWatermark);
    }

    private static Map<Integer, Long> cartPartitionsApplied(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(record -> record.topic().equals(Topics.CARTS))
                .collect(Collectors.toMap(ConsumerRecord::partition, ConsumerRecord::offset, Math::max));
    }
}
