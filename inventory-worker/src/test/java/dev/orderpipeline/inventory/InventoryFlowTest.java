package dev.orderpipeline.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.OrderCancelled;
import dev.orderpipeline.events.OrderConfirmed;
import dev.orderpipeline.events.OrderLine;
import dev.orderpipeline.events.OrderPlaced;
import dev.orderpipeline.events.PipelineEvent;
import dev.orderpipeline.events.ProductUpserted;
import dev.orderpipeline.events.StockAdjusted;
import dev.orderpipeline.events.StockRejected;
import dev.orderpipeline.events.StockReserved;
import dev.orderpipeline.inventory.catalog.CatalogStore;
import dev.orderpipeline.inventory.reservation.ReservationStore;
import dev.orderpipeline.inventory.reservation.StockStore;
import dev.orderpipeline.runtime.EventRecord;
import dev.orderpipeline.runtime.MongoDatabases;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reservation rules against a MongoDB wire-protocol server (mongo-java-server), no Kafka. */
class InventoryFlowTest {

    private MongoServer server;
    private MongoClient client;
    private InventoryFlow flow;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        MongoDatabases mongo = new MongoDatabases(client);
        StockStore stock = new StockStore(mongo);
        flow = new InventoryFlow(stock, new ReservationStore(mongo), new CatalogStore(mongo, stock));
        product("A", 10);
        product("B", 1);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void holdsEveryLineAndAReplayHoldsNothingMore() {
        EventEnvelope placed = order(line("A", 3), line("B", 1));

        List<EventEnvelope> first = handle(placed);
        List<EventEnvelope> replay = handle(placed);

        assertThat(first).singleElement().extracting(EventEnvelope::payload).isInstanceOf(StockReserved.class);
        assertThat(replay).extracting(EventEnvelope::eventId).isEqualTo(first.stream().map(EventEnvelope::eventId).toList());
        assertStock("A", 10, 7, 3, 0);
        assertStock("B", 1, 0, 1, 0);
    }

    @Test
    void oneShortLineRejectsTheOrderAndReleasesTheOthers() {
        List<EventEnvelope> answer = handle(order(line("A", 2), line("B", 2)));

        assertThat(answer).singleElement().extracting(EventEnvelope::payload)
                .isEqualTo(new StockRejected(((StockRejected) answer.getFirst().payload()).orderId(), "OUT_OF_STOCK: B"));
        assertStock("A", 10, 10, 0, 0);
        assertStock("B", 1, 1, 0, 0);
    }

    @Test
    void unknownProductsAreRejectedByName() {
        PipelineEvent answer = handle(order(line("A", 1), line("NOPE", 1))).getFirst().payload();
        assertThat(((StockRejected) answer).reason()).isEqualTo("UNKNOWN_PRODUCT: NOPE");
        assertStock("A", 10, 10, 0, 0);
    }

    @Test
    void confirmationSellsOnceAndAReplayedOrderNeverHoldsAgain() {
        EventEnvelope placed = order(line("A", 4));
        UUID orderId = ((OrderPlaced) placed.payload()).orderId();
        handle(placed);
        EventEnvelope confirmed = EventEnvelope.of(new OrderConfirmed(orderId), orderId.toString());

        handle(confirmed);
        handle(confirmed);
        assertThat(handle(placed)).isEmpty();

        assertStock("A", 10, 6, 0, 4);
    }

    @Test
    void cancellationReleasesOnce() {
        EventEnvelope placed = order(line("A", 4));
        UUID orderId = ((OrderPlaced) placed.payload()).orderId();
        handle(placed);
        EventEnvelope cancelled = EventEnvelope.of(new OrderCancelled(orderId, "EXPIRED: A"), orderId.toString());

        handle(cancelled);
        handle(cancelled);

        assertStock("A", 10, 10, 0, 0);
    }

    @Test
    void adjustmentsApplyOnceAndNeverTakeMoreThanIsAvailable() {
        handle(order(line("A", 8)));
        EventEnvelope add = EventEnvelope.of(new StockAdjusted("A", 5, "delivery"), "A");
        handle(add);
        handle(add);
        assertStock("A", 15, 7, 8, 0);

        EventEnvelope tooMuch = EventEnvelope.of(new StockAdjusted("A", -8, "breakage"), "A");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handle(tooMuch))
                .isInstanceOf(dev.orderpipeline.events.InvalidEventException.class);
        assertStock("A", 15, 7, 8, 0);
    }

    @Test
    void racingOrdersNeverOversell() throws Exception {
        product("RACE", 50);
        List<Future<PipelineEvent>> answers = new ArrayList<>();
        try (ExecutorService racers = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                EventEnvelope placed = order(line("RACE", 1));
                answers.add(racers.submit(() -> handle(placed).getFirst().payload()));
            }
            long reserved = 0;
            for (Future<PipelineEvent> answer : answers) {
                reserved += answer.get() instanceof StockReserved ? 1 : 0;
            }
            assertThat(reserved).isEqualTo(50);
        }
        assertStock("RACE", 50, 0, 50, 0);
    }

    private void product(String sku, int units) {
        handle(EventEnvelope.of(new ProductUpserted(sku, sku, "", 100, "EUR"), sku));
        handle(EventEnvelope.of(new StockAdjusted(sku, units, "initial"), sku));
    }

    private List<EventEnvelope> handle(EventEnvelope event) {
        return flow.handle(new EventRecord(event, event.topic(), 0, 0));
    }

    private static EventEnvelope order(OrderLine... lines) {
        UUID orderId = UUID.randomUUID();
        long total = List.of(lines).stream().mapToLong(OrderLine::totalCents).sum();
        return EventEnvelope.of(new OrderPlaced(orderId, UUID.randomUUID(), List.of(lines), total, "EUR"),
                orderId.toString());
    }

    private static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, 100);
    }

    private void assertStock(String sku, long stocked, long available, long held, long sold) {
        Document doc = client.getDatabase("inventory").getCollection("stock").find(Filters.eq("_id", sku)).first();
        assertThat(doc).isNotNull();
        assertThat(List.of(number(doc, "stocked"), number(doc, "available"), number(doc, "held"), number(doc, "sold")))
                .as("stocked, available, held, sold of " + sku).containsExactly(stocked, available, held, sold);
        assertThat(number(doc, "available") + number(doc, "held") + number(doc, "sold")).isEqualTo(number(doc, "stocked"));
    }

    private static long number(Document doc, String field) {
        return ((Number) doc.get(field)).longValue();
    }
}
