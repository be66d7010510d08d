package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.orders.order.OrderLifecycle;
import dev.orderpipeline.orders.order.OrderLifecycle.Step;
import dev.orderpipeline.orders.order.OrderStore;
import dev.orderpipeline.orders.order.PendingOrders;
import dev.orderpipeline.runtime.EventBatch;
import dev.orderpipeline.runtime.EventBatchProcessor;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The timer of the order's life ({@link OrderLifecycle}: expiry): cancels orders that stayed PENDING
 * longer than {@code orders.pending-timeout} (reason {@code EXPIRED: <skus>}) and publishes
 * {@link OrderCancelled} so the inventory releases their holds, as a batch of the engine
 * ({@link EventBatchProcessor#run}). The cancellation is stored first and marked published once Kafka
 * acknowledged it (the timer's equivalent of a committed offset); an order whose announcement failed
 * stays due, so the next check publishes it again (same event id), and a crash between the two loses
 * nothing (the order is read again when cart partitions are assigned).
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
    private final EventBatchProcessor processor;
    private final OrderProperties properties;

    PendingOrderExpiry(OrderStore orders, PendingOrders pending, EventBatchProcessor processor,
                       OrderProperties properties) {
        this.orders = orders;
        this.pending = pending;
        this.processor = processor;
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

    /** One batch of the engine: cancels the due orders still PENDING, publishes, then notes what was announced. */
    private void cancelAndAnnounce(List<UUID> due) {
        List<UUID> announced = new ArrayList<>();
        processor.run(batch -> announced.addAll(cancel(batch, due)));
        if (!announced.isEmpty()) {
            orders.markOutcomePublished(announced);
            pending.forget(announced);
        }
    }

    /** The timer's step: what it publishes (the orders whose cancellation it announces) and forgets. */
    private List<UUID> cancel(EventBatch batch, List<UUID> due) {
        Map<UUID, OrderDocument> found = orders.find(due);
        List<UUID> settled = new ArrayList<>();
        List<UUID> announcing = new ArrayList<>();
        for (UUID orderId : due) {
            Step step = OrderLifecycle.next(found.get(orderId), new OrderLifecycle.Expired(Instant.now()));
            OrderDocument order = step.change() == OrderLifecycle.Change.LEAVE_PENDING
                    ? orders.leavePending(step.order()) : step.order();
            if (order == null || step.publish().isEmpty()) {
                settled.add(orderId); // gone, decided before, or decided meanwhile
                continue;
            }
            if (step.row() == OrderLifecycle.Row.EXPIRED) {
                log.info("Order {} expired after {}", orderId, properties.pendingTimeout());
            }
            step.publish().forEach(event -> batch.publish(OrderLifecycle.expiryOf(orderId), orderId.toString(),
                    event, order.updatedAt()));
            announcing.add(orderId);
        }
        pending.forget(settled);
        return announcing;
    }
}
