package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CartItemRemoved;
import dev.orderpipeline.events.CartOpened;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.InvalidEventException;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.orders.cart.Cart;
import dev.orderpipeline.orders.cart.CartStore;
import dev.orderpipeline.orders.checkout.CatalogPrices;
import dev.orderpipeline.orders.checkout.Pricing;
import dev.orderpipeline.orders.order.Order;
import dev.orderpipeline.orders.order.OrderStatus;
import dev.orderpipeline.orders.order.OrderStore;
import dev.orderpipeline.runtime.EventHandler;
import dev.orderpipeline.runtime.EventRecord;
import org.springframework.stereotype.Component;

import static dev.orderpipeline.runtime.EventHandler.nothingPublished;
import static dev.orderpipeline.runtime.EventHandler.outcomeOf;

/**
 * The order processor's business flow, one event at a time.
 *
 * <ul>
 *   <li>Cart events keep the cart projection; they arrive in order because they share the cart's key.</li>
 *   <li>{@link CheckoutRequested}: the cart, priced from the catalog, becomes an order PENDING and
 *       {@link OrderPlaced} goes to the inventory; a cart that cannot be ordered becomes a REJECTED order.</li>
 *   <li>{@link StockReserved} / {@link StockRejected}: the order becomes CONFIRMED / REJECTED, unless
 *       it already left PENDING (the expiry timer, see {@link PendingOrderExpiry}, got there first).</li>
 * </ul>
 *
 * Replays are harmless: cart changes apply once per offset, orders are inserted under their
 * deterministic id, and an order leaves PENDING once; a replay re-publishes the same outcome with the
 * same event id, which was never visible if the first attempt's transaction did not commit.
 */
@Component
public class OrderFlow implements EventHandler {

    private final CartStore carts;
    private final OrderStore orders;
    private final CatalogPrices prices;

    public OrderFlow(CartStore carts, OrderStore orders, CatalogPrices prices) {
        this.carts = carts;
        this.orders = orders;
        this.prices = prices;
    }

    @Override
    public List<EventEnvelope> handle(EventRecord record) {
        EventEnvelope event = record.event();
        long position = record.offset();
        return switch (event.payload()) {
            case CartOpened opened -> nothingPublished(() -> carts.open(opened.cartId(), position));
            case CartItemAdded added -> nothingPublished(() -> carts.add(added.cartId(), added.sku(), added.quantity(), position));
            case CartItemRemoved removed -> nothingPublished(() -> carts.remove(removed.cartId(), removed.sku(), position));
            case CheckoutRequested checkout -> outcomeOf(event, checkout(event, checkout, position));
            case StockReserved reserved -> outcomeOf(event, decide(event, reserved.orderId(), OrderStatus.CONFIRMED, null));
            case StockRejected rejected ->
                    outcomeOf(event, decide(event, rejected.orderId(), OrderStatus.REJECTED, rejected.reason()));
            default -> throw new InvalidEventException(
                    "order-processor does not handle " + event.type() + " from " + record.topic());
        };
    }

    private PipelineEvent checkout(EventEnvelope event, CheckoutRequested request, long position) {
        Cart cart = carts.find(request.cartId());
        if (cart == null) {
            throw new InvalidEventException("checkout of unknown cart " + request.cartId());
        }
        if (cart.isCheckedOut() && request.orderId().equals(cart.orderId())
                && !event.eventId().toString().equals(cart.checkoutEventId())) {
            return null; // the same checkout asked again: the order exists and was announced already
        }
        Order order = orders.find(request.orderId());
        if (order == null) {
            order = orders.insertIfAbsent(cart.isCheckedOut() && !request.orderId().equals(cart.orderId())
                    ? newOrder(request, cart, "ALREADY_CHECKED_OUT: cart " + cart.cartId() + " became order "
                            + cart.orderId())
                    : newOrder(request, cart, null));
        }
        carts.markCheckedOut(request.cartId(), request.orderId(), event.eventId(), position);
        return order.createdAs() == OrderStatus.PENDING
                ? new OrderPlaced(order.orderId(), order.cartId(), order.lines(), order.totalCents(), order.currency())
                : new OrderRejected(order.orderId(), order.reason());
    }

    private Order newOrder(CheckoutRequested request, Cart cart, String refusal) {
        Pricing.Priced priced = Pricing.price(cart.items(), prices.of(cart.items().keySet()));
        String rejection = refusal != null ? refusal : priced.rejection();
        OrderStatus status = rejection == null ? OrderStatus.PENDING : OrderStatus.REJECTED;
        Instant now = Instant.now();
        return new Order(request.orderId(), request.cartId(), status, priced.lines(), priced.totalCents(),
                priced.currency(), rejection, request.customer(), now, now, status, null);
    }

    private PipelineEvent decide(EventEnvelope answer, UUID orderId, OrderStatus status, String reason) {
        String decidedBy = answer.eventId().toString();
        Order order = orders.leavePending(orderId, status, reason, decidedBy);
        if (order == null) {
            order = orders.find(orderId);
            if (order == null) {
                throw new InvalidEventException("inventory answered for unknown order " + orderId);
            }
            if (!decidedBy.equals(order.decidedBy())) {
                return null; // decided before, by something else
            }
        }
        return status == OrderStatus.CONFIRMED ? new OrderConfirmed(orderId) : new OrderRejected(orderId, reason);
    }
}
