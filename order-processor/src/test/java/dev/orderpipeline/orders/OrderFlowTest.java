package dev.orderpipeline.orders;

import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.orderpipeline.events.CartItemAdded;
import dev.orderpipeline.events.CartOpened;
import dev.orderpipeline.events.CheckoutRequested;
import dev.orderpipeline.events.Customer;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.OrderRejected;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.orders.cart.CartStore;
import dev.orderpipeline.orders.checkout.CatalogPrices;
import dev.orderpipeline.orders.order.OrderStatus;
import dev.orderpipeline.orders.order.OrderStore;
import dev.orderpipeline.runtime.EventRecord;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The order state machine against a MongoDB wire-protocol server (mongo-java-server), no Kafka. */
class OrderFlowTest {

    private MongoServer server;
    private MongoClient client;
    private OrderFlow flow;
    private OrderStore orders;
    private long offset;
    private final UUID cartId = UUID.randomUUID();

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        MongoDatabases mongo = new MongoDatabases(client);
        orders = new OrderStore(mongo);
        flow = new OrderFlow(new CartStore(mongo), orders, new CatalogPrices(mongo));
        client.getDatabase("catalog").getCollection("products").updateOne(new Document("_id", "MUG"),
                Updates.combine(Updates.set("priceCents", 1450L), Updates.set("currency", "EUR")),
                new UpdateOptions().upsert(true));
        handle(event(new CartOpened(cartId)));
        handle(event(new CartItemAdded(cartId, "MUG", 2)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aCheckoutPlacesAPricedOrderAndItsReplayPublishesTheSameEvent() {
        EventEnvelope checkout = checkout("key");
        UUID orderId = ((CheckoutRequested) checkout.payload()).orderId();

        List<EventEnvelope> first = handle(checkout);
        List<EventEnvelope> replay = handleAgain(checkout);

        assertThat(first).singleElement().extracting(EventEnvelope::payload).isInstanceOfSatisfying(OrderPlaced.class,
                placed -> assertThat(placed.totalCents()).isEqualTo(2900));
        assertThat(replay).extracting(EventEnvelope::eventId).containsExactly(first.getFirst().eventId());
        assertThat(orders.find(orderId).status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void theSameCheckoutAskedTwicePublishesOnce() {
        EventEnvelope first = checkout("key");
        EventEnvelope again = checkout("key");

        assertThat(handle(first)).hasSize(1);
        assertThat(handle(again)).isEmpty();
    }

    @Test
    void aSecondKeyOnACheckedOutCartBecomesARejectedOrder() {
        handle(checkout("key"));
        List<EventEnvelope> second = handle(checkout("other-key"));
        assertThat(second).singleElement().extracting(EventEnvelope::payload).isInstanceOfSatisfying(
                OrderRejected.class, rejected -> assertThat(rejected.reason()).startsWith("ALREADY_CHECKED_OUT"));
    }

    @Test
    void theInventorysAnswerDecidesOnceAndAReplayRepeatsTheSameOutcome() {
        EventEnvelope checkout = checkout("key");
        UUID orderId = ((CheckoutRequested) checkout.payload()).orderId();
        EventEnvelope placed = handle(checkout).getFirst();
        EventEnvelope reserved = EventEnvelope.causedBy(placed, new StockReserved(orderId));
        EventEnvelope lateRejection = EventEnvelope.causedBy(placed, new StockRejected(orderId, "OUT_OF_STOCK: MUG"));

        List<EventEnvelope> confirmed = handle(reserved);
        List<EventEnvelope> replay = handle(reserved);

        assertThat(confirmed).singleElement().extracting(EventEnvelope::payload).isEqualTo(new OrderConfirmed(orderId));
        assertThat(replay).extracting(EventEnvelope::eventId).containsExactly(confirmed.getFirst().eventId());
        assertThat(handle(lateRejection)).isEmpty();
        assertThat(orders.find(orderId).status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void anAnswerAfterExpiryChangesNothing() {
        EventEnvelope checkout = checkout("key");
        UUID orderId = ((CheckoutRequested) checkout.payload()).orderId();
        EventEnvelope placed = handle(checkout).getFirst();
        assertThat(orders.leavePending(orderId, OrderStatus.CANCELLED, "EXPIRED: MUG", "expiry:" + orderId)).isNotNull();

        assertThat(handle(EventEnvelope.causedBy(placed, new StockReserved(orderId)))).isEmpty();
        assertThat(orders.find(orderId).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(orders.cancelledUnpublished(10)).extracting(order -> order.orderId()).containsExactly(orderId);
    }

    private EventEnvelope checkout(String key) {
        UUID orderId = UUID.nameUUIDFromBytes((cartId + key).getBytes());
        return event(new CheckoutRequested(cartId, orderId, key, new Customer("a@example.com", "Ann")));
    }

    private static EventEnvelope event(dev.orderpipeline.events.PipelineEvent payload) {
        return EventEnvelope.of(payload, payload.key());
    }

    private List<EventEnvelope> handle(EventEnvelope event) {
        return flow.handle(new EventRecord(event, event.topic(), 0, offset++));
    }

    private List<EventEnvelope> handleAgain(EventEnvelope event) {
        return flow.handle(new EventRecord(event, event.topic(), 0, offset - 1));
    }
}
