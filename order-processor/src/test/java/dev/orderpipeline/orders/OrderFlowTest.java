package dev.orderpipeline.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.orderpipeline.documents.CartDocument;
import dev.orderpipeline.documents.OrderDocument;
import dev.orderpipeline.documents.OrderStatus;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.Reason;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.orders.order.OrderLifecycle;
import dev.orderpipeline.runtime.BatchRun;
import dev.orderpipeline.runtime.TopicLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order processor's flow, a batch at a time, on a MongoDB wire server in memory: checkouts
 * become priced orders or rejections once, however often they are asked or replayed, and the
 * inventory's answers decide each order once.
 */
class OrderFlowTest {

    private final OrderProcessorFixture processor = new OrderProcessorFixture();
    private final TopicLog log = new TopicLog(Topics.PARTITIONS);
    private final CartEvents cart = CartEvents.newCart();

    @AfterEach
    void stop() {
        processor.close();
    }

    @Test
    void aCheckoutPlacesAnOrderPricedFromTheCatalog() {
        BatchRun run = onCarts(cart.opened(), cart.added("MUG", 2), cart.added("BEANS", 1), cart.checkout("key"));

        assertThat(run.payloads()).containsExactly(new OrderPlaced(cart.orderId("key"), cart.cartId(),
                List.of(new OrderLine("BEANS", 1, 1890), new OrderLine("MUG", 2, 1450)), 1890 + 2 * 1450, "EUR"));
        OrderDocument order = processor.order(cart.orderId("key"));
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.totalCents()).isEqualTo(1890 + 2 * 1450);
        assertThat(order.customer()).isEqualTo(CartEvents.ANN);
        assertThat(processor.cart(cart.cartId())).satisfies(checkedOut -> {
            assertThat(checkedOut.status()).isEqualTo(CartDocument.CartStatus.CHECKED_OUT);
            assertThat(checkedOut.orderId()).isEqualTo(cart.orderId("key"));
            assertThat(checkedOut.version()).as("two items and the checkout").isEqualTo(3);
        });
    }

    @Test
    void aReplayOfTheBatchPublishesTheSameEventsAndChangesNothing() {
        List<ConsumerRecord<String, byte[]>> batch = log.append(cart.opened(), cart.added("MUG", 2), cart.checkout("key"));
        BatchRun first = processor.onCartEvents(batch);
        CartDocument cartAfterFirst = processor.cart(cart.cartId());
        OrderDocument orderAfterFirst = processor.order(cart.orderId("key"));

        BatchRun replay = processor.onCartEvents(batch);

        assertThat(replay.eventIds()).hasSize(1).isEqualTo(first.eventIds());
        assertThat(replay.payloads()).isEqualTo(first.payloads());
        assertThat(processor.cart(cart.cartId())).isEqualTo(cartAfterFirst);
        assertThat(processor.orders()).containsExactly(orderAfterFirst);
    }

    @Test
    void aReplayOfAnOpenCartsEventsChangesItOnce() {
        List<ConsumerRecord<String, byte[]>> batch = log.append(cart.opened(), cart.added("MUG", 2),
                cart.added("BEANS", 1), cart.added("MUG", 1), cart.removed("BEANS"));
        processor.onCartEvents(batch);
        CartDocument once = processor.cart(cart.cartId());

        processor.onCartEvents(batch);
        processor.onCartEvents(batch.subList(2, batch.size()));

        assertThat(once.items()).containsExactlyEntriesOf(Map.of("MUG", 3));
        assertThat(once.version()).isEqualTo(4);
        assertThat(processor.cart(cart.cartId())).isEqualTo(once);
    }

    @Test
    void theSameCheckoutAskedAgainLaterPublishesNothing() {
        onCarts(cart.opened(), cart.added("MUG", 1));
        EventEnvelope firstRequest = cart.checkout("key");
        BatchRun first = onCarts(firstRequest);

        BatchRun again = onCarts(cart.checkout("key"));

        assertThat(first.payloads()).singleElement().isInstanceOf(OrderPlaced.class);
        assertThat(again.published()).isEmpty();
        assertThat(processor.orders()).hasSize(1);
        assertThat(processor.cart(cart.cartId()).checkoutEventId()).isEqualTo(firstRequest.eventId());
    }

    @Test
    void theSameCheckoutAskedTwiceInOneBatchPublishesOnce() {
        BatchRun run = onCarts(cart.opened(), cart.added("MUG", 1), cart.checkout("key"), cart.checkout("key"));

        assertThat(run.payloads()).singleElement().isInstanceOf(OrderPlaced.class);
        assertThat(processor.orders()).hasSize(1);
    }

    @Test
    void aCheckoutUnderAnotherKeyOfACheckedOutCartIsRejectedNamingTheFirstOrder() {
        onCarts(cart.opened(), cart.added("MUG", 1), cart.checkout("first"));

        BatchRun second = onCarts(cart.checkout("second"));

        Reason reason = Reason.alreadyCheckedOut(cart.orderId("first"));
        assertThat(reason.text()).isEqualTo("ALREADY_CHECKED_OUT: " + cart.orderId("first"));
        assertThat(second.payloads()).containsExactly(new OrderRejected(cart.orderId("second"), reason));
        assertThat(processor.order(cart.orderId("second"))).satisfies(rejected -> {
            assertThat(rejected.status()).isEqualTo(OrderStatus.REJECTED);
            assertThat(rejected.reason()).isEqualTo(reason);
        });
        assertThat(processor.order(cart.orderId("first")).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(processor.cart(cart.cartId()).orderId()).isEqualTo(cart.orderId("first"));
    }

    @Test
    void aRejectedCheckoutAskedAgainPublishesNothingButItsReplayPublishesTheSame() {
        onCarts(cart.opened(), cart.added("MUG", 1), cart.checkout("first"));
        List<ConsumerRecord<String, byte[]>> second = log.append(cart.checkout("second"));
        BatchRun rejected = processor.onCartEvents(second);

        BatchRun replay = processor.onCartEvents(second);
        BatchRun askedAgain = onCarts(cart.checkout("second"));

        assertThat(rejected.eventIds()).hasSize(1);
        assertThat(replay.eventIds()).isEqualTo(rejected.eventIds());
        assertThat(askedAgain.eventIds()).isEmpty();
    }

    @Test
    void anEmptyCartsCheckoutIsRejectedAsEmpty() {
        BatchRun run = onCarts(cart.opened(), cart.added("MUG", 1), cart.removed("MUG"), cart.checkout("key"));

        assertThat(run.payloads()).containsExactly(new OrderRejected(cart.orderId("key"), Reason.parse("EMPTY_CART")));
        assertThat(processor.order(cart.orderId("key")).status()).isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void theCheckoutOfACartWithNoEventsIsRejectedAsEmpty() {
        BatchRun run = onCarts(cart.checkout("key"));

        assertThat(run.payloads()).containsExactly(new OrderRejected(cart.orderId("key"), Reason.parse("EMPTY_CART")));
        assertThat(processor.order(cart.orderId("key"))).satisfies(order -> {
            assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
            assertThat(order.lines()).isEmpty();
        });
    }

    @Test
    void aCartWithAProductNotInTheCatalogIsRejectedNamingIt() {
        BatchRun run = onCarts(cart.opened(), cart.added("MUG", 1), cart.added("GONE", 1), cart.checkout("key"));

        assertThat(run.payloads()).containsExactly(new OrderRejected(cart.orderId("key"), Reason.parse("UNKNOWN_PRODUCT: GONE")));
    }

    @Test
    void anItemAddedAfterTheCheckoutIsIgnored() {
        onCarts(cart.opened(), cart.added("MUG", 1), cart.checkout("key"), cart.added("BEANS", 3));
        OrderDocument order = processor.order(cart.orderId("key"));

        BatchRun later = onCarts(cart.added("MUG", 5), cart.removed("MUG"));

        assertThat(later.published()).isEmpty();
        assertThat(processor.order(cart.orderId("key"))).isEqualTo(order);
        assertThat(order.lines()).containsExactly(new OrderLine("MUG", 1, 1450));
        assertThat(processor.cart(cart.cartId())).satisfies(checkedOut -> {
            assertThat(checkedOut.items()).containsExactlyEntriesOf(Map.of("MUG", 1));
            assertThat(checkedOut.status()).isEqualTo(CartDocument.CartStatus.CHECKED_OUT);
            assertThat(checkedOut.version()).isEqualTo(2);
        });
    }

    @Test
    void aReplayAfterOnlyTheOrdersWereWrittenPublishesTheSameEventsAndEndsInTheSameState() {
        CartEvents other = CartEvents.newCart();
        onCarts(cart.opened(), cart.added("MUG", 1));
        List<Document> cartsBefore = storedCarts();
        List<ConsumerRecord<String, byte[]>> batch = log.append(cart.added("BEANS", 2), cart.checkout("key"),
                other.opened(), other.added("FILTER", 4), other.checkout("key"), cart.added("MUG", 9));
        BatchRun first = processor.onCartEvents(batch);
        List<CartDocument> cartsAfter = processor.carts();
        List<Document> ordersAfter = storedOrders();

        restoreCarts(cartsBefore); // as if the orders' bulk write went through and the carts' did not
        BatchRun replay = processor.onCartEvents(batch);

        assertThat(replay.eventIds()).hasSize(2).isEqualTo(first.eventIds());
        assertThat(replay.payloads()).isEqualTo(first.payloads());
        assertThat(storedOrders()).isEqualTo(ordersAfter);
        assertThat(processor.carts()).as("the same carts, their timestamps aside (the new cart is created again)")
                .usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*At").isEqualTo(cartsAfter);
    }

    @Test
    void stockReservedConfirmsThePendingOrder() {
        EventEnvelope placed = placeOrder();
        EventEnvelope reserved = EventEnvelope.causedBy(placed, new StockReserved(orderId()));

        BatchRun run = onAnswers(reserved);

        assertThat(run.payloads()).containsExactly(new OrderConfirmed(orderId()));
        assertThat(processor.order(orderId())).satisfies(order -> {
            assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
            assertThat(order.decidedBy()).isEqualTo(reserved.eventId().toString());
        });
    }

    @Test
    void stockRejectedRejectsThePendingOrderWithTheInventorysReason() {
        EventEnvelope placed = placeOrder();

        BatchRun run = onAnswers(EventEnvelope.causedBy(placed, new StockRejected(orderId(), Reason.parse("OUT_OF_STOCK: MUG"))));

        assertThat(run.payloads()).containsExactly(new OrderRejected(orderId(), Reason.parse("OUT_OF_STOCK: MUG")));
        assertThat(processor.order(orderId())).satisfies(order -> {
            assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
            assertThat(order.reason().text()).isEqualTo("OUT_OF_STOCK: MUG");
        });
    }

    @Test
    void anAnswerForAnOrderThatExpiredMeanwhilePublishesNothing() {
        EventEnvelope placed = placeOrder();
        processor.orders.leavePending(OrderLifecycle.next(processor.order(orderId()),
                new OrderLifecycle.Expired(Instant.now())).order());

        BatchRun run = onAnswers(EventEnvelope.causedBy(placed, new StockReserved(orderId())));

        assertThat(run.published()).isEmpty();
        assertThat(processor.order(orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void onlyTheFirstOfTwoDifferentAnswersDecides() {
        EventEnvelope placed = placeOrder();

        BatchRun run = onAnswers(EventEnvelope.causedBy(placed, new StockReserved(orderId())),
                EventEnvelope.of(new StockRejected(orderId(), Reason.parse("OUT_OF_STOCK: MUG")), orderId().toString()));
        BatchRun later = onAnswers(EventEnvelope.of(new StockRejected(orderId(), Reason.parse("OUT_OF_STOCK: MUG")),
                orderId().toString()));

        assertThat(run.payloads()).containsExactly(new OrderConfirmed(orderId()));
        assertThat(later.published()).isEmpty();
        assertThat(processor.order(orderId()).status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void aReplayOfTheDecidingAnswerPublishesTheSameOutcomeAgain() {
        EventEnvelope placed = placeOrder();
        List<ConsumerRecord<String, byte[]>> answer = log.append(EventEnvelope.causedBy(placed,
                new StockRejected(orderId(), Reason.parse("OUT_OF_STOCK: MUG"))));
        BatchRun first = processor.onInventoryAnswers(answer);
        OrderDocument decided = processor.order(orderId());

        BatchRun replay = processor.onInventoryAnswers(answer);

        assertThat(replay.eventIds()).hasSize(1).isEqualTo(first.eventIds());
        assertThat(replay.payloads()).isEqualTo(first.payloads());
        assertThat(processor.order(orderId())).isEqualTo(decided);
    }

    @Test
    void anAnswerForAnUnknownOrderIsDeadLetteredAndTheRestOfItsBatchApplied() {
        EventEnvelope placed = placeOrder();
        UUID unknown = UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> batch = log.append(
                EventEnvelope.of(new StockReserved(unknown), unknown.toString()),
                EventEnvelope.causedBy(placed, new StockReserved(orderId())));

        BatchRun run = processor.onInventoryAnswers(batch);

        assertThat(run.deadLettered()).containsOnlyKeys(batch.getFirst());
        assertThat(run.deadLettered().get(batch.getFirst())).contains("unknown order " + unknown);
        assertThat(run.payloads()).containsExactly(new OrderConfirmed(orderId()));
        assertThat(processor.order(orderId()).status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(processor.order(unknown)).isNull();
    }

    /** Checks out {@link #cart} with one mug under "key"; its OrderPlaced. */
    private EventEnvelope placeOrder() {
        BatchRun run = onCarts(cart.opened(), cart.added("MUG", 1), cart.checkout("key"));
        assertThat(run.payloads()).singleElement().isInstanceOf(OrderPlaced.class);
        return run.published().getFirst();
    }

    private UUID orderId() {
        return cart.orderId("key");
    }

    private BatchRun onCarts(EventEnvelope... events) {
        return processor.onCartEvents(log.append(events));
    }

    private BatchRun onAnswers(EventEnvelope... events) {
        return processor.onInventoryAnswers(log.append(events));
    }

    private List<Document> storedCarts() {
        return processor.mongo.collection("carts", "carts").find().into(new ArrayList<>());
    }

    private List<Document> storedOrders() {
        return processor.mongo.collection("orders", "orders").find().into(new ArrayList<>());
    }

    private void restoreCarts(List<Document> carts) {
        processor.mongo.collection("carts", "carts").deleteMany(new Document());
        processor.mongo.collection("carts", "carts").insertMany(carts);
    }
}
