package dev.orderpipeline.orders.order;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.documents.ProductDocument;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.orders.checkout.Pricing;
import dev.orderpipeline.orders.order.OrderLifecycle.Change;
import dev.orderpipeline.orders.order.OrderLifecycle.Checkout;
import dev.orderpipeline.orders.order.OrderLifecycle.Expired;
import dev.orderpipeline.orders.order.OrderLifecycle.Recovered;
import dev.orderpipeline.orders.order.OrderLifecycle.Rejected;
import dev.orderpipeline.orders.order.OrderLifecycle.Reserved;
import dev.orderpipeline.orders.order.OrderLifecycle.Row;
import dev.orderpipeline.orders.order.OrderLifecycle.Step;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per row of {@link OrderLifecycle}'s table: pure logic, no store. */
class OrderLifecycleTest {

    private static final Instant CREATED = Instant.parse("2026-12-07T08:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(30);
    private static final Map<String, ProductDocument> CATALOG = Map.of(
            "MUG", new ProductDocument("MUG", "mug", "", 1450, "EUR", CREATED));

    private final UUID cartId = UUID.randomUUID();
    private final UUID orderId = UUID.randomUUID();
    private final UUID checkoutId = UUID.randomUUID();
    private final CheckoutRequested request = new CheckoutRequested(cartId, orderId, "key",
            new Customer("ann@example.com", "Ann"));

    @Test
    void aCheckoutOfAnOpenCartThatPricesPlacesTheOrderPending() {
        Step step = checkout(null, openCart(Map.of("MUG", 2)), checkoutId);

        assertThat(step.row()).isEqualTo(Row.PLACED);
        assertThat(step.change()).isEqualTo(Change.CREATE);
        assertThat(step.order().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(step.order().decidedBy()).isNull();
        assertThat(step.publish()).containsExactly(new OrderPlaced(orderId, cartId,
                List.of(new OrderLine("MUG", 2, 1450)), 2900, "EUR"));
    }

    @Test
    void aCheckoutOfACartThatDoesNotPriceCreatesTheOrderRejected() {
        Step step = checkout(null, openCart(Map.of("NOPE", 1)), checkoutId);

        assertThat(step.row()).isEqualTo(Row.REFUSED);
        assertThat(step.change()).isEqualTo(Change.CREATE);
        assertThat(step.order().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(step.order().decidedBy()).as("the checkout that refused it").isEqualTo(checkoutId.toString());
        assertThat(step.publish()).containsExactly(new OrderRejected(orderId, Reason.parse("UNKNOWN_PRODUCT: NOPE")));
    }

    @Test
    void aCheckoutOfACartCheckedOutAsAnotherOrderCreatesTheOrderRejected() {
        UUID first = UUID.randomUUID();
        CartDocument closed = openCart(Map.of("MUG", 1)).checkedOut(first, UUID.randomUUID(), 3, CREATED);

        Step step = checkout(null, closed, checkoutId);

        assertThat(step.row()).isEqualTo(Row.REFUSED_CHECKED_OUT);
        assertThat(step.order().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(step.publish()).containsExactly(new OrderRejected(orderId, Reason.alreadyCheckedOut(first)));
    }

    @Test
    void theCheckoutThatCreatedTheOrderAgainPublishesWhatItPublishedThenAndChangesNothing() {
        CartDocument cart = openCart(Map.of("MUG", 2));
        Step placed = checkout(null, cart, checkoutId);
        OrderDocument confirmed = OrderLifecycle.next(placed.order(), new Reserved(UUID.randomUUID(), LATER)).order();

        Step replay = checkout(confirmed, cart.checkedOut(orderId, checkoutId, 4, CREATED), checkoutId);

        assertUnchanged(replay, Row.CHECKOUT_REPLAYED, confirmed, placed.publish().toArray(PipelineEvent[]::new));
    }

    @Test
    void anotherCheckoutOfTheSameOrderPublishesNothing() {
        CartDocument cart = openCart(Map.of("MUG", 2));
        OrderDocument placed = checkout(null, cart, checkoutId).order();
        Step again = checkout(placed, cart.checkedOut(orderId, checkoutId, 4, CREATED), UUID.randomUUID());

        OrderDocument refused = checkout(null, openCart(Map.of()), checkoutId).order();
        Step refusedAgain = checkout(refused, openCart(Map.of()), UUID.randomUUID());

        assertThat(List.of(again, refusedAgain)).allSatisfy(step -> {
            assertThat(step.row()).isEqualTo(Row.CHECKOUT_REPEATED);
            assertThat(step.change()).isEqualTo(Change.NONE);
            assertThat(step.publish()).isEmpty();
        });
    }

    @Test
    void stockReservedConfirmsAPendingOrder() {
        UUID answer = UUID.randomUUID();
        Step step = OrderLifecycle.next(pending(), new Reserved(answer, LATER));

        assertThat(step.row()).isEqualTo(Row.CONFIRMED);
        assertThat(step.change()).isEqualTo(Change.LEAVE_PENDING);
        assertThat(step.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(step.order().decidedBy()).isEqualTo(answer.toString());
        assertThat(step.order().updatedAt()).isEqualTo(LATER);
        assertThat(step.order().outcomePublished()).isTrue();
        assertThat(step.publish()).containsExactly(new OrderConfirmed(orderId));
    }

    @Test
    void stockRejectedRejectsAPendingOrderWithTheInventorysReason() {
        Step step = OrderLifecycle.next(pending(), new Rejected(UUID.randomUUID(), Reason.parse("OUT_OF_STOCK: MUG"), LATER));

        assertThat(step.row()).isEqualTo(Row.STOCK_REJECTED);
        assertThat(step.change()).isEqualTo(Change.LEAVE_PENDING);
        assertThat(step.order().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(step.order().reason().text()).isEqualTo("OUT_OF_STOCK: MUG");
        assertThat(step.publish()).containsExactly(new OrderRejected(orderId, Reason.parse("OUT_OF_STOCK: MUG")));
    }

    @Test
    void theAnswerThatDecidedTheOrderAgainPublishesTheSameOutcome() {
        UUID answer = UUID.randomUUID();
        OrderDocument rejected = OrderLifecycle.next(pending(), new Rejected(answer, Reason.parse("OUT_OF_STOCK: MUG"), LATER)).order();

        Step replay = OrderLifecycle.next(rejected, new Rejected(answer, Reason.parse("OUT_OF_STOCK: MUG"), LATER.plusSeconds(1)));

        assertUnchanged(replay, Row.ANSWER_REPLAYED, rejected, new OrderRejected(orderId, Reason.parse("OUT_OF_STOCK: MUG")));
    }

    @Test
    void anAnswerForAnOrderDecidedBySomethingElsePublishesNothing() {
        OrderDocument cancelled = OrderLifecycle.next(pending(), new Expired(LATER)).order();

        Step late = OrderLifecycle.next(cancelled, new Reserved(UUID.randomUUID(), LATER.plusSeconds(1)));

        assertUnchanged(late, Row.ANSWER_TOO_LATE, cancelled);
    }

    @Test
    void anAnswerForAnUnknownOrderIsDeadLettered() {
        Step step = OrderLifecycle.next(null, new Reserved(UUID.randomUUID(), LATER));

        assertThat(step.row()).isEqualTo(Row.UNKNOWN_ORDER);
        assertThat(step.change()).isEqualTo(Change.DEAD_LETTER);
        assertThat(step.publish()).isEmpty();
    }

    @Test
    void theExpiryCancelsAPendingOrderUnannouncedUntilItsCancellationIsAcknowledged() {
        Step step = OrderLifecycle.next(pending(), new Expired(LATER));

        assertThat(step.row()).isEqualTo(Row.EXPIRED);
        assertThat(step.change()).isEqualTo(Change.LEAVE_PENDING);
        assertThat(step.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(step.order().reason().text()).isEqualTo("EXPIRED: MUG");
        assertThat(step.order().decidedBy()).isEqualTo(OrderLifecycle.expiryOf(orderId));
        assertThat(step.order().outcomePublished()).isFalse();
        assertThat(step.publish()).containsExactly(new OrderCancelled(orderId, Reason.parse("EXPIRED: MUG")));
    }

    @Test
    void theExpiryAnnouncesAnUnannouncedCancellationAgain() {
        OrderDocument cancelled = OrderLifecycle.next(pending(), new Expired(LATER)).order();

        Step retry = OrderLifecycle.next(cancelled, new Expired(LATER.plusSeconds(1)));

        assertUnchanged(retry, Row.CANCELLATION_RETRIED, cancelled, new OrderCancelled(orderId, Reason.parse("EXPIRED: MUG")));
    }

    @Test
    void theExpiryLeavesEveryOtherOrderAlone() {
        OrderDocument confirmed = OrderLifecycle.next(pending(), new Reserved(UUID.randomUUID(), LATER)).order();
        OrderDocument cancelled = OrderLifecycle.next(pending(), new Expired(LATER)).order();
        OrderDocument announced = new OrderDocument(cancelled.orderId(), cancelled.cartId(), cancelled.status(),
                cancelled.lines(), cancelled.totalCents(), cancelled.currency(), cancelled.reason(),
                cancelled.customer(), cancelled.createdAt(), cancelled.updatedAt(), cancelled.createdAs(),
                cancelled.decidedBy(), true);

        for (OrderDocument order : java.util.Arrays.asList(confirmed, announced, null)) {
            Step step = OrderLifecycle.next(order, new Expired(LATER.plusSeconds(1)));
            assertThat(step.row()).isEqualTo(Row.SETTLED);
            assertThat(step.change()).isEqualTo(Change.NONE);
            assertThat(step.publish()).isEmpty();
        }
    }

    @Test
    void aCheckoutReplayedAfterARestoreCreatesTheOrderAsItsPinnedDecisionAndPublishesNothing() {
        Reason expired = Reason.of(Reason.Code.EXPIRED, List.of("MUG"));
        Step step = OrderLifecycle.next(null, new Checkout(request, checkoutId, openCart(Map.of("MUG", 1)),
                Pricing.price(Map.of("MUG", 1), CATALOG), CREATED, new OrderCancelled(orderId, expired)));

        assertThat(step.row()).isEqualTo(Row.RECOVERED_AT_CHECKOUT);
        assertThat(step.change()).isEqualTo(Change.CREATE);
        assertThat(step.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(step.order().reason()).isEqualTo(expired);
        assertThat(step.order().decidedBy()).isEqualTo(OrderLifecycle.restoreOf(orderId));
        assertThat(step.order().outcomePublished()).as("announced before the restore").isTrue();
        assertThat(step.publish()).isEmpty();
    }

    @Test
    void aPendingOrderIsDecidedAsItsPinnedDecisionAndPublishesNothing() {
        Reason outOfStock = Reason.parse("OUT_OF_STOCK: MUG");
        Step confirmed = OrderLifecycle.next(pending(), new Recovered(new OrderConfirmed(orderId), LATER));
        Step rejected = OrderLifecycle.next(pending(), new Recovered(new OrderRejected(orderId, outOfStock), LATER));

        assertThat(List.of(confirmed, rejected)).allSatisfy(step -> {
            assertThat(step.row()).isEqualTo(Row.RECOVERED);
            assertThat(step.change()).isEqualTo(Change.LEAVE_PENDING);
            assertThat(step.order().decidedBy()).isEqualTo(OrderLifecycle.restoreOf(orderId));
            assertThat(step.publish()).isEmpty();
        });
        assertThat(confirmed.order().status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(rejected.order().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rejected.order().reason()).isEqualTo(outOfStock);
    }

    @Test
    void aPinnedDecisionLeavesAnOrderDecidedBeforeAlone() {
        OrderDocument confirmed = OrderLifecycle.next(pending(), new Reserved(UUID.randomUUID(), LATER)).order();

        assertUnchanged(OrderLifecycle.next(confirmed, new Recovered(new OrderRejected(orderId,
                Reason.parse("OUT_OF_STOCK: MUG")), LATER)), Row.SETTLED, confirmed);
        assertThat(OrderLifecycle.next(null, new Recovered(new OrderConfirmed(orderId), LATER)).row())
                .isEqualTo(Row.SETTLED);
    }

    @Test
    void aCheckoutOfAnOrderDecidedByARestorePublishesNothing() {
        CartDocument cart = openCart(Map.of("MUG", 1));
        OrderDocument recovered = OrderLifecycle.next(pending(), new Recovered(new OrderConfirmed(orderId), LATER))
                .order();

        Step replay = checkout(recovered, cart.checkedOut(orderId, checkoutId, 4, CREATED), checkoutId);

        assertUnchanged(replay, Row.CHECKOUT_REPEATED, recovered);
    }

    /** {@code step} is {@code row}, leaves {@code order} as it is and publishes exactly {@code publish}. */
    private static void assertUnchanged(Step step, Row row, OrderDocument order, PipelineEvent... publish) {
        assertThat(step.row()).isEqualTo(row);
        assertThat(step.change()).isEqualTo(Change.NONE);
        assertThat(step.order()).isSameAs(order);
        assertThat(step.publish()).containsExactly(publish);
    }

    private OrderDocument pending() {
        return checkout(null, openCart(Map.of("MUG", 1)), checkoutId).order();
    }

    private Step checkout(OrderDocument order, CartDocument cart, UUID eventId) {
        return OrderLifecycle.next(order, new Checkout(request, eventId, cart, Pricing.price(cart.items(), CATALOG),
                CREATED));
    }

    private CartDocument openCart(Map<String, Integer> items) {
        CartDocument cart = CartDocument.opened(cartId, 0, CREATED);
        for (Map.Entry<String, Integer> item : items.entrySet()) {
            cart = cart.withQuantity(item.getKey(), item.getValue(), 1, CREATED);
        }
        return cart;
    }
}
