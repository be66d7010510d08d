package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.orders.order.OrderStore;
import dev.orderpipeline.orders.order.PendingOrders;
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
 * The cancellation is stored first and marked published once Kafka acknowledged it; an order whose
 * announcement failed stays due, so the next check publishes it (same event id) and a crash between
 * the two loses nothing (the order is read again when its partition is assigned).
 *
 * <p>Which orders are due comes from {@link PendingOrders}, in memory: a check with nothing due reads
 * nothing; one with orders due reads them by id in one query.
 */
@Component
class PendingOrderExpiry {

    private static final Logger log = LoggerFactory.getLogger(PendingOrderExpiry.class);
    private static final int BATCH = 500;

    private final OrderStore orders;
    private final PendingOrders pending;
    private final KafkaTemplate<String, Object> kafka;
    private final OrderProperties properties;

    PendingOrderExpiry(OrderStore orders, PendingOrders pending, KafkaTemplate<String, Object> kafka,
                       OrderProperties properties) {
        this.orders = orders;
        this.pending = pending;
        this.kafka = kafka;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${orders.expiry-check-interval:1s}", initialDelayString = "${orders.expiry-check-interval:1s}")
    void cancelExpiredOrders() {
        try {
            cancelAndAnnounce(Instant.now());
        } catch (DataAccessResourceFailureException | TransientDataAccessException | KafkaException
                 | CompletionException | org.springframework.kafka.KafkaException e) {
            log.warn("Expiry check skipped, the next one retries: {}", e.toString());
        }
    }

    /** Cancels what is due at {@code now} and announces every cancellation not yet announced. */
    void cancelAndAnnounce(Instant now) {
        if (pending.needsReload()) {
            pending.reloaded();
            try {
                pending.track(orders.pendingOrUnannounced());
            } catch (RuntimeException e) {
                pending.onReloadFailed();
                throw e;
            }
        }
        List<UUID> due = pending.due(now);
        for (int from = 0; from < due.size(); from += BATCH) {
            cancelAndAnnounce(due.subList(from, Math.min(due.size(), from + BATCH)));
        }
    }

    private void cancelAndAnnounce(List<UUID> due) {
        Map<UUID, OrderDocument> found = orders.find(due);
        List<UUID> settled = new ArrayList<>(due.stream().filter(id -> !found.containsKey(id)).toList());
        List<OrderDocument> toAnnounce = new ArrayList<>();
        for (OrderDocument order : found.values()) {
            if (order.status() == OrderStatus.CANCELLED && !order.outcomePublished()) {
                toAnnounce.add(order);
            } else if (order.status() != OrderStatus.PENDING) {
                settled.add(order.orderId());
            } else {
                OrderDocument cancelled = orders.leavePending(order.orderId(), OrderStatus.CANCELLED,
                        "EXPIRED: " + String.join(", ", order.skus()), origin(order));
                if (cancelled != null) {
                    log.info("Order {} expired after {}", order.orderId(), properties.pendingTimeout());
                    toAnnounce.add(cancelled);
                } else {
                    settled.add(order.orderId()); // decided meanwhile
                }
            }
        }
        pending.forget(settled);
        if (toAnnounce.isEmpty()) {
            return;
        }
        announce(toAnnounce);
        List<UUID> announced = toAnnounce.stream().map(OrderDocument::orderId).toList();
        orders.markOutcomePublished(announced);
        pending.forget(announced);
    }

    private void announce(List<OrderDocument> cancelled) {
        List<CompletableFuture<?>> sends = cancelled.stream().<CompletableFuture<?>>map(order -> {
            EventEnvelope event = EventEnvelope.derivedFrom(origin(order), order.orderId().toString(),
                    new OrderCancelled(order.orderId(), order.reason()), order.updatedAt());
            return kafka.send(event.topic(), event.key(), event);
        }).toList();
        kafka.flush();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    private static String origin(OrderDocument order) {
        return "expiry:" + order.orderId();
    }
}
