package dev.orderpipeline.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.orderpipeline.localstack.LocalStack;
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
        long ordersBefore = Outages.orderCount();

        List<Future<UUID>> accepted = new ArrayList<>();
        try (ExecutorService shoppers = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (int i = 0; i < ORDERS; i++) {
                accepted.add(shoppers.submit(() -> Outages.checkoutRetryingOn503(api, sku, "restart")));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> Outages.orderCount() - ordersBefore >= ORDERS / 4);
            long before = Outages.orderCount() - ordersBefore;
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

            Outages.assertEachDecidedOnce(orderIds);
            System.out.printf("worker restart: %d orders, all CONFIRMED once; sold %d, held %d; "
                    + "each order has exactly one committed OrderPlaced, StockReserved, OrderConfirmed%n",
                    ORDERS, stock.sold(), stock.held());
        }
    }
}
