package dev.orderpipeline.orders.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.events.CartRules;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.orders.checkout.Pricing;

/**
 * The order's life: its states ({@link OrderStatus}: PENDING, then CONFIRMED, REJECTED or CANCELLED,
 * or REJECTED at once) and, for each state and input, the next state and the events to publish. It
 * decides only; {@code OrderFlow} and {@code PendingOrderExpiry} read the order, write what it
 * decided (an insert under the order's id, or one update conditional on {@code status: PENDING})
 * and publish its events through the batch engine, each under an id derived from its input and
 * stamped with the time stored with the change.
 *
 * <pre>
 * state                      input                                        row                   next state                         publish
 * (none)                     checkout, cart open, priced                  PLACED                PENDING                            OrderPlaced
 * (none)                     checkout, cart open, not priceable           REFUSED               REJECTED (EMPTY_CART, ...)         OrderRejected
 * (none)                     checkout, cart checked out as another order  REFUSED_CHECKED_OUT   REJECTED (ALREADY_CHECKED_OUT)     OrderRejected
 * any                        the checkout that created it, again          CHECKOUT_REPLAYED     unchanged                          what it published then
 * any                        another checkout of the same order           CHECKOUT_REPEATED     unchanged                          nothing
 * PENDING                    StockReserved                                CONFIRMED             CONFIRMED                          OrderConfirmed
 * PENDING                    StockRejected                                STOCK_REJECTED        REJECTED (the inventory's reason)  OrderRejected
 * decided by this answer     the same answer again                        ANSWER_REPLAYED       unchanged                          the same outcome again
 * decided by something else  StockReserved / StockRejected                ANSWER_TOO_LATE       unchanged                          nothing
 * (none)                     StockReserved / StockRejected                UNKNOWN_ORDER         -                                  nothing; the answer is dead-lettered
 * PENDING                    expiry (due)                                 EXPIRED               CANCELLED (EXPIRED), unannounced   OrderCancelled
 * CANCELLED, unannounced     expiry (due)                                 CANCELLATION_RETRIED  unchanged                          OrderCancelled again
 * anything else              expiry (due)                                 SETTLED               unchanged                          nothing
 * (none)                     checkout, its decision pinned by a restore   RECOVERED_AT_CHECKOUT as pinned                          nothing (on orders.v1 already)
 * PENDING                    its decision pinned by a restore             RECOVERED             as pinned                          nothing (on orders.v1 already)
 * decided by a restore       checkout                                     CHECKOUT_REPEATED     unchanged                          nothing
 * anything else              its decision pinned by a restore             SETTLED               unchanged                          nothing
 * </pre>
 *
 * <p>A decision pinned by a restore is one this processor published on {@code orders.v1} after the
 * restore point of a backup its database was restored from ({@code RestoreReplay}): the inventory and
 * the shoppers have acted on it, so it is followed rather than made again.
 *
 * <p>The replay guards, by which a delivery seen before changes nothing and publishes either the
 * same event (same id) or nothing: {@code decidedBy} names what moved the order out of PENDING (the
 * answer's event id, or {@link #expiryOf} for the timer) or the checkout that created it REJECTED; the
 * cart's {@code checkoutEventId} names the checkout that closed it; {@code outcomePublished} is false
 * only while the timer's OrderCancelled may not be acknowledged yet (the timer has no offset to commit).
 */
public final class OrderLifecycle {

    private OrderLifecycle() {
    }

    /** What may move an order. */
    public sealed interface Input permits Checkout, Reserved, Rejected, Expired, Recovered {
    }

    /**
     * A {@link CheckoutRequested} (event {@code eventId}) of {@code cart} as the projection has it,
     * priced from the catalog; {@code pinned} is the order's decision pinned by a restore, or null.
     */
    public record Checkout(CheckoutRequested request, UUID eventId, CartDocument cart, Pricing.Priced priced,
                           Instant at, PipelineEvent pinned) implements Input {

        public Checkout(CheckoutRequested request, UUID eventId, CartDocument cart, Pricing.Priced priced, Instant at) {
            this(request, eventId, cart, priced, at, null);
        }
    }

    /** A StockReserved (event {@code eventId}). */
    public record Reserved(UUID eventId, Instant at) implements Input {
    }

    /** A StockRejected (event {@code eventId}) with the inventory's reason. */
    public record Rejected(UUID eventId, Reason reason, Instant at) implements Input {
    }

    /** The timer found the order due: PENDING for longer than the timeout, or its cancellation unannounced. */
    public record Expired(Instant at) implements Input {
    }

    /** The order's decision pinned by a restore: an OrderConfirmed, OrderRejected or OrderCancelled. */
    public record Recovered(PipelineEvent decision, Instant at) implements Input {
    }

    /** What a row does to the stored order. */
    public enum Change { NONE, CREATE, LEAVE_PENDING, DEAD_LETTER }

    /** The rows of the table above. */
    public enum Row {
        PLACED(Change.CREATE), REFUSED(Change.CREATE), REFUSED_CHECKED_OUT(Change.CREATE),
        CHECKOUT_REPLAYED(Change.NONE), CHECKOUT_REPEATED(Change.NONE),
        CONFIRMED(Change.LEAVE_PENDING), STOCK_REJECTED(Change.LEAVE_PENDING),
        ANSWER_REPLAYED(Change.NONE), ANSWER_TOO_LATE(Change.NONE), UNKNOWN_ORDER(Change.DEAD_LETTER),
        EXPIRED(Change.LEAVE_PENDING), CANCELLATION_RETRIED(Change.NONE), SETTLED(Change.NONE),
        RECOVERED_AT_CHECKOUT(Change.CREATE), RECOVERED(Change.LEAVE_PENDING);

        private final Change change;

        Row(Change change) {
            this.change = change;
        }

        public Change change() {
            return change;
        }
    }

    /**
     * @param order   the order after the step (null when there is none)
     * @param publish the events to publish, each caused by the input
     */
    public record Step(Row row, OrderDocument order, List<PipelineEvent> publish) {

        public Change change() {
            return row.change();
        }
    }

    public static Step next(OrderDocument order, Input input) {
        return switch (input) {
            case Checkout checkout -> checkout(order, checkout);
            case Reserved reserved -> answer(order, reserved.eventId(), OrderStatus.CONFIRMED, null, reserved.at());
            case Rejected rejected -> answer(order, rejected.eventId(), OrderStatus.REJECTED, rejected.reason(),
                    rejected.at());
            case Expired expired -> expire(order, expired.at());
            case Recovered recovered -> recover(order, recovered);
        };
    }

    /** What {@code decidedBy} holds and the timer's events derive their ids from, for the expiry of an order. */
    public static String expiryOf(UUID orderId) {
        return "expiry:" + orderId;
    }

    /** What {@code decidedBy} holds for an order decided as a restore pinned it. */
    public static String restoreOf(UUID orderId) {
        return "restore:" + orderId;
    }

    private static Step checkout(OrderDocument order, Checkout checkout) {
        CartDocument cart = checkout.cart();
        UUID orderId = checkout.request().orderId();
        String eventId = checkout.eventId().toString();
        boolean cartClosedByAnotherRequest = CartRules.checkout(cart.orderId(), orderId) == CartRules.Checkout.RETRY
                && !checkout.eventId().equals(cart.checkoutEventId());
        if (cartClosedByAnotherRequest) {
            return new Step(Row.CHECKOUT_REPEATED, order, List.of());
        }
        if (order == null) {
            return create(checkout);
        }
        if (restoreOf(orderId).equals(order.decidedBy())) {
            return new Step(Row.CHECKOUT_REPEATED, order, List.of()); // all it announced is on orders.v1
        }
        if (order.createdAs() == OrderStatus.REJECTED && !eventId.equals(order.decidedBy())) {
            return new Step(Row.CHECKOUT_REPEATED, order, List.of()); // its rejection was announced then
        }
        return new Step(Row.CHECKOUT_REPLAYED, order, List.of(announcement(order)));
    }

    private static Step create(Checkout checkout) {
        CheckoutRequested request = checkout.request();
        CartDocument cart = checkout.cart();
        Pricing.Priced priced = checkout.priced();
        boolean checkedOut = CartRules.checkout(cart.orderId(), request.orderId()) != CartRules.Checkout.FIRST;
        Reason rejection = checkedOut ? CartRules.checkedOutAs(cart.orderId()) : priced.rejection();
        OrderDocument order = OrderDocument.created(request.orderId(), request.cartId(), priced.lines(),
                priced.totalCents(), priced.currency(), rejection, request.customer(), checkout.eventId(),
                checkout.at());
        if (checkout.pinned() != null) {
            return new Step(Row.RECOVERED_AT_CHECKOUT, asPinned(order, checkout.pinned(), checkout.at()), List.of());
        }
        Row row = rejection == null ? Row.PLACED : checkedOut ? Row.REFUSED_CHECKED_OUT : Row.REFUSED;
        return new Step(row, order, List.of(announcement(order)));
    }

    private static Step recover(OrderDocument order, Recovered recovered) {
        if (order == null || order.status() != OrderStatus.PENDING) {
            return new Step(Row.SETTLED, order, List.of());
        }
        return new Step(Row.RECOVERED, asPinned(order, recovered.decision(), recovered.at()), List.of());
    }

    private static OrderDocument asPinned(OrderDocument order, PipelineEvent decision, Instant at) {
        String decidedBy = restoreOf(order.orderId());
        return switch (decision) {
            case OrderConfirmed confirmed -> order.recovered(OrderStatus.CONFIRMED, null, decidedBy, at);
            case OrderRejected rejected -> order.recovered(OrderStatus.REJECTED, rejected.reason(), decidedBy, at);
            case OrderCancelled cancelled -> order.recovered(OrderStatus.CANCELLED, cancelled.reason(), decidedBy, at);
            default -> throw new IllegalArgumentException("not a decision on an order: " + decision.getClass());
        };
    }

    /** What the checkout that created {@code order} announced. */
    private static PipelineEvent announcement(OrderDocument order) {
        return order.createdAs() == OrderStatus.PENDING
                ? new OrderPlaced(order.orderId(), order.cartId(), order.lines(), order.totalCents(), order.currency())
                : new OrderRejected(order.orderId(), order.reason());
    }

    private static Step answer(OrderDocument order, UUID eventId, OrderStatus status, Reason reason, Instant at) {
        if (order == null) {
            return new Step(Row.UNKNOWN_ORDER, null, List.of());
        }
        String decidedBy = eventId.toString();
        PipelineEvent outcome = status == OrderStatus.CONFIRMED ? new OrderConfirmed(order.orderId())
                : new OrderRejected(order.orderId(), reason);
        if (order.status() == OrderStatus.PENDING) {
            return new Step(status == OrderStatus.CONFIRMED ? Row.CONFIRMED : Row.STOCK_REJECTED,
                    order.decided(status, reason, decidedBy, at), List.of(outcome));
        }
        if (decidedBy.equals(order.decidedBy())) {
            return new Step(Row.ANSWER_REPLAYED, order, List.of(outcome));
        }
        return new Step(Row.ANSWER_TOO_LATE, order, List.of());
    }

    private static Step expire(OrderDocument order, Instant at) {
        if (order == null) {
            return new Step(Row.SETTLED, null, List.of());
        }
        if (order.status() == OrderStatus.PENDING) {
            OrderDocument cancelled = order.decided(OrderStatus.CANCELLED, Reason.of(Reason.Code.EXPIRED, order.skus()),
                    expiryOf(order.orderId()), at);
            return new Step(Row.EXPIRED, cancelled, List.of(cancellation(cancelled)));
        }
        if (order.status() == OrderStatus.CANCELLED && !order.outcomePublished()) {
            return new Step(Row.CANCELLATION_RETRIED, order, List.of(cancellation(order)));
        }
        return new Step(Row.SETTLED, order, List.of());
    }

    private static OrderCancelled cancellation(OrderDocument order) {
        return new OrderCancelled(order.orderId(), order.reason());
    }
}
