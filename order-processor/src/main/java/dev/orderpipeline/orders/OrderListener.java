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

    /** How many records are applied between two moves of the cart watermarks. */
    private static final int WATERMARK_STRIDE = 25;

    /**
     * Applies the batch in slices and moves the cart partitions' watermarks after each, so a
     * storefront request waiting for the projection waits for a slice, not for the whole batch.
     */
    @KafkaListener(id = "order-processor", topics = {Topics.CARTS, Topics.INVENTORY})
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        for (int from = 0; from < records.size(); from += WATERMARK_STRIDE) {
            List<ConsumerRecord<String, byte[]>> slice = records.subList(from, Math.min(records.size(), from + WATERMARK_STRIDE));
            processor.process(slice, flow);
            cartPartitionsApplied(slice).forEach(carts::advanceWatermark);
        }
    }

    private static Map<Integer, Long> cartPartitionsApplied(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .filter(record -> record.topic().equals(Topics.CARTS))
                .collect(Collectors.toMap(ConsumerRecord::partition, ConsumerRecord::offset, Math::max));
    }
}
