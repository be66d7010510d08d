package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CartItemRemoved;
import dev.orderpipeline.events.CartOpened;
import dev.orderpipeline.events.CartRules;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.orders.cart.CartStore;
import dev.orderpipeline.orders.cart.Carts;
import dev.orderpipeline.orders.checkout.CatalogPrices;
import dev.orderpipeline.orders.checkout.Pricing;
import dev.orderpipeline.orders.order.OrderLifecycle;
import dev.orderpipeline.orders.order.OrderLifecycle.Step;
import dev.orderpipeline.orders.order.OrderStore;
import dev.orderpipeline.orders.order.PendingOrders;
import dev.orderpipeline.runtime.EventBatch;
import dev.orderpipeline.runtime.EventRecord;
import dev.orderpipeline.runtime.restore.RestoreReplay;
import org.springframework.stereotype.Component;

/**
 * The order processor's business flow, a batch (one poll) at a time; what happens to an order is
 * decided by {@link OrderLifecycle}, this class reads, writes and publishes.
 *
 * <p>{@link #onCartEvents}: the cart events and checkouts of {@code storefront.carts.v1}, which
 * share the cart's key and so arrive in order per cart. They keep the cart projection (a cart event
 * applies only past the cart's {@code position}, the offset of its last applied event, and not after
 * the checkout); a {@link CheckoutRequested} closes the cart and, priced from the catalog, creates
 * the order: PENDING with {@link OrderPlaced}, or REJECTED with {@link OrderRejected}.
 *
 * <p>{@link #onInventoryAnswers}: {@link StockReserved} / {@link StockRejected} move a PENDING order
 * to CONFIRMED / REJECTED.
 *
 * <p>Each batch reads its carts, orders and prices in one query per collection, decides in memory,
 * then writes orders before carts, each in one bulk write, so a crash between the two replays the
 * checkout, which finds its order. The orders it creates PENDING and those it decides are noted in
 * {@link PendingOrders}, which the expiry reads instead of the collection.
 */
@Component
public class OrderFlow {

    private final CartStore cartStore;
    private final OrderStore orderStore;
    private final CatalogPrices prices;
    private final PendingOrders pending;
    private final RestoreReplay restore;

    public OrderFlow(CartStore cartStore, OrderStore orderStore, CatalogPrices prices, PendingOrders pending,
                     RestoreReplay restore) {
        this.cartStore = cartStore;
        this.orderStore = orderStore;
        this.prices = prices;
        this.pending = pending;
        this.restore = restore;
    }

    public void onCartEvents(EventBatch batch) {
        CartEvents state = load(batch);
        for (EventRecord record : batch.records()) {
            switch (record.payload()) {
                case CartOpened opened -> state.openIfNew(opened.cartId(), record.offset());
                case CartItemAdded added -> state.change(added.cartId(), record.offset(),
                        cart -> cart.withQuantity(added.sku(), cart.quantityOf(added.sku()) + added.quantity(),
                                record.offset(), state.now));
                case CartItemRemoved removed -> state.change(removed.cartId(), record.offset(),
                        cart -> cart.withQuantity(removed.sku(), 0, record.offset(), state.now));
                case CheckoutRequested checkout -> checkout(batch, record, checkout, state);
                default -> batch.deadLetter(record, "order-processor does not handle " + record.event().type()
                        + " from " + record.topic());
            }
        }
        orderStore.insert(state.created.values());
        cartStore.save(state.carts);
        pending.track(state.created.values());
    }

    private void checkout(EventBatch batch, EventRecord record, CheckoutRequested request, CartEvents state) {
        CartDocument cart = state.cartOrEmpty(request.cartId());
        UUID eventId = record.event().eventId();
        Step step = OrderLifecycle.next(state.order(request.orderId()), new OrderLifecycle.Checkout(request, eventId,
                cart, Pricing.price(cart.items(), state.catalog), state.now, restore.pinned(request.orderId())));
        if (step.row() == OrderLifecycle.Row.CHECKOUT_REPEATED) {
            return;
        }
        if (step.change() == OrderLifecycle.Change.CREATE) {
            state.create(step.order());
        }
        if (!cart.isCheckedOut()) {
            state.carts.put(cart.checkedOut(request.orderId(), eventId, record.offset(), state.now));
        }
        publish(batch, record, step, step.order().createdAt());
    }

    public void onInventoryAnswers(EventBatch batch) {
        Map<UUID, OrderDocument> orders = new HashMap<>(orderStore.find(orderIdsOf(batch)));
        Map<UUID, OrderDocument> decided = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (EventRecord record : batch.records()) {
            UUID eventId = record.event().eventId();
            switch (record.payload()) {
                case StockReserved reserved -> answer(batch, record, reserved.orderId(),
                        new OrderLifecycle.Reserved(eventId, now), orders, decided);
                case StockRejected rejected -> answer(batch, record, rejected.orderId(),
                        new OrderLifecycle.Rejected(eventId, rejected.reason(), now), orders, decided);
                default -> batch.deadLetter(record, "order-processor does not handle " + record.event().type()
                        + " from " + record.topic());
            }
        }
        orderStore.saveDecisions(decided.values());
        pending.forget(decided.keySet());
    }

    private void answer(EventBatch batch, EventRecord record, UUID orderId, OrderLifecycle.Input answer,
                        Map<UUID, OrderDocument> orders, Map<UUID, OrderDocument> decided) {
        Step step = OrderLifecycle.next(orders.get(orderId), answer);
        switch (step.change()) {
            case DEAD_LETTER -> batch.deadLetter(record, "inventory answered for unknown order " + orderId);
            case LEAVE_PENDING -> {
                orders.put(orderId, step.order());
                decided.put(orderId, step.order());
            }
            default -> {
            }
        }
        if (step.order() != null) {
            publish(batch, record, step, step.order().updatedAt());
        }
    }

    private static void publish(EventBatch batch, EventRecord cause, Step step, Instant storedAt) {
        step.publish().forEach(event -> batch.publish(cause, event, storedAt));
    }

    private CartEvents load(EventBatch batch) {
        Carts carts = cartStore.load(batch.records().stream().map(record -> cartIdOf(record.payload()))
                .filter(Objects::nonNull).distinct().toList());
        Set<String> skus = new HashSet<>();
        carts.all().values().forEach(cart -> skus.addAll(cart.items().keySet()));
        batch.payloads(CartItemAdded.class).forEach(added -> skus.add(added.sku()));
        return new CartEvents(carts, orderStore.find(batch.distinct(CheckoutRequested.class, CheckoutRequested::orderId)),
                prices.of(skus), Instant.now());
    }

    private static UUID cartIdOf(PipelineEvent event) {
        return switch (event) {
            case CartOpened opened -> opened.cartId();
            case CartItemAdded added -> added.cartId();
            case CartItemRemoved removed -> removed.cartId();
            case CheckoutRequested checkout -> checkout.cartId();
            default -> null;
        };
    }

    private static List<UUID> orderIdsOf(EventBatch batch) {
        return batch.records().stream().map(record -> switch (record.payload()) {
            case StockReserved reserved -> reserved.orderId();
            case StockRejected rejected -> rejected.orderId();
            default -> null;
        }).filter(Objects::nonNull).distinct().toList();
    }

    /** What one batch of cart events reads and changes. */
    private static final class CartEvents {
        final Carts carts;
        final Map<UUID, OrderDocument> orders;
        final Map<UUID, OrderDocument> created = new LinkedHashMap<>();
        final Map<String, ProductDocument> catalog;
        final Instant now;

        CartEvents(Carts carts, Map<UUID, OrderDocument> orders, Map<String, ProductDocument> catalog, Instant now) {
            this.carts = carts;
            this.orders = orders;
            this.catalog = catalog;
            this.now = now;
        }

        void openIfNew(UUID cartId, long position) {
            if (carts.get(cartId) == null) {
                carts.put(CartDocument.opened(cartId, position, now));
            }
        }

        /** Applies an event to an open cart, once: not again on a replay, not after the checkout. */
        void change(UUID cartId, long position, UnaryOperator<CartDocument> change) {
            CartDocument cart = cartOrEmpty(cartId);
            if (position > cart.position() && CartRules.acceptsItems(cart.isCheckedOut())) {
                carts.put(change.apply(cart));
            }
        }

        /** The cart, or an empty open one if none of its events has been applied (its opening was never seen). */
        CartDocument cartOrEmpty(UUID cartId) {
            CartDocument cart = carts.get(cartId);
            return cart != null ? cart : CartDocument.opened(cartId, -1, now);
        }

        OrderDocument order(UUID orderId) {
            OrderDocument order = created.get(orderId);
            return order != null ? order : orders.get(orderId);
        }

        OrderDocument create(OrderDocument order) {
            created.put(order.orderId(), order);
            return order;
        }
    }
}
