package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.orders.order.OrderStore;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
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

    /**
     * Cancels what expired and announces every cancellation not yet announced, after one query. The
     * check is cheap against a timeout of minutes; on a MongoDB without a usable index (the
     * stand-in) it reads every order, so it does not run every second.
     */
    @Scheduled(fixedDelayString = "${orders.expiry-check-interval:5s}", initialDelayString = "${orders.expiry-check-interval:5s}")
    void cancelExpiredOrders() {
        try {
            cancelAndAnnounce();
        } catch (DataAccessResourceFailureException | TransientDataAccessException | KafkaException e) {
            log.warn("Expiry check skipped, the next one retries: {}", e.toString());
        }
    }

    private void cancelAndAnnounce() {
        List<OrderDocument> toAnnounce = new ArrayList<>();
        for (OrderDocument order : orders.expiredOrUnannounced(Instant.now().minus(properties.pendingTimeout()), BATCH)) {
            if (order.status() != OrderStatus.PENDING) {
                toAnnounce.add(order);
                continue;
            }
            String reason = "EXPIRED: " + String.join(", ", order.skus());
            OrderDocument cancelled = orders.leavePending(order.orderId(), OrderStatus.CANCELLED, reason, origin(order));
            if (cancelled != null) {
                log.info("Order {} expired after {}", order.orderId(), properties.pendingTimeout());
                toAnnounce.add(cancelled);
            }
        }
        if (toAnnounce.isEmpty()) {
            return;
        }
        kafka.executeInTransaction(operations -> {
            toAnnounce.forEach(order -> {
                EventEnvelope event = EventEnvelope.derivedFrom(origin(order), order.orderId().toString(),
                        new OrderCancelled(order.orderId(), order.reason()));
                operations.send(event.topic(), event.key(), event);
            });
            return null;
        });
        orders.markOutcomePublished(toAnnounce.stream().map(OrderDocument::orderId).toList());
    }

    private static String origin(OrderDocument order) {
        return "expiry:" + order.orderId();
    }
}
