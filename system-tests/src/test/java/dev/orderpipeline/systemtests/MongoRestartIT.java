package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.orderpipeline.localstack.LocalStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB goes away while orders flow and comes back: the services answer 503 meanwhile, the workers
 * retry their batches until it is back (an outage is never a reason to dead-letter), and every order
 * still ends CONFIRMED exactly once with the stock moved exactly once per order.
 */
class MongoRestartIT {

    private static final int ORDERS = 120;

    private final Api api = Pipeline.api();

    @Test
    void aMongoDbOutageMidStreamLosesDuplicatesAndDeadLettersNothing() throws Exception {
        LocalStack stack = Pipeline.stack();
        assumeThat(stack.embeddedMongo()).as("the test stops and starts the stack's own MongoDB stand-in").isTrue();
        String sku = Skus.unique("MONGO-OUTAGE");
        api.createProduct(sku, 250, ORDERS * 2);
        Map<String, Integer> deadLettersBefore = Outages.deadLetters();
        long ordersBefore = Outages.orderCount();

        List<Future<UUID>> accepted = new ArrayList<>();
        try (ExecutorService shoppers = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (int i = 0; i < ORDERS; i++) {
                accepted.add(shoppers.submit(() -> Outages.checkoutRetryingOn503(api, sku, "mongo-outage")));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> Outages.orderCount() - ordersBefore >= ORDERS / 4);
            stack.stopMongoStandIn();
            System.out.println("mongo outage: the stand-in is stopped");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get("/api/orders/" + UUID.randomUUID()).status() == 503);
            stack.startMongoStandIn();
            System.out.println("mongo outage: the storefront answered 503; the stand-in is back");

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
            Outages.assertEachDecidedOnce(orderIds);
            assertThat(Outages.deadLetters()).as("records on the dead-letter topics").isEqualTo(deadLettersBefore);
            System.out.printf("mongo outage: %d orders, all CONFIRMED once; sold %d; nothing dead-lettered%n",
                    ORDERS, stock.sold());
        }
    }
}
