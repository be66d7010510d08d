package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.mongodb.client.model.Filters;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.Topics;
import dev.orderpipeline.storefrontclient.Reply;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the tests that break a part of the running pipeline share: checkouts driven across the
 * outage by shoppers that retry a 503 as the API invites (same request, same Idempotency-Key), and
 * the counts that show nothing was lost, duplicated or dead-lettered.
 */
final class Outages {

    /** Breaks a part of the pipeline and brings it back, once {@code ordersCreated} orders of the run exist. */
    @FunctionalInterface
    interface Outage {
        void happen(long ordersCreated) throws Exception;
    }

    private Outages() {
    }

    /**
     * {@code orders} checkouts of one unit of a new SKU (stock for twice as many) by 8 shoppers at
     * once, with the outage a quarter of the way through; then every order must end CONFIRMED,
     * decided exactly once, and the stock moved exactly once per order. Returns the SKU's stock.
     */
    static Stock checkoutsAcross(String skuPrefix, int orders, String idempotencyKey, Outage outage) throws Exception {
        Api api = Pipeline.api();
        String sku = Skus.unique(skuPrefix);
        api.createProduct(sku, 250, orders * 2);
        long ordersBefore = orderCount();
        List<Future<UUID>> accepted = new ArrayList<>();
        try (ExecutorService shoppers = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (int i = 0; i < orders; i++) {
                accepted.add(shoppers.submit(() -> checkoutRetryingOn503(api, sku, idempotencyKey)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> orderCount() - ordersBefore >= orders / 4);
            outage.happen(orderCount() - ordersBefore);

            List<UUID> orderIds = new ArrayList<>();
            for (Future<UUID> order : accepted) {
                orderIds.add(order.get());
            }
            for (UUID orderId : orderIds) {
                assertThat(api.awaitFinal(orderId).path("status").asString()).as(orderId.toString()).isEqualTo("CONFIRMED");
            }
            Stock stock = Stock.of(sku).assertConserved();
            assertThat(stock.sold()).isEqualTo(orders);
            assertThat(stock.held()).isZero();
            assertThat(stock.holds()).isZero();
            assertEachDecidedOnce(orderIds);
            return stock;
        }
    }

    /** Opens a cart, adds one unit of {@code sku} and checks out, each call retried while it answers 503. */
    static UUID checkoutRetryingOn503(Api api, String sku, String idempotencyKey) {
        UUID cart = retrying(() -> api.post("/api/carts", null, Map.of()), 201).body().path("cartId").asString()
                .transform(UUID::fromString);
        retrying(() -> api.post("/api/carts/" + cart + "/items", "{\"sku\":\"" + sku + "\",\"quantity\":1}", Map.of()),
                202);
        return UUID.fromString(retrying(() -> api.checkout(cart, idempotencyKey), 202).text("orderId"));
    }

    static Reply retrying(Supplier<Reply> call, int expected) {
        Reply[] last = new Reply[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = call.get();
            return last[0].status() != 503;
        });
        assertThat(last[0].status()).as(last[0].bodyText()).isEqualTo(expected);
        return last[0];
    }

    static long orderCount() {
        return Pipeline.mongo().getDatabase("orders").getCollection("orders").countDocuments(Filters.exists("_id"));
    }

    /**
     * Every order of {@code orderIds} has exactly one OrderPlaced, StockReserved and OrderConfirmed: one
     * event id each. Delivery is at-least-once, so a worker killed between its outputs and its offset
     * commit publishes them again on its restart, as the same events (the same ids), which every
     * consumer applies once; a second decision would be a second id.
     */
    static void assertEachDecidedOnce(List<UUID> orderIds) {
        Map<String, Set<UUID>> placed = eventIds(Topics.ORDERS, "OrderPlaced", orderIds);
        Map<String, Set<UUID>> confirmed = eventIds(Topics.ORDERS, "OrderConfirmed", orderIds);
        Map<String, Set<UUID>> reserved = eventIds(Topics.INVENTORY, "StockReserved", orderIds);
        for (UUID orderId : orderIds) {
            assertThat(placed.get(orderId.toString())).as("OrderPlaced of " + orderId).hasSize(1);
            assertThat(confirmed.get(orderId.toString())).as("OrderConfirmed of " + orderId).hasSize(1);
            assertThat(reserved.get(orderId.toString())).as("StockReserved of " + orderId).hasSize(1);
        }
    }

    /** Records on every dead-letter topic, by topic. */
    static Map<String, Integer> deadLetters() {
        Map<String, Integer> counts = new HashMap<>();
        for (Topics.TopicSpec topic : Topics.ALL) {
            if (topic.name().endsWith(Topics.DLT_SUFFIX)) {
                counts.put(topic.name(), KafkaTopics.readAll(topic.name()).size());
            }
        }
        return counts;
    }

    /** The distinct event ids of {@code type} per order, from every record of {@code topic}. */
    private static Map<String, Set<UUID>> eventIds(String topic, String type, List<UUID> orderIds) {
        Set<String> wanted = new HashSet<>();
        orderIds.forEach(id -> wanted.add(id.toString()));
        Map<String, Set<UUID>> ids = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll(topic)) {
            if (wanted.contains(record.key())) {
                EventEnvelope event = EventJson.read(record.value());
                if (event.type().equals(type)) {
                    ids.computeIfAbsent(record.key(), key -> new HashSet<>()).add(event.eventId());
                }
            }
        }
        return ids;
    }
}
