package dev.orderpipeline.orders.order;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * When each order this instance knows to be PENDING falls due for expiry, kept in memory so the
 * expiry check reads no collection in the steady state (the MongoDB stand-in has no secondary
 * indexes: a query by status reads every order). The flow adds the orders it creates and drops the
 * ones it decides. What an instance cannot know from its own batches (orders created before it
 * started, or by an instance whose cart partitions it took over) it reads once, in one query, after
 * it was assigned cart partitions: {@link #needsReload()}.
 *
 * <p>An order here may have been decided by another instance (its answer came to another
 * instance's partition): the expiry reads the due orders by id and cancels only those still PENDING.
 */
public class PendingOrders implements ConsumerAwareRebalanceListener {

    private final Duration timeout;
    private final Map<UUID, Instant> dueAt = new ConcurrentHashMap<>();
    private final AtomicBoolean reload = new AtomicBoolean(true);

    public PendingOrders(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Orders just stored or read: those PENDING fall due {@code timeout} after their creation, and a
     * cancellation not yet announced is due at once.
     */
    public void track(Collection<OrderDocument> orders) {
        for (OrderDocument order : orders) {
            if (order.status() == OrderStatus.PENDING
                    || order.status() == OrderStatus.CANCELLED && !order.outcomePublished()) {
                dueAt.put(order.orderId(), order.createdAt().plus(timeout));
            }
        }
    }

    /** Orders that left PENDING here. */
    public void forget(Collection<UUID> orderIds) {
        orderIds.forEach(dueAt::remove);
    }

    /** The orders due at {@code now}; they stay here until {@link #forget} (so a failed check tries again). */
    public List<UUID> due(Instant now) {
        return dueAt.entrySet().stream().filter(entry -> !entry.getValue().isAfter(now)).map(Map.Entry::getKey)
                .toList();
    }

    public int size() {
        return dueAt.size();
    }

    /** True once after this instance was assigned cart partitions (and at start), until {@link #reloaded}. */
    public boolean needsReload() {
        return reload.get();
    }

    public void reloaded() {
        reload.set(false);
    }

    /** The read after an assignment failed: the next check reads again. */
    public void onReloadFailed() {
        reload.set(true);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.stream().anyMatch(partition -> Topics.CARTS.equals(partition.topic()))) {
            reload.set(true);
        }
    }
}
