package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.List;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.orders.order.OrderStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cancels orders that stayed PENDING longer than {@code orders.pending-timeout} (reason
 * {@code EXPIRED: <skus>}) and publishes {@link OrderCancelled} so the inventory releases their holds.
 * The cancellation is stored first and marked published after the Kafka transaction commits; the
 * next run re-publishes any that were not (same event id), so a crash between the two loses nothing.
 */
@Component
class PendingOrderExpiry {

    private static final Logger log = LoggerFactory.getLogger(PendingOrderExpiry.class);
    private static final int BATCH = 500;

    private final OrderStore orders;
    private final KafkaTemplate<String, Object> kafka;
    private final OrderProperties properties;

    PendingOrderExpiry(OrderStore orders, KafkaTemplate<String, Object> kafka, OrderProperties properties) {
        this.orders = orders;
        this.kafka = kafka;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${orders.expiry-check-interval:1s}", initialDelayString = "${orders.expiry-check-interval:1s}")
    void cancelExpiredOrders() {
        for (OrderDocument order : orders.pendingSince(Instant.now().minus(properties.pendingTimeout()), BATCH)) {
            String reason = "EXPIRED: " + String.join(", ", order.skus());
            if (orders.leavePending(order.orderId(), OrderStatus.CANCELLED, reason, origin(order)) != null) {
                log.info("Order {} expired after {}", order.orderId(), properties.pendingTimeout());
            }
        }
        List<OrderDocument> unpublished = orders.cancelledUnpublished(BATCH);
        if (unpublished.isEmpty()) {
            return;
        }
        kafka.executeInTransaction(operations -> {
            unpublished.forEach(order -> {
                EventEnvelope event = EventEnvelope.derivedFrom(origin(order), order.orderId().toString(),
                        new OrderCancelled(order.orderId(), order.reason()));
                operations.send(event.topic(), event.key(), event);
            });
            return null;
        });
        orders.markOutcomePublished(unpublished.stream().map(OrderDocument::orderId).toList());
    }

    private static String origin(OrderDocument order) {
        return "expiry:" + order.orderId();
    }
}
