package dev.orderpipeline.storefront.cart;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefront.StorefrontProperties;
import dev.orderpipeline.storefront.following.FollowedEvent;
import dev.orderpipeline.storefront.following.TopicListener;
import org.springframework.stereotype.Component;

/**
 * The carts this storefront has seen checked out, so a cart write can be refused with 409 without
 * reading the cart view. A checkout's order is announced on {@code orders.v1} (OrderPlaced names
 * the cart, and every event of a checkout's order carries the cart as its correlation id) only
 * after the order processor has written the cart CHECKED_OUT, so a cart known here is one the view
 * shows checked out. The set holds the {@code capacity} carts seen last, filled at start from the
 * last {@code look-back} of the topic; a cart checked out before that is not refused here, and the
 * order processor ignores the item (API.md, Never waiting).
 */
@Component
public class CheckedOutCarts implements TopicListener {

    private final Set<UUID> carts = ConcurrentHashMap.newKeySet();
    /** Insertion order, for eviction; touched only by the follower's thread. */
    private final Queue<UUID> oldestFirst = new ArrayDeque<>();
    private final int capacity;
    private final Duration lookBack;

    public CheckedOutCarts(StorefrontProperties properties) {
        this.capacity = properties.checkedOutCarts().capacity();
        this.lookBack = properties.checkedOutCarts().lookBack();
    }

    public boolean contains(UUID cartId) {
        return carts.contains(cartId);
    }

    @Override
    public String topic() {
        return Topics.ORDERS;
    }

    @Override
    public Duration lookBack() {
        return lookBack;
    }

    @Override
    public void onEvents(List<FollowedEvent> events) {
        for (FollowedEvent followed : events) {
            UUID cartId = cartOf(followed.event());
            if (cartId != null && carts.add(cartId)) {
                oldestFirst.add(cartId);
                if (oldestFirst.size() > capacity) {
                    carts.remove(oldestFirst.remove());
                }
            }
        }
    }

    /**
     * The cart an order's event belongs to: OrderPlaced names it; the other events of a checkout's
     * order carry it as their correlation id (an expiry's cancellation carries the order's id, which
     * is its key, and names no cart).
     */
    static UUID cartOf(EventEnvelope event) {
        if (event == null) {
            return null;
        }
        if (event.payload() instanceof OrderPlaced placed) {
            return placed.cartId();
        }
        if (event.correlationId().equals(event.key())) {
            return null;
        }
        try {
            return UUID.fromString(event.correlationId());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
