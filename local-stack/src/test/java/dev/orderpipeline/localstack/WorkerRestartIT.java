package dev.orderpipeline.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.model.Filters;
import dev.orderpipeline.events.EventEnvelope;
import dev.orderpipeline.events.EventJson;
import dev.orderpipeline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both workers are killed with SIGKILL while orders flow, then started again: every order still
 * ends CONFIRMED exactly once, and the stock moved exactly once per order.
 */
class WorkerRestartIT {

    private static final int ORDERS = 200;

    private final Api api = Pipeline.api();

    @Test
    void workersKilledMidStreamLoseAndDuplicateNothing() throws Exception {
        LocalStack stack = Pipeline.stack();
        String sku = Skus.unique("RESTART");
        api.createProduct(sku, 250, ORDERS * 2);
        long ordersBefore = orderCount();

        List<Future<UUID>> accepted = new ArrayList<>();
        try (ExecutorService shoppers = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (int i = 0; i < ORDERS; i++) {
                accepted.add(shoppers.submit(() -> checkoutRetryingOn503(sku)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> orderCount() - ordersBefore >= ORDERS / 4);
            long before = orderCount() - ordersBefore;
            stack.orderProcessor().kill();
            stack.inventoryWorker().kill();
            System.out.printf("worker restart: killed both workers (SIGKILL) with %d of %d orders created%n",
                    before, ORDERS);
            stack.orderProcessor().start();
            stack.inventoryWorker().start();
            stack.awaitReady(stack.orderProcessor());
            stack.awaitReady(stack.inventoryWorker());

            List<UUID> orderIds = new ArrayList<>();
            for (Future<UUID> order : accepted) {
                orderIds.add(order.get());
            }
            for (UUID orderId : orderIds) {
                assertThat(api.awaitFinal(orderId).path("status").asString()).as(orderId.toString()).isEqualTo("CONFIRMED");
            }
            Stock stock = Stock.of(sku).assertConserved();
            assertThat(stock.sold()).isEqualTo(ORDERS);
            assertThat(stock.held()).isZero();
            assertThat(stock.holds()).isZero();

            Map<String, Integer> placed = count(Topics.ORDERS, "OrderPlaced", orderIds);
            Map<String, Integer> confirmed = count(Topics.ORDERS, "OrderConfirmed", orderIds);
            Map<String, Integer> reserved = count(Topics.INVENTORY, "StockReserved", orderIds);
            for (UUID orderId : orderIds) {
                assertThat(placed.get(orderId.toString())).as("OrderPlaced of " + orderId).isEqualTo(1);
                assertThat(confirmed.get(orderId.toString())).as("OrderConfirmed of " + orderId).isEqualTo(1);
                assertThat(reserved.get(orderId.toString())).as("StockReserved of " + orderId).isEqualTo(1);
            }
            System.out.printf("worker restart: %d orders, all CONFIRMED once; sold %d, held %d; "
                    + "each order has exactly one committed OrderPlaced, StockReserved, OrderConfirmed%n",
                    ORDERS, stock.sold(), stock.held());
        }
    }

    private UUID checkoutRetryingOn503(String sku) {
        UUID cart = retrying(() -> api.post("/api/carts", null, Map.of()), 201).body().path("cartId").asString()
                .transform(UUID::fromString);
        retrying(() -> api.post("/api/carts/" + cart + "/items", "{\"sku\":\"" + sku + "\",\"quantity\":1}", Map.of()),
                202);
        return UUID.fromString(retrying(() -> api.checkout(cart, "restart"), 202).text("orderId"));
    }

    /** A client that retries on 503 (same request, same Idempotency-Key), as the API invites. */
    private static Api.Response retrying(java.util.function.Supplier<Api.Response> call, int expected) {
        Api.Response[] last = new Api.Response[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = call.get();
            return last[0].status() != 503;
        });
        assertThat(last[0].status()).as(last[0].raw().body()).isEqualTo(expected);
        return last[0];
    }

    private static long orderCount() {
        return Pipeline.mongo().getDatabase("orders").getCollection("orders").countDocuments(Filters.exists("_id"));
    }

    private static Map<String, Integer> count(String topic, String type, List<UUID> orderIds) {
        var wanted = new java.util.HashSet<String>();
        orderIds.forEach(id -> wanted.add(id.toString()));
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll(topic)) {
            if (wanted.contains(record.key())) {
                EventEnvelope event = EventJson.read(record.value());
                if (event.type().equals(type)) {
                    counts.merge(record.key(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
