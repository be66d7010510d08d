package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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
        Map<String, Integer> deadLettersBefore = Outages.deadLetters();

        Stock stock = Outages.checkoutsAcross("MONGO-OUTAGE", ORDERS, "mongo-outage", ordersCreated -> {
            stack.stopMongoStandIn();
            System.out.println("mongo outage: the stand-in is stopped");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get("/api/orders/" + UUID.randomUUID()).status() == 503);
            stack.startMongoStandIn();
            System.out.println("mongo outage: the storefront answered 503; the stand-in is back");
        });

        assertThat(Outages.deadLetters()).as("records on the dead-letter topics").isEqualTo(deadLettersBefore);
        System.out.printf("mongo outage: %d orders, all CONFIRMED once; sold %d; nothing dead-lettered%n",
                ORDERS, stock.sold());
    }
}
